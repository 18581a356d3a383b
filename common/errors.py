"""The one root of the portal's domain errors.

A service raises a `DomainError` (or a subclass) when a rule of the business says no: the
message is Korean, for the person on the page, and `code` is a stable machine name for
programs (API problem details, logs, tests). Views turn it into a form error or a message,
never a 500.
"""

from __future__ import annotations


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, message: str = "", *, code: str | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""
