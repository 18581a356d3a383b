"""One root for the portal's domain errors (issue 15 item 5): every service's error class is
a `common.errors.DomainError`, with a stable machine `code`, and keeps its old base."""

import pytest

from common.errors import DomainError
from common.money import MoneyParseError
from guarantees.applicant.services import ApplicationError
from guarantees.applicant.uploads import RefusedUpload
from guarantees.bank.keys import ApiKeyError
from guarantees.book.importing.problems import BookImportError
from guarantees.book.rules import RuleError
from guarantees.book.services import BookError
from guarantees.contributors.services import SubsidyError
from guarantees.review.services import ReviewPermissionError
from guarantees.workflow import WorkflowError
from ledger.services import LedgerError
from reports.services import ReportError

ROOTS = [
    LedgerError,
    ReportError,
    BookError,
    BookImportError,
    WorkflowError,
    RuleError,
    ApiKeyError,
    RefusedUpload,
    MoneyParseError,
    SubsidyError,
]


@pytest.mark.parametrize("cls", [*ROOTS, ApplicationError, ReviewPermissionError])
def test_every_domain_error_is_a_domain_error_with_a_code(cls):
    assert issubclass(cls, DomainError)
    assert (cls.code and cls.code != DomainError.code) or cls is SubsidyError


def test_the_codes_are_distinct_and_the_value_errors_stay_value_errors():
    codes = [cls.code for cls in ROOTS]
    assert len(set(codes)) == len(codes), codes
    for cls in (RuleError, ApiKeyError, RefusedUpload, MoneyParseError):
        assert issubclass(cls, ValueError)
    error = RuleError("date", "보증 발급일 이전의 사건입니다")
    assert error.message == "보증 발급일 이전의 사건입니다" and error.column == "date"
