"""Where everything of an SVG diagram goes, before any SVG is written.

Every piece of text gets a box (`Layout.boxes`); the layout widens the gaps between lifelines
until each label fits between the lifelines it joins and each row holds one arrow, so no two
boxes meet. Text is a monospace stack every system has, measured at `CHAR_W` per character.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field, replace

from ...text import escape_controls
from .kinds import FrameKind
from .labels import label
from .model import Arrow, FlowMap, Frame
from .text import frame_levels, frame_title

FONT = 12
CHAR_W = 7.4  # the widest common monospace face at 12px is 7.23px a character
SMALL_W = 6.8
MARGIN = 24
LOOP_W = 28
HEAD_H = 30
PAD = 14
MIN_GAP = 112
MIN_WIDTH = 720.0
TITLE_FONT = 16
TITLE_W = 9.9
SUMMARY_FONT = 13
SUMMARY_W = 8.0
SUMMARY_LINES = 3
LINE = 16  # line height of the header's text
LABEL_LINE = 15  # line height of a wrapped label
WRAP = 42  # characters of a label line: longer labels wrap instead of widening the page
HEAD_CHARS = 22  # a longer module name takes two lines in its head
FRAME_HEAD = 24  # the row a frame's name tab takes
BRANCH_ROW = 20  # the row between two branches of a `par` or `alt`
FRAME_PAD = 12
FRAME_STEP = 9  # each enclosing frame this much wider
MIN_SCALE = 0.7  # a picture never shrinks below this, so its 12px text stays readable
# the widest picture an index page shows whole in a 1,400 px window: its figures are 1,337 px
# wide there, and a picture shrinks to MIN_SCALE at most
FIT_WIDTH = 1337 / MIN_SCALE
NARROWER_WRAPS = (36, 32, 28)  # tried in turn on a picture wider than FIT_WIDTH

Header = list[tuple[str, int, bool]]  # text, size, bold


@dataclass(frozen=True)
class Box:
    """A rectangle something is drawn in: a lifeline head or a label (x, y = top left)."""

    kind: str
    x: float
    y: float
    w: float
    h: float
    text: str

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


@dataclass
class Layout:
    """Where everything goes: lane centres, arrow rows, boxes of text, the canvas."""

    xs: list[float]
    width: float
    height: float
    top: float  # y of the lifeline heads
    rows: list[float] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    header: Header = field(default_factory=list)
    head_lines: list[list[str]] = field(default_factory=list)
    dividers: list[tuple[int, float]] = field(default_factory=list)  # frame index, y
    frames: list[tuple[int, float, float, float, float]] = field(default_factory=list)  # index, x, y, w, h
    footer: list[str] = field(default_factory=list)
    legend_top: float = 0.0


# XML 1.0 allows tab, newline, carriage return and U+0020 on, except the surrogates and
# U+FFFE/U+FFFF; anything else makes the document not well-formed, whatever the escaping
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` with every character XML forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def clean(text: str) -> str:
    """Source or catalog text made safe to place in an SVG."""
    return xml_safe(escape_controls(text))


def text_width(text: str, char_w: float = CHAR_W) -> float:
    return len(text) * char_w


def has_outside(diagram: FlowMap) -> bool:
    """Whether the diagram draws an `(outside)` lifeline: an arrow comes from or goes to it."""
    return any(a.source is None or a.target is None for a in diagram.arrows)


def lane_column(index: int | None, outside: bool) -> int:
    """The column of a lifeline index (None: the outside, column 0 when it is drawn)."""
    if index is None:
        return 0
    return index + 1 if outside else index


def split_name(name: str) -> list[str]:
    """A long module name on two lines, split at the `::` nearest its middle."""
    if len(name) <= HEAD_CHARS or "::" not in name:
        return [name]
    cuts = [i for i in range(len(name)) if name.startswith("::", i)]
    cut = min(cuts, key=lambda i: abs(i - len(name) / 2))
    return [name[: cut + 2], name[cut + 2 :]]


def _head_lines(diagram: FlowMap, index: int) -> list[str]:
    lane = diagram.lifelines[index]
    lines = split_name(clean(lane.name))
    if lane.types:
        lines.extend(textwrap.wrap(clean(", ".join(lane.types)), HEAD_CHARS + 6) or [""])
    return lines


def branch_word(frame: Frame) -> str:
    return "[and at the same time]" if frame.kind == FrameKind.PAR else "[else]"


def wrap_label(text: str, width: int = WRAP) -> list[str]:
    """An arrow's label in lines of about `width` characters, broken after a space, an opening
    parenthesis or a `::` before a function's name, never inside a name (a name longer than a line keeps its own line)."""
    lines: list[str] = []
    current = ""
    for token in re.split(r"(?<=[( ])|(?<=::)(?=[a-z_])", text):
        if current and len(current.rstrip()) + len(token.rstrip()) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def _label_width(lines: list[str]) -> float:
    return max(text_width(line) for line in lines)


def _widen(gaps: list[float], spans: list[tuple[int, int, int, float]]) -> None:
    """Widen the gaps under each label that does not fit, the shortest spans first, each gap
    it crosses by the same share."""
    for _, a, b, need in sorted(spans):
        have = sum(gaps[a:b])
        if have < need:
            extra = (need - have) / (b - a)
            for i in range(a, b):
                gaps[i] += extra


def _lane_xs(
    diagram: FlowMap, head_w: list[float], labels: list[list[str]], outside: bool
) -> tuple[list[float], float]:
    """The lifelines' centres and the canvas width they need."""
    n = len(head_w)
    gaps = [max(MIN_GAP, (head_w[i] + head_w[i + 1]) / 2 + PAD) for i in range(n - 1)]
    tail = head_w[-1] / 2 if n else 0.0  # room right of the last lane
    spans = []
    loops: list[tuple[int, float]] = []
    for arrow, lines in zip(diagram.arrows, labels):
        a, b = lane_column(arrow.source, outside), lane_column(arrow.target, outside)
        need = _label_width(lines) + 2 * PAD
        if a == b:  # a loop on its lifeline: its label may run past the next lifelines (a row
            # holds one arrow), so only the canvas must hold it
            loops.append((a, need + LOOP_W + PAD))
        else:
            spans.append((abs(b - a), min(a, b), max(a, b), need))
    _widen(gaps, spans)
    xs = [MARGIN + head_w[0] / 2 if n else MARGIN]
    for gap in gaps:
        xs.append(xs[-1] + gap)
    for a, need in loops:
        tail = max(tail, xs[a] + need - xs[-1])
    return xs, max(xs[-1] + tail + MARGIN, MIN_WIDTH)


def _header(diagram: FlowMap, width: float) -> Header:
    """The title and the flow's one-sentence summary, wrapped to the canvas (the summary cut
    at `SUMMARY_LINES`)."""
    title_lines = textwrap.wrap(
        clean(f"{diagram.flow}: {diagram.title}"), max(40, int((width - 2 * MARGIN) / TITLE_W))
    )
    header: Header = [(line, TITLE_FONT, True) for line in title_lines]
    columns = max(40, int((width - 2 * MARGIN) / SUMMARY_W))
    summary = textwrap.wrap(clean(diagram.summary), columns)
    if len(summary) > SUMMARY_LINES:
        summary = summary[: SUMMARY_LINES - 1] + [summary[SUMMARY_LINES - 1][: columns - 1] + "…"]
    header.extend((line, SUMMARY_FONT, False) for line in summary)
    return header


class _Rows:
    """Places the arrows' labels top to bottom, with the frames' tabs, branch dividers and
    bottoms between them; `cursor` is the y where the next thing goes."""

    def __init__(self, diagram: FlowMap, result: Layout, outside: bool, cursor: float) -> None:
        self.diagram = diagram
        self.result = result
        self.outside = outside
        self.cursor = cursor
        self.levels = frame_levels(diagram.frames)
        self.deepest = max(self.levels, default=0)
        self.frame_top: dict[int, float] = {}
        self.words: dict[int, list[int]] = {}  # frame -> its branch words' boxes

    def place(self, labels: list[list[str]]) -> float:
        for index, (arrow, lines) in enumerate(zip(self.diagram.arrows, labels)):
            self._open(index)
            self._label(arrow, lines)
            closing = [f for f, frame in enumerate(self.diagram.frames) if frame.end == index + 1]
            for f in sorted(closing, key=lambda f: -self.levels[f]):
                self._close(f)
        return self.cursor

    def _open(self, index: int) -> None:
        """The tabs of the frames that start at arrow `index`, the dividers of the branches."""
        for f, frame in enumerate(self.diagram.frames):
            if frame.start == index:
                self.frame_top[f] = self.cursor + 2
                self.cursor += FRAME_HEAD
            elif index in frame.branches:
                self.result.dividers.append((f, self.cursor + 4))
                word = branch_word(frame)
                # its x is known when the frame closes
                self.words.setdefault(f, []).append(len(self.result.boxes))
                box = Box("divider", 0, self.cursor + 5, text_width(word, SMALL_W) + 8, BRANCH_ROW - 4, word)
                self.result.boxes.append(box)
                self.cursor += BRANCH_ROW

    def _label(self, arrow: Arrow, lines: list[str]) -> None:
        xs = self.result.xs
        a, b = lane_column(arrow.source, self.outside), lane_column(arrow.target, self.outside)
        w = _label_width(lines) + 8
        h = (len(lines) - 1) * LABEL_LINE + FONT + 6
        if a == b:  # beside the loop on the lifeline
            row = self.cursor + FONT + 8
            self.result.boxes.append(Box("label", xs[a] + LOOP_W + 6, row - FONT - 4, w, h, "\n".join(lines)))
            self.cursor = max(row + 16, row - FONT - 4 + h) + 10
        else:  # centred over the arrow
            row = self.cursor + 4 + h
            middle = (xs[a] + xs[b]) / 2
            self.result.boxes.append(Box("label", middle - w / 2, row - h, w, h, "\n".join(lines)))
            self.cursor = row + 10
        self.result.rows.append(row)

    def _close(self, f: int) -> None:
        """Frame `f`'s box, around every lifeline its arrows join, wider the more it encloses."""
        frame = self.diagram.frames[f]
        xs = self.result.xs
        inside = [
            lane_column(i, self.outside)
            for arrow in self.diagram.arrows[frame.start : frame.end]
            for i in (arrow.source, arrow.target)
        ]
        pad = FRAME_PAD + FRAME_STEP * (self.deepest - self.levels[f])
        left = max(2.0, min(xs[i] for i in inside) - pad)
        right = max(xs[i] for i in inside) + pad
        bottom = self.cursor + 2
        self.cursor = bottom + 8
        title = frame_title(frame)
        top = self.frame_top[f]
        tab = Box("frame", left + 1, top + 1, text_width(title, SMALL_W) + 16, FRAME_HEAD - 6, title)
        self.result.boxes.append(tab)
        self.result.frames.append((f, left, top, max(right, tab.x + tab.w + 4) - left, bottom - top))
        for k in self.words.pop(f, []):  # the branch words sit at the frame's left edge
            self.result.boxes[k] = replace(self.result.boxes[k], x=left + 4)


def layout(diagram: FlowMap) -> Layout:
    """Place lifelines, frames and arrows so that no two pieces of text overlap. A picture
    wider than FIT_WIDTH wraps its labels narrower (a label between two lifelines sets the gap
    between them), the first wrap that fits or else the narrowest: taller, but whole on a page."""
    placed = _place(diagram, WRAP)
    for wrap in NARROWER_WRAPS:
        if placed.width <= FIT_WIDTH:
            break
        narrower = _place(diagram, wrap)
        if narrower.width < placed.width:
            placed = narrower
    return placed


def _place(diagram: FlowMap, wrap: int) -> Layout:
    outside = has_outside(diagram)
    heads: list[list[str]] = ([["(outside)"]] if outside else []) + [
        _head_lines(diagram, i) for i in range(len(diagram.lifelines))
    ]
    head_w = [max(text_width(line) for line in lines) + 2 * PAD for lines in heads]
    labels = [wrap_label(clean(label(a, short=True)), wrap) for a in diagram.arrows]
    xs, width = _lane_xs(diagram, head_w, labels, outside)
    header = _header(diagram, width)
    top = MARGIN + sum(LINE + 6 if bold else LINE + 2 for _, _, bold in header) + LINE
    head_h = max(HEAD_H + (len(lines) - 1) * (LINE - 1) for lines in heads) if heads else HEAD_H
    result = Layout(xs, width, 0, top, header=header, head_lines=heads)
    for i, lines in enumerate(heads):
        result.boxes.append(Box("head", xs[i] - head_w[i] / 2, top, head_w[i], head_h, "\n".join(lines)))
    cursor = _Rows(diagram, result, outside, top + head_h + 12).place(labels)
    footer = ["types of the flow no arrow reaches: " + ", ".join(diagram.unseen)] if diagram.unseen else []
    result.footer = [clean(line) for line in footer]
    right_edge = max((box.x + box.w for box in result.boxes), default=width)
    right_edge = max([right_edge] + [x + w for _, x, _, w, _ in result.frames])
    result.width = max(width, right_edge + MARGIN)
    result.legend_top = cursor + 8
    result.height = cursor + 8 + LINE * (len(footer) + 4) + MARGIN  # room for the legend
    return result
