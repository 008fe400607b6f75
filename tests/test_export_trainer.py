"""The export as a trainer's libraries see it: `datasets`, `huggingface_hub`, `tokenizers`,
`pyarrow`, `jinja2` and `transformers`, all in the `test` extra so that CI runs every test here.

No download: the tokenizer is built here with `tokenizers` from the records' own text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svix_flows.ops.export.chatml import CHAT_TEMPLATE, END_OF_TURN, render
from test_export import corpus, front_matter, rows  # noqa: F401 (a fixture)
from test_write import texts  # noqa: F401 (a fixture)

SPECIAL = ["<|im_start|>", "<|im_end|>"]


def build_tokenizer(path: Path, texts: list[str]) -> Path:
    """A small byte-level BPE trained on `texts`, with the ChatML markers as special tokens."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=SPECIAL, show_progress=False)
    tokenizer.train_from_iterator(texts, trainer)
    tokenizer.save(str(path))
    return path


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """The Hub libraries never reach for the network (each reads these when first imported)."""
    for name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.setenv(name, "1")


@pytest.fixture
def exported(corpus, cli, tmp_path):
    """The corpus exported with a validation split."""
    result = cli("export", tmp_path / "ds", "--eval-share", "0.3", "--seed", "1")
    assert result.exit_code == 0, result.stderr
    return tmp_path / "ds"


def test_datasets_loads_both_configs_with_the_cards_features(exported, tmp_path):
    """`load_dataset(DIR)` gives train and validation with the card's columns; the `messages`
    config gives the conversation alone; rows are the records, split by flow."""
    import datasets

    loaded = datasets.load_dataset(str(exported), cache_dir=str(tmp_path / "hf"))
    assert sorted(loaded) == ["train", "validation"]
    assert loaded["train"].column_names == [
        "type",
        "messages",
        "reasoning_content",
        "answer",
        "flow",
        "variant",
        "record_sha256",
        "num_tokens",
    ]
    assert loaded["train"].num_rows + loaded["validation"].num_rows == 3
    assert not set(loaded["train"]["flow"]) & set(loaded["validation"]["flow"])
    messages = datasets.load_dataset(str(exported), "messages", cache_dir=str(tmp_path / "hf"))
    assert messages["train"].column_names == ["messages"]
    assert messages["train"]["messages"] == loaded["train"]["messages"]


def test_huggingface_hub_parses_the_card(exported):
    """`DatasetCard.load` reads the card's metadata: license, creators, configs, dataset_info."""
    from huggingface_hub import DatasetCard

    card = DatasetCard.load(exported / "README.md")
    data = card.data.to_dict()
    assert data["license"] == "mit" and data["task_ids"] == ["language-modeling"]
    assert data["annotations_creators"] == ["expert-generated"] and data["source_datasets"] == ["original"]
    assert [config["config_name"] for config in data["configs"]] == ["default", "messages"]
    info = {item["config_name"]: item for item in data["dataset_info"]}
    assert [s["name"] for s in info["default"]["splits"]] == ["train", "validation"]
    assert "## Training with TRL" in card.text


def test_the_template_renders_as_the_python_rendering_in_both_forms(exported):
    """jinja2 renders the shipped template to `chatml.render`, and the reasoning form (reasoning
    and answer apart) renders to the same text as the unchanged messages."""
    import jinja2

    environment = jinja2.Environment(extensions=[_generation_marks(jinja2)])
    template = environment.from_string((exported / "chat_template.jinja").read_text())
    for row in rows(exported / "data/train.jsonl"):
        split = row["messages"][:2] + [
            {"role": "assistant", "content": row["answer"], "reasoning_content": row["reasoning_content"]}
        ]
        plain = template.render(messages=row["messages"]).replace("\x02", "").replace("\x03", "")
        assert plain == render(row["messages"]) == render(split)
        assert template.render(messages=split) == template.render(messages=row["messages"])


def test_the_generation_block_holds_exactly_the_answer_and_its_end_of_turn(exported):
    """The one `{% generation %}` span of a rendered record is the assistant content then
    <|im_end|>: nothing of the system message, the request or the role header."""
    import jinja2

    environment = jinja2.Environment(extensions=[_generation_marks(jinja2)])
    template = environment.from_string(CHAT_TEMPLATE)
    for row in rows(exported / "data/train.jsonl"):
        text = template.render(messages=row["messages"])
        assert text.count("\x02") == 1
        marked = text[text.index("\x02") + 1 : text.index("\x03")]
        assert marked == row["messages"][2]["content"] + END_OF_TURN


def test_transformers_masks_exactly_the_answer(exported, tmp_path):
    """transformers' `apply_chat_template(..., return_assistant_tokens_mask=True)` with the shipped
    template and a local tokenizer: the masked tokens decode to the answer and <|im_end|>."""
    from transformers import PreTrainedTokenizerFast

    records = rows(exported / "data/train.jsonl") + rows(exported / "data/validation.jsonl")
    path = build_tokenizer(tmp_path / "tokenizer.json", [render(r["messages"]) for r in records])
    tokenizer = PreTrainedTokenizerFast(tokenizer_file=str(path))
    for row in records:
        out = tokenizer.apply_chat_template(
            row["messages"],
            chat_template=(exported / "chat_template.jinja").read_text(),
            tokenize=True,
            return_dict=True,
            return_assistant_tokens_mask=True,
        )
        ids, mask = out["input_ids"], out["assistant_masks"]
        assert tokenizer.decode(ids) == render(row["messages"])
        kept = [token for token, keep in zip(ids, mask) if keep]
        assert tokenizer.decode(kept) == row["messages"][2]["content"] + END_OF_TURN
        assert sum(mask) < len(ids)


def test_tokenizer_gives_exact_counts_and_the_card_says_so(corpus, cli, tmp_path):
    """With --tokenizer each row's num_tokens is that tokenizer's count of the rendered record, the
    card says the counts are exact, and max_length is the longest rounded up to 64."""
    from tokenizers import Tokenizer

    texts = [json.dumps(json.loads(line)) for line in corpus.read_text().splitlines()]
    path = build_tokenizer(tmp_path / "tokenizer.json", texts)
    result = cli("export", tmp_path / "ds", "--tokenizer", path)
    assert result.exit_code == 0, result.stderr
    tokenizer = Tokenizer.from_file(str(path))
    found = rows(tmp_path / "ds/data/train.jsonl")
    counts = [len(tokenizer.encode(render(row["messages"]), add_special_tokens=False).ids) for row in found]
    assert [row["num_tokens"] for row in found] == counts
    card = (tmp_path / "ds/README.md").read_text()
    assert "exact, counted by the tokenizer tokenizer.json" in card
    assert f"recommended `max_length`: **{-(-max(counts) // 64) * 64}**" in card
    assert "tokens exact:" in result.stderr


def test_a_file_that_is_not_a_tokenizer_is_one_line_and_exit_2(corpus, cli, tmp_path):
    """--tokenizer on a file the library cannot read: exit 2, one line, nothing written."""
    (tmp_path / "bad.json").write_text('{"not": "a tokenizer"}')
    result = cli("export", tmp_path / "ds", "--tokenizer", tmp_path / "bad.json")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "not a tokenizer.json" in result.stderr and not (tmp_path / "ds").exists()


def test_parquet_holds_the_same_rows_and_the_card_points_at_it(corpus, cli, tmp_path):
    """--parquet writes each split as Parquet beside the JSON Lines, with the same rows, and the
    card's configs read the Parquet files."""
    import pyarrow.parquet as pq

    result = cli("export", tmp_path / "ds", "--parquet", "--eval-share", "0.3")
    assert result.exit_code == 0, result.stderr
    for split in ("train", "validation"):
        table = pq.read_table(tmp_path / f"ds/data/{split}.parquet")
        assert table.to_pylist() == rows(tmp_path / f"ds/data/{split}.jsonl")
        only = pq.read_table(tmp_path / f"ds/data/messages/{split}.parquet")
        assert only.column_names == ["messages"]
    front = front_matter((tmp_path / "ds/README.md").read_text())
    assert "    path: data/train.parquet\n" in front and ".jsonl" not in front
    parquet_bytes = sum(
        (tmp_path / f"ds/data/{split}.parquet").stat().st_size for split in ("train", "validation")
    )
    assert f"  download_size: {parquet_bytes}\n" in front


def _generation_marks(jinja2):
    """A jinja2 extension like transformers' own: `{% generation %}…{% endgeneration %}` renders
    its body between \\x02 and \\x03, so a test can find the span."""
    from jinja2 import nodes
    from jinja2.ext import Extension

    class Marks(Extension):
        tags = frozenset({"generation"})

        def parse(self, parser):
            lineno = next(parser.stream).lineno
            body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
            return nodes.CallBlock(self.call_method("_mark"), [], [], body).set_lineno(lineno)

        def _mark(self, caller):
            return "\x02" + caller() + "\x03"

    return Marks
