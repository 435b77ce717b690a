#!/usr/bin/env python3
"""Print how long builds take and how much memory they use (figures, not a test).

    python scripts/benchmark.py

Each run builds the real content into a temporary folder: the national edition and every
local edition, for the office and for the press. It also times the preflight checks alone
on every PDF, so their share of a build is visible.
"""

from __future__ import annotations

import io
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from imhprint import preflight  # noqa: E402
from imhprint.build import QUIET, BuildOptions, build  # noqa: E402
from imhprint.content import load_content  # noqa: E402
from imhprint.profiles import PROFILES  # noqa: E402
from layouts import BuildEnv, LayoutOverflow, layouts_for  # noqa: E402


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def time_build(profile: str, edition: str | None, output: Path) -> tuple[float, int]:
    options = BuildOptions(content_dir=REPO / "content", output_dir=output,
                           profile=PROFILES[profile], edition=edition, verbosity=QUIET)
    started = time.perf_counter()
    build(options, out=io.StringIO(), err=io.StringIO())
    seconds = time.perf_counter() - started
    return seconds, len(list(output.rglob("*.pdf")))


def time_preflight(profile: str) -> tuple[float, float, int]:
    """Seconds laying out every national PDF, and seconds preflighting them."""
    content, _ = load_content(REPO / "content", REPO / "assets")
    env = BuildEnv(content.services_for(None), content.strings, REPO / "assets", None,
                   content.palette_for(None), PROFILES[profile])
    render = check = 0.0
    count = 0
    for item in content.buildable():
        for layout in layouts_for(item, env):
            started = time.perf_counter()
            try:
                pdf = layout.render()
            except LayoutOverflow:
                continue
            middle = time.perf_counter()
            preflight.check_output(layout, pdf)
            render += middle - started
            check += time.perf_counter() - middle
            count += 1
    return render, check, count


def main() -> None:
    print(f"{'build':<28}{'PDFs':>6}{'seconds':>10}{'PDFs/s':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for profile in ("office", "press"):
            for edition in (None, "all"):
                output = Path(folder) / f"{profile}-{edition or 'national'}"
                seconds, count = time_build(profile, edition, output)
                name = f"{profile}, {edition or 'national'} edition"
                print(f"{name:<28}{count:>6}{seconds:>10.2f}{count / seconds:>9.1f}")
    for profile in ("office", "press"):
        render, check, count = time_preflight(profile)
        print(f"{profile}: {count} PDFs laid out in {render:.2f} s, preflighted in "
              f"{check:.2f} s ({1000 * check / max(count, 1):.0f} ms a PDF)")
    print(f"peak memory: {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
