"""The dataset card (`README.md`), the LICENSE and the marker of an export.

The card follows the Hub's conventions: YAML front matter that `huggingface_hub`'s
`DatasetCard` and `datasets.load_dataset` read (license, creators, task, configs and
`dataset_info` with features and sizes per split), then what a trainer needs: the record
format, the system prompt, an example row, the splits and how they were drawn, the code they
share, token lengths with a `max_length` that holds every record, a TRL snippet, limitations.
"""

from __future__ import annotations

from typing import Any

import orjson

from ...catalog import Catalog
from .chatml import TEMPLATE_FILE
from .folder import DATA
from .licenses import CODE_LICENSE, TEXT_LICENSE, UPSTREAM_NOTICE
from .report import ExportReport, plural
from .tables import COLUMNS, MESSAGES_ONLY

EXAMPLE_CUT = 240  # characters of each string shown in the card's example row


def marker(report: ExportReport) -> str:
    """The marker file: it tells a later export that this folder is an export it may replace."""
    return orjson.dumps(
        {"written_by": "svix-flows export", "version": report.version, "exported": report.exported},
        option=orjson.OPT_APPEND_NEWLINE,
    ).decode()


def example_json(row: dict[str, Any], limit: int = EXAMPLE_CUT) -> str:
    """The row as indented JSON, each string past `limit` characters cut, the cut said."""

    def cut(value: Any) -> Any:
        if isinstance(value, str) and len(value) > limit:
            return value[:limit] + f"… [{len(value) - limit} more characters]"
        if isinstance(value, list):
            return [cut(item) for item in value]
        if isinstance(value, dict):
            return {key: cut(item) for key, item in value.items()}
        return value

    return orjson.dumps(cut(row), option=orjson.OPT_INDENT_2).decode()


def _q(text: str) -> str:
    return orjson.dumps(text).decode()  # a JSON string is a YAML double-quoted scalar


def _size_category(records: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if records < limit:
            return name
    return "100K<n<1M"


def _features(columns: tuple[tuple[str, str], ...]) -> str:
    lines = []
    for name, kind in columns:
        if kind == "messages":
            lines.append(
                f"  - name: {name}\n    list:\n    - name: role\n      dtype: string\n"
                "    - name: content\n      dtype: string\n"
            )
        else:
            lines.append(f"  - name: {name}\n    dtype: {kind}\n")
    return "".join(lines)


def front_matter(report: ExportReport) -> str:
    ext = "parquet" if report.options.parquet else "jsonl"
    configs = ""
    infos = ""
    for config, folder, columns in (
        ("default", DATA, COLUMNS),
        ("messages", f"{DATA}/messages", MESSAGES_ONLY),
    ):
        configs += f"- config_name: {config}\n  data_files:\n" + "".join(
            f"  - split: {s.name}\n    path: {folder}/{s.name}.{ext}\n" for s in report.splits
        )
        default = config == "default"
        sizes = [(s.name, s.num_bytes if default else s.messages_bytes, s.records) for s in report.splits]
        download = sum(s.file_bytes if default else s.messages_file_bytes for s in report.splits)
        infos += (
            f"- config_name: {config}\n  features:\n"
            + _features(columns)
            + "  splits:\n"
            + "".join(
                f"  - name: {name}\n    num_bytes: {size}\n    num_examples: {n}\n" for name, size, n in sizes
            )
            + f"  download_size: {download}\n"
            + f"  dataset_size: {sum(size for _, size, _ in sizes)}\n"
        )
    return (
        "---\n"
        f"license: {CODE_LICENSE}\n"
        "language:\n- en\n"
        "annotations_creators:\n- expert-generated\n"
        "language_creators:\n- expert-generated\n- found\n"
        "multilinguality:\n- monolingual\n"
        "source_datasets:\n- original\n"
        "task_categories:\n- text-generation\n"
        "task_ids:\n- language-modeling\n"
        "tags:\n- code\n- rust\n- chatml\n- reasoning\n- data-flow\n"
        f"size_categories:\n- {_size_category(report.records)}\n"
        f"pretty_name: {_q('svix-server cross-module data flows')}\n"
        "configs:\n" + configs + "dataset_info:\n" + infos + "---\n"
    )


def _cell(text: str) -> str:
    return text.replace("|", "∣").replace("\n", " ")


def _pct(share: float) -> str:
    return f"{100 * share:.1f} %"


def splits_section(report: ExportReport) -> str:
    draw = report.draw
    units = "code groups" if report.options.disjoint_code else "flows"
    joined = " (flows joined by a shared code line)" if report.options.disjoint_code else ""
    rows = "".join(
        f"| {s.name} | {len(s.flows)} | {s.records} | {s.num_bytes} | "
        f"{s.tokens.low} / {s.tokens.median} / {s.tokens.high} |\n"
        for s in report.splits
    )
    how = (
        f"Validation holds whole {units}{joined}, drawn with seed {report.options.seed}: the share of "
        f"records asked for was {draw.asked:g}, the share reached is {draw.reached:.3f} ({draw.groups} "
        f"{units} to draw from; the closest share whole {units} allow)."
        if draw.validation
        else "No validation split was asked for (`--eval-share 0`): every record is in train."
    )
    return (
        "## Splits\n\n"
        "Splits are disjoint by flow: every variant of a flow is in the same split. " + how + "\n\n"
        "| split | flows | records | bytes (JSONL) | tokens min / median / max |\n|---|---|---|---|---|\n"
        + rows
    )


def overlap_section(report: ExportReport) -> str:
    parts = [
        "## Code shared across splits\n\n"
        "Flows quote the same spans (a producer or a helper that many flows pass through), so "
        "disjoint flows can still share code. Measured by place: a code line counts as shared when "
        "another record quotes the same line of the same file (the variants of one flow share all of "
        "their code, so only other flows count as repeats).\n"
    ]
    for item in report.overlap:
        other = "validation" if item.split == "train" else "train"
        cross = (
            f" {_pct(item.cross_share)} of them are also quoted in {other};"
            if len(report.overlap) > 1
            else ""
        )
        parts.append(
            f"\n- **{item.split}**: {item.chars} characters of code;{cross} "
            f"{_pct(item.repeated_share)} are quoted by another flow too."
        )
        for repeat in item.top:
            parts.append(
                f"\n  - `{_cell(repeat.label)}`: quoted by {repeat.flows} flows, "
                f"in {plural(repeat.here, 'record')} here and {plural(repeat.other, 'record')} in {other}"
            )
    if report.options.disjoint_code:
        parts.append("\n\n`--disjoint-code` was given: no validation record quotes a line that train quotes.")
    return "".join(parts) + "\n"


def tokens_section(report: ExportReport) -> str:
    t = report.tokens
    checked = ""
    if report.options.max_length:
        over = len(report.too_long)
        checked = f" Checked against `--max-length {report.options.max_length}`: " + (
            f"{over} records do not fit." if over else "every record fits."
        )
    return (
        "## Token lengths\n\n"
        f"Tokens of each record rendered with `{TEMPLATE_FILE}` (the `num_tokens` column): "
        f"{report.counted}.\n\n"
        f"- minimum {t.low}, median {t.median}, maximum {t.high}\n"
        f"- recommended `max_length`: **{t.recommended}**, which holds every record whole "
        + (
            "(the maximum, rounded up to a multiple of 64)"
            if t.exact
            else "(the estimated maximum with a 25 % margin, rounded up to a multiple of 64)"
        )
        + f".{checked}\n\n"
        "A shorter `max_length` cuts records: the end of the answer and its end-of-turn token are lost, "
        "and code is cut in the middle of a span.\n"
    )


def usage_section(report: ExportReport) -> str:
    eval_line = '    eval_dataset=dataset["validation"],\n' if report.draw.validation else ""
    return (
        "## Training with TRL\n\n"
        "The `messages` config holds only the conversation, which TRL's `SFTTrainer` reads as a "
        f"conversational dataset. `{TEMPLATE_FILE}` is ChatML with the assistant turn inside "
        "`{% generation %}`, so `assistant_only_loss=True` trains on the answer (think block and code) "
        "and its `<|im_end|>`, never on the system message or the request. Use it with a tokenizer "
        "whose vocabulary has `<|im_start|>` and `<|im_end|>`, or add them as special tokens.\n\n"
        "```python\n"
        "from pathlib import Path\n\n"
        "from datasets import load_dataset\n"
        "from transformers import AutoTokenizer\n"
        "from trl import SFTConfig, SFTTrainer\n\n"
        'folder = "path/to/this/dataset"  # or its Hub id, with the template downloaded beside\n'
        'dataset = load_dataset(folder, "messages")\n'
        'tokenizer = AutoTokenizer.from_pretrained("your/base-model")\n'
        f'tokenizer.chat_template = Path(folder, "{TEMPLATE_FILE}").read_text()\n'
        "trainer = SFTTrainer(\n"
        '    model="your/base-model",\n'
        '    train_dataset=dataset["train"],\n' + eval_line + "    processing_class=tokenizer,\n"
        f'    args=SFTConfig(output_dir="out", max_length={report.tokens.recommended}, assistant_only_loss=True),\n'
        ")\n"
        "trainer.train()\n"
        "```\n\n"
        "Reasoning-model templates read the reasoning from a `reasoning_content` field of the assistant "
        "message. The default config has it as a column, beside `answer` (the content without the think "
        'block); build such messages with `messages[:2] + [{"role": "assistant", "content": answer, '
        '"reasoning_content": reasoning_content}]`. The shipped template renders them to the same text '
        "as `messages`.\n"
    )


def dataset_card(report: ExportReport, catalog: Catalog) -> str:
    """The whole card: front matter, then the sections a trainer reads."""
    source = catalog.source
    titles = {flow.id: flow.title for flow in catalog.flows}
    split_of = {flow: split.name for split in report.splits for flow in split.flows}
    flow_rows = "".join(
        f"| `{flow}` | {_cell(titles.get(flow, '(not in the catalog)'))} | {split_of[flow]} | {count} |\n"
        for flow, count in sorted(report.per_flow.items())
    )
    system = report.example["messages"][0]["content"]
    warned = ", ".join(f"{code} ×{n}" for code, n in sorted(report.warnings.items())) or "none"
    columns = (
        "- `type`: always `chatml`\n"
        "- `messages`: the system, user and assistant messages (`role`, `content`), unchanged from the corpus\n"
        "- `reasoning_content`: the think block's text, without its tags\n"
        "- `answer`: the assistant's content without the think block: the code\n"
        "- `flow`, `variant`: the flow's id in the catalog and the record's number among its variants\n"
        "- `record_sha256`: SHA-256 of the record's line in the corpus\n"
        f"- `num_tokens`: the record's tokens rendered with `{TEMPLATE_FILE}` (see Token lengths)\n"
    )
    return (
        front_matter(report) + "\n# svix-server cross-module data flows\n\n"
        "Chat-format (ChatML) examples that teach how data moves across module boundaries in "
        "`svix-server`, the Rust server of Svix. Each row is one conversation: a fixed system "
        "message, a maintainer's request, and an answer made of a `<think>` block of reasoning "
        "followed by the real code of the flow.\n\n"
        "## Record format\n\n"
        "The assistant's content is `<think>\\n…\\n</think>\\n\\n` then one fenced ```` ```rust ```` block per "
        "span, in flow order, separated by a blank line. Each block's first line is "
        "`// File: <path from the repository root> (lines A-B)` (with `, in <impl …>` for an item inside "
        "an impl, a trait or a module); the rest is lines A to B of that file at the pinned commit, byte "
        "for byte.\n\n"
        "The system prompt of every record:\n\n"
        f"> {system}\n\n"
        "Two configs: `default` (every column below) and `messages` (the `messages` column only).\n\n"
        "### Columns\n\n" + columns + "\n"
        "### Example row\n\n"
        f"The first train row, each string cut after {EXAMPLE_CUT} characters:\n\n"
        "```json\n"
        + example_json(report.example)
        + "\n```\n\n"
        + splits_section(report)
        + "\n"
        + overlap_section(report)
        + "\n"
        + tokens_section(report)
        + "\n"
        + usage_section(report)
        + "\n"
        "## Source and license\n\n"
        f"- Repository: {source.repository}\n"
        f"- Commit: `{source.commit}` (every span is quoted from this commit)\n"
        f"- Crate root: `{source.root}`\n"
        "- The quoted code is svix-webhooks' own, under the MIT license; its copyright and permission "
        "notice is in `LICENSE` and below.\n"
        f"- The hand-written text (system message, requests, think blocks) is released under the {TEXT_LICENSE} license.\n\n"
        "```text\n" + UPSTREAM_NOTICE + "```\n\n"
        "## How it was made\n\n"
        "Every request and every think block was written by hand by an operator; nothing in a record "
        "is generated. The code is assembled by `svix-flows` from the pinned checkout and verified "
        "byte for byte against it (comments, attributes and indentation kept).\n\n"
        "## Limitations\n\n"
        f"- The code is that of one pinned commit (`{source.commit[:12]}`); the server has moved on since.\n"
        f"- The dataset is small ({report.records} records over {len(report.per_flow)} flows): "
        "it teaches one codebase's flows, not Rust in general.\n"
        "- Flows share code (see above): validation measures unseen flows, not unseen code, unless "
        "the export was made with `--disjoint-code`.\n"
        "- Token counts are "
        + ("exact for one tokenizer only" if report.tokens.exact else "estimates")
        + ".\n\n"
        "## Records per flow\n\n"
        "| flow | title | split | records |\n|---|---|---|---|\n" + flow_rows + "\n"
        "## Validation\n\n"
        f"`svix-flows validate` against the checkout at export: {report.records} records, 0 errors, "
        f"{sum(report.warnings.values())} warnings ({warned}).\n\n"
        + (f"{report.reviewed}\n\n" if report.reviewed else "")
        + "## Export\n\n"
        f"Written by svix-flows {report.version} on {report.exported}"
        f" (`export --eval-share {report.options.eval_share:g} --seed {report.options.seed}"
        + (" --disjoint-code" if report.options.disjoint_code else "")
        + (" --reviewed-only" if report.options.reviewed_only else "")
        + "`).\n"
    )
