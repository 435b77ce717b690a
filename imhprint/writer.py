"""Stage 3: write PDFs safely. A file is either the old one or the new one, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputClash(Exception):
    pass


class Writer:
    """Writes each output once, atomically, and refuses two outputs on one path."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self._claimed: dict[Path, str] = {}

    def claim(self, relative: Path, owner: str) -> Path:
        target = (self.output_dir / relative).resolve()
        if target in self._claimed:
            raise OutputClash(f"{owner} and {self._claimed[target]} would both write {target}")
        self._claimed[target] = owner
        return target

    def write(self, target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as temp:
                temp.write(data)
                temp.flush()
                os.fsync(temp.fileno())
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
