from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from . import checks, middleware  # noqa: F401  (registers the check and the receiver)
