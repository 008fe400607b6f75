"""An error the code is said to give: "a missing row becomes `HttpError::not_found`", "it
rejects the token with `HttpError::permission_denied(None, None)`". The constructor must be
written somewhere in the record's code, in what it reaches, or in a conversion into the error
type (`?` runs those): a constructor written nowhere there, where another constructor of the
same type is, contradicts the claim. A constructor said of one function ("`f`, which returns
`E::c`", "`f` turns … into `E::c`") is held to that function first: when its body builds
others of the type and nothing it reaches builds the one said, the claim is contradicted. A
constructor said to be handed to `map_err` ("mapped with `map_err(Error::generic)`") is held
to the `map_err`s the record's code writes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .model import (
    CHOICE,
    FLOW,
    HANDLER,
    REACH_DEPTH,
    Claim,
    Kind,
    State,
    Verdict,
    at,
    contradicted,
    record_first,
)
from .text import FUNCTION_NAMED, SAID_OF_IT, TICKED, TYPE_TICKED, Clauses, negated

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

GIVES = "gives"  # an error claim's relation: the record's code gives the error its subject builds
GIVES_VARIANT = "gives the variant"  # an error claim's relation: the scope gives the error variant
MAPS = "maps with"  # an error claim's relation: the record's code writes `map_err(subject)`

# a constructor of an error type, as a call or bare: `HttpError::conflict(None, None)`
ERROR_CONSTRUCTOR = re.compile(
    r"`(?P<path>(?:[A-Za-z_]\w{0,40}::){0,3}(?:[A-Z]\w{0,40})?Error::[a-z_]\w{0,60})(?:\([^`]{0,120}\))?`"
)
# what makes the constructor an example or a comparison, not what the code gives
_ASIDE = re.compile(
    r"\b(?:like|unlike|such\s+as|as\s+with|e\.g\.|for\s+example|would|could|might|may)\s+(?:\w+\s+){0,3}\Z",
    re.IGNORECASE,
)


# the noun phrase a sentence opens with, up to a constructor inside it: "The 403 from ",
# "A `Self::x` error of "
_IN_SUBJECT = re.compile(
    r"(?:The|A|An|That|This|Its)\s+(?:[1-5]\d\d\s+|[a-z]+\s+){0,3}(?:from|of|built\s+by|made\s+by)\s+\Z"
)
# "Unlike `E::a`, which goes through `f`, `E::b` leaves …": the comparison's lead, then the
# constructor the main clause speaks of
_AFTER_COMPARISON = re.compile(r"(?:Unlike|Like|As with|Compared with|In contrast to)\b[^;]*,\s*")
# the end of a list of subjects said alike: "…, queue errors and `E::x` all look the same"
_ALL_OF_THEM = re.compile(r"\s+(?:all|both)\s+(?!of\b)[a-z]+")
# "`f`, which returns …": the name a relative clause hangs on
_WHICH = re.compile(r"\s*,\s*which\s+(?!is\b|are\b|was\b|means\b)")
# where another clause with its own subject starts: "…; …", "…, and `g` …", "…, while …"
_OTHER_CLAUSE = re.compile(r";|,\s+(?:and|but|while|whereas|so)\s|\bwhile\b")
# "…, and `ValidatedJson<T>` deserializes …": a clause that opens on a name of its own
_NEW_SUBJECT = re.compile(r"(?:;|,\s+(?:and|but|while|whereas)\s)\s*(?:then\s+)?`")
_THROUGH_IT = re.compile(r"\b(?:through|via)\s+\Z")
_FROM_IMPL = re.compile(r"(?:impl\s+)?From<(?P<source>[\w:]+)>(?:\s+for\s+(?P<target>[\w:]+))?")
# "`From<lapin::Error>` maps …": a conversion as the sentence's subject
_FROM_SUBJECT = re.compile(r"(?:The\s+)?`(?P<impl>(?:impl\s+)?From<[\w:]+>(?:\s+for\s+[\w:]+)?)`")
_MAPPER = re.compile(r"(?:map_err|or_else|unwrap_or_else|ok_or_else)\((?P<fn>(?:\w+::)*[a-z_]\w*)\)")
_PATH = re.compile(r"(?:\w+::)*\w+")


def raised_claims(sentence: str, parts: Clauses, subject: str = "") -> Iterator[Claim]:
    """Each error constructor a sentence says the code gives: not the sentence's subject (what
    is said of the constructor itself), not negated, not an example or a comparison. Each is
    scoped to the name it is said of: the one a relative clause hangs on ("`f`, which returns
    …"), else the sentence's `subject` (unless a clause that opens on a name of its own comes
    between: "`f` resolves …, and `g` … turns a failure into `E::x`" is said of `g`)."""
    for match in ERROR_CONSTRUCTOR.finditer(sentence):
        if match.start() == 0 or negated(parts, match.start(), match.end()):
            continue
        before = (sentence, max(0, match.start() - 40), match.start())
        if _ASIDE.search(*before) or SAID_OF_IT.search(*before):
            continue  # "like `E::x`", "the same holds for `E::x`": said of the constructor itself
        if (
            _IN_SUBJECT.match(sentence, 0, match.start())
            or _ALL_OF_THEM.match(sentence, match.end())
            or _AFTER_COMPARISON.fullmatch(sentence, 0, match.start())
        ):
            # "The 403 from `E::x` belongs to …", "timeouts and `E::x` all look the same": what
            # is said of the error itself
            continue
        scope = (
            _speaker(sentence, match.start())
            or _mapper(sentence, match.start())
            or _conversion(sentence, match.start())
            or (subject if not _NEW_SUBJECT.search(sentence, 0, match.start()) else "")
            or _inside(sentence, match.start())
        )
        yield Claim(Kind.ERROR, sentence, match.group("path"), "", GIVES, scope=scope)


# a variant of an error enum: `Error::TimedOut`, `cache::Error::DeserializationOther`
_ERROR_VARIANT = re.compile(
    r"`(?P<path>(?:[a-z_]\w{0,40}::){0,3}(?P<enum>(?:[A-Z]\w{0,40})?Error)::(?P<variant>[A-Z]\w{0,60}))`"
)


def variant_claims(sentence: str, parts: Clauses, subject: str = "") -> Iterator[Claim]:
    """Each data-less variant of an error enum a sentence says one function gives ("`set_raw`
    …, returning `Error::DeserializationOther` if …"), scoped as `raised_claims` scopes a
    constructor; a variant said of no function is left to the rule of named variants."""
    for match in _ERROR_VARIANT.finditer(sentence):
        if match.start() == 0 or negated(parts, match.start(), match.end()):
            continue
        before = (sentence, max(0, match.start() - 40), match.start())
        if (
            _ASIDE.search(*before)
            or SAID_OF_IT.search(*before)
            or _IN_SUBJECT.match(sentence, 0, match.start())
        ):
            continue
        scope = (
            _speaker(sentence, match.start())
            or (subject if not _NEW_SUBJECT.search(sentence, 0, match.start()) else "")
            or _inside(sentence, match.start())
        )
        if scope and scope.rsplit("::", 1)[-1][:1].islower():
            yield Claim(Kind.ERROR, sentence, match.group("path"), "", GIVES_VARIANT, scope=scope)


def judge_variant(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported where the function said (or what it calls) names the variant; contradicted
    when its own body names other variants of the enum, nothing it reaches within REACH_DEPTH
    calls names this one, and the variant holds no data (so no `?` converts into it) nor does a
    `From` impl of the enum name it."""
    *_, enum, variant = claim.subject.split("::")
    kinds = [
        variants[variant]
        for key, variants in facts.crate.variants.items()
        if key.name == enum and variant in variants
    ]
    if not kinds or any(kind.tuple_fields or kind.named_fields for kind in kinds):
        return Verdict(claim, State.UNCHECKABLE)
    speakers = _speakers(facts, claim.scope, own)
    for fn in facts.reach_all(speakers, 1):
        if variant in facts.variants_named(fn, enum):
            return Verdict(claim, State.SUPPORTED, where=at(fn))
    its_own = sorted({name for fn in speakers for name in facts.variants_named(fn, enum)})
    if not its_own or any(
        variant in facts.variants_named(fn, enum) for fn in facts.reach_all(speakers, REACH_DEPTH)
    ):
        return Verdict(claim, State.UNCHECKABLE)
    if any(
        target.name == enum and variant in facts.variants_named(fn, enum)
        for _, target, fn in facts.crate.from_impls
    ):
        return Verdict(claim, State.UNCHECKABLE)
    where = at(speakers[0])
    listed = ", ".join(f"`{enum}::{name}`" for name in its_own[:3])
    return contradicted(
        claim,
        f"`{claim.scope}` ({where}) names {listed} and never `{enum}::{variant}` (nor does what it "
        f"calls within {REACH_DEPTH} calls)",
        where,
    )


# "maps its `DbErr` through `f`", "… with `map_err(f)`": the function an error is mapped by
_MAPPED_BY = re.compile(
    r"\bmap(?:s|ped)\b[^.;]{0,60}?\b(?:through|with|via|by)\s+`(?P<fn>(?:\w+::)*[a-z_]\w*)(?:\(\))?`"
    r"|`map_err\((?P<arg>(?:\w+::)*[a-z_]\w*)\)`"
)


# "A cache error inside `lock_loop` is mapped to …": the function a failure happens in
_INSIDE = re.compile(r"\b(?:inside|within|in)\s+`(?P<fn>(?:[a-z_]\w*::)*[a-z_]\w*)(?:\(\))?`")


def _inside(sentence: str, at: int) -> str:
    """The one function a failure is said to happen in, before the constructor at `at`, with
    no other function named between and no clause of its own opening there ("A cache error
    inside `lock_loop` is mapped to `E::x`")."""
    inside = list(_INSIDE.finditer(sentence, 0, at))
    if len(inside) != 1:
        return ""
    between = (sentence, inside[0].end(), at)
    if FUNCTION_NAMED.search(*between) or _OTHER_CLAUSE.search(*between):
        return ""
    return inside[0].group("fn")


def _mapper(sentence: str, at: int) -> str:
    """The one function the sentence says an error is mapped by, before the constructor (not
    one the constructor is itself the mapping of)."""
    if _THROUGH_IT.search(sentence, max(0, at - 12), at):
        return ""  # "…, and every other becomes `T` through `E::generic`": the constructor maps itself
    mappers = {m.group("fn") or m.group("arg") for m in _MAPPED_BY.finditer(sentence, 0, at)}
    if len(mappers) != 1:
        return ""
    mapper = mappers.pop()
    built = _PATH.match(sentence, at + 1)  # (the constructor, behind its backtick)
    if built is not None and "::" in mapper and mapper.rsplit("::", 1)[0] == built.group().rsplit("::", 1)[0]:
        return ""  # "maps it through `E::timeout`, while every other becomes `E::generic`": a sibling
    return mapper


# "`f(x)` is mapped with `map_err(Error::generic)`": a constructor handed to `map_err` itself
_MAP_ERR_WITH = re.compile(
    r"`(?:\.?map_err)\((?P<path>(?:[A-Za-z_]\w{0,40}::){0,3}[A-Z]\w{0,40}::[a-z_]\w{0,60})\)`"
)


def mapper_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """Each error constructor a sentence says the code hands to `map_err`, not negated."""
    for match in _MAP_ERR_WITH.finditer(sentence):
        if not negated(parts, match.start(), match.end()):
            yield Claim(Kind.ERROR, sentence, match.group("path"), "", MAPS)


def judge_mapper(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported where the record's code (or what it calls directly) writes `map_err(c)` with
    the constructor said; contradicted when it writes `map_err` only with other constructors of
    that type."""
    owner, name = claim.subject.split("::")[-2:]
    reached = facts.reach_all(own, 1)
    written = [
        (site.argument.split("::")[-2:], site.where)
        for fn in reached
        for site in facts.sites(fn, ("map_err",))
        if site.name == "map_err" and "::" in site.argument and "|" not in site.argument
    ]
    said = [where for path, where in written if path == [owner, name]]
    if said:
        return Verdict(claim, State.SUPPORTED, where=said[0])
    others = [(path[-1], where) for path, where in written if len(path) == 2 and path[0] == owner]
    if not others:
        return Verdict(claim, State.UNCHECKABLE)
    other, where = others[0]
    return contradicted(
        claim,
        f"the record's code maps errors with `map_err({owner}::{other})` at {where}, never with "
        f"`map_err({owner}::{name})`",
        where,
    )


# "…, where `impl From<lapin::Error> for Error` turns it into …": a conversion with its own verb
_FROM_ACTS = re.compile(
    r"`(?P<impl>(?:impl\s+)?From<[\w:]+>(?:\s+for\s+[\w:]+)?)`\s+(?:then\s+|also\s+)?"
    r"(?:turns|maps|converts|builds|makes|wraps|produces)\b"
)


# "…, which goes through `impl From<lapin::Error> for Error` and becomes …": the conversion an
# error passes through on its way to the constructor
_THROUGH_FROM = re.compile(
    r"\bthrough\s+(?:the\s+|an?\s+)?`(?P<impl>(?:impl\s+)?From<[\w:]+>(?:\s+for\s+[\w:]+)?)`(?:\s+impl)?,?\s+"
    r"(?:and\s+|which\s+|then\s+)*(?:becomes|turns\s+(?:it\s+)?into|yields|builds|makes|maps\s+it\s+to)\b"
)


def _conversion(sentence: str, at: int = -1) -> str:
    """The conversion a sentence opens with ("`From<lapin::Error>` turns … into …"), or the one
    that acts in the clause before the constructor at `at` ("…, where `From<A> for E` turns it
    into …")."""
    opening = _FROM_SUBJECT.match(sentence)
    if opening is None and at > 0:
        acting = [
            m
            for pattern in (_FROM_ACTS, _THROUGH_FROM)
            for m in pattern.finditer(sentence, 0, at)
            if not _OTHER_CLAUSE.search(sentence, m.end(), at)
        ]
        opening = max(acting, key=lambda m: m.start()) if acting else None
    if opening is None:
        return ""
    impl = _FROM_IMPL.fullmatch(opening.group("impl"))
    return f"From<{impl.group('source')}> for {impl.group('target') or '_'}" if impl is not None else ""


def _speaker(sentence: str, at: int) -> str:
    """The name the clause holding `at` is a relative clause of: "`From<A> for E`, which
    builds …", "`map_err(f)`, which returns …" (f), "`f`, which maps … to …"."""
    hung = None
    for ticked in TICKED.finditer(sentence, 0, at):
        if _WHICH.match(sentence, ticked.end()):
            hung = ticked
    if hung is None or _OTHER_CLAUSE.search(sentence, hung.end() + 1, at):
        return ""
    text = hung.group(1).strip()
    if (impl := _FROM_IMPL.fullmatch(text)) is not None:
        return f"From<{impl.group('source')}> for {impl.group('target') or '_'}"
    if (mapper := _MAPPER.fullmatch(text)) is not None:
        return mapper.group("fn")
    path = _PATH.match(text)
    return path.group() if path is not None and path.end() >= len(text.removesuffix("()")) else ""


def judge_raised(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported where the record's code or what it reaches writes the constructor; contradicted
    when none of it does and it writes another constructor of the same type; otherwise not
    checkable (the text may speak of code beyond the record)."""
    owner, name = claim.subject.split("::")[-2:]
    fns = facts.functions(f"{owner}::{name}")
    if not fns:
        return Verdict(claim, State.UNCHECKABLE)  # an unknown constructor is the name checks' finding
    if all(facts.receiver(fn) is not None for fn in fns):
        # "handed to `HttpError::into_response`": a method, no constructor
        return Verdict(claim, State.UNCHECKABLE)
    if claim.scope:
        said = _judge_said_of(facts, claim, owner, name, own)
        if said is not None:
            return said
    within = _within(facts, own)
    others: list[tuple[str, str]] = []
    for fn in within:
        for written, where in facts.constructors(fn, owner):
            if written == name:
                return Verdict(claim, State.SUPPORTED, where=where)
            others.append((written, where))
    if not others or _built_by_type_said(facts, claim.sentence, owner, name):
        # (the sentence names a type whose methods build it: "by contrast, the
        # `permissions::Organization` extractor rejects them with `HttpError::permission_denied`")
        return Verdict(claim, State.UNCHECKABLE)
    written, where = others[0]
    return contradicted(
        claim,
        f"the record's code (and what it calls within {REACH_DEPTH} calls) never builds "
        f"`{owner}::{name}`; it builds `{owner}::{written}` at {where}",
        where,
    )


_TYPE_SAID = re.compile(TYPE_TICKED + "`")


def _built_by_type_said(facts: Facts, sentence: str, owner: str, name: str) -> bool:
    """Whether a type the sentence names (not the error's own) has a method that builds the
    constructor, itself or within one call."""
    for said in {m.group("type") for m in _TYPE_SAID.finditer(sentence)} - {owner}:
        for method in facts.methods(said):
            for fn in facts.reach(method, 1):
                if any(written == name for written, _ in facts.constructors(fn, owner)):
                    return True
    return False


def _within(facts: Facts, own: list[FnDef]) -> list[FnDef]:
    """The record's functions, what they reach, and the conversions into the crate's error
    types (`?` and `into()` run them unnamed)."""
    found = {id(reached): reached for reached in facts.reach_all(own, REACH_DEPTH)}
    for fn in facts.functions("from"):
        if fn.trait == "From" and fn.owner is not None and fn.owner.name.endswith("Error"):
            found.setdefault(id(fn), fn)
    return list(found.values())


def _judge_said_of(facts: Facts, claim: Claim, owner: str, name: str, own: list[FnDef]) -> Verdict | None:
    """A constructor said of one function (the claim's scope): supported when that function or
    what it calls builds it; contradicted when its own body builds other constructors of the
    type and nothing it reaches within REACH_DEPTH calls builds this one; else None (the
    record's code at large decides)."""
    if claim.scope.rsplit("::", 1)[-1] == owner:
        return None  # "`HttpError` …, which builds `HttpError::x`": the type itself
    speakers = _speakers(facts, claim.scope, own)
    if not speakers:
        return None
    for fn in facts.reach_all(speakers, 1):
        for written, where in facts.constructors(fn, owner):
            if written == name:
                return Verdict(claim, State.SUPPORTED, where=where)
    its_own = [found for fn in speakers for found in facts.constructors(fn, owner)]
    if not its_own:
        return None
    if builds(facts, facts.reach_all(speakers, REACH_DEPTH), owner, name):
        return None
    written, where = its_own[0]
    return contradicted(
        claim,
        f"`{claim.scope}` builds `{owner}::{written}` at {where} and never `{owner}::{name}` "
        f"(nor does what it calls within {REACH_DEPTH} calls)",
        where,
    )


def builds(facts: Facts, fns: Iterable[FnDef], owner: str, name: str) -> bool:
    """Whether any of `fns` builds the constructor `owner::name` (`HttpError::bad_request`)."""
    return any(written == name for fn in fns for written, _ in facts.constructors(fn, owner))


def _speakers(facts: Facts, scope: str, own: list[FnDef]) -> list[FnDef]:
    """The functions a scope names: the entry point, a conversion, a function, or a type's methods."""
    if scope == HANDLER:
        return own[:1]
    if scope == FLOW or CHOICE in scope:
        return []
    if (impl := _FROM_IMPL.fullmatch(scope)) is not None:
        return facts.conversion(impl.group("source"), impl.group("target"))
    last = scope.rsplit("::", 1)[-1]
    if last[:1].isupper():
        return [] if last.isupper() else facts.methods(scope)
    return record_first(facts.functions(scope), own)
