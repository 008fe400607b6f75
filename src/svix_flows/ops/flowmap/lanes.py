"""The flow's spans as lifelines: one per module, in the order the spans reach them, each with
the flow's functions inside it and the flow's other items (structs, enums…) it holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...catalog import Flow
from ...rust.checkout import Checkout
from .model import Lifeline

if TYPE_CHECKING:
    from ...rust.crate import Crate, FnDef

_FUNCTION_SPANS = ("fn", "method")


@dataclass(frozen=True)
class FlowLanes:
    """The flow's modules as lifelines and its functions, in flow order, with their lifeline."""

    lifelines: tuple[Lifeline, ...]
    functions: tuple[FnDef, ...]
    lane_of: dict[int, int]  # id of a flow function -> its lifeline

    def holds(self, fn: FnDef) -> bool:
        """Whether `fn` is one of the flow's own functions."""
        return id(fn) in self.lane_of

    def lane(self, fn: FnDef) -> int:
        return self.lane_of[id(fn)]


def _module_name(crate: Crate, file: str) -> str:
    module = crate.by_file.get(file)
    name = module.name if module is not None else file.removesuffix(".rs").replace("/", "::")
    return name or "crate"


def read_lanes(checkout: Checkout, flow: Flow, crate: Crate) -> FlowLanes:
    """One lifeline per module of the flow's spans; a span that holds no function (a type, a
    constant) is listed in its module's head."""
    files: dict[str, str] = {}  # module name -> its file, in the order the spans reach them
    lanes: dict[str, int] = {}  # module name -> its lifeline
    types: dict[str, list[str]] = {}
    functions: list[FnDef] = []
    lane_of: dict[int, int] = {}
    for ref in flow.spans:
        span = checkout.span(ref)
        name = _module_name(crate, ref.file)
        if name not in files:
            files[name], lanes[name] = ref.file, len(files)
            types[name] = []
        inside = [
            fn
            for fn in crate.functions.get(ref.file, [])
            if span.start_line <= fn.line <= span.end_line and id(fn) not in lane_of
        ]
        if not inside and span.kind not in _FUNCTION_SPANS:
            types[name].append(ref.symbol)
        for fn in inside:
            functions.append(fn)
            lane_of[id(fn)] = lanes[name]
    lifelines = tuple(Lifeline(name, file, types=tuple(types[name])) for name, file in files.items())
    return FlowLanes(lifelines, tuple(functions), lane_of)
