"""What ships with the package: its version and the prompts/ texts.

The one lookup of each: provenance and `--version` ask `package_version`; the system message,
the draft template and the guidelines are read through `prompt_text`, which prefers the
workspace's own copy, so an operator's edit to prompts/ is what the tool uses.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


# once per process: importlib.metadata reads and parses the package's METADATA file on every
# call (~1 ms), and `rebuild` stamps the version on every provenance entry it renews
@cache
def package_version() -> str | None:
    """The installed version of svix-flows (None when the package is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("svix-flows")
    except PackageNotFoundError:
        return None


def prompt_text(name: str, workspace: Path | None = None) -> str:
    """A prompts/ text: the workspace's own copy when it has one, else the one in the package."""
    if workspace is not None:
        local = workspace / "prompts" / name
        if local.is_file():
            return local.read_text(encoding="utf-8")
    from importlib.resources import files

    return (files("svix_flows") / "prompts" / name).read_text(encoding="utf-8")
