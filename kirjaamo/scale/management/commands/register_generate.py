"""`kirjaamo generate`: build a large synthetic register fast (the scale harness)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _
from tqdm import tqdm

from kirjaamo.audit.actor import Actor
from kirjaamo.audit.choices import Purpose
from kirjaamo.lib.commands import RegisterCommand
from kirjaamo.scale.generator import INDEX_MODES, GenerateError, register_generate
from kirjaamo.scale.sinks import vacuum_analyze


class Command(RegisterCommand):
    help = (
        "Generate a synthetic register of N persons for scale tests: per person a customer "
        "number, address, phone (95 %), e-mail (85 %), 1–2 contracts with products, a "
        "connection, IP addresses and equipment for some, 3–7 invoices (a few in collection, "
        "with service blocks), notes and messages for some; one organisation with 1–3 contact "
        "persons per 20 persons. All values are synthetic (Faker fi_FI/sv_SE word lists, valid "
        "random HETUs encrypted like the services do, example.* e-mail domains). Rules: refuses "
        "a register that already has parties, contracts or invoices unless --append; writes "
        "everything in one transaction (an error leaves nothing behind); generated numbers are "
        "G… (customer), GS… (contract), GL… (connection), GI… (invoice); one audit event "
        "'register.generated' with the counts; no change-history rows (bulk synthetic data is "
        "not a change to anyone's data). On PostgreSQL rows go in with COPY and, when the "
        "register is empty, the secondary indexes are dropped and rebuilt after the load "
        "(--index-mode); VACUUM ANALYZE follows the commit. Other writers to these tables wait "
        "until it commits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, required=True, help="number of persons")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--batch", type=int, default=10_000, help="persons per COPY batch (default 10000)"
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="add to a register that already has data (otherwise it must be empty)",
        )
        parser.add_argument(
            "--index-mode",
            choices=INDEX_MODES,
            default="auto",
            help="PostgreSQL: rebuild = drop secondary indexes and build them after the load; "
            "keep = maintain them row by row; auto (default) = rebuild into an empty register",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        persons = options["persons"]
        if persons < 1:
            raise CommandError(_("--persons must be at least 1."), returncode=2)
        actor = Actor.cli(purpose=Purpose.BENCHMARK)
        bar = None
        if not options["no_progress"]:
            bar = tqdm(total=persons, unit=" persons", desc=_("generating"), file=self.stderr)

        def progress(done: int) -> None:
            if bar is not None:
                bar.update(done - bar.n)

        def on_phase(name: str) -> None:
            if bar is not None:
                bar.set_postfix_str(name)

        try:
            result = register_generate(
                actor=actor,
                persons=persons,
                seed=options["seed"],
                batch=options["batch"],
                append=options["append"],
                index_mode=options["index_mode"],
                progress=progress,
                on_phase=on_phase,
            )
        except GenerateError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        finally:
            if bar is not None:
                bar.close()
        vacuum = vacuum_analyze()
        if vacuum:
            result.phase_seconds["vacuum"] = vacuum
        self.stdout.write(
            _(
                "Generated %(persons)d persons, %(rows)d rows in %(seconds).1f s "
                "(%(vendor)s, indexes: %(mode)s)."
            )
            % {
                "persons": result.persons,
                "rows": result.rows,
                "seconds": result.seconds,
                "vendor": connection.vendor,
                "mode": result.index_mode,
            }
        )
        for label, count in sorted(result.counts.items()):
            self.stdout.write(f"  {label:<34} {count:>12,}")
        for name, seconds in result.phase_seconds.items():
            self.stdout.write(f"  {_('phase')} {name:<28} {seconds:>10.1f} s")
