"""A call written out with its arguments, as the code writes it: "the cutoff is
`MessageId::end_id(older_than)`" where the record's code writes `MessageId::start_id(older_than)`,
"`rabbitmq::new_pair(&cfg, prefix.as_deref())`" where it writes
`queue::new_pair(&cfg, prefix.as_deref())`.

A call copied from the code is found in the crate's text; one the crate writes nowhere, while
a body of the record makes a call with the very same arguments to a function of the same owner
(or to a namesake of another owner), named the wrong function. Arguments left out or
abbreviated (`f(…)`, `f(..)`), or written differently from the code, say nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...rust.facts.sites import squashed
from .calls import ELSEWHERE, without_generics
from .model import FLOW, Claim, Kind, State, Verdict, contradicted
from .text import TICKED, Clauses, Token, negated, tokens

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

WRITTEN = "written as a call"  # a call claim's saying: the sentence writes the call out
WRITTEN_NUMBER = "written with its numbers"  # a value claim's saying: code written with a number in it

# a path or a value's method, then its arguments: `messageattempt::Entity::secure_find_by_msg(msg.id)`
_WRITTEN_CALL = re.compile(
    r"(?P<callee>(?:[A-Za-z_][A-Za-z0-9_]{0,60}(?:<[^`()]{0,60}>)?::){1,5}[a-z_][a-z0-9_]{0,60}"
    r"|(?:self|[a-z_][a-z0-9_]{0,40})\.[a-z_][a-z0-9_]{0,60})"
    r"\((?P<arguments>[^`]{1,300})\)"
)
_ABRIDGED = re.compile(r"\.\.|…")
_NUMBERS = re.compile(r"[\d\s*+/_.-]*")  # `Duration::from_hours(24 * 30)`: a value, judged as one
_LEADING = re.compile(r"^(?:(?:crate|self|super)::)+")
# a comparison or another flow: the call written may be another's
_CONTRAST = re.compile(r"\b(?:unlike|instead of|rather than|like|just as|as with)\b", re.IGNORECASE)


def written_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """A call the sentence writes out with its arguments, with its owner or on a value."""
    if ELSEWHERE.search(sentence) or _CONTRAST.search(sentence):
        return
    for token in found:
        if not token.ticked or negated(parts, token.start, token.end):
            continue
        code = sentence[token.start + 1 : token.end - 1].strip()
        call = _WRITTEN_CALL.fullmatch(code)
        if (
            call is not None
            and not _ABRIDGED.search(call.group("arguments"))
            and not _NUMBERS.fullmatch(call.group("arguments"))
        ):
            yield Claim(Kind.CALL, sentence, FLOW, code, WRITTEN)


# code written with a number in it: an expression of a name (`disable_in * 2`) or a call nested
# in another (`checked_sub_months(Months::new(3))`), not a bare call of numbers nor a duration or
# a struct literal inside a snippet, which the value rules read (`Duration::from_secs(30)`,
# `Config { a: 1 }`), nor an index (`schedule[2]`, a writer's own example)
_CODE_NUMBER = re.compile(r"\b\d[\d_]*\b")
_CODE_NAME = re.compile(r"[a-z_][a-z0-9]*_[a-z0-9_]+|[A-Za-z_]\w*::\w+|\w\.\w")
# what the value rules read inside a snippet: a struct literal's fields, a duration's constructor
_READ_NESTED = re.compile(
    r"\{|\b(?:from_millis|milliseconds|from_secs|seconds|from_mins|minutes|from_hours|hours|days|weeks)\("
)
_LONGEST_SNIPPET = 120  # the code read: not a paragraph of code
_OPERATOR = re.compile(r"[*+/()-]")  # what makes a name and a number an expression or a call
_MOST_NUMBERS = 4  # snippets with numbers read in one sentence
_BARE_NUMBER_CALL = re.compile(r"(?:[\w:]+|\w+\.\w+)\([\d\s*+/_.-]*\)")


def number_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """Code the sentence writes with a number in it, to be found in the crate as written."""
    if _CONTRAST.search(sentence) or ELSEWHERE.search(sentence):
        return
    read = 0
    for ticked in TICKED.finditer(sentence):
        code = ticked.group(1).strip()
        if (
            len(code) > _LONGEST_SNIPPET
            or _CODE_NUMBER.search(code) is None
            or _CODE_NAME.search(code) is None
            or _OPERATOR.search(code) is None
            or "[" in code
            or _BARE_NUMBER_CALL.fullmatch(code)
            or _READ_NESTED.search(code)
            or _ABRIDGED.search(code)
            or negated(parts, ticked.start(), ticked.end())
        ):
            continue
        yield Claim(Kind.VALUE, sentence, code, "", WRITTEN_NUMBER)
        read += 1
        if read == _MOST_NUMBERS:
            return  # (each is looked for in the whole crate's text)


def judge_number(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Supported when the crate writes the code; contradicted when it writes it nowhere but
    writes it, the same in all else, with other numbers, one way only (`disable_in * 2` for
    `disable_in * 3`); not checkable otherwise."""
    code = squashed(claim.subject)
    if facts.writes(code):
        return Verdict(claim, State.SUPPORTED)
    pieces = _CODE_NUMBER.split(code)
    # (the crate's text is squashed too, its words run together: no word boundaries to lean on)
    pattern = re.compile(r"\d[\d_]*".join(re.escape(piece) for piece in pieces))
    found = facts.written_like(pattern)
    if not found or len(found) != 1:
        return Verdict(claim, State.UNCHECKABLE)
    (written,) = found
    where, as_written = facts.written_at(written)
    return contradicted(claim, f"the crate writes `{as_written}` at {where}, never `{claim.subject}`", where)


def judge_written(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Contradicted when the crate writes the call nowhere, the function said is not called
    (nor defined) with arguments like these, and a body of the record calls a kin of it with
    the very same arguments; not checkable otherwise (a call the crate writes is one the text
    copied, wherever it stands)."""
    code = _LEADING.sub("", claim.object)
    call = _WRITTEN_CALL.fullmatch(code)
    if call is None or facts.writes(code):
        return Verdict(claim, State.UNCHECKABLE)
    said = call.group("callee")
    arguments = squashed(call.group("arguments"))
    if _written_loosely(facts, said, arguments, own):
        return Verdict(claim, State.UNCHECKABLE)  # the call, its arguments written more plainly
    for fn in own:
        for site in facts.sites(fn):
            if site.arguments == arguments and _kin_callee(said, site.path):
                owner = site.path.split("::")[-2] if "::" in site.path else ""
                if owner in fn.generics and said.split("::")[-2:-1] != [owner]:
                    # `I::start_id(before)` with `I` a type parameter: the call of any type
                    return Verdict(claim, State.UNCHECKABLE)
                return contradicted(
                    claim,
                    f"`{fn.name}` calls `{site.path}` with these arguments at {site.where}; "
                    f"the crate writes `{claim.object}` nowhere",
                    site.where,
                )
    return Verdict(claim, State.UNCHECKABLE)


# what a text may leave out of an argument: a borrow, a dereference, a clone or a conversion
_PLAIN = re.compile(
    r"&(?:mut(?=[a-z_]))?|\*|\.(?:clone|to_owned|to_string|as_ref|as_deref|as_str|into|borrow)\(\)"
)


def _loose(arguments: str) -> str:
    return _PLAIN.sub("", arguments)


def _written_loosely(facts: Facts, said: str, arguments: str, own: list[FnDef]) -> bool:
    """Whether the function said is defined with parameters of these names
    (`queue::new_pair(cfg, prefix)`), or called with these arguments, borrows and clones aside,
    by what the record reaches."""
    parts = _parts(said)
    for fn in facts.functions("::".join(parts[-2:])) or facts.functions(parts[-1]):
        if ",".join(facts.param_types(fn)) == arguments:
            return True
    loose = _loose(arguments)
    return any(
        _loose(site.arguments) == loose and not _kin_callee(said, site.path)
        for fn in facts.reach_all(own, 2)
        for site in facts.sites(fn, [parts[-1]])
    )


def written_callee(code: str) -> str:
    """The callee of a call written out, named as the sentence's token for it names it (and so
    the step claim of that token): `crate::f(x)` → `crate::f`."""
    found = tokens(f"`{code}`")
    return found[0].name if found else code


def _parts(path: str) -> list[str]:
    """A callee's path as its parts, generics and a leading `crate::` aside (`self.f` → self, f)."""
    return _LEADING.sub("", without_generics(path)).replace(".", "::").split("::")


def _kin_callee(said: str, path: str) -> bool:
    """Another function of the same owner (`I::start_id`, `I::end_id`), or a namesake of
    another owner, both written with their paths (`queue::new_pair`, `rabbitmq::new_pair`; a
    method called on a value, `signing_config.verify_token`, may be the type's said)."""
    mine, theirs = _parts(said), _parts(path)
    if len(mine) < 2 or len(theirs) < 2 or mine == theirs:
        return False
    if mine[-1] == theirs[-1]:
        return mine[-2] != theirs[-2] and "." not in said + without_generics(path)
    return mine[:-1] == theirs[:-1] or mine[-2] == theirs[-2]
