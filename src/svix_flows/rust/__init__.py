"""The Rust engine: the only code that reads Rust, and the only user of tree-sitter.

- `syntax`: tree-sitter itself (language, parser, queries, node text, node kinds, the comments
  and attributes above an item); no other module imports tree-sitter.
- `items`: a file's addressable items by symbol path (`index_source`, `resolve`, `FileIndex`).
- `checkout`: the svix-webhooks checkout and its spans (`Checkout`, `Span`).
- `cache`: the disk cache of what is derived from a file's bytes (`load_index`, `load_toml`).

Import the submodules themselves: this package imports nothing, so `import svix_flows.rust.cache`
does not load tree-sitter.
"""

from typing import Any

_MOVING = {"FileIndex", "index_tree", "normalize_key", "resolve", "_parser"}


def __getattr__(name: str) -> Any:
    # the trace engine still imports these from here until it moves into this package
    if name == "_parser":
        from .syntax import parser

        return parser
    if name == "parse_with_macros_as_calls":
        from .syntax import parse_with_macros_as_calls

        return parse_with_macros_as_calls
    if name in _MOVING:
        from . import items

        return getattr(items, name)
    raise AttributeError(name)
