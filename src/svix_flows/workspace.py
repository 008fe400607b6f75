"""Where things are: the catalog and the checkout, resolved in the one documented order.

Catalog: `--catalog FILE` > `SVIX_FLOWS_CATALOG` > `flows.toml` found walking up from the
current directory. Checkout: `--source DIR` > `SVIX_FLOWS_SOURCE` > `[source] path` in the
catalog > the cache that `svix-flows fetch` fills. The CLI passes flag-or-environment values
in (typer reads the environment when the command runs); this module reads the rest.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from .catalog import DEFAULT_ROOT, Catalog
from .errors import CatalogError, SourceError

CATALOG_NAME = "flows.toml"


class Origin(str, Enum):
    """Where a location came from; decisions read this, never the words of `how`."""

    GIVEN = "given"  # a flag or an environment variable
    WALK = "walk"  # found walking up from the current directory
    CATALOG = "catalog"  # `[source] path` in the catalog
    CACHE = "cache"  # the folder `svix-flows fetch` fills


class Found(NamedTuple):
    """A resolved location, how it was found in words for `--verbose`, and its origin."""

    path: Path
    how: str
    origin: Origin = Origin.GIVEN


def find_catalog(given: Path | None, how: str, cwd: Path | None = None) -> Found:
    """The catalog file: the given one (flag or environment), else walking up from `cwd`."""
    if given is not None:
        if not given.is_file():
            raise CatalogError(f"{given}: no catalog there (from {how}); pass an existing flows.toml")
        return Found(given, how)
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        candidate = folder / CATALOG_NAME
        if candidate.is_file():
            return Found(candidate, f"walking up from {start}", Origin.WALK)
    raise CatalogError(
        f"no {CATALOG_NAME} in {start} or any folder above it; "
        "run inside a corpus workspace or pass --catalog FILE (or set SVIX_FLOWS_CATALOG)"
    )


def cache_root(env: Mapping[str, str] | None = None) -> Path:
    """`$XDG_CACHE_HOME/svix-flows`, or `~/.cache/svix-flows`.

    A relative `$XDG_CACHE_HOME` is ignored, as the XDG spec says: it would put the cache
    wherever the command happens to run."""
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = str(Path.home() / ".cache")
    return Path(base) / "svix-flows"


def cached_checkout(commit: str, env: Mapping[str, str] | None = None) -> Path:
    """Where `svix-flows fetch` puts the checkout of a commit."""
    return cache_root(env) / f"svix-webhooks-{commit[:12]}"


def find_source(
    given: Path | None,
    how: str,
    catalog: Catalog | None,
    env: Mapping[str, str] | None = None,
) -> Found:
    """The root of the svix-webhooks checkout, in the documented order, checked to be one."""
    root = catalog.source.root if catalog else DEFAULT_ROOT
    looked: list[str] = []
    candidates: list[Found] = []
    if given is not None:
        candidates.append(Found(given, how))
    elif catalog is not None:
        if catalog.source.path is not None:
            candidates.append(Found(catalog.source.path, f"[source] path in {catalog.path}", Origin.CATALOG))
        candidates.append(Found(cached_checkout(catalog.source.commit, env), "the fetch cache", Origin.CACHE))
    for found in candidates:
        if (found.path / root).is_dir():
            return Found(found.path.resolve(), found.how, found.origin)
        looked.append(f"{found.path} ({found.how})")
        if found.path.is_dir() and given is not None:
            raise SourceError(f"{found.path}: not a svix-webhooks checkout, it has no {root}/ (from {how})")
    where = "; ".join(looked) if looked else "nowhere (no catalog, no --source)"
    raise SourceError(
        f"no svix-webhooks checkout: looked in {where}; "
        "run `svix-flows fetch`, or pass --source DIR (or set SVIX_FLOWS_SOURCE)"
    )
