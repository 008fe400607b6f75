"""The Rust engine: the only code that reads Rust, and the only user of tree-sitter.

- `syntax`: tree-sitter itself (language, parser, queries, node text, node kinds, the comments
  and attributes above an item); no other module imports tree-sitter.
- `items`: a file's addressable items by symbol path (`index_source`, `resolve`, `FileIndex`).
- `checkout`: the svix-webhooks checkout and its spans (`Checkout`, `Span`).
- `cache`: Rust file indexes in the content cache of `svix_flows.cache` (`load_index`).
- `crate`: the whole crate's modules, `use` declarations, types and functions (`Crate`).
- `names`: the crate's names for the prose checks (`CrateNames`: identifiers, modules, files,
  types and their members), built from the indexes above and kept in the disk cache.
- `words`: every Rust word list: keywords, primitive types, std types and crates, wrappers,
  derives and the methods they give (plain data, shared with the prose checks).
- `facts/`: what the claims check knows of the crate (`facts_of`, `Facts`): signatures, call
  sites and what each does with its error, what a function reaches, constants and field values.
- `trace/`: the call-graph engine behind `trace` and `map` (`walk.trace_flow`, `walk.Tracer`):
  general call resolution in `trace/calls.py`, one module per rule (`dispatch`, `conversions`,
  `callbacks`, `queue`, `serde`, `fields`), their crate-wide facts in `trace/rules.py`.

Import the submodules themselves: this package imports nothing, so `import svix_flows.rust.cache`
does not load tree-sitter.
"""
