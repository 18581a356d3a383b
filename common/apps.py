from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The bottom layer: what every app uses (money, PDF rendering, CSV export, the domain error
    base). It imports no other app of the project."""

    name = "common"
