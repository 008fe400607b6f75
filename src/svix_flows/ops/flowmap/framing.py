"""The frames of one function's arrows, opened and closed as its edges are drawn.

Consecutive edges inside the same construct share a frame, which also holds what their callees
draw; a new branch of the construct is a new section of it (`par`'s branches, `alt`'s `else`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import FrameKind
from .model import Arrow, Frame
from .scopes import Scope


@dataclass
class _Open:
    """A frame whose end is not known yet: its construct, its first arrow and its branches."""

    scope: Scope
    begin: int
    branches: list[tuple[int, int]]  # (branch of the construct, its first arrow)


def _condition_frame(scope: Scope, open_: _Open, end: int, starts: tuple[int, ...]) -> Frame:
    """An `if`'s frame: `alt` when both of its branches draw, else `opt` (`else of …` when
    only the `else` does)."""
    if len(open_.branches) > 1:
        return Frame(FrameKind.ALT, scope.label, open_.begin, end, starts)
    if open_.branches[0][0] == 0:
        return Frame(FrameKind.OPT, scope.label, open_.begin, end)
    return Frame(FrameKind.OPT, f"else of {scope.label}", open_.begin, end)


class Framing:
    """Appends to `frames` as the frames around the arrows appended to `arrows` close."""

    def __init__(self, arrows: list[Arrow], frames: list[Frame]) -> None:
        self.arrows = arrows
        self.frames = frames
        self.open: list[_Open] = []

    def enter(self, context: tuple[Scope, ...]) -> None:
        """The next edge is inside `context` (outermost first): close the frames it has left,
        start a new branch where it moved to another, and open the ones it enters."""
        depth = 0
        while depth < min(len(self.open), len(context)) and self.open[depth].scope.key == context[depth].key:
            if self.open[depth].scope.branch != context[depth].branch:
                self._close(depth + 1)
                self.open[depth].scope = context[depth]
                self.open[depth].branches.append((context[depth].branch, len(self.arrows)))
                depth += 1
                break
            depth += 1
        self._close(depth)
        for scope in context[depth:]:
            self.open.append(_Open(scope, len(self.arrows), [(scope.branch, len(self.arrows))]))

    def close(self) -> None:
        """The function's edges are drawn: close every frame still open."""
        self._close(0)

    def _close(self, depth: int) -> None:
        while len(self.open) > depth:
            open_ = self.open.pop()
            end = len(self.arrows)
            if end == open_.begin:  # nothing inside was drawn
                continue
            scope = open_.scope
            starts = tuple(first for _, first in open_.branches[1:])
            if scope.kind == FrameKind.OPT:
                self.frames.append(_condition_frame(scope, open_, end, starts))
            else:
                self.frames.append(Frame(scope.kind, scope.label, open_.begin, end, starts))
