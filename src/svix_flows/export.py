"""`export DIR`: the corpus as a folder a trainer loads with `datasets.load_dataset(DIR)`.

The folder holds `data/train.jsonl` (and `data/eval.jsonl` when an eval share is asked) and a
dataset card, `README.md`, whose YAML front matter names the license, language, task, size and
the splits' files. Rows are the record's `type` and `messages` plus `flow` and `record_sha256`.
Splits are disjoint by flow: the variants of one flow are all in train or all in eval, so eval
measures flows the model has not seen. The corpus is validated against the checkout first and
an export of a corpus with errors is refused. `datasets` is not needed to write the folder.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .catalog import Catalog
from .corpus.files import iter_lines, replace_file
from .corpus.provenance import flows_by_hash, provenance_path
from .errors import DataError, UsageError
from .project import Project

UNKNOWN_FLOW = "unknown"
LICENSE = "mit"  # svix-webhooks is MIT-licensed; every record quotes its code


@dataclass
class Split:
    """One split: its name, flows, and what was written to it."""

    name: str
    flows: list[str]
    records: int = 0
    tokens: int = 0


@dataclass
class ExportReport:
    """What `export` wrote, and the validation it passed."""

    folder: Path
    splits: list[Split]
    per_flow: Counter[str]
    warnings: Counter[str] = field(default_factory=Counter)
    records: int = 0
    reviewed: str = ""  # the card's line about the review (`review.Tally.card_line`)

    @property
    def files(self) -> list[Path]:
        return [self.folder / "data" / f"{split.name}.jsonl" for split in self.splits] + [
            self.folder / "README.md"
        ]


def split_flows(per_flow: Counter[str], eval_share: float, seed: int) -> tuple[list[str], list[str]]:
    """(train flows, eval flows): whole flows drawn in a seeded order until eval holds its share.

    With a share above 0, eval gets at least one flow and train keeps at least one.
    """
    flows = sorted(per_flow)
    if eval_share <= 0 or len(flows) < 2:
        return flows, []
    order = flows[:]
    random.Random(seed).shuffle(order)
    wanted = eval_share * sum(per_flow.values())
    chosen: list[str] = []
    held = 0
    for flow in order:
        if chosen and held >= wanted:
            break
        if len(chosen) == len(flows) - 1:
            break
        chosen.append(flow)
        held += per_flow[flow]
    return [f for f in flows if f not in chosen], sorted(chosen)


def export(
    project: Project, folder: Path, *, eval_share: float = 0.0, seed: int = 0, reviewed_only: bool = False
) -> ExportReport:
    """Validate the corpus, then write the split files and the dataset card into `folder`."""
    if not 0 <= eval_share < 1:
        raise UsageError(f"--eval-share {eval_share}: give a share from 0 up to (not including) 1")
    catalog = project.catalog
    corpus = catalog.corpus_path
    if not corpus.is_file():
        raise UsageError(f"{corpus}: no corpus yet; write records with `svix-flows write FLOW`")
    warnings = _validated(project, corpus)
    flow_of = flows_by_hash(provenance_path(corpus))
    from .review import tally

    reviews = tally(project)
    keep = reviews.accepted if reviewed_only else None  # --reviewed-only: the accepted records alone
    per_flow: Counter[str] = Counter()
    for line in iter_lines(corpus):
        if line.data.strip() and (keep is None or line.sha256 in keep):
            per_flow[flow_of.get(line.sha256, UNKNOWN_FLOW)] += 1
    if not per_flow:
        what = "no record accepted in review (`svix-flows review`)" if reviewed_only else "no records"
        raise DataError(f"{corpus}: the corpus has {what} to export")
    train, held_out = split_flows(per_flow, eval_share, seed)
    splits = [Split("train", train)] + ([Split("eval", held_out)] if held_out else [])
    report = ExportReport(folder, splits, per_flow, warnings, sum(per_flow.values()), reviews.card_line)
    try:
        (folder / "data").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot create the export folder: {exc.strerror}") from None
    for split in splits:
        rows = _rows(corpus, flow_of, set(split.flows), split, keep)
        replace_file(folder / "data" / f"{split.name}.jsonl", rows)
    if not held_out:
        (folder / "data" / "eval.jsonl").unlink(missing_ok=True)  # from an earlier export
    replace_file(folder / "README.md", [dataset_card(report, catalog).encode("utf-8")])
    return report


def _validated(project: Project, corpus: Path) -> Counter[str]:
    """The warnings of the corpus by code; a DataError when it has any error."""
    from .checks import validate as checks

    validator = checks.Validator.for_catalog(project.catalog, checkout=project.checkout)
    total = checks.Summary(str(corpus))
    first = None
    for _, item in checks.validate_files([corpus], validator):
        if isinstance(item, checks.Summary):
            total.add(item)
        elif item.is_error and first is None:
            first = item
    if total.errors and first is not None:
        raise DataError(
            f"{corpus}: {total.errors} errors (first, line {first.line}: {first.code} "
            f"{first.message}); nothing exported; run `svix-flows validate {corpus}`"
        )
    return Counter({code: n for code, n in total.codes.items() if not code.startswith("E")})


def _rows(
    corpus: Path, flow_of: dict[str, str], flows: set[str], split: Split, keep: frozenset[str] | None
) -> Iterator[bytes]:
    from .checks.lints import estimate_tokens

    for line in iter_lines(corpus):
        if not line.data.strip() or (keep is not None and line.sha256 not in keep):
            continue
        digest = line.sha256
        flow = flow_of.get(digest, UNKNOWN_FLOW)
        if flow not in flows:
            continue
        record = orjson.loads(line.data)
        split.records += 1
        split.tokens += estimate_tokens(*(m["content"] for m in record["messages"]))
        row = {"type": record["type"], "messages": record["messages"], "flow": flow, "record_sha256": digest}
        yield orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE)


def _size_category(records: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if records < limit:
            return name
    return "100K<n<1M"


def _yaml_string(text: str) -> str:
    return orjson.dumps(text).decode()  # a JSON string is a YAML double-quoted scalar


def dataset_card(report: ExportReport, catalog: Catalog) -> str:
    """The card: YAML front matter a hub and `load_dataset` read, then what a reader needs."""
    source = catalog.source
    titles = {flow.id: flow.title for flow in catalog.flows}
    split_files = "".join(
        f"  - split: {split.name}\n    path: data/{split.name}.jsonl\n" for split in report.splits
    )
    front = (
        "---\n"
        f"license: {LICENSE}\n"
        "language:\n- en\n"
        "task_categories:\n- text-generation\n"
        "tags:\n- code\n- rust\n- chatml\n- data-flow\n"
        f"size_categories:\n- {_size_category(report.records)}\n"
        f"pretty_name: {_yaml_string('svix-server cross-module data flows')}\n"
        "configs:\n- config_name: default\n  data_files:\n" + split_files + "---\n"
    )
    split_of = {flow: split.name for split in report.splits for flow in split.flows}
    flow_rows = "".join(
        f"| `{flow}` | {titles.get(flow, '(not in the catalog)').replace('|', '∣')} | {split_of[flow]} | {count} |\n"
        for flow, count in sorted(report.per_flow.items())
    )
    split_rows = "".join(
        f"| {split.name} | {len(split.flows)} | {split.records} | ~{split.tokens} |\n"
        for split in report.splits
    )
    warned = ", ".join(f"{code} ×{n}" for code, n in sorted(report.warnings.items())) or "none"
    return (
        front + "\n# svix-server cross-module data flows\n\n"
        "Chat-format (ChatML) examples that teach how data moves across module boundaries in\n"
        "`svix-server`, the Rust server of Svix. Each row is one conversation: a fixed system\n"
        "message, a maintainer's request, and an answer made of a `<think>` block of reasoning\n"
        "followed by the real code of the flow, one fenced block per span, each headed\n"
        "`// File: <path> (lines A-B)` (and `, in <impl …>` for an item inside one).\n\n"
        "## Source\n\n"
        f"- Repository: {source.repository}\n"
        f"- Commit: `{source.commit}` (every span is quoted from this commit)\n"
        f"- Crate root: `{source.root}`\n"
        "- License: the quoted code is svix-webhooks' own, under the MIT license.\n\n"
        "## Splits\n\n"
        "Splits are disjoint by flow: every variant of a flow is in the same split.\n"
        "Tokens are estimated (about four characters a token), not counted by a tokenizer.\n\n"
        "| split | flows | records | tokens |\n|---|---|---|---|\n" + split_rows + "\n"
        "## Records per flow\n\n"
        "| flow | title | split | records |\n|---|---|---|---|\n" + flow_rows + "\n"
        "## Columns\n\n"
        "- `type`: always `chatml`\n"
        "- `messages`: `role` and `content` of the system, user and assistant messages\n"
        "- `flow`: the flow's id in the catalog (`flows.toml`)\n"
        "- `record_sha256`: SHA-256 of the record's line in the corpus\n\n"
        "## How it was made\n\n"
        "Every request and every think block was written by hand by an operator; nothing in a record\n"
        "is generated. The code is assembled by `svix-flows` from the pinned checkout and verified\n"
        "byte for byte against it (comments, attributes and indentation kept).\n\n"
        "## Validation\n\n"
        f"`svix-flows validate` against the checkout at export: {report.records} records, 0 errors, "
        f"{sum(report.warnings.values())} warnings ({warned}).\n"
        f"\n{report.reviewed}\n"
    )
