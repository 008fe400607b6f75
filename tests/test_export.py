"""`export DIR`: a folder `datasets.load_dataset` reads, split by flow, with a dataset card."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from svix_flows.export import split_flows
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


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _front_matter(card: str) -> str:
    assert card.startswith("---\n")
    return card[4 : card.index("\n---\n", 4) + 1]


def test_export_writes_train_rows_with_flow_and_hash(corpus, cli, tmp_path):
    """Without an eval share every record is a train row: type, messages, flow, record hash."""
    result = cli("export", tmp_path / "ds")
    assert result.exit_code == 0, result.stderr
    rows = _rows(tmp_path / "ds/data/train.jsonl")
    assert [list(row) for row in rows] == [["type", "messages", "flow", "record_sha256"]] * 3
    assert Counter(row["flow"] for row in rows) == {"ticket_intake": 2, "ticket_close": 1}
    originals = [json.loads(line) for line in corpus.read_text().splitlines()]
    assert [row["messages"] for row in rows] == [rec["messages"] for rec in originals]
    assert not (tmp_path / "ds/data/eval.jsonl").exists()


def test_splits_are_disjoint_by_flow(corpus, cli, tmp_path):
    """With --eval-share, whole flows go to eval: no flow has rows in both splits."""
    result = cli("export", tmp_path / "ds", "--eval-share", "0.3", "--seed", "1")
    assert result.exit_code == 0, result.stderr
    train = {row["flow"] for row in _rows(tmp_path / "ds/data/train.jsonl")}
    held = {row["flow"] for row in _rows(tmp_path / "ds/data/eval.jsonl")}
    assert train and held and not train & held
    assert train | held == {"ticket_intake", "ticket_close"}


def test_split_draw_is_seeded_whole_flows_and_keeps_a_train_flow():
    """The draw depends on the seed only; eval reaches its share with whole flows, train keeps one."""
    counts = Counter({"a": 5, "b": 3, "c": 1, "d": 1})
    assert split_flows(counts, 0.2, 3) == split_flows(counts, 0.2, 3)
    for seed in range(20):
        train, held = split_flows(counts, 0.5, seed)
        assert set(train) | set(held) == set(counts) and not set(train) & set(held)
        assert sum(counts[f] for f in held) >= 5 or len(train) == 1
        assert train
    assert split_flows(counts, 0.0, 3) == (["a", "b", "c", "d"], [])


def test_card_front_matter_names_license_language_task_size_and_splits(corpus, cli, tmp_path):
    """The card's YAML front matter: MIT (svix-webhooks' license), en, text-generation, n<1K, files."""
    cli("export", tmp_path / "ds", "--eval-share", "0.3")
    front = _front_matter((tmp_path / "ds/README.md").read_text())
    assert "license: mit\n" in front
    assert "language:\n- en\n" in front
    assert "task_categories:\n- text-generation\n" in front
    assert "size_categories:\n- n<1K\n" in front
    assert "  - split: train\n    path: data/train.jsonl\n" in front
    assert "  - split: eval\n    path: data/eval.jsonl\n" in front


def test_card_body_states_source_counts_and_validation(corpus, cli, tmp_path):
    """The card's body names the repository and commit, records per flow, tokens, how and validation."""
    cli("export", tmp_path / "ds")
    card = (tmp_path / "ds/README.md").read_text()
    toml = (Path("flows.toml")).read_text()
    commit = toml.split('commit = "', 1)[1].split('"', 1)[0]
    assert f"`{commit}`" in card
    assert "| `ticket_intake` | Ticket intake: api → core → store → bus | train | 2 |" in card
    assert "| train | 2 | 3 | ~" in card
    assert "written by hand" in card and "byte for byte" in card
    assert "3 records, 0 errors" in card


def test_export_refuses_a_corpus_with_errors(corpus, cli, tmp_path):
    """A corpus whose code differs from the checkout is not exported: exit 1, no folder written."""
    corpus.write_text(corpus.read_text().replace("Bus", "Bux", 1))
    result = cli("export", tmp_path / "ds")
    assert result.exit_code == 1
    assert "errors" in result.stderr and "svix-flows validate" in result.stderr
    assert not (tmp_path / "ds").exists()


def test_datasets_loads_the_folder_when_it_is_installed(corpus, cli, tmp_path):
    """`datasets.load_dataset(DIR)` reads the export as is: both splits, their rows, the columns.

    `datasets` is not a dependency of svix-flows; the test runs where it happens to be installed."""
    datasets = pytest.importorskip("datasets")
    cli("export", tmp_path / "ds", "--eval-share", "0.3", "--seed", "1")
    loaded = datasets.load_dataset(str(tmp_path / "ds"), cache_dir=str(tmp_path / "hf"))
    assert sorted(loaded) == ["eval", "train"]
    assert loaded["train"].num_rows + loaded["eval"].num_rows == 3
    assert loaded["train"].column_names == ["type", "messages", "flow", "record_sha256"]


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
    (row,) = _rows(tmp_path / "out" / "data" / "train.jsonl")
    assert row["messages"] == json.loads(accepted)["messages"]
    card = (tmp_path / "out" / "README.md").read_text()
    assert "2 of 3 records, 1 accepted, 1 needing work" in card


def test_reviewed_only_without_an_accepted_record_is_refused(corpus, cli, tmp_path):
    """Nothing accepted yet: exit 1, nothing written, the review named."""
    result = cli("export", tmp_path / "out", "--reviewed-only")
    assert result.exit_code == 1 and "svix-flows review" in result.stderr
    assert not (tmp_path / "out").exists()
