from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"

    def ready(self) -> None:
        # The ledger computes programme multipliers; what a programme's funding is, is ours.
        from ledger.program_scope import register_program_funding

        from .funding import program_funding_at

        register_program_funding(program_funding_at)
