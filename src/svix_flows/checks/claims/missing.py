"""A lookup that finds nothing: "a missing endpoint is not an error", "if the message does not
exist, the handler returns an empty list", "a missing row becomes `HttpError::bad_request`";
judged by where the record's code makes such a lookup an error (`ok_or_else(|| …)?`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import ACTION, HANDLER, Claim, Kind, State, Verdict, contradicted, named_by_scope
from .raised import GIVES, builds, judge_raised

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.facts import Facts, MissingFact

MISSING = ACTION + "missing "  # a claim's subject: the lookups of a table that find nothing
NOT_AN_ERROR = "not an error"
BECOMES = "becomes"
_ANY_ROW = frozenset({"row", "record", "lookup", "match", "result", "one"})

# what finds nothing: "a missing endpoint", "an unknown event type", "if the message is missing",
# "if nothing matches", "if no message matches", "when the lookup finds nothing", "a deleted or
# foreign endpoint"
_ABSENT = re.compile(
    r"\b(?:an?|any|the)\s+(?:missing|unknown|non-?existent|absent|(?P<deleted>deleted))"
    r"(?:\s+or\s+(?:soft-)?(?:deleted|archived|foreign|missing|unknown))?"
    r"\s+(?P<noun>[a-z]+(?:\s+type)?)(?:\s+(?:row|record))?\b"
    r"|\b(?:if|when|where)\s+(?:the|that|an?)\s+(?P<noun2>[a-z]+(?:\s+type)?)\s+(?:is\s+missing|is\s+not\s+found|"
    r"does\s+not\s+exist|doesn't\s+exist|is\s+unknown|cannot\s+be\s+found|can't\s+be\s+found|"
    r"does\s+not\s+belong\s+to\s+(?:the|its|that)\s+(?:app|application|org|organi[sz]ation))\b"
    r"|\b(?:if|when)\s+(?:nothing|no\s+row)\s+(?:matches|is\s+found|comes\s+back|is\s+returned)\b"
    # "if no message matches", "when no application is found"
    r"|\b(?:if|when)\s+no\s+(?P<noun4>[a-z]+(?:\s+type)?)\s+(?:matches|is\s+found|exists)\b"
    r"|\bwhen\s+the\s+lookup\s+finds\s+nothing\b"
    r"|\bno\s+(?:row|match)(?=\s+(?:yields|gives|produces|means\s+`))|\bno\s+(?:row|match)\s+means\b"
    # "If `.one(db)` yields nothing, …": a lookup's call said to find nothing
    r"|\b(?:if|when)\s+`\.?(?:one|first)\([^`]{0,40}\)`\s+(?:yields|returns|finds|gives)\s+(?:nothing|`None`)"
    # "a miss becomes `E`": said of a lookup only with the error it becomes (a cache misses too)
    r"|\b(?:an?|the)\s+(?P<miss>miss)\b"
    # "an empty result becomes …": a lookup's row (not "a miss", which a cache has too)
    r"|\b(?:an?\s+)(?P<noun3>empty\s+result)\b",
    re.IGNORECASE,
)
# what joins it to what is said of it, nothing more: "…, the handler just", "… is"
_GLUE = re.compile(
    r"\s*(?:(?:here|there)\s*)?[:,]?\s*(?:(?:the handler|the handlers|it|they|the function|`\w+`)\s+)?"
    r"(?:makes\s+(?:the\s+handler|it|the\s+function)\s+)?"
    r"(?:(?:just|simply|still|only|silently|quietly)\s+)?",
    re.IGNORECASE,
)
# no error: "is not an error", "is only logged", "is treated as …", "returns an empty …"
_NO_ERROR = re.compile(
    r"(?:(?:is|are)\s+not\s+(?:an?\s+)?(?:error|fatal|failure)\b"
    r"|(?:is|are)\s+(?:only\s+|just\s+|silently\s+|quietly\s+)?(?:logged|ignored|skipped|dropped|treated\s+as)\b"
    r"|(?:returns?|answers?|responds?|gets|yields?)\s+(?:with\s+)?(?:an?\s+)?(?:empty|all-zero|zeroe?d?)\b"
    r"|(?:returns?|answers?|responds?)\s+(?:with\s+)?all\s+(?:counters|counts|zeros|zeroes)\b"
    r"|skips\s+(?:it|the\s+[a-z]+(?:\s+[a-z]+)?)\b|(?:is|are)\s+(?:quietly\s+|silently\s+)?skipped\b)",
    re.IGNORECASE,
)
# an error's constructor, bare or wrapped: `HttpError::not_found(None, None)`,
# `Error::http(HttpError::bad_request(None, None))`, "`Error::http` wrapping `HttpError::not_found`"
_ERROR = (
    r"`(?:Err\()?(?:Error::http\()?"
    r"(?:Error::http`\s+(?:wrapping|around|that\s+wraps|which\s+wraps|carrying)\s+(?:an?\s+|the\s+)?`)?"
    r"(?P<error>(?:[A-Z]\w*)?Error::[a-z_]\w*)(?:\([^`]*\))?`"
)
# an error named: "becomes `HttpError::bad_request`", "is answered with `E::c(None, None)`"
_BECOMES = re.compile(
    r"(?:becomes|turns\s+into|ends\s+(?:in|with)|results\s+in|leads\s+to"
    r"|is\s+(?:answered|refused|rejected)\s+with|is\s+(?:turned\s+into|mapped\s+to)"
    r"|(?:returns?|answers?|fails?|errors?)\s+(?:early\s+)?with|returns?|answers?|raises|throws"
    r"|means|yields|gives|produces"
    # "a missing message is `HttpError::not_found(None, None)`"
    r"|is(?=\s+(?:an?\s+)?`))"
    # "answers 404 through `E`", "returns a 404 built by `E`": the status, then its constructor
    r"\s+(?:an?\s+)?(?:[1-5]\d\d\s+(?:through|via|built\s+(?:by|with)|from|using|with)\s+)?" + _ERROR,
    re.IGNORECASE,
)
# "turns a missing row into `HttpError::not_found`": the verb before what finds nothing
_TURNS = re.compile(r"\b(?:turns|maps|converts)\s+\Z", re.IGNORECASE)
_INTO = re.compile(r"(?:into|to)\s+(?:an?\s+)?" + _ERROR, re.IGNORECASE)
_CONTRAST = re.compile(r"\b(?:unlike|instead\s+of|rather\s+than)\b", re.IGNORECASE)
_DENIED = re.compile(r"\b(?:not|never|no|nor)\b", re.IGNORECASE)


def _clause_start(sentence: str, at: int) -> int:
    """Where the clause holding `at` starts: after the last comma, semicolon or colon before it
    ("…, which matches rows that are not deleted, and turns a missing row into …")."""
    return max(sentence.rfind(mark, 0, at) for mark in ",;:") + 1


# "answering `HttpError::not_found` when nothing comes back": the error first, then the absence
_ANSWERED_WHEN = re.compile(
    r"\b(?:answer(?:s|ing)?|return(?:s|ing)?|fail(?:s|ing)?|respond(?:s|ing)?)\s+(?:with\s+)?(?:an?\s+)?"
    + _ERROR
    + r"\s+(?:when|if)\s+(?:nothing|no\s+row)\s+(?:comes\s+back|is\s+found|matches|is\s+returned)\b",
    re.IGNORECASE,
)


def missing_claims(sentence: str) -> Iterator[Claim]:
    """A lookup that finds nothing, said not to be an error or to become a named error."""
    for answered in _ANSWERED_WHEN.finditer(sentence):
        if not _CONTRAST.search(sentence, 0, answered.start()) and not _DENIED.search(
            sentence, _clause_start(sentence, answered.start()), answered.end()
        ):
            yield Claim(Kind.ERROR, sentence, MISSING + "row", answered.group("error"), BECOMES)
    for absent in _ABSENT.finditer(sentence):
        if _CONTRAST.search(sentence, 0, absent.start()) or _DENIED.search(
            sentence, _clause_start(sentence, absent.start()), absent.start()
        ):
            continue  # "unlike …, a missing endpoint …": a contrast the grammar leaves alone
        said = absent.group("noun") or absent.group("noun2") or absent.group("noun4") or "row"
        noun = " ".join(said.lower().split())
        if absent.group("miss"):
            noun = "row"
        elif absent.group("noun3"):
            noun = "result"  # (any value may be empty: see `judge_missing`)
        glue = _GLUE.match(sentence, absent.end())
        at = glue.end() if glue is not None else absent.end()
        if _NO_ERROR.match(sentence, at) and not absent.group("miss") and not absent.group("deleted"):
            # (a deleted row is skipped by a filter as often as a lookup finds none)
            yield Claim(Kind.ERROR, sentence, MISSING + noun, "", NOT_AN_ERROR)
        elif (becomes := _becomes(sentence, absent.start(), at)) is not None:
            yield Claim(Kind.ERROR, sentence, MISSING + noun, becomes.group("error"), BECOMES)


def _becomes(sentence: str, start: int, at: int) -> re.Match[str] | None:
    """The error what finds nothing is said to become: "… becomes `E`", "turns … into `E`"."""
    if _TURNS.search(sentence, max(0, start - 12), start) is not None:
        return _INTO.match(sentence, at)
    return _BECOMES.match(sentence, at)


def _meant(noun: str, table: str) -> bool:
    """Whether a noun names the table a lookup reads ("event type" → eventtype, "attempt" →
    messageattempt, "app" → application)."""
    word = noun.replace(" ", "").lower()
    return len(word) >= 3 and (table == word or table.endswith(word) or table.startswith(word))


def judge_missing(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    """Contradicted when every function of the record that looks the table up makes its absence
    an error (of another constructor than the one said, for `becomes`). Where the lookups cannot
    tell, the error said is still held to what the record's code builds (`judge_raised`)."""
    if claim.scope and claim.scope != HANDLER and not named_by_scope(claim, own):
        return Verdict(claim, State.UNCHECKABLE)  # said of a function beyond the record
    verdict = _judge_lookups(facts, claim, own)
    if verdict.state is State.UNCHECKABLE and claim.says == BECOMES:
        return judge_raised(facts, Claim(Kind.ERROR, claim.sentence, claim.object, "", GIVES), own)
    return verdict


def _judge_lookups(facts: Facts, claim: Claim, own: list[FnDef]) -> Verdict:
    noun = claim.subject.removeprefix(MISSING)
    found = [(fn, fact) for fn in own for fact in facts.missing(fn)]
    if noun in _ANY_ROW:
        # a row of any table: the one table looked up, or several that all give one error
        one = len({fact.table for _, fact in found}) == 1 or len({fact.error for _, fact in found}) == 1
        meant = found if one else []
    else:
        meant = [(fn, fact) for fn, fact in found if fact.table and _meant(noun, fact.table)]
    if not meant or not all(_all_made_errors(facts, fn, meant) for fn in own):
        return Verdict(claim, State.UNCHECKABLE)
    first = meant[0][1]
    if claim.says == NOT_AN_ERROR:
        return contradicted(
            claim,
            f"a missing {noun} is an error at {first.where} (`{first.error or 'ok_or_else'}`); "
            "the text says it is not",
            first.where,
        )
    if claim.object.rsplit("::", 1)[-1] == first.error.rsplit("::", 1)[-1]:
        return Verdict(claim, State.SUPPORTED)
    errors = {fact.error for _, fact in meant}
    if "" in errors or len(errors) != 1:
        return Verdict(claim, State.UNCHECKABLE)
    owner, name = claim.object.split("::")[-2:]
    made = first.error.rsplit("::", 1)[0].rsplit("::", 1)[-1] if "::" in first.error else ""
    if made and builds(facts, facts.conversion(made, owner), owner, name):
        # "An unknown endpoint returns `Error::http`": the `HttpError` built is turned into an
        # `Error` by `From<HttpError> for Error`, which builds it
        return Verdict(claim, State.UNCHECKABLE)
    if noun == "result" and builds(facts, own, owner, name):
        # "An empty result is answered with `E`": a payload found empty may be meant, where `E` is built
        return Verdict(claim, State.UNCHECKABLE)
    return contradicted(
        claim,
        f"a missing {noun} becomes `{first.error}` at {first.where}; the text says `{claim.object}`",
        first.where,
    )


def _all_made_errors(facts: Facts, fn: FnDef, meant: list[tuple[FnDef, MissingFact]]) -> bool:
    """Whether each lookup of the tables meant in `fn`'s body is made an error (another lookup,
    left an `Option`, may be the one the text means: a `PUT` that creates what it did not find)."""
    tables = {fact.table for _, fact in meant}
    counts = facts.lookups(fn)
    lookups = sum(counts.get(table, 0) for table in tables if table)
    return lookups <= sum(1 for holder, _ in meant if holder is fn)
