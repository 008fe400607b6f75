"""What the code states, for the claims check: per function its signature, its call sites in
source order (spawned, joined, in a loop, retried, and what happens to each call's error), what
it reaches through the trace; per constant its value; per struct literal its field values.

Everything is read from the crate index and the trace engine of this package (one tree-sitter
parse per file per run), lazily and once: a record asks about a handful of functions.

- `crate_facts`: `Facts`, the facts of one crate, and `facts_of`, one per checkout per process.
- `sites`: the call sites of a body (`SiteFact`); `handling`: what a call does with its error
  (`Handling`); `values`: the values the code states (`Value`); `missing`: where a lookup that
  finds nothing becomes an error (`MissingFact`); `nodes`: shared node readings.
"""

from .crate_facts import Facts, facts_of
from .handling import Handling
from .missing import MissingFact
from .sites import SiteFact
from .values import Value

__all__ = ["Facts", "Handling", "MissingFact", "SiteFact", "Value", "facts_of"]
