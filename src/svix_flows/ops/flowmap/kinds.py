"""The kinds of what a diagram holds: arrows, frames and lifelines.

Each is a `StrEnum`, so a kind compares equal to its text and prints as it: the SVG's class
names (`f-start-up`), the text table's frame titles and Mermaid's block words are the values.
"""

from __future__ import annotations

from enum import StrEnum


class ArrowKind(StrEnum):
    """What an arrow says happens."""

    CALL = "call"
    QUEUE = "queue"  # a task enqueued, or delivered to the worker that takes it
    RETURN = "return"
    ENTRY = "entry"  # the flow entered from outside, at start-up or on its own
    ORIGIN = "origin"  # a field's value, made (or checked) earlier by a function of the flow
    STORE = "store"  # a statement on the database, or a cache get/set


class FrameKind(StrEnum):
    """What a box around arrows says about when they run."""

    STARTUP = "start-up"  # what runs when the server loads, before any request
    PAR = "par"
    BACKGROUND = "background"
    TRANSACTION = "transaction"
    LOOP = "loop"
    OPT = "opt"  # an `if` decides whether it runs
    ALT = "alt"  # an `if` and its `else` both draw arrows


class LaneKind(StrEnum):
    """What a lifeline stands for; lifelines are drawn in this order."""

    MODULE = "module"
    STORE = "store"
    QUEUE = "queue"
