#!/usr/bin/env python3
"""Build print-ready leaflets and posters from the YAML content.

    python build_pdfs.py                 build everything in content/ into output/
    python build_pdfs.py --check         validate and preflight everything, write nothing
    python build_pdfs.py --profile press for a print shop: bleed, crop marks, CMYK
    python build_pdfs.py --only ID       build one resource (repeatable)
    python build_pdfs.py --contacts      also write the contact details check sheet
    python build_pdfs.py --language pl   build only the Polish translations (repeatable)
    python build_pdfs.py -j 4            with 4 worker processes (default: one per core)
    python build_pdfs.py --shard 2/3     build the second of three shares (a CI matrix)
    python build_pdfs.py merge DIR...    join the shards' folders into --output
    python build_pdfs.py translations extract|status    the translators' commands
    python build_pdfs.py serve [--port 8000]             live preview in a browser
    python build_pdfs.py --watch         rebuild whenever content/ or assets/ change

Installed (``pip install -e .``), the same command is ``build-pdfs``.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from imhprint.build import BuildOptions
    from imhprint.schedule import Shard

# The tool's own modules, and ReportLab, Pillow and pypdf below them, are imported inside
# main(), so that Ctrl-C while they load gets the same one line as Ctrl-C mid-build.
INTERRUPTED = "build_pdfs: interrupted; finished PDFs were kept, none is half-written"

USAGE = "python build_pdfs.py [options]\n   or: build-pdfs [options]"
DESCRIPTION = ("Build print-ready infant mental health leaflets and posters from the YAML "
               "files in the content folder. The installed command build-pdfs is the same "
               "program and takes the same options.")
EPILOG = ("exit codes: 0 all built (or checked) cleanly; 1 a resource failed (or, with "
          "--strict, warned); 2 a mistake in the command itself. Shards: 'build_pdfs.py merge "
          "--output DIR SHARD_DIR...' joins them. Translators: 'build_pdfs.py "
          "translations extract' writes the English to translate into PO files, and "
          "'build_pdfs.py translations status' shows what is missing or out of date (see the "
          "README). Live preview: 'build_pdfs.py serve [--port 8000] [options]' builds, shows "
          "the output folder in a browser on this computer, and rebuilds on every change.")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write it as year-month-day, "
                                         "for example 2027-03-01") from None


def _folder(text: str) -> Path:
    """A folder named on the command line; an empty name would silently mean 'here'."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the folder name is empty: give a folder, for "
                                         "example content or output")
    return Path(text)


def _workers(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes: give a "
                                         "whole number, 1 or more, for example -j 2")
    return count


def _shard(text: str) -> Shard:
    from imhprint.schedule import Shard

    try:
        return Shard.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_args(argv: list[str] | None) -> BuildOptions:
    from imhprint.build import NORMAL, QUIET, VERBOSE, BuildOptions
    from imhprint.profiles import PROFILES

    parser = argparse.ArgumentParser(prog="build_pdfs", usage=USAGE, description=DESCRIPTION,
                                     epilog=EPILOG)
    parser.add_argument("--content", type=_folder, default=Path("content"), metavar="DIR",
                        help="folder of YAML content (default: content)")
    parser.add_argument("--output", type=_folder, default=Path("output"), metavar="DIR",
                        help="folder for the PDFs (default: output)")
    parser.add_argument("--assets", type=_folder, default=None, metavar="DIR",
                        help="folder that image paths are relative to (default: assets)")
    parser.add_argument("--only", action="append", default=[], metavar="ID",
                        help="build only the resource with this id (repeatable)")
    parser.add_argument("--language", action="append", default=[], metavar="CODE",
                        help="build only this language, e.g. en-GB or pl (repeatable), or "
                             "'all' (the default: the English and every translation)")
    parser.add_argument("--edition", metavar="NAME", default=None,
                        help="build a local edition (its id in content/editions/) into "
                             "its own folder, or 'all' for every edition; without it, the "
                             "national edition is built")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="office",
                        help="office (the default): for the hub's own printer; press: for a "
                             "print shop, with bleed, crop marks and CMYK, into a press/ "
                             "folder")
    parser.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="check review dates and contact details as of this day, for "
                             "example the day of a print run (default: today)")
    parser.add_argument("--check", action="store_true",
                        help="load, validate and lay out everything, but write nothing")
    parser.add_argument("--contacts", action="store_true",
                        help="also write a check sheet of every phone number, web address "
                             "and opening time the build prints (contacts-check.pdf and "
                             ".csv), to check before a print run; with --check, only that")
    parser.add_argument("--watch", action="store_true",
                        help="after building, rebuild whenever a file in the content or "
                             "assets folder changes, until Ctrl-C ('build_pdfs.py serve' "
                             "also shows the result in a browser)")
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings as errors: a resource with a warning is not "
                             "written, and the build exits 1")
    parser.add_argument("-j", "--jobs", type=_workers, default=None, metavar="N",
                        help="build with N worker processes (default: one per core); the "
                             "PDFs and the report are the same whatever N is")
    parser.add_argument("--force", action="store_true",
                        help="build every PDF again, even those already up to date")
    parser.add_argument("--cache", type=_folder, default=None, metavar="DIR",
                        help="keep the record of what is up to date in DIR (default: "
                             "~/.cache/imh-print); delete it at any time")
    parser.add_argument("--shard", type=_shard, default=None, metavar="I/N",
                        help="build only the I-th of N equal shares of the work, to spread "
                             "a big build over N machines; join their output folders with "
                             "'build_pdfs.py merge' (see the README)")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true",
                          help="print only errors and warnings")
    loudness.add_argument("-v", "--verbose", action="store_true",
                          help="print every file as it is built")
    args = parser.parse_args(argv)
    options = BuildOptions(content_dir=args.content, output_dir=args.output, only=args.only,
                           edition=args.edition, languages=args.language,
                           profile=PROFILES[args.profile],
                           today=args.today,
                           check=args.check, strict=args.strict, contacts=args.contacts,
                           jobs=args.jobs, force=args.force, shard=args.shard,
                           cache_dir=args.cache, watch=args.watch,
                           verbosity=QUIET if args.quiet else VERBOSE if args.verbose
                           else NORMAL)
    if args.assets is not None:
        options.assets_dir = args.assets
    return options


def main(argv: list[str] | None = None) -> int:
    # At exit, Python's last garbage collections walk every object the build left (ReportLab,
    # pypdf and pdfium make tens of thousands): over 100 ms of a one-leaflet run, to free
    # memory that the process's end frees anyway. Freezing those objects skips only that
    # walk. Registered first, this runs after the exit handlers the build's libraries
    # register; buffered output is still flushed and finalisers still run (os._exit would
    # lose both), and every file the build writes is closed before it returns.
    atexit.register(gc.freeze)
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv[:1] == ["translations"]:
            from imhprint.i18n.cli import main as translations_main

            return translations_main(argv[1:])
        if argv[:1] == ["merge"]:
            from imhprint.merge import main as merge_main

            return merge_main(argv[1:])
        if argv[:1] == ["serve"]:
            from imhprint.web.serve import serve, split_serve_args

            port, rest = split_serve_args(argv[1:])
            return serve(parse_args(rest), port)
        from imhprint.build import build

        # What the imports made (modules, classes, functions: tens of thousands of objects)
        # lives as long as the process: frozen, it is left out of every later garbage
        # collection, which would otherwise walk it again each time.
        gc.freeze()
        options = parse_args(argv)
        if options.watch:
            from imhprint.web.serve import serve

            return serve(options, 0, watch_only=True)
        return build(options)
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
