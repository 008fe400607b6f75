"""Shared by the benchmarks: measure the tool as installed, with its bytecode written.

An install (or a first run) writes each module's bytecode; a shell with
PYTHONDONTWRITEBYTECODE set never does, and then every module changed since the last write
is compiled again in every timed process (about 8 ms on `show` after an edit of nine modules).
"""

from __future__ import annotations

import compileall
from pathlib import Path


def write_package_bytecode() -> None:
    import svix_flows

    compileall.compile_dir(Path(svix_flows.__file__).parent, quiet=1)
