"""The operations: one module (or subpackage) per command over the project.

- `check` (`check`, drift against `flows.lock`), `status` (and `count`), `fetch`.
- `authoring` (`write`), `review`, `rebuild`, `dropping` (`drop`), `repair` and `orphans`
  (mending what a crash left).
- `export/` (`export DIR`) and `flowmap/` (`map`).

They sit above the storage (`corpus`), the checks and the Rust engine, and below `cli`.
Import the submodules themselves: this package imports nothing.
"""
