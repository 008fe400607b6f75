"""Names of prose resolved against the record's code and the crate: E320-E323, and N320.

`Grounding` resolves each mention of a text (`tokens.Mention`) against the record's own code,
then the crate at the checkout (`rust.names.CrateNames`, read once per run), and says which are
unknown, with the nearest real names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from ...records.findings import Finding, finding, printable
from ...rust.bindings import declared_types, destructured
from ...rust.names import MAX_SUGGESTED, CrateNames
from ...rust.words import CRATE_PREFIXES, RUST_WORDS, STD_CRATES
from .field_lists import listed_fields, listed_variants
from .members import elsewhere
from .said_members import said_members
from .tokens import FILE_EXTENSIONS, Mention, MentionKind, Scanner, code_mentions


class Unknown(NamedTuple):
    """A mention the code does not have: the code, what is wrong, the nearest real names."""

    code: str
    mention: str
    message: str


class Grounding:
    """The names of a record's texts resolved against its code and the crate."""

    def __init__(
        self,
        crate: CrateNames,
        flows: Iterable[str] = (),
        scanner: Scanner | None = None,
        *,
        max_verdicts: int = 100_000,
    ) -> None:
        self.crate = crate
        self.flows = frozenset(flows)  # the catalog's flow ids, which prose may borrow
        self.scanner = scanner if scanner is not None else Scanner()
        self.max_verdicts = max_verdicts  # past this many distinct names (a hostile corpus), start again
        self._verdicts: dict[Mention, Unknown | None] = {}
        self._folder_names: frozenset[str] | None = None

    def unknown(self, mention: Mention, code: str) -> Unknown | None:
        """What is unknown about a mention, or None when the name exists (in `code` or in the
        crate).

        The crate's verdict is asked first: it is a cached lookup, while searching the record's
        code costs a scan of it (the record's code is the crate's, unless E230 says otherwise).
        """
        verdict = self._verdicts.get(mention, False)
        if verdict is False:
            if len(self._verdicts) > self.max_verdicts:
                self._verdicts.clear()
            verdict = self._verdicts[mention] = self._unknown_in_crate(mention)
        if verdict is None:
            return None
        if mention.kind is not MentionKind.FILE and self.scanner.has_word(code, mention.text):
            return None
        return verdict  # type: ignore[return-value]

    def _unknown_in_crate(self, mention: Mention) -> Unknown | None:
        """What the crate alone says is unknown about a mention (cached by `unknown`)."""
        if mention.kind is MentionKind.FILE:
            return self._file(mention.text)
        if mention.kind is MentionKind.PATH:
            return self._path(mention)
        return self._name(mention.text, mention.loose)

    def unknown_message(self, name: str, code: str, *, suggest: bool = True) -> str:
        """E320's message, offering the record's own names before the rest of the crate's
        (unless `suggest` is False: looking for them costs milliseconds a name)."""
        if name in self.flows:
            return (
                f"`{printable(name, 60)}` is a flow of the catalog, not a name of the crate; "
                "say what that code does, with the names it really has"
            )
        close: list[str] = []
        if suggest:
            own = self.crate.nearest(name, self.scanner.code_names(code))
            close = (own + [word for word in self.crate.nearest(name) if word not in own])[:3]
        return f"`{printable(name, 60)}` is not a name of the crate{_did_you_mean(close)}"

    def _name(self, name: str, loose: bool = False) -> Unknown | None:
        crate = self.crate
        if name in crate.words or name in RUST_WORDS or (loose and name.lower() in crate.lowered):
            return None
        if name.startswith("_") and name.lstrip("_") in crate.words:
            return None
        if _LOWER_CAMEL.fullmatch(name) and _snake(name) in crate.words:
            return None  # `prevIterator`: a field's name on the wire (serde's camelCase)
        if "_" in name.strip("_") and name.islower() and _camel(name) in crate.words:
            return None  # `event_id` of `#[serde(rename = "eventId")]`: the wire name, in snake case
        if name[:1].isupper() and not name.isupper() and name.endswith("s") and name[:-1] in crate.words:
            return None  # "handler HttpErrors": the plural of a type
        if name.isupper() and _configured(name, crate.env_prefixes, crate.words):
            return None  # `SVIX_WORKER_ENABLED`: the environment variable of a setting `worker_enabled`
        if _PLACEHOLDER.search(name):
            return None  # `org_XXXX`: a value left for the reader to fill in, not a name
        if name in self._folders():
            return None  # "the crate's `src`": a folder of the crate, or one its root lies in
        # the nearest names are offered by `unknown_message`, which knows the record's own names
        return Unknown("E320", name, self.unknown_message(name, "", suggest=False))

    def _folders(self) -> frozenset[str]:
        """The names of the crate's folders and of the folders its root lies in (`src`)."""
        if self._folder_names is None:
            crate = self.crate
            parts = {part for file in crate.files for part in file.split("/")[:-1]}
            self._folder_names = frozenset(parts | set(crate.crate_root.split("/")) - {""})
        return self._folder_names

    def _file(self, text: str) -> Unknown | None:
        crate = self.crate
        path = text.lstrip("./")
        for prefix in (crate.crate_root + "/", "src/"):
            path = path.removeprefix(prefix)
        if path in crate.files:
            return None
        if any(file == path or file.endswith("/" + path) for file in crate.files):
            return None
        return Unknown(
            "E322",
            text,
            f"`{printable(text, 80)}` is not a file of the crate"
            f"{_did_you_mean(crate.nearest(path, crate.files))}",
        )

    def _path(self, mention: Mention) -> Unknown | None:
        parts = list(mention.parts)
        while parts and parts[0] in CRATE_PREFIXES:
            parts.pop(0)
        if len(parts) > 1 and parts[-1] == "mod":  # `queue::mod`: the module, as its mod.rs
            parts.pop()
        if not parts:
            return None
        if len(parts) == 1:
            return self._name(parts[0])
        if parts[0][:1].isupper():
            return self._member(parts[0], parts[1:], mention.text)
        return self._module_path(tuple(parts), mention.text)

    def _module_path(self, parts: tuple[str, ...], text: str) -> Unknown | None:
        crate = self.crate
        # no prefix wider than the deepest module names one: a path of 64,000 segments is
        # looked up a few times, not once per segment (quadratic)
        deepest = max(map(len, crate.modules), default=0)
        for width in range(min(len(parts), deepest), 0, -1):
            found = crate.module(parts[:width])
            if found:
                return self._after_module(found, parts[width:], text)
        if parts[0] in ("lib", "main") and f"{parts[0]}.rs" in crate.files:
            return Unknown(
                "E321",
                text,
                f"`{printable(text, 80)}`: `{parts[0]}` is not a module; {parts[0]}.rs is the "
                f"crate root, so its items are `crate::{printable(parts[1], 40)}` "
                f"(or `{printable(parts[1], 40)}` in {parts[0]}.rs)",
            )
        if parts[0] in crate.words:  # an external crate's path (`serde_json::to_vec`)
            if parts[0] not in crate.heads and parts[0] not in STD_CRATES:
                return self._resolves_nowhere(parts, text)
            for index, part in enumerate(parts[1:], 1):
                if part[:1].isupper() and index + 1 < len(parts):
                    return self._member(part, list(parts[index + 1 :]), text)
                problem = self._name(part)
                if problem is not None:
                    return problem
            return None
        tops = sorted("::".join(path) for path in crate.modules if path)
        return Unknown(
            "E321",
            text,
            f"`{printable(text, 80)}`: `{printable(parts[0], 40)}` is "
            f"not a module of the crate{_did_you_mean(crate.nearest(parts[0], tops))}",
        )

    def _resolves_nowhere(self, parts: tuple[str, ...], text: str) -> Unknown:
        """E321 for a path whose first segment is a word of the crate (a variable, a field)
        but neither one of its modules nor a crate it writes paths of (`x::a::a`)."""
        return Unknown(
            "E321",
            text,
            f"`{printable(text, 80)}`: `{printable(parts[0], 40)}` is a name in the crate, but "
            "not a module of it nor a crate it uses, so the path leads nowhere"
            f"{_did_you_mean(self.crate.nearest(parts[0], sorted('::'.join(p) for p in self.crate.modules if p)))}",
        )

    def _after_module(
        self, modules: list[tuple[str, ...]], rest: tuple[str, ...], text: str
    ) -> Unknown | None:
        if not rest:
            return None
        crate = self.crate
        head = rest[0]
        words = frozenset().union(
            *(crate.file_words.get(f, frozenset()) for module in modules for f in crate.modules[module])
        )
        if head in words:
            if head[:1].isupper() and len(rest) > 1:
                files = [f for module in modules for f in crate.modules[module]]
                # `message::Model`: the module of that name that defines a `Model`
                files = [f for f in files if head in crate.items.get(f, ())] or files
                other = elsewhere(crate, files, head, rest[1])
                if other is not None:
                    return Unknown("E323", text, f"`{printable(text, 80)}`: {other}")
                return self._member(head, list(rest[1:]), text)
            return None
        if len(rest) == 1 and f"{modules[0][-1]}::{head}" in crate.item_paths:
            return None  # an item a macro defines (`crud::create_endpoint_operation`), written so
        where = "::".join(modules[0])
        children = sorted(
            {
                path[len(modules[0])]
                for path in crate.modules
                if len(path) > len(modules[0]) and path[: len(modules[0])] == modules[0]
            }
            - {"tests"}
        )
        own = sorted(
            {name for module in modules for f in crate.modules[module] for name in crate.items.get(f, ())}
        )
        close = crate.nearest(head, children + own if head.islower() else sorted(words))
        return Unknown(
            "E321",
            text,
            f"`{printable(text, 80)}`: `{where}` has no module or item "
            f"`{printable(head, 40)}`"
            f"{_did_you_mean(close, children + _ranked(head, own), f'in {where}')}",
        )

    def _member(self, owner: str, rest: list[str], text: str) -> Unknown | None:
        crate = self.crate
        problem = self._name(owner)
        if problem is not None:
            return problem
        member = rest[0]
        target = owner
        for _ in range(5):  # `TaskQueueProducer` is `SvixOmniProducer<QueueTask>`
            if target not in crate.aliases:
                break
            target = crate.aliases[target]
        members = crate.types.get(target)
        if members is None:  # not the crate's type: only its names are checked
            for part in rest:
                problem = self._name(part)
                if problem is not None:
                    return problem
            return None
        if member in members or member in RUST_WORDS or target in crate.wrappers:
            return None  # (a wrapper's member may be the value's it wraps: "a `ValidatedJson` whose `x`")
        if text.startswith(f"{owner}::") and f"{owner}::{member}" in crate.type_calls:
            # (the crate calls it so: axum's `Query::from_request_parts` beside the crate's `Query`)
            return None
        known = crate.members.get(target)
        if known is not None and not known.open:
            if member in known.names:
                return None  # an impl, a trait, a derive or a blanket impl gives it
        elif target in crate.open_types and member in crate.called:
            return None  # a method a trait of unknown methods may give the type, called as such
        # its methods and its fields, to name the nearest
        own = crate.methods.get(target, set()) | {
            m for types in crate.owned.values() for m in types.get(target, ())
        }
        close = crate.nearest(member, own) or crate.nearest(member, members)
        via = f" (an alias of `{printable(target, 40)}`)" if target != owner else ""
        return Unknown(
            "E323",
            text,
            f"`{printable(text, 80)}`: `{printable(owner, 40)}`{via} "
            f"has no member `{printable(member, 40)}`"
            f"{_did_you_mean(close, _ranked(member, own), 'its members')}",
        )


_LOWER_CAMEL = re.compile(r"[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+")
# one lower-case word: in the request, the asker's own (a header such as `traceparent`)
_ONE_WORD = re.compile(r"[a-z][a-z0-9]{2,30}")
# a run of X standing for a value to fill in: `org_XXXX`, `app_xxx`
_PLACEHOLDER = re.compile(r"(?:\A|_)(?:X{3,}|x{3,})(?:_|\Z)")


def _configured(name: str, prefixes: Iterable[str], words: frozenset[str]) -> bool:
    """Whether an upper-case name is the environment variable of a setting: a prefix the
    configuration reads (`SVIX_`) before a name of the crate (`worker_enabled`)."""
    return any(name.startswith(p) and name[len(p) :].lower() in words for p in prefixes)


_HUMP = re.compile(r"(?<=[a-z0-9])([A-Z])")


def _snake(name: str) -> str:
    """`prevIterator` → `prev_iterator`."""
    return _HUMP.sub(lambda m: "_" + m.group(1).lower(), name)


def _camel(name: str) -> str:
    """`event_id` → `eventId`."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _ranked(name: str, pool: Iterable[str]) -> list[str]:
    """`pool` by likeness to `name`, most alike first (for a list when nothing is close)."""
    if len(name) > MAX_SUGGESTED:
        return sorted(pool)
    return sorted(pool, key=lambda word: (-difflib.SequenceMatcher(None, name, word).ratio(), word))


def _did_you_mean(names: list[str], fallback: Iterable[str] = (), label: str = "") -> str:
    """ "; nearest: `a`, `b`", or when nothing is close, the first of `fallback` under `label`."""
    if not names:
        pool = list(fallback)
        if not pool:
            return ""
        more = f", … ({len(pool) - 8} more)" if len(pool) > 8 else ""
        return f"; {label}: " + ", ".join(f"`{printable(name, 60)}`" for name in pool[:8]) + more
    return "; nearest: " + ", ".join(f"`{printable(name, 60)}`" for name in names)


def ground(
    texts: Iterable[tuple[str, str]],
    code: str,
    grounding: Grounding,
    line: int,
    modules: Iterable[str] = (),
    *,
    notes: bool = False,
    field_type: Callable[[str, str], str | None] | None = None,
    fields_of: Callable[[str], frozenset[str] | None] | None = None,
    variants_of: Callable[[str], frozenset[str] | None] | None = None,
    asked: str = "",
) -> list[Finding]:
    """E320-E323 for each unknown name of the texts ((text, JSON path) pairs); with `notes`,
    N320 for the names that exist in the crate but not in the record's code (its own modules
    aside). `field_type` reads a struct field's type, for names a struct pattern binds;
    `fields_of` a struct's fields and `variants_of` an enum's variants, for the lists of
    them said of a type. In the text at the path `asked` (the request), a lowerCamelCase name
    or a single lower-case word the crate does not know is the asker's own
    (`terminationGracePeriodSeconds`, a Kubernetes setting; `traceparent`, a header): the
    question may name the asker's world; the think block is held to the crate's names."""
    own_modules = set(modules)
    found: list[Finding] = []
    unknown = 0
    # a word one text calls a header or a flag ("a W3C traceparent header", "the feature flag
    # `beta`") is the wire's, or the data's, in every text
    headers = {
        m.group(1) or m.group(2)
        for text, _ in texts
        if "header" in text or "flag" in text
        for m in _SAID_HEADER.finditer(text)
    }
    for text, path in texts:
        elsewhere = []
        typed = _typed_members(text, code, field_type)
        listed = _listed(text, field_type, fields_of, variants_of)
        scanned = list(grounding.scanner.mentions(text))
        owned = {m: said for m, said in _owned_members(text).items() if m not in scanned}
        for mention in dict.fromkeys([*scanned, *typed, *listed, *owned]):
            problem = grounding.unknown(mention, code)
            if problem is None and mention in listed:
                problem = listed[mention](mention)
            if problem is not None and mention in owned:
                if problem.code != "E323":
                    continue  # (the type itself, unknown or foreign, is the scanner's to judge)
                problem = problem._replace(message=owned[mention] + problem.message)
            if (
                problem is not None
                and problem.code == "E320"
                and path == asked
                and (_LOWER_CAMEL.fullmatch(mention.text) or _ONE_WORD.fullmatch(mention.text))
            ):
                continue  # the asker's own setting or header
            if problem is not None and problem.code == "E320" and mention.text in headers:
                continue  # a header or a flag, said to be one
            if problem is not None:
                message = typed.get(mention, "") + problem.message
                if problem.code == "E320":
                    unknown += 1  # a record of endless invented names is told so without help
                    message = grounding.unknown_message(
                        problem.mention, code, suggest=unknown <= SUGGESTED_PER_RECORD
                    )
                found.append(finding(line, problem.code, message, path))
            elif notes and _outside(mention, code, own_modules, grounding.scanner):
                elsewhere.append(mention.text)
        if elsewhere:
            names = ", ".join(f"`{printable(name, 40)}`" for name in elsewhere[:8])
            more = f" and {len(elsewhere) - 8} more" if len(elsewhere) > 8 else ""
            found.append(
                finding(line, "N320", f"named from the crate, not this record's code: {names}{more}", path)
            )
    return found


_SAID_HEADER = re.compile(
    r"(?<![\w-])`?([a-z][a-z0-9]*(?:-[a-z0-9]+)*)`?\s+(?:HTTP\s+)?headers?\b"
    r"|\b(?:feature\s+)?flags?\s+`([a-z][a-z0-9]*(?:-[a-z0-9]+)*)`"
)


def _listed(
    text: str,
    field_type: Callable[[str, str], str | None] | None,
    fields_of: Callable[[str], frozenset[str] | None] | None,
    variants_of: Callable[[str], frozenset[str] | None] | None,
) -> dict[Mention, Callable[[Mention], Unknown | None]]:
    """The names a text lists as a type's fields or variants, each with what judges it."""
    listed: dict[Mention, Callable[[Mention], Unknown | None]] = {}
    if fields_of is not None and field_type is not None:
        for said in listed_fields(text, fields_of, field_type):
            for mention in code_mentions(said):
                listed[mention] = lambda mention: _not_listed(mention, fields_of, "field")
    if variants_of is not None:
        for said in listed_variants(text, variants_of):
            for mention in code_mentions(said):
                listed.setdefault(mention, lambda mention: _not_listed(mention, variants_of, "variant"))
    return listed


def _not_listed(
    mention: Mention, members_of: Callable[[str], frozenset[str] | None], what: str
) -> Unknown | None:
    """A name said in a type's list of its `what` (fields, variants) that is none of them: E323,
    for fields even where a foreign derive opens the type to members the crate cannot list (a
    derive adds methods, never fields)."""
    owner, name = "::".join(mention.parts[:-1]), mention.parts[-1]
    members = members_of(owner)
    if not members or name in members:
        return None
    listed = ", ".join(f"`{member}`" for member in sorted(members))
    return Unknown(
        "E323", mention.text, f"`{mention.text}`: `{owner}` has no {what} `{name}`; its {what}s: {listed}"
    )


def _owned_members(text: str) -> dict[Mention, str]:
    """`T::m` for each method the text says a type has ("`m`, a method on `T`", "`T` offers
    `m`"), each with the words that say so before a finding's message."""
    return {
        mention: f"`{member}` is said to be a member of `{owner}`: "
        for owner, member in said_members(text)
        for mention in code_mentions(f"{owner}::{member}")
        if mention.kind is MentionKind.PATH
    }


SUGGESTED_PER_RECORD = 20  # unknown names of one record that get the nearest real names

# a member of a value in backticks: `msg.payload`, `endp.key.valid_signing_keys()`
_DOTTED = re.compile(r"`([a-z_][a-z0-9_]{0,40})\.([a-z_][a-z0-9_]{0,60})(?:\(\))?[.`(]")


def _typed_members(
    text: str, code: str, field_type: Callable[[str, str], str | None] | None = None
) -> dict[Mention, str]:
    """`msg.payload` as `message::Model::payload` when the record's code declares `msg` with that
    type (and with no other), or binds it from a struct's field of that type (`WorkerContext {
    cfg, .. }`, with `field_type` to read the field's type), each with the words that say so
    before a finding's message."""
    if "`" not in text or "." not in text:
        return {}
    dotted = _DOTTED.findall(text)
    if not dotted:
        return {}
    types: dict[str, str | None] = dict(declared_types(code))
    if field_type is not None:
        for name, (struct, field) in destructured(code).items():
            typed = field_type(struct, field)
            if name not in types:
                types[name] = typed
            elif typed is not None and typed != types[name]:
                types[name] = None  # declared as one type, bound from a field of another: which?
        # a struct the text names that has a field of the value's name, of another type: the
        # text may speak of that one (`ApplicationIn::update_model` and its `throttle_rate`)
        named = set(_TYPE_NAMED.findall(text))
        for receiver, _ in dotted:
            if types.get(receiver) is not None and any(
                (other := field_type(struct, receiver)) is not None and other != types[receiver]
                for struct in named
            ):
                types[receiver] = None
    return {
        mention: f"`{receiver}.{member}` (`{receiver}` is a `{types[receiver]}` in the record's code): "
        for receiver, member in dotted
        if types.get(receiver) is not None and member not in FILE_EXTENSIONS  # (`cfg.rs` is a file)
        for mention in code_mentions(f"{types[receiver]}::{member}")
        if mention.kind is MentionKind.PATH
    }


_TYPE_NAMED = re.compile(r"`(?:[a-z_]\w{0,40}::){0,3}([A-Z]\w{0,60})\b")


def _outside(mention: Mention, code: str, own_modules: set[str], scanner: Scanner) -> bool:
    """Whether a resolved name comes from the crate rather than the record's own code."""
    if mention.kind is MentionKind.PATH:
        return not scanner.has_word(code, mention.text) and not scanner.has_word(code, mention.parts[-1])
    if mention.kind is MentionKind.NAME and not mention.loose and mention.text not in own_modules:
        return not scanner.has_word(code, mention.text)
    return False


# text hygiene -----------------------------------------------------------------------------------

# Controls (tab and newline pass), DEL, C1, bidi embeddings, overrides, isolates and marks,
