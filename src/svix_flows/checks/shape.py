"""A record's shape: the fast proof that it is well formed, jsonschema's reasons when it is not,
the order of its keys, keys written twice, and a line that is not JSON.

The fast path proves a record well formed with plain Python checks on the orjson-parsed dict;
only a record that fails them meets `jsonschema`, the authority that names each violation with
its JSON path.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..records.findings import Finding, finding, printable

_ROLES = ("system", "user", "assistant")
_RECORD_KEYS = ("type", "messages")
_MESSAGE_KEYS = ("role", "content")
# system, user and assistant contents (None where a damaged record has none)
Contents = tuple[str | None, str | None, str | None]


@lru_cache(maxsize=1)
def schema_validator() -> Any:
    """The packaged record schema, compiled once per process."""
    import json
    from importlib.resources import files

    from jsonschema import Draft202012Validator

    schema = json.loads((files("svix_flows") / "data" / "record.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def well_formed(record: dict[str, Any]) -> bool:
    """True only if the schema holds and the keys are in order (a proof, not a guess).

    Every condition of record.schema.json is here, so True never hides a violation;
    False sends the record to jsonschema and the key-order check for the exact reasons.
    """
    if len(record) != 2 or tuple(record) != _RECORD_KEYS or record["type"] != "chatml":
        return False
    messages = record["messages"]
    if type(messages) is not list or len(messages) != 3:
        return False
    for message, role in zip(messages, _ROLES):
        if type(message) is not dict or tuple(message) != _MESSAGE_KEYS:
            return False
        content = message["content"]
        if message["role"] != role or type(content) is not str or not content or content.isspace():
            return False
    return True


def schema_findings(record: dict[str, Any], line: int) -> list[Finding]:
    errors = sorted(schema_validator().iter_errors(record), key=lambda e: list(e.absolute_path))
    found = [
        finding(line, "E201", f"at {error.json_path}: {_describe(error)}", error.json_path)
        for error in errors
    ]
    found.extend(_key_order(record, line))
    return found


def _describe(error: Any) -> str:
    """A short message for a schema error; jsonschema's own repr can quote a whole record."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "type":
        return f"is {json_type(instance)}, expected {value}"
    if kind in ("const", "enum"):
        wanted = repr(value) if kind == "const" else " or ".join(map(repr, value))
        return f"is {printable(repr(instance), 40)}, expected {printable(wanted, 60)}"
    if kind in ("minItems", "maxItems", "items"):
        return f"has {len(instance)} messages, expected 3 (system, user, assistant)"
    if kind == "additionalProperties":
        extra = sorted(set(instance) - set(error.schema.get("properties", {})))
        return f"unknown key(s) {printable(', '.join(map(repr, extra)), 80)}"
    if kind in ("minLength", "pattern"):
        return "is empty or only blank space"
    return printable(error.message, 160)


def json_type(value: Any) -> str:
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _key_order(record: dict[str, Any], line: int) -> list[Finding]:
    found = []
    if set(record) == set(_RECORD_KEYS) and tuple(record) != _RECORD_KEYS:
        found.append(finding(line, "E202", "keys are not in the order type, messages", "$"))
    messages = record.get("messages")
    for index, message in enumerate(messages if isinstance(messages, list) else []):
        if (
            isinstance(message, dict)
            and set(message) == set(_MESSAGE_KEYS)
            and tuple(message) != _MESSAGE_KEYS
        ):
            found.append(
                finding(line, "E202", "keys are not in the order role, content", f"$.messages[{index}]")
            )
    return found


def contents(record: dict[str, Any]) -> Contents:
    """System, user and assistant contents where a damaged record still holds them."""
    messages = record.get("messages")
    if not isinstance(messages, list):
        return None, None, None
    out: list[str | None] = []
    for index, role in enumerate(_ROLES):
        message = messages[index] if index < len(messages) else None
        ok = isinstance(message, dict) and message.get("role") == role
        content = message.get("content") if ok and isinstance(message, dict) else None
        out.append(content if isinstance(content, str) and content.strip() else None)
    return out[0], out[1], out[2]


def duplicate_keys(data: bytes, record: Any, line: int) -> list[Finding]:
    """E109 for each key written twice in one object (orjson keeps the last one silently).

    orjson writes the shortest JSON of a value, so a line that is exactly as long as the
    re-encoding of what was read holds nothing that was dropped: no key twice. Only a line
    that is longer (a repeated key, or spaces and escapes another writer chose) is read again
    with every key kept.
    """
    import orjson

    try:
        if len(orjson.dumps(record)) == len(data.rstrip(b"\r\n")):
            return []
    except orjson.JSONEncodeError:
        pass
    import json

    doubled: list[str] = []

    def pairs(items: list[Any]) -> dict[Any, Any]:
        seen = set()
        for key, _ in items:
            if key in seen and key not in doubled:
                doubled.append(key)
            seen.add(key)
        return dict(items)

    try:
        json.loads(data, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return []
    return [
        finding(
            line,
            "E109",
            f"the key {printable(repr(key), 40)} appears twice in one object; only the last would be read",
        )
        for key in doubled
    ]


def parse_problem(data: bytes, exc: Exception, line: int) -> Finding:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        return finding(line, "E102", f"byte 0x{data[bad.start]:02x} at column {bad.start + 1} is not UTF-8")
    message = getattr(exc, "msg", None) or str(exc)
    pos = getattr(exc, "pos", None)
    where = f" at column {pos + 1}" if isinstance(pos, int) else ""
    return finding(line, "E101", f"{printable(message, 120)}{where}")
