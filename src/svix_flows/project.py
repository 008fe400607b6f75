"""The workspace as commands see it: the catalog and the checkout, loaded once and on demand."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog import Catalog, Flow, SpanRef, load_catalog
from .errors import CatalogError, SourceError
from .workspace import Found, cache_root, find_catalog, find_source

if TYPE_CHECKING:  # tree-sitter is loaded only by the commands that read Rust
    from .rust.checkout import Checkout, Span
    from .rust.items import Item


class Project:
    """Lazily resolved catalog and checkout for one invocation."""

    def __init__(
        self,
        catalog_flag: Path | None = None,
        catalog_how: str = "--catalog",
        source_flag: Path | None = None,
        source_how: str = "--source",
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        verbose: bool = False,
    ) -> None:
        self.catalog_flag = catalog_flag
        self.verbose = verbose  # `-v`: say where things came from, and the notes of checks
        self.catalog_how = catalog_how
        self.source_flag = source_flag
        self.source_how = source_how
        # read when the command runs, never at import
        self.env: Mapping[str, str] = dict(os.environ) if env is None else env
        self.cwd = cwd
        self.found_catalog: Found | None = None
        self.found_source: Found | None = None
        self._catalog: Catalog | None = None
        self._checkout: Checkout | None = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self.found_catalog = find_catalog(self.catalog_flag, self.catalog_how, self.cwd)
            self._catalog = load_catalog(self.found_catalog.path, cache_dir=self.cache_dir("index"))
        return self._catalog

    def cache_dir(self, part: str) -> Path:
        """A folder of the disk cache (`index`, `results`), under $XDG_CACHE_HOME/svix-flows."""
        return cache_root(self.env) / part

    def optional_catalog(self) -> Catalog | None:
        """The catalog when one is given or found; only a missing one is forgiven."""
        try:
            return self.catalog
        except CatalogError:
            if self.catalog_flag is not None or self.found_catalog is not None:
                raise
            return None

    @property
    def checkout(self) -> Checkout:
        if self._checkout is None:
            from .rust.checkout import Checkout

            catalog = self.optional_catalog()
            self.found_source = find_source(self.source_flag, self.source_how, catalog, self.env)
            root = catalog.source.root if catalog else "server/svix-server/src"
            self._checkout = Checkout(self.found_source.path, root, index_cache=self.cache_dir("index"))
        return self._checkout

    def optional_checkout(self) -> tuple[Checkout | None, str | None]:
        """The checkout to compare spans with, or None and a note saying why there is none.

        A checkout named by --source or SVIX_FLOWS_SOURCE must exist (a usage error otherwise);
        one that the catalog or the cache would give is optional: without it spans go unchecked.
        """
        if self.source_flag is not None:
            return self.checkout, None
        try:
            return self.checkout, None
        except SourceError as exc:
            return None, f"spans and the names of the texts not checked against the source: {exc}"

    def flows(self, ids: list[str]) -> list[Flow]:
        catalog = self.catalog
        return [catalog.flow(flow_id) for flow_id in ids]

    def flow_spans(self, flow: Flow) -> list[Span]:
        return [self.checkout.span(ref) for ref in flow.spans]

    def spans(self, file: str, symbols: list[str]) -> list[Span]:
        return [self.checkout.span(SpanRef(file, symbol)) for symbol in symbols]

    def symbols(self, file: str) -> list[Item]:
        return self.checkout.items(file)
