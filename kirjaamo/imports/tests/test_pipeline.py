from __future__ import annotations

from collections.abc import Mapping

import pytest
from django.utils import timezone, translation

from kirjaamo.audit.actor import Actor
from kirjaamo.imports.importer import Importer, ProblemLog
from kirjaamo.imports.pipeline import ChunkProcessor


class Recorder(Importer[int]):
    """Records how each chunk was processed; fails on a chosen chunk."""

    def __init__(self, fail_on: int | None = None) -> None:
        super().__init__(
            actor=Actor.system(purpose="maintenance", label="test"),
            source="data_subject",
            now=timezone.now(),
            problems=ProblemLog(),
        )
        self.seen: list[tuple[list[int], bool, str | None]] = []
        self.fail_on = fail_on

    def clean(self, row: int, values: Mapping[str, object]) -> int:
        return row

    def process(self, records, *, write):
        if records[0] == self.fail_on:
            raise RuntimeError("chunk failed")
        self.seen.append((list(records), write, translation.get_language()))


def test_chunks_are_processed_in_order_in_the_operators_language(db) -> None:
    importer = Recorder()
    with translation.override("sv"), ChunkProcessor(importer, dry_run=False) as processor:
        for start in range(0, 9, 3):
            processor.submit([start, start + 1, start + 2])
        processor.submit([])
        processor.finish()
    assert [(chunk[0], write, lang) for chunk, write, lang in importer.seen] == [
        (0, True, "sv"),
        (3, True, "sv"),
        (6, True, "sv"),
    ]


def test_a_problem_stops_the_writing_of_later_chunks_and_a_dry_run_never_writes(db) -> None:
    importer = Recorder()
    with ChunkProcessor(importer, dry_run=False) as processor:
        processor.submit([1])
        processor.finish()
    importer.problems.add(2, "hetu", "bad")
    with ChunkProcessor(importer, dry_run=False) as processor:
        processor.submit([2])
        processor.finish()
    dry = Recorder()
    with ChunkProcessor(dry, dry_run=True) as processor:
        processor.submit([3])
        processor.finish()
    assert [write for _c, write, _l in importer.seen + dry.seen] == [True, False, False]


def test_an_error_while_processing_is_raised_and_does_not_block_the_reader(db) -> None:
    importer = Recorder(fail_on=3)
    with (
        pytest.raises(RuntimeError, match="chunk failed"),
        ChunkProcessor(importer, dry_run=False) as processor,
    ):
        for start in range(0, 30, 3):
            processor.submit([start])
        processor.finish()
    assert [chunk[0] for chunk, _w, _l in importer.seen] == [0]


def test_the_switch_interval_is_shortened_only_while_threads_overlap(db) -> None:
    import sys

    from django.db import connection

    from kirjaamo.imports import pipeline

    before = sys.getswitchinterval()
    seen: list[float] = []

    class Watcher(Recorder):
        def process(self, records, *, write):
            seen.append(sys.getswitchinterval())

    with ChunkProcessor(Watcher(), dry_run=False) as processor:
        processor.submit([1])
        processor.finish()
    threaded = connection.vendor == "postgresql"
    assert seen == [min(pipeline.SWITCH_INTERVAL, before) if threaded else before]
    assert sys.getswitchinterval() == before
