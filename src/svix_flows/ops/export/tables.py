"""The data files of an export: JSON Lines always, Parquet with `--parquet`.

Parquet is written through `pyarrow` (the `export` extra; this module is its only importer),
with the schema the card's `dataset_info` states, so both formats load to the same features.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from ...errors import UsageError
from ...files import replace_file

# (column, dtype) of the default config, in order; `messages` is a list of {role, content}
COLUMNS = (
    ("type", "string"),
    ("messages", "messages"),
    ("reasoning_content", "string"),
    ("answer", "string"),
    ("flow", "string"),
    ("variant", "int64"),
    ("record_sha256", "string"),
    ("num_tokens", "int64"),
)
MESSAGES_ONLY = (("messages", "messages"),)


def jsonl(rows: Sequence[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE) for row in rows)


def write_jsonl(path: Path, data: bytes) -> None:
    replace_file(path, [data])


def require_pyarrow() -> None:
    """A UsageError before any work when `--parquet` is asked for and pyarrow is missing."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise UsageError("--parquet needs the `pyarrow` library: pip install 'svix-flows[export]'") from None


def write_parquet(path: Path, rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    message = pa.struct([("role", pa.string()), ("content", pa.string())])
    kinds = {"string": pa.string(), "int64": pa.int64(), "messages": pa.list_(message)}
    schema = pa.schema([(name, kinds[kind]) for name, kind in columns])
    table = pa.Table.from_pylist([{name: row[name] for name, _ in columns} for row in rows], schema=schema)
    try:
        pq.write_table(table, str(path))
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc}") from None
