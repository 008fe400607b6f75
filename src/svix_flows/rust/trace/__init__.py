"""`trace`: discover a flow from its entry point by following calls across module boundaries.

The calls of a function body are found with a tree-sitter query (plain, scoped
and generic callees, method calls) and resolved to functions of the crate
through `rust.crate.Crate`: `use` declarations, module paths, methods of the
crate's types (`Type::new`, and `x.method()` when the receiver's type is
evident from a parameter, a `let`, a field, a call's declared return type or the
element a closure maps, or when the method name is unique in the crate). Rules follow
the data further, each edge saying how it was resolved (`RESOLUTIONS`): queue hops from
a producer's `send` to the consumer's `match` arm, `#[enum_dispatch]` and generic
bounds, `From` conversions behind `.into()`, `T::from` and `?`, the crate's own derives,
crate `impl Service` types called back by external clients, crate values handed to the
external method that calls their trait methods (tower-http, redis), sea-orm's row
decoding, and the arguments of `join!` (crate-wide facts in `rules`). What cannot
be resolved is listed with its reason, never guessed: external crates, trait dispatch
without evidence of the receiver's type, ambiguous method names and calls inside other
macro invocations. A function reached twice is expanded where it is fewest calls from
the entry, so `--depth` cuts no branch a shorter path reaches.

Modules:

- `walk`: `Tracer`, `trace_flow`, the tree from an entry point.
- `calls`: `Body`, a body's calls (extractors, functions passed by name, `join!` arguments
  among them), and `RULES`, every rule that finds calls at a node of the body, in the order its
  calls are listed.
- `resolution`: `Resolver`, the general resolution of a callee (paths, `use`s, receivers and
  method calls). The rules of
  their own modules are functions over a body:
  - `dispatch`: `#[enum_dispatch]` and generic bounds;
  - `conversions`: `From` behind `.into()`, `T::from` and `?`, derives;
  - `callbacks`: `impl Service` clients, external hooks, handed values, sea-orm's row decoding;
  - `queue`: a producer's `send` to the consumer's arm;
  - `serde`: what serde and validator run for a value;
  - `fields`: a field read whose value a named function makes.
- `types`: `TypeEnv`, the types of a body's expressions, and `peeled`, the one place smart
  pointers are peeled.
- `bindings`: `Bindings`, what a body binds (parameters, `let`s, match arms, closure
  parameters), which `TypeEnv` types.
- `base`: `BodyBase`, what the rule functions see of a body (they never import `calls`), and
  helpers both sides share.
- `model`: plain data, `Call`, `CallSite`, `Edge`, and the kinds `How` (`RESOLUTIONS`) and
  `Reason`, whose values are the text the trace prints.
- `rules`: the crate-wide facts the rules need (the queue's model, derives, known hooks).
- `render` (tree, TOML and JSON) and `format` (the `--format` choices).

Import the submodules themselves: this package imports nothing, so the CLI can name
`TraceFormat` without loading the engine.
"""
