from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The bottom layer: what every app uses (money, PDF rendering, CSV export, the domain error
    base). It imports no other app of the project."""

    name = "common"

    def ready(self) -> None:
        from . import pii_guard

        pii_guard.install()  # the 주민등록번호 rule on every row the portal's apps write
