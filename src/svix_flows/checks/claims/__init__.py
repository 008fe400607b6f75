"""Claims in the prose held against the code: who calls whom, what a function takes and returns,
a constant's value, the order of two calls, what happens to an error.

`claims(text)` reads the claims of a text (`grammar`, over the shared fragments of `text`);
`Judge(facts).judge(text, own)` judges each against the facts of `svix_flows.rust.facts`:
supported with the line that shows it, contradicted with what the code says and where, or not
checkable. One module per kind holds its sentences and its verdict: `calls`, `signatures`,
`values`, `order`, and `missing` (a lookup that finds nothing); error handling has its sentences
in `handling` and its verdicts in `failures`, with `raised` (the constructor an error becomes),
`literals` (the message a constructor builds), `variants` (the variants a function matches)
and `logged` (the level a log macro is said to log at) beside them; `fallbacks` reads what an
absent value falls back to, `siblings` a step named for the sibling of the call the code makes
(`kin`: which names are siblings), `written` a call written out with its arguments, `arms` a
call said of one arm of a `match`, and `mapped` the status an error mapper or an extractor
gives; `model` holds the kinds, claims and verdicts.
"""

from .grammar import claims
from .judge import Judge, functions_of_blocks
from .model import CODES, FLOW, HANDLER, REACH_DEPTH, Claim, Kind, State, Verdict, at
from .text import sentences

__all__ = [
    "CODES",
    "FLOW",
    "HANDLER",
    "REACH_DEPTH",
    "Claim",
    "Judge",
    "Kind",
    "State",
    "Verdict",
    "at",
    "claims",
    "functions_of_blocks",
    "sentences",
]
