"""Signatures: "`A` returns `T`", "`A` answers with `T`", "`A` takes `T`"; judged against the
function's return type or parameter types as written, type aliases expanded and wrappers
(`Result`, `Option`, `Json`) seen through unless the text names a whole type."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...rust.type_shapes import Shape, plain_type, shape, wrapped
from ...rust.words import ANY_DATA_READERS, MANY_ELEMENTS, RETURN_WRAPPERS
from .calls import another_user
from .model import FLOW, HANDLER, Claim, Kind, State, Verdict, at, contradicted
from .text import (
    FUNCTION_NAMED,
    IDENT,
    LEAD,
    LIST_GLUE,
    NAMED_BY_NOUN,
    PARAMETER,
    Clauses,
    Token,
    function_like,
    negated,
    opens_clause,
    type_like,
)

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts

RETURNS = re.compile(
    LEAD + r"(?:then\s+|only\s+|always\s+|finally\s+)?"
    r"(?P<verb>returns|answers with|responds with|yields|produces|gives back|hands back|resolves to|"
    r"evaluates to|ends by returning|(?:'|’)s return type is|return type is)\s+"
    r"(?:(?:a|an|the|its|either|plain|bare|\d{3}|http|json)\s+)*"
    r"(?:(?!(?:to|from|with|by|for|into|in|on|after|before|when|if|once|early|back)\b)[a-z]{2,20}\s+){0,2}"
    # "returns the affected row count as a `T`"
    r"(?:(?:(?!(?:to|from|with|by|for|into|in|on|after|before|when|if|once|early|back)\b)[a-z]{2,20}\s+){0,2}"
    r"as\s+(?:a|an|the)\s+)?\Z",
    re.IGNORECASE,
)
TAKES = re.compile(
    LEAD + r"(?P<verb>takes|receives|accepts|consumes|requires|is given|is called with|"
    # "Its extractors are `A`, `B` and `C`", "`f`, whose parameters are …"
    r"(?:whose\s+|(?:'|’)s\s+)?(?:parameters|extractors|arguments)\s+(?:are|include))\s+"
    # earlier parameters in a list: "takes the query, the sort column and the whole `T`"
    r"(?:(?:the|a|an|its)\s+[a-z][a-z ]{0,30}?(?:,\s+(?:and\s+)?|\s+and\s+)){0,4}"
    # "takes the prefetch size as a `u16`"
    r"(?:(?:the|its)\s+[a-z]{2,20}(?:\s+[a-z]{2,20}){0,2}\s+as\s+)?"
    r"(?:(?:a|an|the|its|only|plain|bare|borrowed|owned|whole|optional|mutable|base|raw|shared|single|boxed|cloned)\s+)*\Z",
    re.IGNORECASE,
)

# "…, and answers 202 with a `T`": the answer of the sentence's subject, however far
_ANSWERS = re.compile(
    r"(?:,\s*and|\band|,)\s+(?:it\s+)?(?:then\s+)?(?:(?:answers|responds|replies)\s+(?:\d{3}\s+)?with|returns?|(?P<verb>returning))\s+"
    r"(?:(?:a|an|the|its|bare|plain|whole)\s+)*"
    # (not "answers with status `Running`": a value of a field, named by its noun)
    r"(?:(?!(?:to|from|with|by|for|into|in|on|after|before|when|if|once|early|back|status|code|value|variant|flag|message)\b)[a-z]{2,20}\s+)?"
    # "…, and returns the affected row count as a `T`"
    r"(?:(?:[a-z]{2,20}\s+){0,2}as\s+(?:a|an|the)\s+)?"
    # "…, and returns the filtered query together with an `T`": one half of a pair
    r"(?:(?:[a-z]{2,20}\s+){0,2}(?:together|along)\s+with\s+(?:an?|the)\s+)?\Z",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\b(?:which|that(?!\s+`)|who|whose)\b")  # ("that `Duration`": a demonstrative)
# "requires `deleted` to be false": what a value must be, not what is taken
# ("takes the `MessageId` and `created_at` from one `Utc::now` timestamp": both obtained)
_FROM_A_CALL = re.compile(
    r"(?:\s*(?:,|\band\b)\s*(?:the\s+|its\s+)?`[^`]{1,60}`)*"
    r"\s+from\s+(?:`(?:\w+::)*[a-z_]\w*(?:\([^`]*\))?`|(?:one|a|an)\s+(?:[a-z]+\s+)?`(?:\w+::)*[a-z_]\w*(?:\([^`]*\))?`)"
)
_CONDITION_AFTER = re.compile(r"\s+to\s+(?:be|equal|match|hold)\b")

_FOREIGN_RESULT = re.compile(r"\b[a-z_]\w*::Result<")  # another crate's `Result` alias
# names a writer uses for one another: the data's wrapper as the handler spells it
_SAME_TYPE = {"JsonStatus": "Json", "JsonStatusUpsert": "Json", "ValidatedJson": "Json"}
_STATUS_WRAPPERS = frozenset({"JsonStatus", "JsonStatusUpsert"})


def signature_claim(sentence: str, token: Token, following: Token, glue: str) -> Claim | None:
    """ "`A` returns `T`" or "`A` takes `T`" between a token and the next, when `T` is a type."""
    # a type or a value does not return or take anything (nor a value's field, `endp.headers`)
    field = "." in token.text and not token.text.endswith(")")
    if ((function_like(token) and not type_like(token, sentence)) or token.name == HANDLER) and not field:
        returns, takes = RETURNS.fullmatch(glue), TAKES.fullmatch(glue)
        verb = returns or takes
        if (
            verb is None
            or not following.ticked  # ("accepts only a PostgreSQL DSN": a word, no type)
            or not type_like(following, sentence)
            or _verb_of_another(sentence, token, glue, verb)
        ):
            return None
        if returns is not None:
            bare = _BARE_BEFORE.search(glue) or _BARE_AFTER.match(sentence, following.end)
            raw = sentence[following.start : following.end].strip("`").strip()
            said = raw if raw.startswith("&") else following.text  # (a reference is kept as written)
            return Claim(Kind.SIGNATURE, sentence, token.name, said, BARE if bare else "returns")
        if _CONDITION_AFTER.match(sentence, following.end):
            return None  # "`f`, which requires `deleted` to be false": a condition it sets, no parameter
        if _FROM_A_CALL.match(sentence, following.end):
            return None  # "takes a `CancellationToken` from `shutting_down_token`": obtained, no parameter
        return Claim(Kind.SIGNATURE, sentence, token.name, following.text, "takes")
    if _RETURNED_BY.fullmatch(glue) and type_like(token, sentence) and function_like(following):
        return Claim(Kind.SIGNATURE, sentence, following.name, token.text, "returns")
    return None


def _verb_of_another(sentence: str, token: Token, glue: str, verb: re.Match[str]) -> bool:
    """ "`f` takes … the `after` timestamp, and returns `T`": a verb after a comma or an "and"
    belongs to the clause's subject, not to a name that is the object of an earlier verb."""
    lead = glue[: verb.start("verb")]
    if token.start == 0 or ("," not in lead and re.search(r"\band\b", lead) is None):
        return False  # (the sentence's subject goes on with its verbs)
    if re.match(r"\s*(?:\(\))?\s*,\s*(?:which|that|who)\b", lead):
        return False  # "`f`, which returns `T`": its own relative clause
    # (a name followed by a noun, "`after` timestamps", names that noun: no clause's subject)
    return not opens_clause(sentence, token) or re.match(r"\s+[a-z]+\b(?<!\band)", lead) is not None


# "`new_pair(dsn: &str, queue: String) -> Result<Pair>`": a signature written whole (a pattern
# in a parameter, `State(s): State<S>`, keeps its parentheses)
_WRITTEN_SIGNATURE = re.compile(
    r"`(?:(?:pub\s+)?(?:async\s+)?fn\s+)?(?P<fn>(?:[A-Za-z_]\w{0,40}::){0,3}[a-z_]\w{0,60})"
    r"\((?P<params>(?:[^()`]|\([^()`]{0,100}\)){0,200})\)(?:\s*->\s*(?P<ret>[^`]{1,120}))?`"
)
_PARAM = re.compile(r"(?:mut\s+)?(?P<name>[a-z_][a-z0-9_]{0,40})\s*:\s*(?P<type>\S.{0,100})")
_SELF = ("self", "&self", "&mut self", "mut self")


def written_signature_claims(sentence: str, parts: Clauses) -> Iterator[Claim]:
    """Each parameter, the receiver and the return type of a signature written in backticks,
    when every argument is a `name: Type` (a call's arguments are no parameters), or the return
    type alone after arguments written bare (`f(db, app) -> Result<u64>`: no call has one); not
    negated."""
    for match in _WRITTEN_SIGNATURE.finditer(sentence):
        if not negated(parts, match.start(), match.end()):
            yield from _written_claims(sentence, match.group("fn"), match.group("params"), match.group("ret"))
    for match in _WHOSE_SIGNATURE.finditer(sentence):
        owner = FUNCTION_NAMED.fullmatch(match.group("owner"))
        if owner is not None and not negated(parts, match.start(), match.end()):
            yield from _written_claims(
                sentence, owner.group("name"), match.group("params"), match.group("ret")
            )


# "`clean(pool, 10)`, whose signature is `(pool: &Db, limit: u64) -> Result<()>`": the
# signature of the function named just before
_WHOSE_SIGNATURE = re.compile(
    r"(?P<owner>`[^`]{1,160}`)\s*,?\s+(?:whose|with\s+the|with\s+a)\s+signature\s+(?:is\s+)?"
    r"`(?:(?:pub\s+)?(?:async\s+)?fn\s*)?\((?P<params>(?:[^()`]|\([^()`]{0,100}\)){0,200})\)"
    r"(?:\s*->\s*(?P<ret>[^`]{1,120}))?`"
)


def _written_claims(sentence: str, fn: str, written: str, ret: str | None) -> Iterator[Claim]:
    """The claims of one written signature of `fn`: its typed parameters and receiver, and its
    return type."""
    params = [" ".join(p.split()) for p in _split_top(written) if p.strip()]
    typed = [_PARAM.fullmatch(p) for p in params if p not in _SELF]
    if typed and all(t is not None for t in typed):
        for param in typed:
            assert param is not None
            yield Claim(
                Kind.SIGNATURE, sentence, fn, f"{param.group('name')}: {param.group('type').strip()}", "takes"
            )
        if params[0] in _SELF:
            yield Claim(Kind.SIGNATURE, sentence, fn, params[0], RECEIVES)
    if ret:
        yield Claim(Kind.SIGNATURE, sentence, fn, ret.strip(), "returns")


RECEIVES = "takes its value as"  # a signature claim's relation: how a method takes `self`
# "`f` takes `&self`", "… consumes `self`": how a method takes its value
_RECEIVER = re.compile(
    r"\b(?:takes?|consumes?|borrows?|receives?|accepts?)\s+(?:only\s+)?"
    r"`(?P<recv>&\s*mut\s+self|&\s*self|mut\s+self|self)`"
)
_BOTH = re.compile(r"\s*(?:\(\))?\s*(?:,\s*|\s+and\s+)\Z")  # "`ack` and `nack` both …"


def receiver_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """ "`f` takes `&self` and …", "`ack` and `nack` both consume `self`": how the sentence's
    subjects (methods at its start) take their value; not negated."""
    subjects = [found[0]] if found and found[0].start == 0 and function_like(found[0]) else []
    for before, token in zip(found, found[1:], strict=False):
        if not subjects or before is not subjects[-1] or not function_like(token):
            break
        if not _BOTH.fullmatch(sentence, before.end, token.start):
            break
        subjects.append(token)
    if not subjects:
        return
    match = _RECEIVER.search(sentence, subjects[-1].end)
    if match is None or match.start() - subjects[-1].end > 60 or negated(parts, match.start(), match.end()):
        return
    for subject in subjects:
        yield Claim(Kind.SIGNATURE, sentence, subject.name, " ".join(match.group("recv").split()), RECEIVES)


def _receives(facts: Facts, claim: Claim, fns: list[FnDef]) -> Verdict:
    """Supported when a method of the name takes its value as said; contradicted when every one
    takes it otherwise (a function without `self` is not judged)."""
    said = claim.object.replace("& ", "&")
    written = [(fn, r) for fn in fns if (r := facts.receiver(fn)) is not None]
    if not written:
        return Verdict(claim, State.UNCHECKABLE)
    for fn, receiver in written:
        if receiver == said:
            return Verdict(claim, State.SUPPORTED, where=at(fn))
    fn, receiver = written[0]
    return contradicted(
        claim, f"`{claim.subject}` takes `{receiver}` at {at(fn)}; the text says `{said}`", at(fn)
    )


def _split_top(text: str) -> list[str]:
    """A list split at its commas outside angle brackets (`a: Result<T, E>, b: u8`)."""
    out, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "<":
            depth += 1
        elif char == ">":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            out.append(text[start:index])
            start = index + 1
    out.append(text[start:])
    return out


def parameter_list_claims(sentence: str, found: list[Token]) -> Iterator[Claim]:
    """ "`f` takes `a: A`, `b: B` and `c: C`", "`f` takes the DSN as a `&str`, the queue name as
    a `String` and …": a claim for each parameter after the first (the first is the pair's own
    claim)."""
    for index in range(len(found) - 2):
        subject, first = found[index], found[index + 1]
        if not function_like(subject) or not TAKES.fullmatch(sentence, subject.end, first.start):
            continue
        own = signature_claim(sentence, subject, first, sentence[subject.end : first.start])
        if own is None or own.says != "takes":
            continue  # "… by the `router` and takes `A`, a `B`": the verb is not the name's
        typed = first.name.startswith(":")
        if not typed and _AS_BEFORE.search(sentence, subject.end, first.start) is None:
            yield from _type_list(sentence, subject, found[index + 1 :])
            continue
        for before, later in zip(found[index + 1 :], found[index + 2 :], strict=False):
            if typed and (
                not later.name.startswith(":") or not LIST_GLUE.fullmatch(sentence, before.end, later.start)
            ):
                break
            if not typed and (
                not _AS_GLUE.fullmatch(sentence, before.end, later.start) or not type_like(later, sentence)
            ):
                break
            yield Claim(Kind.SIGNATURE, sentence, subject.name, later.text, "takes")


# "`f` takes …, and returns `T`": the list's subject returns, with no clause of another between
_RETURNS_AFTER_LIST = re.compile(r",?\s+and\s+(?:it\s+)?(?:then\s+)?returns\s+(?:an?\s+|the\s+)?(?=`)")
# "`f` takes …", "`f` is an axum handler whose only extractor is …"
_TAKES_AFTER = re.compile(
    r"(?:\(\))?\s+(?:takes\s|is\s+an?\s+(?:[a-z]+\s+){0,2}(?:handler|function|method|helper)\s+whose\s)"
)
_ANOTHER_CLAUSE = re.compile(r",\s*(?:which|that|who)\b|\bwhose\b|[;(]|\b(?:while|but|whereas|where)\b")


def returned_after_list_claims(sentence: str, found: list[Token]) -> Iterator[Claim]:
    """ "`sign_msg` takes the `Encryption`, the timestamp as an `i64` …, and returns a
    `Vec<String>`": what the function that opens the sentence returns, past its parameter list."""
    subject = found[0] if found else None
    if subject is None or subject.start != 0 or not subject.ticked or not function_like(subject):
        return
    takes = _TAKES_AFTER.match(sentence, subject.end)
    # (", from which it destructures `db`": the list goes on about the same parameter)
    said = _returned_past_list(sentence, found, takes.end()) if takes is not None else None
    if said is not None:
        yield Claim(Kind.SIGNATURE, sentence, subject.name, said[1].text, "returns")


def _returned_past_list(sentence: str, found: list[Token], start: int) -> tuple[int, Token] | None:
    """Where "…, and returns" starts after a parameter list that begins at `start`, and the type
    in backticks it names, with no clause of another between; None when there is none."""
    returns = _RETURNS_AFTER_LIST.search(sentence, start)
    if returns is None or _ANOTHER_CLAUSE.search(sentence, start, returns.start()):
        return None
    returned = next((t for t in found if t.start == returns.end()), None)
    if returned is None or not type_like(returned, sentence):
        return None
    return returns.start(), returned


# "`f`, which takes `&mut self` and a `Duration` and returns `T`": a relative clause of the
# function's own parameters, then what it returns
_WHICH_TAKES = re.compile(
    r"(?:\(\))?,\s+which\s+(?:first\s+)?(?:takes|accepts|receives|extracts|matches(?:\s+on)?)\s"
)


def which_returns_claims(sentence: str, found: list[Token]) -> Iterator[Claim]:
    """ "It calls `key_take_or_generate`, which takes `&mut self` plus the `Encryption` and
    returns `error::Result<EndpointSecret>`": what the function the relative clause hangs on
    returns, past its parameters, with no clause of another between."""
    for token in found:
        takes = _WHICH_TAKES.match(sentence, token.end)
        if takes is None or not token.ticked or not function_like(token):
            continue
        said = _returned_past_list(sentence, found, takes.end())
        if (
            said is None
            or _APPOSITIVE.search(sentence, 0, token.start)
            or any(
                verb.group(1) not in _NOT_VERBS
                for verb in _LISTED_VERB.finditer(sentence, takes.end(), said[0])
            )
        ):
            # ("`A`, the helper shared with `B`, which …": the clause may hang on `A`; "…, which
            # matches X, joins Y, and returns `T`": a list of steps, whose subject may be the
            # sentence's)
            continue
        yield Claim(Kind.SIGNATURE, sentence, token.name, said[1].text, "returns")


_APPOSITIVE = re.compile(r",\s+(?:the|a|an)\s+[^,;`]*\Z")
_LISTED_VERB = re.compile(r",\s+(?:then\s+)?([a-z]{2,}s)\b")
_NOT_VERBS = frozenset({"plus", "its", "this", "thus", "always", "was", "has", "is", "as", "status"})


def _type_list(sentence: str, subject: Token, listed: list[Token]) -> Iterator[Claim]:
    """ "`f` takes a `WorkerContext<'_>` and a `QueueTask`": a claim for each type after the
    first, as long as only articles join them."""
    if not type_like(listed[0], sentence):
        return
    for before, later in zip(listed, listed[1:], strict=False):
        if not _TYPE_GLUE.fullmatch(sentence, before.end, later.start) or not type_like(later, sentence):
            return
        yield Claim(Kind.SIGNATURE, sentence, subject.name, later.text, "takes")


_TYPE_GLUE = re.compile(
    # ("takes an `Option<String>` prefix, the `Configuration` and …": a type's role after it;
    # "a `Path<P>` carrying the id or uid, the …": what it carries)
    r"(?:\s+(?:carrying|holding|with|for)\s+(?:the\s+|its\s+|an?\s+)?[a-z]{2,20}(?:\s+(?:or|and)\s+[a-z]{2,20})?(?=,))?"
    r"(?:\s+(?!(?:and|or|which|that|returns?|gives|yields)\b)[a-z]{2,20}){0,2}"
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:a|an|the|optional|borrowed|owned|mutable|shared|plain)\s+)*\Z",
    re.IGNORECASE,
)


# "takes the DSN as a `&str`": each parameter named by its role, then its type
# ("… the queue name as an owned `String`": an adjective of how it is held)
_HELD = r"(?:an?\s+)?(?:(?:owned|borrowed|plain|mutable|shared)\s+)?"
_AS_BEFORE = re.compile(r"\bas\s+" + _HELD + r"\Z")
_AS_GLUE = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the|its)\s+[a-z]{2,20}(?:\s+[a-z]{2,20}){0,2}\s+as\s+"
    + _HELD
    + r"\Z",
    re.IGNORECASE,
)


def _parameter(facts: Facts, claim: Claim, fns: list[FnDef]) -> Verdict:
    """ "`f` takes `dsn: &str`": the parameter of that name has that type (references, lifetimes
    and module paths aside); a function without such a parameter is not judged."""
    said = PARAMETER.fullmatch(claim.object)
    if said is None:
        return Verdict(claim, State.UNCHECKABLE)
    name, wanted = said.group("param"), plain_type(said.group("type"))
    typed = [(fn, written) for fn in fns if (written := facts.param_types(fn).get(name)) is not None]
    if not typed:
        return Verdict(claim, State.UNCHECKABLE)
    for fn, written in typed:
        if plain_type(written) == wanted:
            return Verdict(claim, State.SUPPORTED, where=at(fn))
    fn, written = typed[0]
    return contradicted(
        claim,
        f"`{claim.subject}` takes `{name}: {written}` at {at(fn)}; the text says `{claim.object}`",
        at(fn),
    )


# "returns a bare `T`", "returns `T` directly, without a `Result`": no `Result` or `Option` around it
BARE = "returns bare"
_BARE_BEFORE = re.compile(r"\b(?:bare|unwrapped)\s+\Z", re.IGNORECASE)
_BARE_AFTER = re.compile(
    r"(?:\s+(?:pair|tuple|value))?(?:\s+directly)?,?\s+(?:without|not wrapped in|rather than)\s+(?:a|an|any)\s+`(?:Result|Option)",
    re.IGNORECASE,
)


def _bare(claim: Claim, fns: list[FnDef], facts: Facts) -> Verdict | None:
    """ "returns a bare `T`": contradicted when every such function wraps its return in a
    `Result` or an `Option`."""
    written = [(fn, facts.returns(fn)[0]) for fn in fns]
    if not written or not all(text is not None and wrapped(text) for _, text in written):
        return None
    fn, text = written[0]
    return contradicted(
        claim,
        f"`{claim.subject}` returns `{' '.join((text or '').split())}` at {at(fn)}; the text says a bare `{claim.object}`",
        at(fn),
    )


_OF_ELEMENTS = MANY_ELEMENTS | {"()", "[]"}  # a tuple, a slice or a collection


def _other_shape(facts: Facts, said: str, written: str, fn: FnDef) -> bool:
    """Whether a whole type the text gives (`Result<T, E>`) is surely not the written one
    (`Option<Result<T, E>>`): the same names nested otherwise. Never said of a type with an
    alias of another name in it, nor when the text gives more arguments than the code."""
    if "<" not in said and "(" not in said:
        return False
    text, code = shape(said), shape(written)
    if text is None or code is None:
        return False
    aliases = facts.alias_names()  # (`error::Result` keeps its name: it only fixes the error type)
    if any(aliases.get(name, name) != name or name == "Self" for name in text.names() | code.names()):
        return False
    return _agrees(text, code, frozenset(fn.generics)) is False


def _agrees(said: Shape, code: Shape, generics: frozenset[str]) -> bool | None:
    """True when the text's shape is the code's (a writer may leave out an outer wrapper, a
    const argument such as a status code, or trailing arguments such as the error type), False
    when it surely is not, None when it cannot tell (a generic parameter stands for any type)."""
    said_name, code_name = _SAME_TYPE.get(said.name, said.name), _SAME_TYPE.get(code.name, code.name)
    if said.name != code.name and said_name == code_name == "Json" and not said.args == code.args == ():
        # `Json<T>` said of a `JsonStatus<201, T>`: another answer (a plain 200), not a looser name
        return False if "ValidatedJson" not in (said.name, code.name) else None
    if said_name == code_name:
        return _same_name_agrees(said, code, generics)
    if code_name in generics or code_name in _OF_ELEMENTS:
        return None  # "returns a pair of `DateTime<Utc>` values": the text may name an element
    if code_name == "Result" and code.args:
        return _agrees(said, code.args[0], generics)  # "returns `Json<T>`" of a `Result<Json<T>>`
    return False


_PLACEHOLDER = re.compile(r"[A-Z]")  # a one-letter type the text writes for any type


def _same_name_agrees(said: Shape, code: Shape, generics: frozenset[str]) -> bool | None:
    """Two shapes of one name: their arguments agree, a status code left out or the same."""
    said_codes = [a.name for a in said.args if a.name.isdigit()]
    code_codes = [a.name for a in code.args if a.name.isdigit()]
    if said_codes and code_codes and said_codes != code_codes:
        return False  # `JsonStatus<201, T>` said of a `JsonStatus<202, T>`: another status
    said_args = [a for a in said.args if not a.name.isdigit()]
    code_args = [a for a in code.args if not a.name.isdigit()]
    if len(said_args) > len(code_args):
        return None
    if any(_PLACEHOLDER.fullmatch(a.name) and not a.args and a.name not in generics for a in said_args):
        return None  # "returns `Result<T>`": `T` stands for whatever the function returns
    verdicts = [_agrees(a, b, generics) for a, b in zip(said_args, code_args, strict=False)]
    return False if False in verdicts else (None if None in verdicts else True)


# "the `T` returned by `f`": a return said the other way round
_RETURNED_BY = re.compile(r"\s+(?:(?:that|which)\s+(?:is\s+)?)?returned\s+by\s+(?:the\s+)?\Z", re.IGNORECASE)


# "The `health` handler …": a function named with its role before it
# "The `f` handler …", "On the producer side, `f` …": what comes before a sentence's subject
_ROLE_LEAD = re.compile(r"(?:The|the)\s+`|(?:On|In|At|For|Inside|Within|Underneath)\s[^`,.;:]{1,40},\s+`")
# "asks `ConfigurationInner::cache_backend` for an `Option<CacheBackend>`": what `f` returns
_ASKS_FOR = re.compile(r"\s+for\s+(?:an?|the|its)\s+\Z")
# "takes `limit` as a `usize`": a parameter by its name, then its type
_NAMED_AS = re.compile(r"\s+as\s+(?:an?\s+|the\s+)?\Z")


def asked_and_named_claims(sentence: str, found: list[Token]) -> Iterator[Claim]:
    """ "asks `f` for an `Option<T>`": what `f` returns; "`f` takes `limit` as a `usize`" (or
    "It takes …"): the parameter of that name has that type."""
    for token, after in zip(found, found[1:], strict=False):
        if (
            _ASKS.search(sentence, max(0, token.start - 8), token.start)
            and _ASKS_FOR.fullmatch(sentence, token.end, after.start)
            and type_like(after, sentence)
            and function_like(token)
            and not type_like(token, sentence)
        ):
            yield Claim(Kind.SIGNATURE, sentence, token.name, after.text, "returns")
    for before, token, after in zip(found, found[1:], found[2:], strict=False):
        if (
            function_like(before)
            and TAKES.fullmatch(sentence, before.end, token.start)
            and token.ticked
            and token.name[:1].islower()
            and _NAMED_AS.fullmatch(sentence, token.end, after.start)
            and type_like(after, sentence)
        ):
            yield Claim(Kind.SIGNATURE, sentence, before.name, f"{token.name}: {after.text}", "takes")


_ASKS = re.compile(r"\basks\s+\Z", re.IGNORECASE)


def answer_claims(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """ "`A` …, and answers 202 with a `T`", "`A` builds …, and returns the `T`": what the
    sentence's subject (a name at its start) returns, when no relative clause stands between;
    and "`A`, which takes …, and returns the `T`": what a function returns in its own relative
    clause, up to the next function named."""
    led = found and (
        found[0].start == 0
        or _ROLE_LEAD.fullmatch(sentence, 0, found[0].start + 1)
        or (found[0].ticked and NAMED_BY_NOUN.fullmatch(sentence, 0, found[0].start))  # "The helper `f` …"
    )
    if led and (function_like(found[0]) or found[0].name == HANDLER):
        yield from _answer(sentence, found, 0, parts)  # "`A` …", "The `health` handler …"
        yield from _also_takes(sentence, found, parts)
    for index, token in enumerate(found):
        if function_like(token) and token.name != HANDLER:
            opened = _OWN_CLAUSE.match(sentence, token.end)
            # "`g`, the helper it shares with `h`, which returns …": the clause may be `g`'s
            if opened is not None and not another_user(sentence, token):
                yield from _answer(sentence, found, index, parts, opened.end())


# "`A`, which …", "`A`, a plain synchronous function that …": a clause of `A`'s own
_OWN_CLAUSE = re.compile(
    r"(?:\(\))?,\s+(?:which|that|(?:an?|the)\s+(?:[a-z]+\s+){0,4}(?:function|method|helper)\s+(?:that|which))\s",
    re.IGNORECASE,
)


# "`f` pulls `x` out of `AppState` and requires a `T` extractor": a parameter of the subject,
# however far
_ALSO_TAKES = re.compile(
    r"(?:,\s*and|\band)\s+(?:it\s+)?(?:then\s+)?(?:takes|requires|receives|accepts)\s+"
    r"(?:(?:a|an|the|its|plain|whole)\s+)?\Z",
    re.IGNORECASE,
)


def _also_takes(sentence: str, found: list[Token], parts: Clauses) -> Iterator[Claim]:
    """The first "…, and requires a `T`" after the sentence's subject, with no relative clause
    or other function between them."""
    subject = found[0]
    for token in found[1:]:
        if function_like(token) and not type_like(token, sentence) and opens_clause(sentence, token):
            return  # another function opens a clause first: the verb may be its
        verb = _ALSO_TAKES.search(sentence, max(subject.end, token.start - 40), token.start)
        if verb is None:
            continue
        if _RELATIVE.search(sentence, subject.end, token.start) or not type_like(token, sentence):
            return
        if not negated(parts, verb.start(), token.end):
            yield Claim(Kind.SIGNATURE, sentence, subject.name, token.text, "takes")
        return


def _answer(sentence: str, found: list[Token], index: int, parts: Clauses, begin: int = 0) -> Iterator[Claim]:
    """The first "…, and returns `T`" after the subject `found[index]`, before another function
    or (past `begin`) another relative clause."""
    subject = found[index]
    start = max(subject.end, begin)
    for token in found[index + 1 :]:
        if begin and function_like(token) and not type_like(token, sentence):
            return  # the subject's own clause ends where another function is named
        verb = _ANSWERS.search(sentence, max(start, token.start - 60), token.start)
        if verb is None:
            continue
        if _RELATIVE.search(sentence, start, token.start) or not type_like(token, sentence):
            return
        if negated(parts, verb.start(), token.end):
            return
        if verb.group("verb") == "returning" and _function_between(sentence, found, subject, verb.start()):
            return  # "… decodes it with `g`, returning `T`": the participle may be `g`'s
        yield Claim(Kind.SIGNATURE, sentence, subject.name, token.text, "returns")
        return


def _function_between(sentence: str, found: list[Token], subject: Token, end: int) -> bool:
    """Whether a function other than the subject is named between it and `end`."""
    return any(
        subject.end <= t.start
        and t.end <= end
        and t.name != "self"
        and function_like(t)
        and not type_like(t, sentence)
        for t in found
    )


_MODULE_PATH = re.compile(r"\b(?:[a-z_][a-z0-9_]*::)+[A-Z]\w*")


def _as_imported(said_type: str, fn: FnDef, *, named: bool = False, written: str = "") -> str:
    """The text's type with each path its function's module imports as written cut to the bare
    name (`chrono::Duration` where the file has `use chrono::Duration`), and, for a function the
    text names (`named`), each path of its own module (`messageattempt::Entity` in
    `db/models/messageattempt.rs`, where the code's type `written` spells it bare: "the handler"
    may be any function of the record, and one of another module is not the one meant, and
    `sqlx::Error` is not the module's `Error`); another path stays."""

    def bare(match: re.Match[str]) -> str:
        parts = match.group().split("::")
        used = fn.module.uses.get(parts[-1])
        if used is not None and tuple(used[-len(parts) :]) == tuple(parts):
            return parts[-1]
        # (not a module the file imports by that name: `desk::Model` of `use …::models::desk`)
        own = tuple(p for p in parts[:-1] if p != "crate")
        mine = named and own and own[0] not in fn.module.uses and fn.module.path[-len(own) :] == own
        bare_in_code = re.search(rf"(?<![\w:]){re.escape(parts[-1])}\b", written) is not None
        return parts[-1] if mine and bare_in_code else match.group()

    return _MODULE_PATH.sub(bare, said_type)


def _wanted(said_type: str) -> set[str]:
    """The type names a claim needs: every part of a whole type, else the names past wrappers."""
    said = [_SAME_TYPE.get(name, name) for name in IDENT.findall(said_type)]
    if "<" in said_type or "()" in said_type:
        # (a whole type names its status wrapper as written: `JsonStatus<201, T>` is not the
        # code's `JsonStatusUpsert<T>`, though a plain `Json<T>` may stand for either)
        said = [
            name if name in _STATUS_WRAPPERS else _SAME_TYPE.get(name, name)
            for name in IDENT.findall(said_type)
        ]
        return set(said) | ({"()"} if "()" in said_type else set())
    return {n for n in said if n not in RETURN_WRAPPERS} or set(said)


def judge_signature(facts: Facts, claim: Claim, fns: list[FnDef]) -> Verdict:
    """Supported when one of the functions' types names every type the claim needs."""
    if not fns:
        return Verdict(claim, State.UNCHECKABLE)
    if claim.says == "takes" and PARAMETER.fullmatch(claim.object):
        return _parameter(facts, claim, fns)
    if claim.says == RECEIVES:
        return _receives(facts, claim, fns)
    if claim.says == BARE:
        wrapped = _bare(claim, fns, facts)
        if wrapped is not None:
            return wrapped
    shown: list[str] = []
    for fn in fns:
        fits = _fits(facts, claim, fn)
        if fits is not None:
            return fits
        written = _written(facts, claim, fn)[0]
        shown.append(f"`{' '.join(written.split())}` at {at(fn)}")
    if claim.says == "returns" and any(facts.converted_into(fn, claim.object) for fn in fns):
        return Verdict(claim, State.UNCHECKABLE)  # "returns `NoCache`" of `NoCache {}.into()`
    verb = "returns" if claim.says in ("returns", BARE) else "takes"
    owned = "an owned " if verb == "takes" and _said_owned(claim) else ""
    return contradicted(
        claim, f"`{claim.subject}` {verb} {shown[0]}; the text says {owned}`{claim.object}`", at(fns[0])
    )


def _written(facts: Facts, claim: Claim, fn: FnDef) -> tuple[str, frozenset[str]]:
    """The return type or the parameter list the claim is about, as written (`()` for no
    return type), and the type names it stands for."""
    written, names = facts.returns(fn) if claim.says in ("returns", BARE) else facts.params(fn)
    return written if written is not None else "()", names


def _fits(facts: Facts, claim: Claim, fn: FnDef) -> Verdict | None:
    """One function's verdict: supported, not checkable, or None when its type is not the one
    said (contradicted only when no function of the name has it)."""
    written, names = _written(facts, claim, fn)
    if "impl " in written or "Self::" in written:
        return Verdict(claim, State.UNCHECKABLE)
    if claim.says == "takes" and (_projected(written, fn) or (fn.name == "main" and fn.owner is None)):
        # "`set` is called with a `HealthKey`" of `key: &T::Key`, "`main` receives an `OrgId`"
        # (from the command line): what it is given is not in its parameter list
        return Verdict(claim, State.UNCHECKABLE)
    if claim.says == "takes" and names & ANY_DATA_READERS and _all_generic(written, fn):
        # "`deserialize_schedule` accepts a `Vec<u64>`" of `f<D: Deserializer>(d: D)`: the data it
        # takes is whatever its deserializer reads, the type said included
        return Verdict(claim, State.UNCHECKABLE)
    named = claim.subject not in (HANDLER, FLOW)
    said = (
        _as_imported(claim.object, fn, named=named, written=written) if "::" in claim.object else claim.object
    )
    needed = _wanted(said) - (set(fn.generics) - {"Self"})
    # ("returns `Result<T>`": a one-letter type the text writes for any type)
    needed = {name for name in needed if not _PLACEHOLDER.fullmatch(name)}
    if not needed:
        return Verdict(claim, State.UNCHECKABLE)
    if fn.owner is not None and ("Self" in names or (claim.says == "takes" and _TAKES_SELF.search(written))):
        names = names | {fn.owner.name}  # ("consumes the `Range`" of `fn f(self)` on `Range`: its value)
    has = {_SAME_TYPE.get(name, name) for name in names} | (set(names) & _STATUS_WRAPPERS)
    if "()" in written.replace(" ", ""):
        has.add("()")
    if claim.says == "takes":
        has |= set(_PARAMETER_NAME.findall(written))  # "takes `(req: Request, state: &S)`": its names too
    if _FOREIGN_RESULT.search(written):
        has.add("Error")  # `serde_json::Result<T>` is `Result<T, serde_json::Error>`
    if claim.says in ("returns", "takes") and facts.enums_with_variant(claim.object) & names:
        # "returns a `Finished`", "takes the `MessageV1`": a value of the enum it returns or takes
        return Verdict(claim, State.UNCHECKABLE)
    if (
        claim.says == "returns"
        and needed <= facts.held_by_variants(frozenset(names))
        and not _PLAIN_BEFORE.search(claim.sentence.split(f"`{claim.object}`", 1)[0])
    ):
        # "hands back the `PendingDispatch`" of `-> Result<IncompleteDispatch>`, whose
        # `Pending(PendingDispatch)` holds it: the value inside the enum it returns
        return Verdict(claim, State.UNCHECKABLE)
    if needed <= has and not (claim.says == "returns" and _other_shape(facts, claim.object, written, fn)):
        if claim.says == "returns" and _borrowed_said_of_owned(claim.object, written):
            return None  # "returns a `&'static T`" of a function that returns an owned `T`
        if claim.says == "takes" and _owned_said_of_borrowed(claim, written):
            return None  # "takes an owned `Configuration`" of `cfg: &Configuration`
        return Verdict(claim, State.SUPPORTED, where=at(fn))
    return None  # (every name may be there, but not in the shape the text gives)


# a parameter as written: its name, a borrow, and its type's path
_WRITTEN_PARAMETER = re.compile(
    r"\b[a-z_]\w*\s*:\s*(?P<borrow>&\s*(?:'\w+\s+)?(?:mut\s+)?)?(?P<type>(?:\w+::)*\w+)"
)


def _said_owned(claim: Claim) -> bool:
    """Whether the sentence says the type it takes is owned ("takes an owned `T`")."""
    return re.search(rf"\bowned\s+`{re.escape(claim.object)}`", claim.sentence) is not None


def _owned_said_of_borrowed(claim: Claim, written: str) -> bool:
    """ "takes an owned `T`" where every parameter of type `T` is a reference (`&T`)."""
    if not _said_owned(claim):
        return False
    name = claim.object.rsplit("::", 1)[-1]
    of_type = [m for m in _WRITTEN_PARAMETER.finditer(written) if m.group("type").rsplit("::", 1)[-1] == name]
    return bool(of_type) and all(m.group("borrow") for m in of_type)


# "returns the bare `MessageTask`": the value itself, not inside an enum
_PLAIN_BEFORE = re.compile(r"\b(?:bare|plain|raw|unwrapped)\s+\Z", re.IGNORECASE)
_PARAMETER_NAME = re.compile(r"\b([a-z_]\w*)\s*:(?!:)")
_TAKES_SELF = re.compile(r"(?:\A\(?|,)\s*(?:&\s*(?:'\w+\s+)?)?(?:mut\s+)?self\b(?!\s*:)")


def _projected(written: str, fn: FnDef) -> bool:
    """Whether a written type names a type parameter's associated type (`key: &T::Key`): any type
    the caller picks may stand there."""
    return any(match.group(1) in fn.generics for match in _PROJECTION.finditer(written))


_PROJECTION = re.compile(r"\b([A-Z]\w{0,30})::[A-Z]\w*")


def _all_generic(written: str, fn: FnDef) -> bool:
    """Whether every parameter of a written parameter list is of a type parameter of the function."""
    params = [p for p in _split_top(written.strip()[1:-1]) if p.strip() and " ".join(p.split()) not in _SELF]
    types = [p.split(":", 1)[1].strip().lstrip("&").strip() if ":" in p else "" for p in params]
    return bool(types) and all(t in fn.generics for t in types)


def _borrowed_said_of_owned(said: str, written: str) -> bool:
    """A reference said where the code returns the value itself (`&'static Token` for `Token`)."""
    written = written.strip().removeprefix("->").strip()
    return said.strip().startswith("&") and not written.startswith(("&", "impl ", "Self"))
