"""The record module: the exact layout `write` produces, and `validate` reading it back."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import orjson

from svix_flows.catalog import SpanRef
from svix_flows.files import read_lines
from svix_flows.records.record import assemble, dumps, module_names, parse_assistant, system_message
from svix_flows.rust.checkout import Checkout, Span

CHECKOUT = Path(__file__).parent / "fixtures" / "validate" / "checkout"
SYSTEM = (
    "You are the Svix Maintainer AI, an expert in the internal svix-server Rust architecture, "
    "specializing in cross-module data flows and data movement patterns."
)


def flow_spans() -> list[Span]:
    checkout = Checkout(CHECKOUT, "server/svix-server/src")
    refs = [("v1/endpoints/parcel.rs", "create_parcel"), ("core/parcel_app.rs", "impl ParcelApp")]
    return [checkout.span(SpanRef(file, symbol)) for file, symbol in refs]


def test_assemble_follows_the_design_layout() -> None:
    """The record is type + three messages, the answer `<think>\\n…\\n</think>\\n\\n` then the fences."""
    spans = flow_spans()
    record = assemble("SYS", "the request", "\n\nthe reasoning\n", spans)
    assert list(record) == ["type", "messages"]
    assert [list(m) for m in record["messages"]] == [["role", "content"]] * 3
    assert [m["role"] for m in record["messages"]] == ["system", "user", "assistant"]
    answer = record["messages"][2]["content"]
    first = spans[0]
    assert answer.startswith(
        "<think>\nthe reasoning\n</think>\n\n```rust\n"
        f"// File: server/svix-server/src/v1/endpoints/parcel.rs (lines {first.start_line}-{first.end_line})\n"
        f"{first.text}\n```\n\n```rust\n"
    )
    assert answer.endswith(f"{spans[1].text}\n```")


def test_dumps_is_one_line_ending_in_a_newline() -> None:
    """`dumps` gives exactly one JSONL line (inner newlines escaped) that parses back to the record."""
    record = assemble("SYS", "a\nrequest", "think", flow_spans())
    data = dumps(record)
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    assert orjson.loads(data) == record
    assert data.startswith(b'{"type":"chatml","messages":[{"role":"system","content":"SYS"}')


def test_parse_assistant_reads_back_what_assemble_wrote() -> None:
    """The think text and every block (path, lines, code) come back exactly, with no finding."""
    spans = flow_spans()
    answer = parse_assistant(assemble("S", "p", "why it works", spans)["messages"][2]["content"])
    assert answer.findings == ()
    assert answer.think == "why it works"
    assert [(b.path, b.start, b.end, b.code) for b in answer.blocks] == [
        (s.path, s.start_line, s.end_line, s.text) for s in spans
    ]


def test_a_span_holding_backticks_gets_a_longer_fence_and_parses_back() -> None:
    """A span whose text holds ``` is fenced with four backticks and its code is read back whole."""
    text = "/// ```\n/// let x = 1;\n/// ```\nfn x() {}"
    span = Span("a.rs", "server/svix-server/src/a.rs", "x", "fn", 3, 6, text)
    answer = parse_assistant(assemble("S", "p", "t", [span])["messages"][2]["content"])
    assert answer.findings == ()
    assert [(b.fence, b.code) for b in answer.blocks] == [("````", text)]


def test_parse_assistant_never_raises_on_garbage() -> None:
    """Any text gives an Answer; problems are findings, never exceptions."""
    samples = [
        "",
        "<think>",
        "</think><think>",
        "```",
        "<think>\n</think>\n\n````rust\n",
        "<think>x</think>\n```rust\n// File: a (lines 1-1)",
        "\x00\x1b[31m",
        "```rust\n```",
    ]
    for sample in samples:
        answer = parse_assistant(sample, line=7)
        assert answer.findings and all(f.line == 7 for f in answer.findings), sample


def test_system_message_prefers_the_workspace_copy(tmp_path: Path) -> None:
    """prompts/system.txt of the workspace wins (its final newline dropped); else the packaged one."""
    assert system_message(None) == SYSTEM
    assert system_message(tmp_path) == SYSTEM
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "system.txt").write_text("Another system message.\n")
    assert system_message(tmp_path) == "Another system message."


def test_iter_lines_numbers_lines_and_marks_the_unended_last_one() -> None:
    """Lines are numbered from 1, keep their bytes, and the last one says it has no newline."""
    lines = list(read_lines(io.BytesIO(b"a\n\nb\r\nc")))
    assert [(l.number, l.raw, l.ended) for l in lines] == [
        (1, b"a\n", True),
        (2, b"\n", True),
        (3, b"b\r\n", True),
        (4, b"c", False),
    ]


def test_a_line_over_the_limit_is_measured_not_held(tmp_path: Path) -> None:
    """A 40 MB line is reported by its size, never held whole, and the next line still comes."""
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as out:
        out.write(b'"' + b"x" * (40 * 2**20) + b'"\n{"next": 1}\n')
    tracemalloc.start()
    with open(big, "rb") as stream:
        lines = [(l.number, l.raw, l.size) for l in read_lines(stream, limit=2**20)]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert lines == [(1, None, 40 * 2**20 + 3), (2, b'{"next": 1}\n', 12)]
    assert peak < 4 * 2**20


def test_module_names_are_file_stems_or_the_folder_of_mod_rs() -> None:
    """message_app for core/message_app.rs, queue for queue/mod.rs; each name once, in order."""
    paths = ["s/src/core/message_app.rs", "s/src/queue/mod.rs", "s/src/worker.rs", "s/src/queue/mod.rs"]
    assert module_names(paths) == ["message_app", "queue", "worker"]


def test_assemble_keeps_the_think_blocks_own_indentation() -> None:
    """Only the blank lines around the operator's reasoning go; its spaces and tabs stay."""
    record = assemble("system", "request", "\n\n  indented\tline \n\n", [])
    assert record["messages"][2]["content"] == "<think>\n  indented\tline \n</think>\n\n"
