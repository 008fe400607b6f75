"""The claims check over the catalog: each flow's summary, facts and notes, read as a record's
think block is, against the flow's own spans.

`check` calls `check_flow_claims`. A contradicted claim is a problem naming its entry
(`facts[3]: …`). A claim whose subject is a crate function that is neither one of the flow's
spans nor said, in the same entry, to be outside the flow ("(outside this flow)") is a missing
span: either the span belongs in the flow or the entry should say where the function stands.
Findings are returned as data; nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from .claims import FLOW, HANDLER, Judge, State, Verdict, at

if TYPE_CHECKING:
    from ..catalog import Flow
    from ..rust.checkout import Checkout, Span
    from ..rust.crate import FnDef

# how an entry says a function is not one of the flow's spans
_OUTSIDE = re.compile(r"\boutside (?:this|the) flow\b|\bnot (?:a span|one of the spans)\b", re.IGNORECASE)


class ClaimProblem(NamedTuple):
    """A claim of a flow's entry that `check` refuses; the message starts with the entry's name."""

    flow: str
    kind: str  # "claim-contradicted" or "missing-span"
    message: str


class ClaimTally(NamedTuple):
    """The claims of the whole catalog: how many were checked, and the problems."""

    checked: int
    problems: tuple[ClaimProblem, ...]


def check_flow_claims(flows: Iterable[Flow], checkout: Checkout, spans: dict[str, list[Span]]) -> ClaimTally:
    """Every entry of every flow through the claims check; `spans` are each flow's resolved spans."""
    from ..rust.facts import facts_of
    from .claims import functions_of_blocks

    facts = facts_of(checkout)
    judge = Judge(facts)
    checked = 0
    problems: list[ClaimProblem] = []
    for flow in flows:
        blocks = [(span.path, span.start_line, span.end_line) for span in spans.get(flow.id, [])]
        own = functions_of_blocks(facts, blocks, checkout.crate_root)
        for name, text in _entries(flow):
            verdicts = judge.judge(text, own)
            for verdict in verdicts:
                if verdict.state is State.UNCHECKABLE:
                    continue
                checked += 1
                claim = verdict.claim
                if verdict.state is State.CONTRADICTED:
                    problems.append(
                        ClaimProblem(
                            flow.id, "claim-contradicted", f"{name}: {verdict.message}: «{claim.sentence}»"
                        )
                    )
            if not _OUTSIDE.search(text):
                problems.extend(_missing_spans(flow.id, name, verdicts, judge, own))
    return ClaimTally(checked, tuple(problems))


def _entries(flow: Flow) -> Iterator[tuple[str, str]]:
    yield "summary", flow.summary
    yield from flow.cited


def _missing_spans(
    flow: str, name: str, verdicts: list[Verdict], judge: Judge, own: list[FnDef]
) -> Iterator[ClaimProblem]:
    """A claim's subject that is a crate function, one in name only, and not among the flow's."""
    mine = {id(fn) for fn in own}
    said: set[str] = set()
    for verdict in verdicts:
        subject = verdict.claim.subject
        if verdict.state is State.UNCHECKABLE or subject in (FLOW, HANDLER) or subject in said:
            continue
        said.add(subject)
        found = judge.facts.functions(subject)
        if len(found) == 1 and id(found[0]) not in mine:
            yield ClaimProblem(
                flow,
                "missing-span",
                f"{name}: `{subject}` ({at(found[0])}) is neither a span of the flow nor said to "
                'be outside it; add its span, or say "(outside this flow)"',
            )
