import pytest

from .factories import ProgramFactory


@pytest.fixture
def program(organisation):
    return ProgramFactory()


@pytest.fixture
def hq_sales_2(make_user):
    return make_user("hq_sales", "SALES_MGMT")


@pytest.fixture
def other_branch_manager(make_user):
    return make_user("branch_manager", "BUPYEONG")


@pytest.fixture
def second_reviewer(make_user):
    return make_user("reviewer", "NAMDONG")


@pytest.fixture
def notifications(settings):
    from guarantees.review.notifications import MemoryBackend

    settings.NOTIFICATION_BACKEND = "guarantees.review.notifications.MemoryBackend"
    MemoryBackend.outbox.clear()
    return MemoryBackend.outbox
