"""The configuration's defaults: the numbers `config.default.toml` beside the crate sets, and
the serde default functions (`#[serde(default = "default_x")]` → `fn default_x() -> u64 { 45 }`)
read as one-value functions by `values`."""

from __future__ import annotations

import re
import tomllib
from typing import TYPE_CHECKING

from ..checkout import DEFAULTS_FILE
from .values import Value

if TYPE_CHECKING:
    from ..checkout import Checkout


def read_config_defaults(checkout: Checkout) -> dict[str, list[Value]]:
    """The numbers (and lists of numbers) the default configuration file gives its top-level
    keys, each with its line; nothing when the file is missing or does not parse."""
    path = checkout.crate_dir.parent / DEFAULTS_FILE
    try:
        text = path.read_text(encoding="utf-8")
        table = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    shown = f"../{DEFAULTS_FILE}"  # where a message points, relative to the crate's `src/`
    found: dict[str, list[Value]] = {}
    for key, raw in table.items():
        numbers = _numbers(raw)
        if numbers is None:
            continue
        line = _line_of(text, key)
        found[key] = [Value(str(raw), numbers, False, shown, line)]
    return found


def _numbers(raw: object) -> tuple[float, ...] | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return (float(raw),)
    if (
        isinstance(raw, list)
        and raw
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in raw)
    ):
        return tuple(float(x) for x in raw)
    return None


def _line_of(text: str, key: str) -> int:
    match = re.search(r"^\s*" + re.escape(key) + r"\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match is not None else 1
