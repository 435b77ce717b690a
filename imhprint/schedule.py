"""Stage 2b: run the build's jobs, in worker processes when there are several.

The scheduler knows nothing about leaflets. A job is any picklable value, and ``work``
turns one into a result (for the build: the bytes of one PDF and what preflight found in
it). Results come back in the jobs' own order whatever the number of workers, so everything
made from them (the report, the summary, every byte written) is the same for ``-j 1`` and
``-j 8``. Only the main process writes files: a worker that dies mid-job leaves nothing
half-written, and its job is reported as failed while the others carry on.

The build uses ``Workers``: one set of processes for the whole build, fed lazily, a few
jobs ahead. ``run`` is the same for a single list of jobs.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")


@dataclass(frozen=True)
class WorkerCrash:
    """The result of a job whose worker process died (a crash in a C library, a kill)."""

    reason: str


@dataclass(frozen=True)
class Shard:
    """``--shard I/N``: this run builds the I-th of N deterministic shares of the jobs."""

    index: int  # 1-based
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """'2/3' -> Shard(2, 3); ValueError, in words, for anything else."""
        index, slash, count = text.partition("/")
        try:
            shard = cls(int(index), int(count))
        except ValueError:
            shard = None
        if not slash or shard is None or not 1 <= shard.index <= shard.count:
            raise ValueError(f"'{text}' is not a shard: write I/N with 1 <= I <= N, for "
                             "example 2/3 for the second of three shares")
        return shard

    def take(self, jobs: Sequence[Job]) -> list[Job]:
        """Every N-th job from the I-th: the shares are disjoint, together are all the
        jobs, and each gets a mix of cheap and costly ones (jobs come grouped by
        resource, so contiguous slices would give one shard all the posters)."""
        return [job for number, job in enumerate(jobs) if number % self.count == self.index - 1]


def default_workers() -> int:
    """All the cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    """Fork where it is safe and cheap (Linux): a worker then starts with the content the
    main process already loaded. Elsewhere spawn, and the initializer loads it."""
    method = os.environ.get("IMHPRINT_START_METHOD")  # for tests of the spawn path
    if method is None:
        method = "fork" if sys.platform == "linux" else "spawn"
    return multiprocessing.get_context(method)


def _end_with_parent(parent: int) -> None:
    """A worker whose main process was killed (SIGKILL cannot be caught) stops too, rather
    than finish jobs nobody will collect."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _quiet_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    # Ctrl-C reaches every process in the terminal's group: only the main process answers
    # it (one line, exit 130), so workers ignore it rather than each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def run(jobs: Sequence[Job], work: Callable[[Job], Result], workers: int,
        initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
        ) -> Iterator[tuple[Job, Result | WorkerCrash]]:
    """Each job with its result, in the jobs' order.

    With one worker (or one job) everything runs here, in this process: no start-up cost,
    and the one-leaflet preview stays fast. ``initializer(*initargs)`` runs once per worker
    process (and once here when there is none).
    """
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        if initializer is not None:
            initializer(*initargs)
        for job in jobs:
            yield job, work(job)
        return
    yield from _run_in_pool(list(jobs), work, workers, initializer, initargs)


def _new_pool(workers: int, initializer: Callable[..., None] | None,
              initargs: tuple[Any, ...]) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                               initializer=_quiet_worker, initargs=(initializer, initargs))


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop at once: workers only compute, so nothing of theirs needs finishing. (The
    executor has no public way to end running workers before Python 3.14.)"""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _run_in_pool(jobs: list[Job], work: Callable[[Job], Result], workers: int,
                 initializer: Callable[..., None] | None, initargs: tuple[Any, ...],
                 ) -> Iterator[tuple[Job, Result | WorkerCrash]]:
    pool = _new_pool(workers, initializer, initargs)
    # (a finished job's result is dropped once handed on, so memory stays flat however
    # many jobs there are)
    waiting = deque((job, pool.submit(work, job)) for job in jobs)
    try:
        while waiting:
            job, future = waiting[0]
            try:
                result = future.result()
            except BrokenProcessPool:
                # A worker died and took every unfinished job of the pool with it. Which
                # job killed it is unknown, so the rest run one at a time, each in turn,
                # and only the job that kills its worker again is reported.
                _stop(pool)
                yield from _run_one_at_a_time([job for job, _ in waiting], work,
                                              initializer, initargs)
                return
            waiting.popleft()
            yield job, result
    except BaseException:  # Ctrl-C, or the consumer stopped: end the workers too
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _run_one_at_a_time(jobs: list[Job], work: Callable[[Job], Result],
                       initializer: Callable[..., None] | None, initargs: tuple[Any, ...],
                       ) -> Iterator[tuple[Job, Result | WorkerCrash]]:
    pool = _new_pool(1, initializer, initargs)
    try:
        for job in jobs:
            try:
                yield job, pool.submit(work, job).result()
            except BrokenProcessPool:
                _stop(pool)
                yield job, WorkerCrash("the worker process building it stopped unexpectedly")
                pool = _new_pool(1, initializer, initargs)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


# ---- worker processes kept for a whole build ---------------------------------------------

# A build of this many jobs or fewer (one leaflet's A4 and large print) runs in this
# process: forking the workers, and each loading its fonts and warming its caches again,
# costs more CPU and more time than it saves.
IN_PROCESS_UP_TO = 2


class Workers:
    """Worker processes started once and kept for the whole build, so that several runs
    of jobs (measuring the editions, then the PDFs) share them, and so that they start
    (fork) before the main process plans anything: a forked worker begins as big as the
    main process is then, and planning thousands of PDFs must not make every worker big.

    ``run`` takes the jobs lazily and keeps only a few of them in the workers' hands at a
    time (results are handed on in the jobs' order and dropped), so memory stays flat
    however many jobs there are. With one worker, or only a few jobs, everything runs in
    this process.
    """

    def __init__(self, workers: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = (),
                 before_fork: Callable[[], None] | None = None) -> None:
        self.workers = max(1, workers)
        self.initializer, self.initargs = initializer, initargs
        self.before_fork = before_fork  # e.g. imports every worker needs, made once here
        self._pool: ProcessPoolExecutor | None = None
        self._prepared_here = False

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.close(error is not None)

    def close(self, at_once: bool = False) -> None:
        if self._pool is not None:
            _stop(self._pool) if at_once else self._pool.shutdown(wait=True)
            self._pool = None

    def start(self, jobs: int) -> None:
        """Fork the workers now (no more of them than ``jobs`` will ever need); for a few
        jobs, none."""
        if self._pool is None and self.workers > 1 and jobs > IN_PROCESS_UP_TO:
            self.workers = min(self.workers, jobs)
            if self.before_fork is not None:
                self.before_fork()
            self._pool = _new_pool(self.workers, self.initializer, self.initargs)
            for _ in range(self.workers):  # the first job starts the processes
                self._pool.submit(_ready)

    def run(self, jobs: Iterable[Job], work: Callable[[Job], Result], count: int,
            ) -> Iterator[tuple[Job, Result | WorkerCrash]]:
        """Each of the ``count`` jobs with its result, in the jobs' order."""
        self.start(count)
        if self._pool is None:
            if not self._prepared_here and self.initializer is not None:
                self.initializer(*self.initargs)
            self._prepared_here = True
            for job in jobs:
                yield job, work(job)
            return
        yield from self._run_windowed(iter(jobs), work)

    def _run_windowed(self, jobs: Iterator[Job], work: Callable[[Job], Result],
                      ) -> Iterator[tuple[Job, Result | WorkerCrash]]:
        window = 4 * self.workers  # enough that no worker waits for the next job
        waiting: deque[tuple[Job, Any]] = deque()
        try:
            while True:
                while len(waiting) < window and (job := next(jobs, _END)) is not _END:
                    waiting.append((job, self._pool.submit(work, job)))
                if not waiting:
                    return
                job, future = waiting[0]
                try:
                    result = future.result()
                except BrokenProcessPool:
                    # A worker died and took the jobs in hand with it. Which one killed it
                    # is unknown, so those run one at a time and only the job that kills
                    # its worker again is reported; then a new pool takes the rest.
                    _stop(self._pool)
                    self._pool = None
                    yield from _run_one_at_a_time([job for job, _ in waiting], work,
                                                  self.initializer, self.initargs)
                    waiting.clear()
                    self._pool = _new_pool(self.workers, self.initializer, self.initargs)
                    continue
                waiting.popleft()
                yield job, result
        except BaseException:  # Ctrl-C, or the consumer stopped: end the workers too
            if self._pool is not None:
                _stop(self._pool)
                self._pool = None
            raise


_END = object()


def _ready() -> None:
    """A first job for each worker, to start them all now."""
