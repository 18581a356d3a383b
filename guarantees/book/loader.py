"""The legacy-book importer's old address, kept so that existing imports keep working.

The code lives in `guarantees.book.importing` (reading, cells, checking, writing, service);
see that package's docstring for the two phases and the journal conventions.
"""

from ..interchange import COLUMNS
from .importing.checking import validate
from .importing.problems import REQUIRED, BookImportError, LoadResult, Problem
from .importing.reading import read_dir
from .importing.service import book_import, import_tables
from .importing.writing import BULK_CHECK_MIN_ENTRIES, issue_key, load

__all__ = [
    "BULK_CHECK_MIN_ENTRIES",
    "COLUMNS",
    "REQUIRED",
    "BookImportError",
    "LoadResult",
    "Problem",
    "book_import",
    "import_tables",
    "issue_key",
    "load",
    "read_dir",
    "validate",
]
