"""The facts of one crate, asked for lazily and kept for the run: functions by name, signatures,
call sites, what a function reaches, constants, field values and arguments."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ...errors import SourceError
from ..syntax import Node, above, node_text
from ..words import FRAMEWORK_RESPONSES, LOG_LEVELS, PANIC_MACROS
from .arms import ArmFact, OptionBranch, TextBranch, match_arms, option_branches, text_branches
from .handling import Handling, fallback_only
from .literals import Built, Written, built_from, strings_like, validation_errors
from .missing import MissingFact, missing_facts, table_lookups
from .nodes import IDENT, bound_names
from .responses import SUCCESS, answered
from .sites import SiteFact, assignment_sites, binding_sites, call_sites, squashed
from .values import (
    Bounds,
    FieldSource,
    Given,
    Literal,
    Value,
    argument_texts,
    argument_values,
    assigned_flags,
    call_arguments,
    durations,
    elapsed_limits,
    fallback_values,
    field_sources,
    field_values,
    flag_values,
    given_values,
    literal,
    read_constants,
    response_status,
    status_codes,
    struct_literals,
    validate_bounds,
)

if TYPE_CHECKING:
    from ..checkout import Checkout
    from ..crate import Crate, FnDef
    from ..trace.walk import Tracer

_SERDE_DEFAULT = re.compile(r"\bdefault\s*=\s*\"(?:[\w:]*::)?(\w+)\"")
_RARE = 4  # a name with at most this many definitions is followed by name alone
NAMED_LEVELS = 2  # levels of the reach that follow a name alone (deeper, only the trace's edges)
# a call of a name (`f(`, `.f(`, `T::f::<X>(`), not its definition (`fn f(`)
_CALLED_NAME = re.compile(r"(?<!fn )(?<![\w])([A-Za-z_]\w*)\s*(?:::<[^()]*>)?\(")
# a path's later segment: `Error::cache`, `Self::timeout`
_PATH_SEGMENT = re.compile(r"::\s*([A-Za-z_]\w*)")
# a function a derive's attribute names: `function = "validate_x"`, `with = "module::f"`
_ATTRIBUTED_NAME = re.compile(
    r"\b(?:function|with|default|serialize_with|deserialize_with|skip_serializing_if)\s*=\s*"
    r'"(?:[A-Za-z_][\w]*::)*([A-Za-z_]\w*)"'
)
# a `bool` or integer field under a bare `#[serde(default)]` (doc comments and attributes between)
# a command-line option's default: `#[clap(long, default_value_t = 10_000)]` over its field
_CLAP_DEFAULT = re.compile(
    r"#\[(?:clap|arg)\([^\]\n]{0,200}?\bdefault_value_t\s*=\s*(?P<value>[0-9][0-9_.]*)[^\]\n]{0,200}\]\s*\n"
    r"(?:[ \t]*(?:#\[[^\n]*\]|///[^\n]*)[ \t]*\n)*[ \t]*(?:pub(?:\([^)]*\))?\s+)?(?P<name>[a-z_][a-z0-9_]*)\s*:"
)
_PLAIN_DEFAULT = re.compile(
    r"^[ \t]*#\[serde\(default\)\][ \t]*\n(?:[ \t]*(?:#\[[^\n]*\]|///[^\n]*)[ \t]*\n)*"
    r"[ \t]*(?:pub(?:\([^)]*\))?\s+)?(?P<name>[a-z_][a-z0-9_]*)\s*:\s*(?P<ty>bool|[ui](?:8|16|32|64|128|size))\s*,",
    re.MULTILINE,
)


# a log macro of a level, with its crate or bare (`tracing::error!(…)`, `warn!(…)`)
_LOG_MACRO = re.compile(r"(?<![\w:])(?:tracing::|log::)?(" + "|".join(LOG_LEVELS) + r")!\s*[({\[]")
_MACRO_RULES = re.compile(r"\bmacro_rules!\s*\w+\s*\{")
_PANIC_MACRO = re.compile(r"(?<![\w:])(?:std::|core::)?(?:" + "|".join(sorted(PANIC_MACROS)) + r")!\s*[({\[]")


def _split_macros(text: str) -> tuple[str, list[str]]:
    """A file's text outside its `macro_rules!` definitions, and the body of each (up to its
    closing brace)."""
    rest: list[str] = []
    bodies: list[str] = []
    done = 0
    for match in _MACRO_RULES.finditer(text):
        if match.start() < done:
            continue  # (a definition inside another's body is read with it)
        depth, at = 1, match.end()
        while depth and at < len(text):
            depth += (text[at] == "{") - (text[at] == "}")
            at += 1
        rest.append(text[done : match.end()])
        bodies.append(text[match.end() : at])
        done = at
    rest.append(text[done:])
    return "".join(rest), bodies


def _generic_bounds(fn: Node) -> dict[str, str]:
    """Each generic parameter of a function with its bounds as written, inline (`<F: Fn()>`)
    or in the `where` clause."""
    bounds: dict[str, str] = {}
    holder = fn.child_by_field_name("type_parameters")
    nodes = list(holder.named_children) if holder is not None else []
    for child in fn.named_children:
        if child.type == "where_clause":
            nodes += child.named_children
    for node in nodes:
        named = node.named_children
        said = next((c for c in named if c.type == "trait_bounds"), None)
        if named and said is not None:
            name = node_text(named[0])
            bounds[name] = f"{bounds.get(name, '')} {node_text(said)}".strip()
    return bounds


def _placed(fn: FnDef, body: Node, pattern: re.Pattern[str]) -> Iterator[tuple[re.Match[str], str]]:
    """Each match of `pattern` in a function's body, with where it is (`file:line`), the lines
    counted once over the text."""
    text = node_text(body)
    line, counted = body.start_point[0] + 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        yield match, f"{fn.file}:{line}"


_CONVERSION = re.compile(r"\.into\(\)|\bfrom\(")


class Facts:
    """The facts of one crate, asked for lazily and kept for the run."""

    def __init__(self, tracer: Tracer, checkout: Checkout) -> None:
        self.tracer = tracer
        self.crate: Crate = tracer.crate
        self.checkout = checkout
        self._sites: dict[int, tuple[SiteFact, ...]] = {}
        self._named_sites: dict[tuple[int, frozenset[str]], tuple[SiteFact, ...]] = {}
        self._reach: dict[tuple[int, int, bool], tuple[FnDef, ...]] = {}
        self._names: dict[int, frozenset[str]] = {}
        self._called_names: dict[int, frozenset[str]] = {}
        self._missing: dict[int, tuple[MissingFact, ...]] = {}
        self._assigned: dict[int, tuple[SiteFact, ...]] = {}
        self._bound: dict[int, tuple[SiteFact, ...]] = {}
        self._text_branches: dict[int, tuple[TextBranch, ...]] = {}
        self._arms: dict[int, tuple[ArmFact, ...]] = {}
        self._options: dict[int, tuple[OptionBranch, ...]] = {}
        self._calling: dict[str, list[FnDef]] = {}
        self._bindings: dict[int, frozenset[str]] = {}
        self._aliases: dict[str, str] | None = None
        self._in_lines: dict[tuple[str, int, int], list[FnDef]] = {}
        self._logged_anywhere: dict[tuple[str, str], str | None] = {}
        self._consts: dict[str, list[Value]] | None = None
        self._config: dict[str, list[Value]] | None = None
        self._attribute_names: frozenset[str] | None = None
        self._by_name: dict[str, list[FnDef]] | None = None
        self._called: tuple[frozenset[str], bool] | None = None
        self._attributed: frozenset[str] = frozenset()
        self._in_macros: frozenset[str] = frozenset()
        self._plain_defaults: dict[str, list[Value]] | None = None
        self._flag_defaults: dict[str, list[Value]] | None = None
        self._file_texts: dict[str, str | None] | None = None
        self._squashed: tuple[str, bool] | None = None
        self._returning: dict[str, list[FnDef]] | None = None
        self._fields: dict[str, frozenset[str] | None] = {}
        self._constructors: dict[tuple[int, str], tuple[tuple[str, str], ...]] = {}
        self._log_levels: dict[int, dict[str, str]] = {}

    def warm(self, own: Iterable[FnDef] = (), depth: int = 0) -> None:
        """Read now what a record's claims ask for first: the crate-wide tables (functions by
        name, constants, configuration defaults, the calls and attributes of every file) and,
        for the record's functions `own`, what they reach within `depth` calls and the names
        of those bodies."""
        self._table()
        self.constant("")
        self.config_default("")
        self.called_anywhere("")
        self.named_by_attribute("")
        self.alias_names()
        for fn in own:
            for reached in self.reach(fn, depth):
                self.names(reached)

    # ---- functions ---------------------------------------------------------------------

    def _table(self) -> dict[str, list[FnDef]]:
        if self._by_name is None:
            by_name: dict[str, list[FnDef]] = {}
            for fns in self.crate.functions.values():
                for fn in fns:
                    by_name.setdefault(fn.name, []).append(fn)
            self._by_name = by_name
        return self._by_name

    def functions(self, name: str) -> list[FnDef]:
        """The crate's functions and methods that `name` (`f`, `Type::f`, `a::b::f`) names."""
        parts = name.removesuffix("()").split("::")
        found = self._table().get(parts[-1], [])
        if len(parts) == 1:
            return list(found)
        owner = parts[-2]
        typed = [fn for fn in found if fn.owner is not None and fn.owner.name == owner]
        if len(parts) > 2 and len(typed) > 1:
            # `endpoint::Entity::secure_find`: the `Entity` of module `endpoint`, not of every model
            typed = [
                fn for fn in typed if fn.owner is not None and fn.owner.module[-1:] == (parts[-3],)
            ] or typed
        if typed or owner[:1].isupper():
            return typed or self._trait_defaults(owner, parts[-1])
        return [fn for fn in found if fn.owner is None and fn.module.path[-1:] == (owner,)]

    def methods(self, owner: str) -> list[FnDef]:
        """The methods the crate defines on the type `owner` (`ValidatedJson`, `a::Organization`):
        its own impls' and its trait impls'."""
        name = owner.rsplit("::", 1)[-1]
        return [
            fn
            for key, methods in self.crate.methods.items()
            if key.name == name
            for fns in methods.values()
            for fn in fns
            if fn.owner is not None and fn.owner.name == name  # (not a trait's default body)
        ]

    def enums_with_variant(self, name: str) -> frozenset[str]:
        """The names of the crate's enums that have a variant `name` (`Finished`)."""
        return frozenset(key.name for key, variants in self.crate.variants.items() if name in variants)

    def held_by_variants(self, enums: frozenset[str]) -> frozenset[str]:
        """The types a one-field tuple variant of one of these crate enums holds, by their last
        name (`PendingDispatch` of `IncompleteDispatch::Pending(PendingDispatch)`)."""
        return frozenset(self._held(enums))

    def _held(self, enums: Iterable[str], only: str | None = None) -> Iterator[str]:
        """The last name of the type each one-field tuple variant of these enums holds (of the
        variant `only`, when given)."""
        for key, variants in self.crate.variants.items():
            if key.name not in enums:
                continue
            for name, variant in variants.items():
                if (
                    (only is None or name == only)
                    and len(variant.tuple_fields) == 1
                    and variant.tuple_fields[0].path
                ):
                    yield variant.tuple_fields[0].path[-1]

    def conversion(self, source: str, target: str) -> list[FnDef]:
        """The `from` of `impl From<source> for target` (`From<DbErr> for Error`): the source's
        path as written ends the impl's, the target is matched on its last part (`_`: any)."""
        out = []
        for fn in self._table().get("from", []):
            if fn.trait != "From" or fn.owner is None:
                continue
            if target != "_" and fn.owner.name != target.rsplit("::", 1)[-1]:
                continue
            trait = fn.impl_node.child_by_field_name("trait") if fn.impl_node is not None else None
            if trait is not None and re.search(
                r"(?:\b|::)" + re.escape(source) + r"\s*>\s*\Z", node_text(trait)
            ):
                out.append(fn)
        return out

    def _trait_defaults(self, owner: str, method: str) -> list[FnDef]:
        """`MessageEndpointOut::list_response` with no method of its own: the default body of a
        trait the type implements (`ModelOut::list_response`)."""
        traits = {t for key, names in self.crate.trait_impls.items() if key.name == owner for t in names}
        return [fn for t in sorted(traits) if (fn := self.crate.trait_defaults.get((t, method))) is not None]

    def called_anywhere(self, name: str) -> bool:
        """Whether any body of the crate calls `name` (`name(`, `.name(`, `::name(`), its
        definitions aside: a function nothing calls is one a framework runs (a route's handler
        handed to the router by name). The crate's calls are read once per run."""
        names, unread = self._crate_calls()
        return unread or name in names

    def called_unseen(self, name: str) -> bool:
        """Whether the crate runs `name` where no trace follows: an attribute names it for a
        derive or the framework (`named_by_attribute`), or only `macro_rules!` bodies call it
        (`self.validate_()` in the `Validate` impl a macro writes for each id type)."""
        self._crate_calls()
        return self.named_by_attribute(name) or name in self._in_macros

    def _crate_calls(self) -> tuple[frozenset[str], bool]:
        """The one pass over the crate's text that reads its calls, inside and outside the
        `macro_rules!` bodies, and the functions its attributes name; whether a file was unread."""
        if self._called is None:
            attributed: set[str] = set()
            in_macros: set[str] = set()
            outside: set[str] = set()  # the calls outside the macros' bodies
            unread = False
            for _, text in self._texts():
                if text is None:
                    unread = True  # an unreadable file may hold any call
                    continue
                attributed.update(_ATTRIBUTED_NAME.findall(text))
                rest, bodies = _split_macros(text)
                outside.update(_CALLED_NAME.findall(rest))
                in_macros.update(called for body in bodies for called in _CALLED_NAME.findall(body))
            self._called = (frozenset(outside | in_macros), unread)
            self._attributed = frozenset(attributed)
            self._in_macros = frozenset(in_macros - outside)
        return self._called

    def writes(self, code: str) -> bool:
        """Whether the crate's text holds `code` as written, whitespace and trailing commas aside
        (`secure_find_by_msg(msg.id)`); read once per run. An unreadable file may hold anything."""
        text, unread = self._squashed_text()
        return unread or squashed(code) in text

    def written_like(self, pattern: re.Pattern[str], limit: int = 8) -> frozenset[str] | None:
        """The distinct texts of the crate (whitespace and trailing commas aside) that `pattern`
        matches, at most `limit` of them; None when a file could not be read."""
        text, unread = self._squashed_text()
        if unread:
            return None
        found: set[str] = set()
        for match in pattern.finditer(text):
            found.add(match.group())
            if len(found) > limit:
                break
        return frozenset(found)

    def written_at(self, code: str) -> tuple[str, str]:
        """Where the crate first writes `code` (whitespace aside), as `file:line`, and the text
        there with its whitespace made single spaces; empty strings if nowhere."""
        pattern = re.compile(r"\s*".join(re.escape(char) for char in squashed(code)))
        for file, text in self._texts():
            found = pattern.search(text) if text is not None else None
            if text is not None and found is not None:
                line = text.count("\n", 0, found.start()) + 1
                return f"{file}:{line}", " ".join(found.group().split())
        return "", ""

    def _squashed_text(self) -> tuple[str, bool]:
        if self._squashed is None:
            texts = [text for _, text in self._texts()]
            self._squashed = ("\n".join(squashed(t) for t in texts if t is not None), None in texts)
        return self._squashed

    def _texts(self) -> Iterator[tuple[str, str | None]]:
        """Each crate file and its text (None when it cannot be read), read once per run."""
        if self._file_texts is None:
            from ..checkout import crate_files

            texts: dict[str, str | None] = {}
            for file in crate_files(self.checkout.crate_dir):
                try:
                    texts[file] = "\n".join(self.checkout.source_file(file).lines)
                except SourceError:
                    texts[file] = None
            self._file_texts = texts
        return iter(self._file_texts.items())

    def calling(self, name: str) -> list[FnDef]:
        """The crate's functions whose bodies call `name` (`name(`, `.name(`, `::name(`), as
        the text writes it (a function holding a call only in a closure included); read once
        per name and run."""
        known = self._calling.get(name)
        if known is not None:
            return list(known)
        call = re.compile(rf"(?<![\w]){re.escape(name)}\s*(?:::<[^()]*>)?\(")
        out: dict[int, FnDef] = {}
        for file, text in self._texts():
            if text is None or name not in text:
                continue
            for found in call.finditer(text):
                line = text.count("\n", 0, found.start()) + 1
                for fn in self.crate.functions.get(file, []):
                    if fn.line < line <= fn.end_line:
                        out.setdefault(id(fn), fn)
        self._calling[name] = list(out.values())
        return list(out.values())

    def in_lines(self, file: str, start: int, end: int) -> list[FnDef]:
        """The functions whose definitions lie within lines `start`..`end` of a crate file."""
        key = (file, start, end)
        found = self._in_lines.get(key)
        if found is None:
            found = self._in_lines[key] = [
                fn for fn in self.crate.functions.get(file, []) if start <= fn.line and fn.end_line <= end
            ]
        return list(found)

    # ---- signatures --------------------------------------------------------------------

    def fallback_only(self, fn: FnDef) -> str | None:
        """The fallback method a body that hands no error on unwraps its results with
        (`unwrap_or_else`), None when it may hand one on (`?`, `Err`, `return`, or no fallback)."""
        return fallback_only(fn.node)

    def returns(self, fn: FnDef) -> tuple[str | None, frozenset[str]]:
        """The return type as written and every type name it stands for, aliases expanded."""
        node = fn.node.child_by_field_name("return_type")
        if node is None:
            return None, frozenset({"()"})
        return node_text(node), frozenset(self._type_names(node_text(node)))

    def functions_returning(self, type_name: str) -> list[FnDef]:
        """The crate's functions whose return type is written as `type_name` (the crate's
        signatures are read once per run)."""
        if self._returning is None:
            table: dict[str, list[FnDef]] = {}
            for fns in self.crate.functions.values():
                for fn in fns:
                    node = fn.node.child_by_field_name("return_type")
                    if node is not None:
                        table.setdefault(node_text(node).strip(), []).append(fn)
            self._returning = table
        return list(self._returning.get(type_name, []))

    def params(self, fn: FnDef) -> tuple[str, frozenset[str]]:
        """The parameter list as written and every type name it stands for, aliases expanded
        (a generic parameter stands for its bounds too: `f: F` with `F: FnOnce() -> Fut`)."""
        node = fn.node.child_by_field_name("parameters")
        bounds = _generic_bounds(fn.node)
        types = []
        for child in node.named_children if node is not None else []:
            ty = child.child_by_field_name("type")
            if ty is not None:
                types.append(node_text(ty))
                types.extend(bounds[name] for name in IDENT.findall(node_text(ty)) if name in bounds)
        return node_text(node), frozenset(self._type_names(" ".join(types)))

    def receiver(self, fn: FnDef) -> str | None:
        """How a method takes its value (`self`, `&self`, `&mut self`, `mut self`), spaces
        aside; None for a function without one."""
        node = fn.node.child_by_field_name("parameters")
        for child in node.named_children if node is not None else []:
            if child.type == "self_parameter":
                return " ".join(node_text(child).replace("&", "& ").split()).replace("& ", "&")
        return None

    def param_types(self, fn: FnDef) -> dict[str, str]:
        """Each parameter bound to a plain name, with its type as written (`dsn` → `&str`)."""
        node = fn.node.child_by_field_name("parameters")
        out: dict[str, str] = {}
        for child in node.named_children if node is not None else []:
            pattern, ty = child.child_by_field_name("pattern"), child.child_by_field_name("type")
            if pattern is not None and ty is not None and pattern.type == "identifier":
                out[node_text(pattern)] = node_text(ty)
        return out

    def _type_names(self, text: str, depth: int = 0) -> Iterator[str]:
        aliases = {key.name: ty for key, ty in self.crate.aliases.items()}
        for name in IDENT.findall(text):
            yield name
            alias = aliases.get(name)
            if alias is not None and depth < 4:
                yield from self._type_names(alias.text or "::".join(alias.path), depth + 1)

    # ---- calls -------------------------------------------------------------------------

    def sites(self, fn: FnDef, names: Iterable[str] | None = None) -> tuple[SiteFact, ...]:
        """Every call of the body in source order, macro arguments included; with `names`, only
        the calls of those names, read only from a body that names one of them."""
        full = self._sites.get(id(fn))
        if names is None:
            if full is None:
                full = self._sites[id(fn)] = call_sites(fn)
            return full
        wanted = frozenset(names)
        if full is not None:
            return tuple(s for s in full if s.name in wanted)
        if not wanted & self.names(fn):
            return ()
        key = (id(fn), wanted)
        cached = self._named_sites.get(key)
        if cached is None:
            cached = self._named_sites[key] = call_sites(fn, wanted)
        return cached

    def assigned(self, fn: FnDef, names: Iterable[str]) -> tuple[SiteFact, ...]:
        """The assignments of the fields `names` in the body (`x.deleted = …`), as sites."""
        wanted = frozenset(names)
        if not wanted & self.names(fn):
            return ()
        cached = self._assigned.get(id(fn))
        if cached is None:
            cached = self._assigned[id(fn)] = assignment_sites(fn)
        return tuple(s for s in cached if s.name in wanted)

    def bound(self, fn: FnDef, name: str) -> tuple[SiteFact, ...]:
        """The `let` bindings of the local `name` in the body (`let done = …`), as sites."""
        if name not in self.names(fn):
            return ()
        cached = self._bound.get(id(fn))
        if cached is None:
            cached = self._bound[id(fn)] = binding_sites(fn)
        return tuple(s for s in cached if s.name == name)

    def reach(self, fn: FnDef, depth: int, queue: bool = False) -> tuple[FnDef, ...]:
        """The functions `fn` reaches within `depth` calls: the trace's edges, and within the
        first NAMED_LEVELS calls every crate function a body names whose name has few
        definitions (over-reaching on purpose: a claim is contradicted only when nothing reached
        names the callee; a chain of bare names further down is no evidence of a call)."""
        key = (id(fn), depth, queue)
        if key in self._reach:
            return self._reach[key]
        seen: dict[int, FnDef] = {id(fn): fn}
        frontier = [fn]
        for level in range(depth):
            following: list[FnDef] = []
            for current in frontier:
                for callee in self._callees(current, queue, level < NAMED_LEVELS):
                    if id(callee) not in seen:
                        seen[id(callee)] = callee
                        following.append(callee)
            frontier = following
        self._reach[key] = tuple(seen.values())
        return self._reach[key]

    def reach_all(self, fns: Iterable[FnDef], depth: int, queue: bool = False) -> list[FnDef]:
        """What the given functions reach within `depth` calls (themselves included), each once,
        in their order."""
        return list({id(r): r for fn in fns for r in self.reach(fn, depth, queue)}.values())

    def reaching(self, fns: Iterable[FnDef], name: str, depth: int, queue: bool = False) -> FnDef | None:
        """The first function the given ones reach within `depth` calls (themselves included)
        whose body names `name`, in their order; None when none does."""
        return next((r for fn in fns for r in self.reach(fn, depth, queue) if name in self.names(r)), None)

    def _callees(self, fn: FnDef, queue: bool, by_name: bool = True) -> Iterator[FnDef]:
        """What a body calls; across a queue hop (producer to consumer) only when `queue`."""
        from ..trace.model import QUEUE_HOP

        try:
            calls = self.tracer.calls(fn)
        except RecursionError:  # a pathological body: its names still count below
            calls = []
        for call in calls:
            for edge in call.edges():
                if queue or (edge.how or call.how) != QUEUE_HOP:
                    yield edge.fn
        if not by_name:
            return
        table = self._table()
        bound = self.bindings(fn)
        called = self._called_in(fn) if bound else frozenset()
        for name in self.names(fn):
            if name in bound and name not in called:
                continue  # a parameter or a local (`&key`, `app_id`) is no mention of a function
            defs = table.get(name, ())
            if 0 < len(defs) <= _RARE:
                yield from defs

    def alias_names(self) -> dict[str, str]:
        """Each type alias's name → the name of the type it stands for (`TaskQueueProducer` →
        `SvixOmniProducer`)."""
        if self._aliases is None:
            from ..names import first_named

            self._aliases = {key.name: first_named(ty) or key.name for key, ty in self.crate.aliases.items()}
        return self._aliases

    def bindings(self, fn: FnDef) -> frozenset[str]:
        """The names a function binds itself: its parameters, `let` patterns, closure and
        `for` patterns (a `let create_message = …` is no mention of a function)."""
        cached = self._bindings.get(id(fn))
        if cached is None:
            cached = self._bindings[id(fn)] = bound_names(fn.node)
        return cached

    def _called_in(self, fn: FnDef) -> frozenset[str]:
        """The names a body calls (`f(`, `.f(`) or writes as a path's segment (`Error::cache`)."""
        cached = self._called_names.get(id(fn))
        if cached is None:
            body = fn.node.child_by_field_name("body")
            text = node_text(body) if body is not None else ""
            cached = frozenset(_CALLED_NAME.findall(text)) | frozenset(_PATH_SEGMENT.findall(text))
            self._called_names[id(fn)] = cached
        return cached

    def names(self, fn: FnDef) -> frozenset[str]:
        """Every identifier of a function's body, macro arguments included, and of the
        attributes above it (`#[instrument(fields(task_type = task.task_type()))]` runs a call)."""
        cached = self._names.get(id(fn))
        if cached is None:
            body = fn.node.child_by_field_name("body")
            texts = [node_text(body)] if body is not None else []
            texts += [node_text(node) for node in above(fn.node) if node.type == "attribute_item"]
            cached = frozenset(IDENT.findall("\n".join(texts)))
            self._names[id(fn)] = cached
        return cached

    def converted_into(self, fn: FnDef, name: str) -> bool:
        """Whether the body builds a value of the type `name` and converts it with `into`
        (`NoCache {}.into()`, `RedisCache::new(x).into()`): what it returns is another type."""
        if not re.fullmatch(r"[A-Z]\w*", name) or name not in self.names(fn):
            return False
        body = fn.node.child_by_field_name("body")
        built = rf"\b{name}\s*(?:\{{[^{{}}]*\}}|::\w+\([^()]*\)|\([^()]*\))?\s*\.into\(\)"
        return body is not None and re.search(built, node_text(body)) is not None

    def writes_path(self, fn: FnDef, path: str) -> bool:
        """Whether a function's body writes the path (`Error::cache`, as in
        `map_err(Error::cache)`), its last two segments at least."""
        tail = "::".join(path.split("::")[-2:])
        body = fn.node.child_by_field_name("body")
        return (
            "::" in tail
            and body is not None
            and re.search(r"(?<![\w:])(?:\w+::)*" + re.escape(tail) + r"\b", node_text(body)) is not None
        )

    def constructors(self, fn: FnDef, owner: str) -> tuple[tuple[str, str], ...]:
        """The functions of type `owner` a body names by path (`HttpError::not_found`, and
        `Self::timeout` in `owner`'s own impl), each with where: (name, `file:line`)."""
        key = (id(fn), owner)
        cached = self._constructors.get(key)
        if cached is not None:
            return cached
        found: list[tuple[str, str]] = []
        body = fn.node.child_by_field_name("body")
        names = self.names(fn)
        if body is not None and (owner in names or "Self" in names):
            heads = [re.escape(owner)] + (["Self"] if fn.owner is not None and fn.owner.name == owner else [])
            pattern = re.compile(r"(?<![\w:])(?:\w+::)*(?:" + "|".join(heads) + r")::([a-z_]\w*)\b")
            found = [(match.group(1), where) for match, where in _placed(fn, body, pattern)]
        self._constructors[key] = result = tuple(found)
        return result

    def variants_named(self, fn: FnDef, enum: str) -> frozenset[str]:
        """The variants of the enum `enum` a function's body names (`ErrorType::Queue`)."""
        body = fn.node.child_by_field_name("body")
        if body is None or enum not in self.names(fn):
            return frozenset()
        pattern = re.compile(rf"(?<![\w:]){re.escape(enum)}::([A-Z]\w*)")
        return frozenset(pattern.findall(node_text(body)))

    def log_levels(self, fn: FnDef) -> dict[str, str]:
        """The levels a function's body logs at (`tracing::warn!` → warn), each with the line of
        its first macro; macros inside other macros' arguments too (`tokio::select!`)."""
        cached = self._log_levels.get(id(fn))
        if cached is None:
            cached = {}
            body = fn.node.child_by_field_name("body")
            for match, where in _placed(fn, body, _LOG_MACRO) if body is not None else ():
                cached.setdefault(match.group(1), where)
            self._log_levels[id(fn)] = cached
        return cached

    def panics_in(self, fn: FnDef) -> str | None:
        """Where a function's own body may panic: a call whose error it unwraps (`expect`,
        `unwrap_or_else(|_| panic!(…))`) or a panicking macro (`panic!`); None when it has none."""
        unwrapped = next((s.where for s in self.sites(fn) if s.handling is Handling.PANICS), None)
        if unwrapped is not None:
            return unwrapped
        body = fn.node.child_by_field_name("body")
        return (
            next((where for _, where in _placed(fn, body, _PANIC_MACRO)), None) if body is not None else None
        )

    def logs_message(self, fn: FnDef, level: str, message: str) -> str | None:
        """Where a function's body logs at `level` a message that begins with `message`, or None."""
        body = fn.node.child_by_field_name("body")
        if body is None:
            return None
        text, opening = node_text(body), re.compile(r'\s*"' + re.escape(message))
        for match, where in _placed(fn, body, _LOG_MACRO):
            if match.group(1) == level and opening.match(text, match.end()):
                return where
        return None

    def logged_anywhere(self, level: str, message: str) -> str | None:
        """Where any function of the crate logs at `level` a message that begins with `message`
        (a scan of every body, kept per run: records of one flow quote the same messages)."""
        key = (level, message)
        if key not in self._logged_anywhere:
            self._logged_anywhere[key] = next(
                (
                    where
                    for fns in self.crate.functions.values()
                    for fn in fns
                    if (where := self.logs_message(fn, level, message)) is not None
                ),
                None,
            )
        return self._logged_anywhere[key]

    # ---- values ------------------------------------------------------------------------

    def constant(self, name: str) -> list[Value]:
        """The values of the crate's `const` and `static` items called `name`."""
        if self._consts is None:
            self._consts = read_constants(self.crate, self.checkout)
        return self._consts.get(name, [])

    def named_by_attribute(self, name: str) -> bool:
        """Whether an attribute names the function for a derive or the framework to run: a
        field's (`#[serde(default = "f")]`, `with = "m"`) or a type's
        (`#[validate(schema(function = "f"))]`); no body of the crate calls it, no trace sees it."""
        if self._attribute_names is None:
            self._attribute_names = frozenset(
                word
                for fields in self.crate.field_attrs.values()
                for _, texts in fields
                for text in texts
                for word in IDENT.findall(text)
            )
        self._crate_calls()  # (the pass that reads the calls reads a type's attributes too)
        return name in self._attribute_names or name in self._attributed

    def config_default(self, name: str) -> list[Value]:
        """The default a configuration field `name` gets: the number `config.default.toml`
        gives it (the server loads that file first), else its serde default function's value
        (`default_<name>`)."""
        from .config import read_config_defaults

        if self._config is None:
            self._config = read_config_defaults(self.checkout)
        return (
            self._config.get(name)
            or self._serde_default(name)
            or self.constant(f"default_{name}")
            or self._plain_default(name)
            or self._flag_default(name)
        )

    def _plain_default(self, name: str) -> list[Value]:
        """A `bool` or integer field `name` under a bare `#[serde(default)]`: false, or 0 (its
        type's `Default`), at the field's line. The crate's such fields are read once per run."""
        if self._plain_defaults is None:
            found: dict[str, list[Value]] = {}
            for file, text in self._texts():
                for match in _PLAIN_DEFAULT.finditer(text or ""):
                    line = text.count("\n", 0, match.start("ty")) + 1 if text else 0
                    said = "false" if match.group("ty") == "bool" else "0"
                    value = Value(f"{said} (`#[serde(default)]`)", (0.0,), False, file, line)
                    found.setdefault(match.group("name"), []).append(value)
            self._plain_defaults = found
        return list(self._plain_defaults.get(name, ()))

    def _flag_default(self, name: str) -> list[Value]:
        """A command-line option's default (`#[clap(long, default_value_t = 10_000)] batch_size`).
        The crate's such options are read once per run."""
        if self._flag_defaults is None:
            found: dict[str, list[Value]] = {}
            for file, text in self._texts():
                for match in _CLAP_DEFAULT.finditer(text or ""):
                    number = literal(match.group("value"))
                    if number is not None:
                        line = text.count("\n", 0, match.start("name")) + 1 if text else 0
                        value = Value(
                            f"{match.group('value')} (`default_value_t`)", (number,), False, file, line
                        )
                        found.setdefault(match.group("name"), []).append(value)
            self._flag_defaults = found
        return list(self._flag_defaults.get(name, ()))

    def _serde_default(self, name: str) -> list[Value]:
        """The values of the functions a field `name` names as its serde default
        (`#[serde(default = "default_true")]`)."""
        found: list[Value] = []
        for fields in self.crate.field_attrs.values():
            for field, texts in fields:
                if field == name:
                    for text in texts:
                        named = _SERDE_DEFAULT.search(text)
                        if named is not None:
                            found.extend(self.constant(named.group(1)))
        return found

    def bounds(self, name: str) -> list[Bounds]:
        """The bounds `#[validate(range(min = …, max = …))]` or `length(…)` sets on the crate's
        struct fields called `name`, each with the field's line."""
        found = []
        for key, fields in self.crate.field_attrs.items():
            for field, texts in fields:
                if field != name:
                    continue
                for text in texts:
                    bound = validate_bounds(text)
                    if bound is not None:
                        file, line = self.crate.field_lines[(key, field)]
                        found.append(Bounds(bound[0], bound[1], file, line))
        return found

    def field(self, name: str, within: Iterable[FnDef]) -> list[Value]:
        """The values given to a field `name` in the struct literals of the given functions."""
        return field_values(name, within)

    def given(self, name: str, within: Iterable[FnDef]) -> list[Given]:
        """Every value the functions give a field or local `name`, as written."""
        return given_values(name, within)

    def flags(self, name: str, within: Iterable[FnDef]) -> list[Value | None]:
        """The `true` or `false` a field `name` is given in the functions (1 or 0; None for a
        value given otherwise)."""
        return flag_values(name, within)

    def assigned_flags(self, within: Iterable[FnDef]) -> list[tuple[str, Value]]:
        """Every field the functions give `true` or `false`, with the flag (1 or 0)."""
        return assigned_flags(within)

    def sources(self, name: str, within: Iterable[FnDef]) -> list[FieldSource]:
        """What the functions give the field `name` (struct literal or assignment): the names
        each value is made of."""
        return field_sources(name, within)

    def fallbacks(self, name: str, within: Iterable[FnDef]) -> list[Value]:
        """The values an absent `name` falls back to in the given functions (`x.unwrap_or(1)`)."""
        return fallback_values(name, within)

    def timers(self, names: tuple[str, ...], within: Iterable[FnDef]) -> list[Value] | None:
        """The durations given to the calls of `names` (`sleep`, `interval`) in the functions, a
        constant read as its value; None when one of them cannot be read."""
        self.constant("")
        assert self._consts is not None
        known = {name: values[0] for name, values in self._consts.items() if len(values) == 1}
        return call_arguments(names, within, known)

    def durations(self, fn: FnDef) -> list[Value] | None:
        """The `Duration::from_*` values written in a function's body; None when one of them
        is not a plain value."""
        return durations(fn)

    def validation_errors(self, fn: FnDef) -> list[Written]:
        """The error constructors the body turns a failed `.validate()` into, as written
        (`HttpError::unprocessable_entity`)."""
        return validation_errors(fn)

    def elapsed_limits(self, fn: FnDef) -> list[Value]:
        """The durations the body compares an elapsed time with (`start.elapsed() < d`)."""
        return elapsed_limits(fn)

    def option_branches(self, fn: FnDef) -> tuple[OptionBranch, ...]:
        """The two sides the body takes on an `Option` (`if let Some(d) = delay … else …`)."""
        cached = self._options.get(id(fn))
        if cached is None:
            cached = self._options[id(fn)] = option_branches(fn)
        return cached

    def arms(self, fn: FnDef) -> tuple[ArmFact, ...]:
        """The arms of the body's `match` expressions: each pattern's names and its calls."""
        cached = self._arms.get(id(fn))
        if cached is None:
            cached = self._arms[id(fn)] = match_arms(fn)
        return cached

    def text_branches(self, fn: FnDef) -> tuple[TextBranch, ...]:
        """What the body does with errors whose text lacks a literal it tests with `contains`."""
        cached = self._text_branches.get(id(fn))
        if cached is None:
            found = text_branches(fn) if '.contains("' in node_text(fn.node) else ()
            cached = self._text_branches[id(fn)] = found
        return cached

    def missing(self, fn: FnDef) -> tuple[MissingFact, ...]:
        """Where the function makes a lookup that finds nothing an error (`ok_or_else`)."""
        cached = self._missing.get(id(fn))
        if cached is None:
            cached = self._missing[id(fn)] = missing_facts(fn)
        return cached

    def lookups(self, fn: FnDef) -> dict[str, int]:
        """How many times the function's body names each module's entity (`endpoint::Entity`)."""
        return table_lookups(fn)

    def field_type(self, struct: str, field: str) -> str | None:
        """The type name of a crate struct's field (`WorkerContext`, `cfg` → `Configuration`),
        when one struct of that name has the field; None otherwise."""
        found = [
            ty
            for key, fields in self.crate.fields.items()
            if key.name == struct and (ty := fields.get(field)) is not None
        ]
        if len(found) != 1 or not found[0].path:
            return None
        name = found[0].path[-1]
        return name if name[:1].isupper() else None

    def fields_of(self, struct: str) -> frozenset[str] | None:
        """The named fields of the crate struct written `struct` (`CreateMessageApp`, or with its
        module, `messageattempt::Model`), when every struct of that name has the same ones, else
        of the struct-like variant of that name (`SerializedResponse::Finished`); None for no
        such struct or variant, or several of that name that differ."""
        if struct in self._fields:
            return self._fields[struct]
        *module, name = struct.split("::")
        found = {
            frozenset(fields)
            for key, fields in self.crate.field_names.items()
            if key.name == name and fields and (not module or key.module[-len(module) :] == tuple(module))
        }
        if not found:
            found = self._variant_fields(module, name)
        if len(self._fields) > 4096:
            self._fields.clear()
        known = self._fields[struct] = next(iter(found)) if len(found) == 1 else None
        return known

    def _variant_fields(self, module: list[str], name: str) -> set[frozenset[str]]:
        """The named fields of the struct-like variants written `name` (`Finished`, or with its
        enum, `SerializedResponse::Finished`)."""
        enum = module[-1:]
        return {
            frozenset(field for field, _ in variant.named_fields)
            for key, variants in self.crate.variants.items()
            if (not enum or key.name == enum[0])
            and (variant := variants.get(name)) is not None
            and variant.named_fields
        }

    def variants_of(self, enum: str) -> frozenset[str] | None:
        """The variants of the crate enum written `enum` (`Cache`, or with its module), when
        every enum of that name has the same ones; None otherwise."""
        *module, name = enum.split("::")
        found = {
            frozenset(variants)
            for key, variants in self.crate.variants.items()
            if key.name == name and variants and (not module or key.module[-len(module) :] == tuple(module))
        }
        return next(iter(found)) if len(found) == 1 else None

    def converts_into(self, enum: str, variant: str, within: Iterable[FnDef]) -> FnDef | None:
        """The first of the functions that returns the crate enum written `enum` and may build
        the variant by a conversion that names no variant (`RedisCache { … }.into()` for
        `Cache::Redis(RedisCache)`): the enum is `#[enum_dispatch]` or has a `From` impl, and
        the body names the type the variant holds and writes `.into()` or `from(`."""
        name = enum.rsplit("::", 1)[-1]
        if not any(key.name == name for key in self.crate.enum_dispatch) and not any(
            target.name == name for _, target, _ in self.crate.from_impls
        ):
            return None
        held = set(self._held((name,), variant))
        for fn in within:
            if name not in self.returns(fn)[1]:
                continue
            body = node_text(fn.node.child_by_field_name("body") or fn.node)
            if _CONVERSION.search(body) and any(re.search(rf"\b{re.escape(h)}\b", body) for h in held):
                return fn
        return None

    def strings_like(self, shape: re.Pattern[str], within: Iterable[FnDef]) -> list[Written]:
        """The string literals of the functions whose content has the shape."""
        return strings_like(shape, within)

    def built_from(self, literal: str, within: Iterable[FnDef]) -> list[Built]:
        """Where the functions write the string `literal`, with the calls around each."""
        return built_from(literal, within)

    def literals(self, name: str, within: Iterable[FnDef]) -> list[Literal]:
        """The struct literals of the type `name` in the functions: the fields each sets."""
        return struct_literals(name, within)

    def statuses(self, fn: FnDef) -> list[Value]:
        """The `StatusCode::X` constants the function's body names, as their numbers."""
        return status_codes(fn)

    def statuses_of(self, name: str) -> list[Value]:
        """The `StatusCode::X` constants named by the bodies of the functions called `name`
        (`HttpError::conflict` → 409), as their numbers."""
        return [value for fn in self.functions(name) for value in status_codes(fn)]

    def response_status(self, said: str) -> Value | None:
        """The status the crate's response type answers for `Type::Variant` (or a `Type` with
        no variants), read from its `into_response`."""
        *rest, last = said.split("::")
        owner, variant = (rest[-1], last) if rest else (last, "")
        fns = [
            fn for fn in self.functions("into_response") if fn.owner is not None and fn.owner.name == owner
        ]
        return response_status(fns, owner, variant)

    def success_statuses(self, fn: FnDef) -> list[Value] | None:
        """What a handler answers on success, read from its return type (`NoContent` → 204,
        `JsonStatus<202, T>` → 202, the framework's `Json<T>` → 200, a bare `StatusCode` → the
        2xx its body names); None when it answers no response, empty when the status is not read
        (`impl IntoResponse`, a variant whose `into_response` arm names no status)."""
        written, _ = self.returns(fn)
        said = answered(written) if written is not None else None
        if said is None or said.opaque:
            return None if said is None else []
        if said.head in FRAMEWORK_RESPONSES:
            return [Value(said.head, (float(FRAMEWORK_RESPONSES[said.head]),), False, fn.file, fn.line)]
        if said.head == "StatusCode":
            return [value for value in status_codes(fn) if int(value.numbers[0]) in SUCCESS]
        if not any(method.name == "into_response" for method in self.methods(said.head)):
            return None
        if said.given is not None:
            return [Value(f"{said.head}<{said.given}, …>", (float(said.given),), False, fn.file, fn.line)]
        variants = self.variants_of(said.head)
        out = []
        for variant in sorted(variants) if variants else [""]:
            value = self.response_status(f"{said.head}::{variant}" if variant else said.head)
            if value is None:
                return []  # a variant (or the type) whose status is not read
            out.append(value)
        return out

    def argument_texts(self, name: str, within: Iterable[FnDef]) -> list[Value]:
        """The one argument of each call of `name` in the functions, as written (`limit+1`)."""
        return argument_texts(name, within)

    def arguments(self, name: str, within: Iterable[FnDef]) -> list[Value]:
        """The values given as arguments to the calls of `name` in the given functions."""
        return argument_values(name, within)


_FACTS: dict[str, Facts] = {}


def facts_of(checkout: Checkout) -> Facts:
    """The checkout's facts, one per process: `write`, `validate`, `check` and `rebuild` share it."""
    from ..trace.walk import Tracer

    key = str(checkout.crate_dir.resolve())
    if key not in _FACTS:
        _FACTS[key] = Facts(Tracer(checkout), checkout)
    return _FACTS[key]
