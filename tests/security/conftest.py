"""The applicant fixtures (a submitted application and its applicant) for the probe's tests."""

from tests.guarantees.applicant.conftest import (  # noqa: F401
    _private_media,
    business,
    complete_draft,
    covid,
    draft,
    submitted,
    verified_applicant,
)
