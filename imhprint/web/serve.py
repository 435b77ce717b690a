"""Live preview: build, serve the output folder on this computer, and rebuild what
changed whenever a file in content/ or assets/ is saved; the open page reloads itself.

    python build_pdfs.py serve [--port 8000] [build options]
    python build_pdfs.py --watch [build options]       the same, without the web server

A file with a mistake does not stop the preview: the browser shows the same
``file:line: error:`` lines the build prints, and the last good PDF and page stay.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import sys
import threading
from collections.abc import Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO

from ..build import BuildOptions, build

PREVIEW = "/__preview__/"
STATE = PREVIEW + "state"
SCRIPT = PREVIEW + "reload.js"
RELOAD_JS = (Path(__file__).resolve().parent / "static" / "reload.js").read_bytes()
ERROR_LINE = re.compile(r": error: ")
# Files that a translation's resource is named by: content/translations/LANG/ID.po
SHARED_CATALOGS = {"services", "strings"}
RESOURCE_FOLDERS = {"leaflets", "posters"}
CONTENT_SUFFIXES = {".yaml", ".po"}  # the only files the build reads from content/
ID_LINE = re.compile(r"^id:\s*['\"]?([a-z0-9][a-z0-9-]*)['\"]?\s*(?:#.*)?$", re.MULTILINE)


# ---- what to rebuild ---------------------------------------------------------------------

def resources_to_rebuild(changed: Iterable[Path], content_dir: Path) -> list[str] | None:
    """The ids of the resources whose own files changed (empty: nothing the build
    reads), or None when a change can touch every resource (the services, strings,
    settings, an edition, a picture, a file without an id). The one rule a later
    incremental cache can replace."""
    ids: list[str] = []
    content = content_dir.resolve()
    for path in changed:
        path = Path(path).resolve()
        try:
            parts = path.relative_to(content).parts
        except ValueError:
            return None  # assets/: a picture or font any resource may use
        if path.suffix not in CONTENT_SUFFIXES:
            continue  # an editor's temporary file, a note: the build reads none of them
        if len(parts) == 2 and parts[0] in RESOURCE_FOLDERS and path.suffix == ".yaml":
            found = _declared_id(path)
            if found is None:
                return None
            ids.append(found)
        elif (len(parts) == 3 and parts[0] == "translations" and path.suffix == ".po"
              and path.stem not in SHARED_CATALOGS):
            ids.append(path.stem)
        else:
            return None
    return sorted(set(ids))


def _declared_id(path: Path) -> str | None:
    """The id a resource file declares, read even when the rest of it is broken."""
    try:
        found = ID_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return found.group(1) if found else None


# ---- running the build --------------------------------------------------------------------

@dataclasses.dataclass
class PreviewState:
    """What the open pages poll: a number that changes after each build, and its errors."""

    version: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)
    building: bool = False
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "errors": self.errors,
                               "building": self.building}).encode("utf-8")


class Tee(io.StringIO):
    """Prints to the terminal as the build runs, and keeps a copy to show in the page."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(text)
        return super().write(text)


def run_build(options: BuildOptions, state: PreviewState, ids: list[str] | None) -> int:
    """One build (of ``ids`` only, when given), its errors recorded for the page."""
    with state.lock:
        state.building = True
    chosen = options
    if ids is not None:
        wanted = [i for i in ids if not options.only or i in options.only]
        chosen = dataclasses.replace(options, only=wanted) if wanted else options
    err = Tee(sys.stderr)
    code = build(chosen, out=sys.stdout, err=err)
    if code == 2 and chosen is not options:  # an id no file declares yet: build it all
        err = Tee(sys.stderr)
        code = build(options, out=sys.stdout, err=err)
    errors = [line for line in err.getvalue().splitlines()
              if ERROR_LINE.search(line) or line.startswith("build_pdfs: error")]
    with state.lock:
        state.errors = errors
        state.version += 1
        state.building = False
    return code


def watch_and_rebuild(options: BuildOptions, state: PreviewState,
                      stop: threading.Event) -> None:
    """Rebuild each time files in content/ or assets/ change, until ``stop`` is set."""
    from watchfiles import watch

    folders = [str(p) for p in (options.content_dir, options.assets_dir) if p.is_dir()]
    for changes in watch(*folders, stop_event=stop, debounce=200, step=50,
                         yield_on_timeout=False):
        changed = [Path(path) for _, path in changes]
        ids = resources_to_rebuild(changed, options.content_dir)
        if ids == []:
            continue
        which = ", ".join(ids) if ids else "everything"
        print(f"Changed: {', '.join(p.name for p in changed)}; rebuilding {which}",
              file=sys.stdout, flush=True)
        run_build(options, state, ids)


# ---- the web server ------------------------------------------------------------------------

class PreviewHandler(SimpleHTTPRequestHandler):
    """The output folder as it is, never cached, with the reload script in each page."""

    state: PreviewState

    def __init__(self, *args: object, state: PreviewState, **kwargs: object) -> None:
        self.state = state
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the terminal shows the build, not every request

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        if path == STATE:
            return self._send(self.state.as_json(), "application/json")
        if path == SCRIPT:
            return self._send(RELOAD_JS, "text/javascript; charset=utf-8")
        file = Path(self.translate_path(path))
        if path.endswith("/"):
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            html = file.read_bytes()
            tag = f'<script src="{SCRIPT}" defer></script>'.encode()
            return self._send(html.replace(b"</head>", tag + b"\n</head>", 1),
                              "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def start_server(folder: Path, state: PreviewState, port: int) -> ThreadingHTTPServer:
    """Serve ``folder`` on this computer only (127.0.0.1), in a thread of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    handler = partial(PreviewHandler, state=state, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    return server


def serve(options: BuildOptions, port: int, watch_only: bool = False) -> int:
    """Build, then serve and rebuild on every change until Ctrl-C."""
    state = PreviewState()
    if run_build(options, state, None) == 2:
        return 2  # a mistake in the command itself: nothing to watch
    server = None
    if not watch_only:
        try:
            server = start_server(options.output_dir, state, port)
        except OSError as exc:
            print(f"build_pdfs: error: cannot serve on port {port}: {exc.strerror}. Choose "
                  "another with --port", file=sys.stderr)
            return 2
        where = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"Preview: open {where} in a browser. Watching {options.content_dir}/ and "
              f"{options.assets_dir}/ for changes; Ctrl-C to stop.", flush=True)
    else:
        print(f"Watching {options.content_dir}/ and {options.assets_dir}/ for changes; "
              "Ctrl-C to stop.", flush=True)
    stop = threading.Event()
    try:
        watch_and_rebuild(options, state, stop)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if server is not None:
            server.shutdown()
            server.server_close()
    print("Stopped.")
    return 0


def split_serve_args(argv: list[str]) -> tuple[int, list[str]]:
    """``--port N`` for serve; the rest are the build's own options."""
    import argparse

    parser = argparse.ArgumentParser(prog="build_pdfs serve", add_help=False)
    parser.add_argument("--port", type=int, default=8000)
    known, rest = parser.parse_known_args(argv)
    return known.port, rest
