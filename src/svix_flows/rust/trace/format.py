"""`trace --format`: its choices, apart from the tracer so the CLI can name them cheaply."""

from enum import Enum


class TraceFormat(str, Enum):
    """What `trace` prints: the tree as text, JSON for machines, or a flows.toml spans list."""

    TEXT = "text"
    JSON = "json"
    TOML = "toml"
