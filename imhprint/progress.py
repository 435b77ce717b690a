"""A progress bar for long builds: how many PDFs, how fast, and how long is left.

It is drawn on stderr only when both stdout and stderr are a terminal, and never with -q
or -v (whose own lines it would break up), so logs, CI and pipes get no control
characters. tqdm is imported only when a bar is drawn, to keep a short build's start fast.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from .build import BuildOptions

MIN_JOBS = 8  # a build this short is over before a bar would say anything


class Bar(Protocol):
    def update(self, count: int = 1) -> object: ...


class _NoBar:
    def update(self, count: int = 1) -> None:
        pass


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def wanted(total: int, options: BuildOptions, out: TextIO, err: TextIO) -> bool:
    from .build import NORMAL

    return (total >= MIN_JOBS and options.verbosity == NORMAL and _is_terminal(out)
            and _is_terminal(err))


@contextlib.contextmanager
def progress_bar(total: int, options: BuildOptions, out: TextIO, err: TextIO,
                 ) -> Iterator[Bar]:
    """A bar counting ``total`` PDFs to make, or one that draws nothing."""
    if not wanted(total, options, out, err):
        yield _NoBar()
        return
    from tqdm import tqdm

    # no monitor thread: the worker processes are forked after the bar appears, and a fork
    # must not copy a process that has other threads running
    tqdm.monitor_interval = 0
    # A terminal that reports no size (0 x 0, as some CI runners' do) gets 80 x 24: tqdm
    # would draw an empty bar, or hide it as if below the last line.
    size = shutil.get_terminal_size()
    with tqdm(total=total, file=err, unit=" PDF", desc="Building", leave=False,
              ncols=size.columns, nrows=size.lines, mininterval=0.2) as bar:
        yield bar
