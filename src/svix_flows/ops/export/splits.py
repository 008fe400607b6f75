"""Train and validation: whole flows (or whole code groups) drawn to a share, and the overlap left.

Splits are disjoint by flow, but flows quote the same spans (a producer's `send` is in many
flows), so validation can still hold code seen in train. The overlap report measures that, by
place: two records share a code line when they quote the same line of the same file, which at
the pinned commit is the same text. `--disjoint-code` draws whole groups of flows joined by a
shared line instead of single flows, so that no validation record quotes a line train quotes.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...errors import DataError
from .records import CodeLine, ExportRecord

TRAIN = "train"
VALIDATION = "validation"  # the name TRL's scripts and most Hub datasets look for
TOP_SPANS = 3


@dataclass(frozen=True)
class Draw:
    """The flows of each side, the share asked for and the share reached (of records)."""

    train: tuple[str, ...]
    validation: tuple[str, ...]
    asked: float
    reached: float
    groups: int  # the units drawn: flows, or code groups with --disjoint-code


@dataclass(frozen=True)
class Repeat:
    """A span quoted by several flows: how many, and its records in this split and in the other."""

    label: str
    flows: int
    here: int
    other: int


@dataclass(frozen=True)
class Overlap:
    """One split's code measured against the other split and against itself."""

    split: str
    chars: int
    cross_chars: int  # characters of lines the other split quotes too
    repeated_chars: int  # characters of lines another flow (either split) quotes too
    top: tuple[Repeat, ...]

    @property
    def cross_share(self) -> float:
        return self.cross_chars / self.chars if self.chars else 0.0

    @property
    def repeated_share(self) -> float:
        return self.repeated_chars / self.chars if self.chars else 0.0


def code_groups(records: Iterable[ExportRecord]) -> list[list[str]]:
    """The flows, grouped so that flows quoting a common code line are in one group (sorted)."""
    parent: dict[str, str] = {}

    def root(flow: str) -> str:
        while parent[flow] != flow:
            parent[flow] = parent[parent[flow]]
            flow = parent[flow]
        return flow

    first_flow: dict[CodeLine, str] = {}
    for record in records:
        parent.setdefault(record.flow, record.flow)
        for span in record.spans:
            for place, _ in span.lines():
                other = first_flow.setdefault(place, record.flow)
                parent[root(other)] = root(record.flow)
    groups: dict[str, list[str]] = defaultdict(list)
    for flow in parent:
        groups[root(flow)].append(flow)
    return sorted(sorted(group) for group in groups.values())


def draw(records: Sequence[ExportRecord], share: float, seed: int, *, disjoint_code: bool) -> Draw:
    """Whole groups into validation so that its share of records is as close to `share` as the
    groups allow (the smaller share on a tie). Which groups, among those that reach it, follows
    the seed. A share above 0 keeps at least one group on each side, or is refused."""
    per_flow = Counter(record.flow for record in records)
    units = code_groups(records) if disjoint_code else [[flow] for flow in sorted(per_flow)]
    flows = tuple(sorted(per_flow))
    if share <= 0:
        return Draw(flows, (), share, 0.0, len(units))
    if len(units) < 2:
        raise DataError(_one_group(units, per_flow, disjoint_code))
    sizes = [sum(per_flow[flow] for flow in unit) for unit in units]
    total = sum(sizes)
    order = list(range(len(units)))
    random.Random(seed).shuffle(order)
    # subset sums of the groups' sizes, each reached first in the seeded order
    reach: dict[int, tuple[int, ...]] = {0: ()}
    for index in order:
        for held, chosen in list(reach.items()):
            reach.setdefault(held + sizes[index], chosen + (index,))
    wanted = share * total
    held = min((s for s in reach if 0 < s < total), key=lambda s: (abs(s - wanted), s))
    chosen_flows = {flow for index in reach[held] for flow in units[index]}
    return Draw(
        tuple(f for f in flows if f not in chosen_flows),
        tuple(sorted(chosen_flows)),
        share,
        held / total,
        len(units),
    )


def _one_group(units: list[list[str]], per_flow: Counter[str], disjoint_code: bool) -> str:
    if disjoint_code and len(per_flow) > 1:
        return (
            f"--disjoint-code: the {len(per_flow)} flows quote common code and form one group, "
            "so no validation split keeps its code apart from train; export without --disjoint-code"
        )
    return f"a validation split needs two flows and the corpus has one ({units[0][0]}); drop --eval-share"


def overlap(records: Sequence[ExportRecord], draw: Draw) -> list[Overlap]:
    """Per split: the share of its code characters that the other split quotes too, the share that
    another flow quotes too (variants of one flow share their code by design), and the spans
    that the most flows quote."""
    side = dict.fromkeys(draw.train, TRAIN) | dict.fromkeys(draw.validation, VALIDATION)
    flows_of: dict[CodeLine, set[str]] = defaultdict(set)
    span_flows: dict[str, set[str]] = defaultdict(set)
    span_records: dict[str, Counter[str]] = defaultdict(Counter)  # label -> records per split
    for record in records:
        for span in record.spans:
            for place, _ in span.lines():
                flows_of[place].add(record.flow)
            span_flows[span.label].add(record.flow)
        for label in {span.label for span in record.spans}:
            span_records[label][side[record.flow]] += 1
    found = []
    for split in (TRAIN, VALIDATION) if draw.validation else (TRAIN,):
        other = VALIDATION if split == TRAIN else TRAIN
        chars = cross = repeated = 0
        for record in records:
            if side[record.flow] != split:
                continue
            for span in record.spans:
                for place, size in span.lines():
                    flows = flows_of[place]
                    chars += size
                    cross += size if any(side[flow] == other for flow in flows) else 0
                    repeated += size if len(flows) > 1 else 0
        top = sorted(
            (
                Repeat(label, len(span_flows[label]), counts[split], counts[other])
                for label, counts in span_records.items()
                if counts[split] and len(span_flows[label]) > 1
            ),
            key=lambda r: (-r.flows, -(r.here + r.other), r.label),
        )
        found.append(Overlap(split, chars, cross, repeated, tuple(top[:TOP_SPANS])))
    return found
