from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`seed_demo`, the synthetic Incheon book, the load-test fixture, `demo_otp`):
    the top layer. It may import every app; no app imports it."""

    name = "demo"
