"""A struct, then the list of its fields: "a `CreateMessageApp` holding the app's `id`, `uid`,
`org_id` and a `disabled` flag", "`messageattempt::Model`, whose columns include `next_attempt`
and `payload`". When the list names at least two fields of the struct it is that struct's list,
and a name in it that is a field of another struct, not of this one (nor of a struct in one of
its fields), is said to be a member of it: `CreateMessageApp::disabled`, which E323 judges.

The phrasings are left open (holding, with, fills in, whose columns include …); the two fields
the list must name are what makes the reading safe.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from ...rust.words import PRIMITIVE_TYPES

# a struct in backticks, or its constructor (`EndpointEvent::new` fills in …)
# (or a struct-like variant: `SerializedResponse::Finished`)
_STRUCT = re.compile(
    r"`((?:[a-z_][a-z0-9_]{0,40}::){0,3}(?:[A-Z][A-Za-z0-9]{0,60}::)?[A-Z][A-Za-z0-9]{0,60})(?:::new(?:\(\))?)?`"
)
# (a literal is a value, not a field: "… and `with_content`, the last defaulting to `true`"; nor
# is a primitive type: "… and `canceled`, all `i64`")
_NOT_FIELDS = "|".join(sorted({"true", "false", "self"} | PRIMITIVE_TYPES))
_ITEM = re.compile(r"`(?!(?:" + _NOT_FIELDS + r")`)([a-z_][a-z0-9_]{0,60})(?::(?!:)\s*[^`]{1,80})?`(?!\s*\()")
_SENTENCE_END = re.compile(r"[.;!?](?:\s|\Z)")
# words that start another statement: a list does not run over them
_STOP = (
    r"which|that|while|but|so|because|when|if|where|then|before|after|calls?|returns?|passes|sends|"
    r"than|unlike|instead|not|no|never|is|are|was|were|"
    # a verb of another step: "… and `webhook_client`, runs `process_queue_task`"
    r"runs|uses|builds|spawns|awaits|invokes|reads|writes|logs|sets|clears|checks|loads|stores|drops|"
    r"takes|gives|makes|gets|puts|creates|inserts|deletes|updates|converts|maps|wraps|hands|turns|"
    # "… and `old_keys`, and passed to `rotate_key`": the struct handed on, not a field
    r"passed|handed"
)
_WORD = r"(?:(?!(?:" + _STOP + r")\b)[a-z][a-z-]{0,20}(?:(?:'|’)s)?)"
# between two fields, a preposition of an action ends the list too: "… and `c` and attached
# with `with_state`" (before the first field it may lead it: "a struct with an `id`"), and so
# does a relative "whose" ("…'s `endp_id`, whose `status` …"), which may lead a list too
_JOINT_WORD = (
    r"(?:(?!(?:" + _STOP + r"|with|by|into|via|through|using|whose)\b)[a-z][a-z-]{0,20}(?:(?:'|’)s)?)"
)
# between the struct and its first field: a few words (a trait or a type in backticks among them)
_LEAD = re.compile(
    r"(?:,(?:\s+(?:which|that))?)?(?:\s+(?:is|are|" + _WORD + r"|`[A-Z][A-Za-z0-9:<>&, ]{0,60}`)[:,]?"
    r"(?:\s+(?:which|that)\b)?){0,8}\s*\Z",
    re.IGNORECASE,
)
# between two fields of a list: a few words with at least one joint ("a `x` field of type `T`
# and a", "derived from it, the", "both defaulting to false, plus an")
_JOINT = r"(?:,\s*|\s+(?:and|or|plus)\s+|\s+as\s+well\s+as\s+)"
_GLUE = re.compile(
    # (a list closed by its noun, "… and `c` fields and first stamps `d`", ends there)
    r"(?!\s+(?:fields|columns|members)\b)"
    r"(?:\s+"
    + _JOINT_WORD
    + r"){0,3}(?:\s+(?:of\s+type|as\s+(?:an?\s+)?)\s*`[^`]{1,80}`)?"
    # ("… an optional `cleanup_sql` that runs before a retry, and …": a short relative clause
    # of the field, closed by a comma)
    + r"(?:\s+(?:that|which)\s+(?:[a-z]+\s+){0,5}[a-z]+(?=,))?"
    + _JOINT
    + r"(?:(?:and|or|plus)\s+)?(?:"
    + _JOINT_WORD
    + r"(?:\s+|,\s*(?:and\s+|plus\s+)?)){0,5}\Z",
    re.IGNORECASE,
)
# after a list, the struct it belongs to: "… fields of `AppState`"
_FIELDS_OF = re.compile(r"\s+(?:fields?|columns?|members?)\s+(?:of|in|on)\s+(?:the\s+|an?\s+)?(?=`)")
_MAX_LIST = 16
# a name followed by a verb opens a clause of its own: "… and `feature_flags`, and
# `permissions_from_bearer` records the org id" (not "… and `uid` fields")
_NEW_SUBJECT = re.compile(
    r"\s+(?:then\s+|also\s+|only\s+|just\s+|itself\s+)?(?!(?:fields|columns|members|flags|values|keys|bytes|"
    r"settings|options|parameters|arguments|headers|timestamps|ids|variants)\b)"
    r"(?:[a-z]+(?:[^s\W]s|ies|es)\b(?!\s+(?:of|in|on)\b)"
    # (a verb that takes "on": "… and `is_ok` matches on `V::Ok`")
    r"|(?:matches|relies|depends|waits|acts|operates|loops|blocks|switches|branches)\s+on\b)"
)

Fields = Callable[[str], "frozenset[str] | None"]
FieldType = Callable[[str, str], "str | None"]


def listed_fields(text: str, fields_of: Fields, field_type: FieldType) -> Iterator[str]:
    """`T::m` for each name `m` a list of `T`'s fields gives it that `T` lacks (see the module)."""
    if "`" not in text:
        return
    start = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        if end > start:
            yield from _sentence(text[start:end], fields_of, field_type)
        start = end


def _sentence(sentence: str, fields_of: Fields, field_type: FieldType) -> Iterator[str]:
    structs = list(_STRUCT.finditer(sentence))
    if not structs:
        return
    yield from _only_field(sentence, fields_of)
    ends = [struct.end() for struct in structs]
    inside: dict[str, frozenset[str]] = {}  # each struct's fields of its fields' structs
    holders: dict[str, set[str]] | None = None  # the structs of the sentence holding each field
    for first, names, end, added in _runs(sentence):
        if _SOURCED.match(sentence, end):
            continue  # "copies `app_id`, `id` and `uid` from the endpoint": the source's fields
        names, need, counted = _counted(sentence, first, names)
        owner = _owner(sentence, structs, ends, first, end, names, fields_of, need)
        if owner is None:
            continue
        own = fields_of(owner) or frozenset()
        nested = inside.get(owner)
        if nested is None:
            nested = inside[owner] = frozenset().union(
                *(fields_of(inner) or () for f in own if (inner := field_type(owner, f)) is not None)
            )
        # ("`T` holds a `m` of type `U`, with fields `a` and `b`, plus the `key` bytes": a name
        # added after the list is closed may be another struct's of the sentence, `T`'s)
        if added and holders is None:
            holders = _holders(structs, fields_of)
        # ("`T` keeps two fields, `a` and `b`": a count says they are its own, not its fields' fields)
        for name in names:
            if name in own or (name in nested and not counted) or _renamed_into(sentence, name, own):
                continue
            if _of_a_source(sentence, name, first, end):
                continue  # "… holding the attempt's `endp_id`, its `status`": the attempt's field
            if name in added and holders is not None and holders.get(name, set()) - {owner}:
                continue
            yield f"{owner}::{name}"


# a noun's possessive right before a name: "the attempt's `endp_id`" (not "it's", it is)
_SOURCE_OWNS = re.compile(r"\b(?!it(?:'|’)s\b)[a-z]+(?:'s|’s)\s+\Z")


def _of_a_source(sentence: str, name: str, first: int, end: int) -> bool:
    """Whether the list writes the name as another noun's ("the attempt's `endp_id`"): the value
    the struct holds comes from that field, whatever its own field is called."""
    at = sentence.find(f"`{name}", first, end)
    return at >= 0 and _SOURCE_OWNS.search(sentence, max(0, at - 30), at) is not None


def _renamed_into(sentence: str, name: str, own: frozenset[str]) -> bool:
    """ "… copies `id` and `created_at` as `timestamp`": a name said to become a field of the
    struct is the source's, renamed."""
    renamed = re.search(rf"`{re.escape(name)}`\s+(?:as|into)\s+`(?P<field>\w+)`", sentence)
    return renamed is not None and renamed.group("field") in own


def _counted(sentence: str, first: int, names: list[str]) -> tuple[list[str], int, bool]:
    """The names of a list that are its, how many must be the struct's fields for the list to
    be the struct's (two, or one when the struct is said to have it or the list says how many
    names it has: "`RecoverIn` carries `since` and an optional `x`"), and whether it says so."""
    counted = _COUNTED.search(sentence, max(0, first - 40), first)
    if counted is not None:
        # "with two fields, `cache` and the wrapped `service`, and its `call` …": the list has
        # as many names as it says, and a name after them is no field of it
        return names[: _COUNTS[counted.group(1).lower()]], 1, True
    return names, 1 if _POSSESSED.search(sentence, max(0, first - 60), first) is not None else 2, False


def _owner(
    sentence: str,
    structs: list[re.Match[str]],
    ends: list[int],
    first: int,
    end: int,
    names: list[str],
    fields_of: Fields,
    need: int,
) -> str | None:
    """The struct a list is of: the one said after it, else the nearest before it, that has at
    least `need` of its names as fields."""
    after = _owner_after(sentence, end)
    for owner in [after] if after else _owners_before(sentence, structs, ends, first):
        own = fields_of(owner)
        if own and sum(name in own for name in names) >= need:
            return owner
    return None


# the struct right before a list, said to have it: "`RecoverIn` carries `since` and …", "the
# `Permissions` struct, which has exactly", "destructures each `Row` into its"
_POSSESSED = re.compile(
    r"`(?:[a-z_][a-z0-9_]{0,40}::){0,3}[A-Z][A-Za-z0-9]{0,60}`(?:\s+(?:struct|type|value))?,?\s+"
    r"(?:(?:which|that)\s+)?(?:has|holds|keeps|carries|into\s+its)\s+(?:(?:only|just|exactly)\s+)?(?:an?\s+|the\s+)?"
    r"(?:(?:private|public|optional)\s+)?\Z"
)


# "`T`, whose only field is `f`", "`T` has a single `f: U` field", "`T` holds only a `f`"
_ONLY_FIELD = re.compile(
    r"`((?:[a-z_][a-z0-9_]{0,40}::){0,3}[A-Z][A-Za-z0-9]{0,60})`(?:\s+(?:struct|type))?,?\s+"
    r"(?:(?:which|that)\s+)?(?:whose\s+(?:only|single|sole)\s+(?:field|member)\s+is"
    r"|(?:has|holds|keeps|carries|with)\s+(?:only\s+)?(?:a\s+single|one|only\s+(?:one|a|an))(?:\s+field)?,?)"
    r"\s+(?:an?\s+|the\s+)?(?=`)"
)


def _only_field(sentence: str, fields_of: Fields) -> Iterator[str]:
    """The field a struct is said to hold alone, when the struct has no such field."""
    for said in _ONLY_FIELD.finditer(sentence):
        item = _ITEM.match(sentence, said.end())
        own = fields_of(said.group(1))
        if item is not None and own and item.group(1) not in own:
            yield f"{said.group(1)}::{item.group(1)}"


# "…, filled here from the row's `key` and …": where the fields come from, not more of them
_FILLED_FROM = re.compile(r"\b(?:filled|taken|read|copied|loaded|built)\s+(?:\w+\s+)?from\b")
# a list followed by where its names are read: "… `id` and `uid` from the endpoint"
_SOURCED = re.compile(r"\s+from\s+(?:the|its|an?|each|every)\s+(?!`)")
# "`organization`, serialised as `org`, and …": a field's name on the wire, not another field
# ("serialised in lowercase as `ok` or `error`": the names on the wire after it too)
_WIRE_NAME = re.compile(
    r"\b(?:seriali[sz]ed|renamed|spelled|sent|written)\s+(?:[a-z]+\s+){0,3}?(?:as|to)\s+\Z", re.IGNORECASE
)
_WIRE_NEXT = re.compile(r"\s+or\s+\Z")  # ("as `ok` or `error`": alternatives, not more fields)


# "two fields, `a` and `b`": a list that says how many names it has
_COUNTS = {
    w: n
    for n, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), 1)
}
# ", stamps ": a verb after a comma, a clause of the list's subject
_VERB_AFTER_COMMA = re.compile(r",\s+(?!(?:and|or|plus|as)\b)[a-z]+s\s+(?:[a-z]+\s+){0,2}")
_COUNTED = re.compile(
    # ("two optional `DateTime<Utc>` fields, ": words and a type between)
    r"\b("
    + "|".join(_COUNTS)
    + r")\s+(?:(?:[a-z]+|`[^`]{1,60}`)\s+){0,3}(?:fields|members|columns)\b[^`.;]{0,12}\Z",
    re.IGNORECASE,
)
_CLOSING = re.compile(r"\b(?:and|or)\b")
_ADDED = re.compile(r",\s*(?:and|or|plus)\b|\bas\s+well\s+as\b")


def _holders(structs: list[re.Match[str]], fields_of: Fields) -> dict[str, set[str]]:
    """Each field of the sentence's structs, with the structs that hold it."""
    out: dict[str, set[str]] = {}
    for struct in {s.group(1) for s in structs}:
        for field in fields_of(struct) or ():
            out.setdefault(field, set()).add(struct)
    return out


def _runs(sentence: str) -> Iterator[tuple[int, list[str], int, frozenset[str]]]:
    """The lists of names of a sentence: where each starts, its names, where it ends, and the
    names added after the list had closed ("`a` and `b`, plus `c`")."""
    first, end = 0, 0
    names: list[str] = []
    closed = False  # the list has had its last joint ("`a` and `b`")
    added: set[str] = set()
    wire = False  # the last name was one on the wire
    for item in _ITEM.finditer(sentence):
        if names and (
            _WIRE_NAME.search(sentence, max(0, item.start() - 40), item.start())
            or (wire and _WIRE_NEXT.fullmatch(sentence, end, item.start()))
        ):
            end, wire = item.end(), True  # (the list goes on past it: "…, serialised as `org`, and `b`")
            continue
        wire = False
        if (
            names
            and len(names) < _MAX_LIST
            and _GLUE.fullmatch(sentence, end, item.start())
            and not ("," in sentence[end : item.start()] and _NEW_SUBJECT.match(sentence, item.end()))
            and not _FILLED_FROM.search(sentence, end, item.start())
            # (a list closed by "and" goes on only with a joint of its own: "`a`, `b` and `c`,
            # plus `d`", not "`a`, `b` and `c`, stamps `d` on …")
            and not (closed and _VERB_AFTER_COMMA.fullmatch(sentence, end, item.start()))
        ):
            if closed and _ADDED.search(sentence, end, item.start()):
                added.add(item.group(1))
            closed = closed or _CLOSING.search(sentence, end, item.start()) is not None
            names.append(item.group(1))
        else:
            if len(names) > 1:
                yield first, names, end, frozenset(added)
            first, names, closed, added = item.start(), [item.group(1)], False, set()
        end = item.end()
    if len(names) > 1:
        yield first, names, end, frozenset(added)


# a list's source named just before it: "… from the attempt's `id`, its `code` and …"
_FROM_SOURCE = re.compile(r"\bfrom\s+(?:the\s+|its\s+|an?\s+)?[a-z]+(?:'s|’s)\s+\Z")


def _owners_before(sentence: str, structs: list[re.Match[str]], ends: list[int], first: int) -> Iterator[str]:
    """The structs a list may follow, nearest first, each with only a few words between ("`T`
    holding the app's", "`T` flattens a `U` under its"): at most three."""
    index = bisect.bisect_right(ends, first) - 1
    if _FROM_SOURCE.search(sentence, max(0, first - 40), first):
        return  # "… built by `From<Row>` from the attempt's `id`, …": the source's fields
    for candidate in range(index, max(index - 3, -1), -1):
        if not _LEAD.fullmatch(sentence, ends[candidate], first):
            return
        yield structs[candidate].group(1)


def _owner_after(sentence: str, end: int) -> str | None:
    """The struct a list is said of after it ("… and `x` fields of `AppState`")."""
    of = _FIELDS_OF.match(sentence, end)
    struct = _STRUCT.match(sentence, of.end()) if of is not None else None
    return struct.group(1) if struct is not None else None


# "the `Cache` enum, whose variants are `Memory`, `Redis` and `None`", "`Cache` is a type with
# `Memory(MemoryCache)` and `Redis(RedisCache)` variants", "the variants of the `Cache` enum,
# `Memory`, `Redis` and `None`"
_ENUM = re.compile(r"`((?:[a-z_][a-z0-9_]{0,40}::){0,3}[A-Z][A-Za-z0-9]{0,60})`")
_VARIANT = re.compile(r"`([A-Z][A-Za-z0-9]{0,60})(?:\([^`]{0,80}\))?`")
_VARIANTS_LEAD = re.compile(
    r"(?:\s+enum)?,?\s+(?:(?:whose|with|has|and\s+its)\s+(?:(?:only|exactly|just)\s+)?"
    r"(?:(?:one|two|three|four|five|six|seven|eight|nine|ten)\s+)?variants?(?:\s+are)?\s*[:,]?\s*"
    # "the six `RedisConnection` variants are `A`, …"
    r"|variants\s+are\s+"
    r"|(?:is\s+)?(?:an?\s+)?(?:`[a-z_]{1,40}`\s+)?(?:enum|type)\s+with\s+)(?=`)"
)
_VARIANTS_AFTER = re.compile(r"\s+variants\b")
_VARIANTS_OF = re.compile(r"\bvariants?\s+of\s+(?:the\s+|an?\s+)?\Z")
_APPOSED = re.compile(r"(?:\s+enum)?\s*[,:]\s+(?=`)")
_VARIANT_GLUE = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)\Z")


def listed_variants(text: str, variants_of: Fields) -> Iterator[str]:
    """`E::V` for each name a list of `E`'s variants gives it that `E` lacks, when the list
    names at least two of its variants ("whose variants are …", "… with `A(..)` and `B(..)`
    variants")."""
    if "variant" not in text:
        return
    for enum in _ENUM.finditer(text):
        lead = _VARIANTS_LEAD.match(text, enum.end())
        if lead is None and _VARIANTS_OF.search(text, max(0, enum.start() - 40), enum.start()):
            lead = _APPOSED.match(text, enum.end())  # "the variants of the `Cache` enum, `Memory`, …"
        if lead is None:
            continue
        names: list[str] = []
        end = lead.end()
        for item in _VARIANT.finditer(text, lead.end()):
            if item.start() != end and not (names and _VARIANT_GLUE.fullmatch(text, end, item.start())):
                break
            names.append(item.group(1))
            end = item.end()
        said_before = "variant" in lead.group() or lead.re is _APPOSED
        if len(names) < 2 or not (said_before or _VARIANTS_AFTER.match(text, end)):
            continue
        own = variants_of(enum.group(1))
        if own and sum(name in own for name in names) >= 2:
            yield from (f"{enum.group(1)}::{name}" for name in names if name not in own)
