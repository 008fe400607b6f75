"""`export DIR`: a folder a trainer uses as it is, split by flow, with lengths, template and card.

The tests of the draw and the overlap report run on small records built here; the others run
the command on records written through `write` in the synthetic authoring workspace.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from svix_flows.ops.export.records import ExportRecord, SpanUse, split_answer
from svix_flows.ops.export.splits import code_groups, draw, overlap
from test_write import CORPUS, texts  # noqa: F401 (a fixture)

CLOSE_REQUEST = "How does closing a ticket in the api reach the bus, and what does the bus announce?"
CLOSE_THINK = (
    "The close_ticket handler of api::tickets marks the row and hands the id to bus::mod, whose Bus::announce "
    "transforms it into an event; errors propagate with Result and ? so a failed store call "
    "returns before the bus is told, and the announce is one send for performance."
)


@pytest.fixture
def corpus(authoring_workspace, use_editor, texts, cli):
    """Three records: two variants of ticket_intake, one of ticket_close."""
    use_editor("fill")
    assert cli("write", "ticket_intake").exit_code == 0
    texts(request="Second angle: how does a posted ticket reach the bus, and what fails where?")
    assert cli("write", "ticket_intake", "--no-input").exit_code == 0
    texts(request=CLOSE_REQUEST, think=CLOSE_THINK)
    result = cli("write", "ticket_close", "--no-input")
    assert result.exit_code == 0, result.stderr
    return CORPUS


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def front_matter(card: str) -> str:
    assert card.startswith("---\n")
    return card[4 : card.index("\n---\n", 4) + 1]


def record(flow: str, *spans: tuple[str, int, int], variant: int = 1) -> ExportRecord:
    """A record quoting `spans` (path, first line, last line), each code line ten characters."""
    uses = tuple(
        SpanUse(path, start, end, f"{path}: {start}", "\n".join("x" * 9 for _ in range(end - start + 1)))
        for path, start, end in spans
    )
    return ExportRecord(0, f"{flow}{variant}", flow, variant, {}, "", "", uses)


# the draw and the overlap report


def test_draw_reaches_the_closest_share_whole_flows_allow():
    """Flows of 5, 3, 1 and 1 records: a share of 0.2 of 10 is reached exactly (two one-record
    flows), where drawing flows until the share is passed could give 0.5 or 0.8."""
    records = [record("a", variant=i) for i in range(5)] + [record("b", variant=i) for i in range(3)]
    records += [record("c"), record("d")]
    for seed in range(10):
        result = draw(records, 0.2, seed, disjoint_code=False)
        assert result.reached == pytest.approx(0.2)
        assert set(result.validation) == {"c", "d"}
        result = draw(records, 0.5, seed, disjoint_code=False)
        assert result.reached == pytest.approx(0.5)


def test_draw_is_seeded_and_keeps_a_flow_on_each_side():
    """The same seed gives the same draw; different seeds may pick different flows of equal size;
    even a share of 0.99 leaves train a flow."""
    records = [record(flow) for flow in "abcdef"]
    assert draw(records, 0.5, 3, disjoint_code=False) == draw(records, 0.5, 3, disjoint_code=False)
    picks = {draw(records, 0.5, seed, disjoint_code=False).validation for seed in range(20)}
    assert len(picks) > 1
    high = draw(records, 0.99, 0, disjoint_code=False)
    assert len(high.train) == 1 and high.reached == pytest.approx(5 / 6)


def test_a_validation_split_of_a_single_flow_is_refused():
    """With one flow there is nothing to hold out: a share above 0 is refused in one message."""
    from svix_flows.errors import DataError

    records = [record("a", variant=1), record("a", variant=2)]
    with pytest.raises(DataError, match="needs two flows"):
        draw(records, 0.2, 0, disjoint_code=False)
    assert draw(records, 0.0, 0, disjoint_code=False).train == ("a",)


def test_code_groups_join_flows_through_any_shared_line():
    """a and b share a line, b and c share another: one group; d quotes a neighbouring line only."""
    records = [
        record("a", ("x.rs", 1, 10)),
        record("b", ("x.rs", 10, 12), ("y.rs", 1, 3)),
        record("c", ("y.rs", 3, 4)),
        record("d", ("x.rs", 11, 11)),  # inside b's span: joined to b too
        record("e", ("z.rs", 1, 2)),
    ]
    assert code_groups(records) == [["a", "b", "c", "d"], ["e"]]


def test_disjoint_code_keeps_validation_code_out_of_train():
    """With --disjoint-code no validation record quotes a line train quotes: the overlap is 0."""
    records = [
        record("a", ("x.rs", 1, 10)),
        record("b", ("x.rs", 5, 6)),
        record("c", ("y.rs", 1, 4)),
        record("d", ("z.rs", 1, 4)),
    ]
    for seed in range(10):
        result = draw(records, 0.5, seed, disjoint_code=True)
        assert set(result.validation) in ({"a", "b"}, {"c", "d"})
        assert all(item.cross_chars == 0 for item in overlap(records, result))


def test_overlap_counts_the_characters_the_other_split_quotes_too():
    """train quotes lines 1-10 of x.rs; validation quotes 6-10 of it and 1-5 of y.rs: half of
    validation's characters are in train, and the shared span is named with its counts."""
    records = [record("a", ("x.rs", 1, 10)), record("b", ("x.rs", 6, 10), ("y.rs", 1, 5))]
    result = draw(records, 0.5, 0, disjoint_code=False)
    by_split = {item.split: item for item in overlap(records, result)}
    held = by_split["validation"] if result.validation == ("b",) else by_split["train"]
    assert held.chars == 100 and held.cross_chars == 50 and held.cross_share == 0.5


def test_overlap_names_the_most_repeated_spans():
    """A span quoted by three flows is listed first, with its flows and its records in each split."""
    shared = ("bus.rs", 1, 3)
    records = [record("a", shared), record("b", shared), record("c", shared, ("c.rs", 1, 1))]
    result = draw(records, 0.0, 0, disjoint_code=False)
    (train,) = overlap(records, result)
    top = train.top[0]
    assert (top.label, top.flows, top.here, top.other) == ("bus.rs: 1", 3, 3, 0)
    assert train.repeated_share == pytest.approx(90 / 100)


def test_variants_of_one_flow_are_not_repeats():
    """Two variants of a flow quote the same code by design: no repeated share, no repeated span."""
    records = [record("a", ("x.rs", 1, 4), variant=1), record("a", ("x.rs", 1, 4), variant=2)]
    (train,) = overlap(records, draw(records, 0.0, 0, disjoint_code=False))
    assert train.repeated_chars == 0 and train.top == ()


def test_the_answer_split_gives_the_content_back_byte_for_byte():
    """`<think>\\nR\\n</think>\\n\\nA` is split into R and A, and R and A give the content back."""
    content = "<think>\nwhy\n\nand how\n</think>\n\n```rust\n// File: a.rs (lines 1-1)\nfn a() {}\n```"
    reasoning, answer = split_answer(content)
    assert reasoning == "why\n\nand how" and answer.startswith("```rust")
    assert f"<think>\n{reasoning}\n</think>\n\n{answer}" == content


# the command


def test_export_writes_rows_with_reasoning_answer_and_tokens_beside_unchanged_messages(corpus, cli, tmp_path):
    """Each train row: the record's type and messages unchanged, its reasoning and answer apart,
    flow, variant, record hash and token count; the messages config holds messages only."""
    result = cli("export", tmp_path / "ds")
    assert result.exit_code == 0, result.stderr
    found = rows(tmp_path / "ds/data/train.jsonl")
    assert [list(row) for row in found] == [
        ["type", "messages", "reasoning_content", "answer", "flow", "variant", "record_sha256", "num_tokens"]
    ] * 3
    originals = [json.loads(line) for line in corpus.read_text().splitlines()]
    assert [row["messages"] for row in found] == [rec["messages"] for rec in originals]
    for row in found:
        content = row["messages"][2]["content"]
        assert content == f"<think>\n{row['reasoning_content']}\n</think>\n\n{row['answer']}"
    assert Counter((row["flow"], row["variant"]) for row in found) == {
        ("ticket_intake", 1): 1,
        ("ticket_intake", 2): 1,
        ("ticket_close", 1): 1,
    }
    assert rows(tmp_path / "ds/data/messages/train.jsonl") == [{"messages": row["messages"]} for row in found]
    assert not (tmp_path / "ds/data/validation.jsonl").exists()


def test_validation_split_is_named_validation_and_disjoint_by_flow(corpus, cli, tmp_path):
    """With --eval-share the held-out split is `validation`, and no flow has rows on both sides."""
    result = cli("export", tmp_path / "ds", "--eval-share", "0.3", "--seed", "1")
    assert result.exit_code == 0, result.stderr
    train = {row["flow"] for row in rows(tmp_path / "ds/data/train.jsonl")}
    held = {row["flow"] for row in rows(tmp_path / "ds/data/validation.jsonl")}
    assert train and held and not train & held
    assert train | held == {"ticket_intake", "ticket_close"}
    assert "validation share: asked 0.3, reached 0.333 (seed 1)" in result.stderr


def test_card_records_seed_share_asked_and_reached(corpus, cli, tmp_path):
    """The card says the seed, the share asked for and the share reached."""
    cli("export", tmp_path / "ds", "--eval-share", "0.3", "--seed", "1")
    card = (tmp_path / "ds/README.md").read_text()
    assert "drawn with seed 1" in card and "asked for was 0.3, the share reached is 0.333" in card
    assert "(`export --eval-share 0.3 --seed 1`)" in card


def test_overlap_is_printed_and_in_the_card(corpus, cli, tmp_path):
    """Both flows quote Bus::announce: the command and the card give each split's shared share and
    name the span."""
    result = cli("export", tmp_path / "ds", "--eval-share", "0.3", "--seed", "1")
    card = (tmp_path / "ds/README.md").read_text()
    assert "validation code: " in result.stderr and "% also in train" in result.stderr
    assert "Bus::announce (2 flows)" in result.stderr
    assert "## Code shared across splits" in card and "Bus::announce" in card
    assert "of them are also quoted in train" in card


def test_disjoint_code_refuses_when_all_flows_share_code(corpus, cli, tmp_path):
    """The two flows share Bus::announce, so --disjoint-code has no validation to give: exit 1, one
    line, nothing written."""
    result = cli("export", tmp_path / "ds", "--eval-share", "0.3", "--disjoint-code")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "form one group" in result.stderr
    assert not (tmp_path / "ds").exists()


def test_estimated_tokens_use_the_one_figure_of_validate(corpus, cli, tmp_path):
    """Without --tokenizer the counts are validate's estimate, the card says so with its figure,
    and the recommended max_length holds the longest record with the stated margin."""
    from svix_flows.checks.lints import CHARS_PER_TOKEN, estimate_tokens

    cli("export", tmp_path / "ds")
    found = rows(tmp_path / "ds/data/train.jsonl")
    assert [row["num_tokens"] for row in found] == [
        estimate_tokens(*(m["content"] for m in row["messages"])) for row in found
    ]
    card = (tmp_path / "ds/README.md").read_text()
    assert f"estimated, not counted: characters / {CHARS_PER_TOKEN}" in card
    assert "four characters" not in card
    high = max(row["num_tokens"] for row in found)
    recommended = int(card.split("recommended `max_length`: **", 1)[1].split("**", 1)[0])
    assert recommended >= high * 1.25 and recommended % 64 == 0
    assert f"max_length={recommended}" in card


def test_max_length_warns_about_records_that_do_not_fit(corpus, cli, tmp_path):
    """--max-length below the records' lengths: a warning naming them, the export still written."""
    result = cli("export", tmp_path / "ds", "--max-length", "10")
    assert result.exit_code == 0, result.stderr
    assert "warning: 3 records do not fit --max-length 10: ticket_intake 1 (line 1): " in result.stderr
    assert "3 records do not fit" in (tmp_path / "ds/README.md").read_text()


def test_max_length_strict_refuses_records_that_do_not_fit(corpus, cli, tmp_path):
    """With --strict the same export is refused: exit 1, one line, nothing written."""
    result = cli("export", tmp_path / "ds", "--max-length", "10", "--strict")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "3 records do not fit (estimated tokens)" in result.stderr
    assert not (tmp_path / "ds").exists()


def test_card_front_matter_follows_hub_conventions(corpus, cli, tmp_path):
    """License, creators, source, task ids, both configs and dataset_info with sizes per split."""
    cli("export", tmp_path / "ds", "--eval-share", "0.3", "--seed", "1")
    front = front_matter((tmp_path / "ds/README.md").read_text())
    for field in (
        "license: mit\n",
        "language:\n- en\n",
        "annotations_creators:\n- expert-generated\n",
        "language_creators:\n- expert-generated\n- found\n",
        "source_datasets:\n- original\n",
        "task_categories:\n- text-generation\n",
        "task_ids:\n- language-modeling\n",
        "size_categories:\n- n<1K\n",
        "- config_name: default\n  data_files:\n  - split: train\n    path: data/train.jsonl\n",
        "  - split: validation\n    path: data/validation.jsonl\n",
        "- config_name: messages\n  data_files:\n  - split: train\n    path: data/messages/train.jsonl\n",
        "  - name: reasoning_content\n    dtype: string\n",
    ):
        assert field in front
    train_bytes = (tmp_path / "ds/data/train.jsonl").stat().st_size
    assert f"  - name: train\n    num_bytes: {train_bytes}\n    num_examples: 2\n" in front


def test_card_body_has_what_a_trainer_needs(corpus, cli, tmp_path):
    """Example row, system prompt, record format, tokens, a TRL snippet, limitations, source,
    license of both kinds of text, validation, tool version and date."""
    cli("export", tmp_path / "ds")
    card = (tmp_path / "ds/README.md").read_text()
    toml = Path("flows.toml").read_text()
    commit = toml.split('commit = "', 1)[1].split('"', 1)[0]
    system = Path("prompts/system.txt").read_text().strip() if Path("prompts/system.txt").exists() else None
    for heading in ("## Record format", "### Example row", "## Token lengths", "## Training with TRL"):
        assert heading in card
    for part in ("## Limitations", "## Source and license", "## Validation", "## Export"):
        assert part in card
    assert system is None or f"> {system}\n" in card
    assert "// File: <path from the repository root> (lines A-B)" in card
    assert "SFTTrainer(" in card and "assistant_only_loss=True" in card
    assert f"`{commit}`" in card and "Copyright (c) 2021 Svix" in card
    assert "hand-written text (system message, requests, think blocks) is released under the MIT" in card
    assert "| `ticket_intake` | Ticket intake: api → core → store → bus | train | 2 |" in card
    assert "3 records, 0 errors" in card and "Written by svix-flows " in card


def test_export_ships_the_license_and_the_template(corpus, cli, tmp_path):
    """LICENSE carries svix-webhooks' MIT notice and the hand-written text's terms; the template is
    the one the package defines."""
    from svix_flows.ops.export.chatml import CHAT_TEMPLATE
    from svix_flows.ops.export.licenses import UPSTREAM_NOTICE

    cli("export", tmp_path / "ds")
    license_text = (tmp_path / "ds/LICENSE").read_text()
    assert UPSTREAM_NOTICE in license_text and "written by hand" in license_text
    assert (tmp_path / "ds/chat_template.jinja").read_text() == CHAT_TEMPLATE


def test_export_refuses_a_corpus_with_errors(corpus, cli, tmp_path):
    """A corpus whose code differs from the checkout is not exported: exit 1, no folder written."""
    corpus.write_text(corpus.read_text().replace("Bus", "Bux", 1))
    result = cli("export", tmp_path / "ds")
    assert result.exit_code == 1
    assert "errors" in result.stderr and "svix-flows validate" in result.stderr
    assert not (tmp_path / "ds").exists()


def test_reviewed_only_exports_the_accepted_records_alone(corpus, cli, tmp_path):
    """`--reviewed-only` keeps the records a review accepted; needs-work and unreviewed stay out,
    and the card says how many records were reviewed."""
    assert cli("review", "ticket_intake", "--variant", "2", "--accept", "--no-input").exit_code == 0
    assert (
        cli("review", "ticket_close", "--variant", "1", "--needs-work", "vague", "--no-input").exit_code == 0
    )
    accepted = CORPUS.read_bytes().splitlines()[1]
    result = cli("export", tmp_path / "out", "--reviewed-only")
    assert result.exit_code == 0, result.stderr
    (row,) = rows(tmp_path / "out" / "data" / "train.jsonl")
    assert row["messages"] == json.loads(accepted)["messages"]
    card = (tmp_path / "out" / "README.md").read_text()
    assert "2 of 3 records, 1 accepted, 1 needing work" in card


def test_reviewed_only_without_an_accepted_record_is_refused(corpus, cli, tmp_path):
    """Nothing accepted yet: exit 1, nothing written, the review named."""
    result = cli("export", tmp_path / "out", "--reviewed-only")
    assert result.exit_code == 1 and "svix-flows review" in result.stderr
    assert not (tmp_path / "out").exists()
