"""The prose checks on names (checks/prose/): which words are names, in what order, how they
are looked for in code and offered help, and the bounds that keep hostile text linear."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from svix_flows.checks.prose import direction, resolution, tokens
from svix_flows.checks.prose.resolution import Grounding, ground
from svix_flows.checks.prose.tokens import Scanner
from svix_flows.rust.checkout import Checkout
from svix_flows.rust.names import CrateNames


def names(text: str, scanner: Scanner | None = None) -> list[str]:
    return [mention.text for mention in (scanner or Scanner()).mentions(text)]


def test_plain_words_are_never_names() -> None:
    """Words without an underscore, a second hump, `::`, a call or `.rs` are English."""
    assert names("The Message becomes a row, then Result values flow back (as usual).") == []


def test_a_few_names_come_in_order_of_appearance() -> None:
    """Each name once, where it first appears, whatever the order the tokens were first met in."""
    assert names("zeta_step calls MessageOut then alpha_step, zeta_step again, core::queue.") == [
        "zeta_step",
        "MessageOut",
        "alpha_step",
        "core::queue",
    ]


def test_many_names_come_in_order_of_appearance() -> None:
    """A text naming more tokens than are ordered by a search each keeps the same order."""
    count = Scanner().sorted_named * 2
    words = [f"step_{index}" for index in reversed(range(count))]
    assert names(" and ".join(words + words)) == words


def test_names_survive_the_token_cache_being_emptied_midway() -> None:
    """A corpus of endless distinct tokens empties the scanner's token cache; a text whose own
    tokens overflow it still gets every one of its names."""
    words = [f"name_{index}" for index in range(20)]
    assert names(" plain ".join(words), Scanner(max_tokens=5)) == words


def test_a_claim_of_direction_is_read_after_a_line_break_and_in_parentheses() -> None:
    """ "A → B" is read wherever A stands: first on a line, or after an opening parenthesis."""
    claims = list(
        direction.claims_of_direction("It starts:\nparse_body -> store_row (and `store_row()` → enqueue).")
    )
    assert sorted((a, b) for a, b, _ in claims) == [("parse_body", "store_row"), ("store_row", "enqueue")]


def test_a_text_of_endless_arrows_is_judged_on_its_first_claims() -> None:
    """A hostile text of arrows is read up to a bound, so checking it stays linear in its size."""
    claims = list(direction.claims_of_direction("a -> b " * (direction.MAX_CLAIMS * 3)))
    assert len(claims) == direction.MAX_CLAIMS


@pytest.mark.parametrize(
    ("around", "whole"),
    [(" x_y ", True), ("(x_y)", True), ("_x_y", False), ("x_y_", False), ("1x_y", False), ("éx_y", False)],
)
@pytest.mark.parametrize(
    "before",
    ["", "x_yx_y" * 20, " " * (tokens.LARGE_TEXT + 1)],
    ids=["record-sized", "many-near-misses", "larger-than-a-record"],
)
def test_a_name_is_found_in_code_only_as_a_whole_word(before: str, around: str, whole: bool) -> None:
    """Whether a name stands whole in a text is answered the same by every way of searching:
    the substring search, the regular expression after many near misses, the set of words of
    a text larger than any record."""
    assert Scanner().has_word(before + around, "x_y") is whole


@pytest.mark.parametrize(
    "token",
    ["A" + "a" * 200_000 + "_", "A" + "a" * 200_000 + "(", "x_" + "A1" * 100_000 + "a-"],
    ids=["one-hump-then-underscore", "one-hump-then-call", "humps-of-digits"],
)
def test_a_huge_token_is_read_in_linear_time(token: str) -> None:
    """A 200,000-character token shaped almost like a CamelCase name is read at once; a pattern
    that backtracks took minutes (quadratic), so the guard is a generous time limit."""
    program = "import sys; from svix_flows.checks.prose.tokens import mentions; mentions(sys.stdin.read())"
    subprocess.run([sys.executable, "-c", program], input=token, text=True, check=True, timeout=30)


def test_only_the_first_unknown_names_of_a_record_get_the_nearest_real_ones() -> None:
    """Each invented name is an error; the nearest real names are looked for (milliseconds each
    on a real crate) for the first 20 of a record only, so a record of endless inventions stays
    quick to check."""
    checkout = Checkout(
        Path(__file__).parent / "fixtures" / "validate" / "checkout", "server/svix-server/src"
    )
    grounding = Grounding(CrateNames.read(checkout))
    think = " ".join(f"from_requestt_{index}" for index in range(resolution.SUGGESTED_PER_RECORD + 5))
    found = ground([(think, "think")], "", grounding, 1)
    assert [problem.code for problem in found] == ["E320"] * (resolution.SUGGESTED_PER_RECORD + 5)
    helped = ["nearest" in problem.message for problem in found]
    assert helped == [True] * resolution.SUGGESTED_PER_RECORD + [False] * 5


def test_names_are_looked_for_in_huge_code_of_near_misses_in_linear_time() -> None:
    """200 names looked for in 2 MB of code that repeats one of them without a word boundary
    (`x_yx_y…`): the word set of a text larger than any record is built once; a search per
    occurrence took a minute, so the guard is a generous time limit."""
    program = (
        "from svix_flows.checks.prose.tokens import Scanner\n"
        "code = 'x_y' * 700_000\n"
        "scanner = Scanner()\n"
        "assert not any(scanner.has_word(code, 'x_y') for _ in range(200))\n"
    )
    subprocess.run([sys.executable, "-c", program], check=True, timeout=30)


def _fixture_grounding() -> Grounding:
    checkout = Checkout(
        Path(__file__).parent / "fixtures" / "validate" / "checkout", "server/svix-server/src"
    )
    return Grounding(CrateNames.read(checkout))


def test_a_path_of_128000_segments_is_checked_in_linear_time() -> None:
    """`saved::a::a::…` of 128,000 segments in a think block: each prefix was looked up as a
    module (quadratic: 10 s at 64,000); only prefixes as deep as the deepest module are now,
    so the guard is a generous time limit."""
    program = (
        "from pathlib import Path\n"
        "from svix_flows.checks.prose.resolution import Grounding, ground\n"
        "from svix_flows.rust.names import CrateNames\n"
        "from svix_flows.rust.checkout import Checkout\n"
        f"checkout = Checkout(Path({str(Path(__file__).parent / 'fixtures' / 'validate' / 'checkout')!r}), "
        "'server/svix-server/src')\n"
        "g = Grounding(CrateNames.read(checkout))\n"
        "think = 'The handler reads `saved::' + 'a::' * 128_000 + 'a` first.'\n"
        "print(len(ground([(think, 'think')], '', g, 1)))\n"
    )
    subprocess.run([sys.executable, "-c", program], check=True, timeout=10)


@pytest.mark.parametrize("path", ["saved::id", "saved::a::a::a"])
def test_a_path_whose_first_segment_is_a_crate_word_but_no_module_or_crate_is_e321(path: str) -> None:
    """`saved` is a variable of the crate, not a module and not a crate it writes paths of:
    `saved::id` resolves nowhere and is E321 (it was taken for an outside crate's path)."""
    found = ground([(f"The handler then reads `{path}` once.", "think")], "", _fixture_grounding(), 1)
    assert [problem.code for problem in found] == ["E321"]
    assert "leads nowhere" in found[0].message


@pytest.mark.parametrize("path", ["core::parcel_app::ParcelApp", "crate::queue::Courier"])
def test_paths_of_std_and_of_the_crates_modules_still_resolve(path: str) -> None:
    """Paths through the crate's own modules are not reported."""
    assert ground([(f"The handler then uses `{path}` once.", "think")], "", _fixture_grounding(), 1) == []


def test_a_name_in_a_structs_field_list_is_no_field_even_where_its_members_are_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A type whose members the crate cannot list (a foreign derive opens it to methods) still
    has only its fields, since a derive adds methods, never fields: "`StatsRow`, which holds a
    `status`, a `count` and an `endpoint_id`" is E323 naming the fields it has, even where the
    member check lets `StatsRow::endpoint_id` pass; the true list draws nothing."""
    from svix_flows.rust.facts import facts_of

    src = tmp_path / "server" / "svix-server" / "src"
    src.mkdir(parents=True)
    (src / "lib.rs").write_text(
        "#[derive(Debug, FromQueryResult)]\npub struct StatsRow {\n    status: u8,\n    count: i64,\n}\n"
        "pub fn endpoint_id() -> u8 { 0 }\n"
    )
    checkout = Checkout(tmp_path, "server/svix-server/src")
    facts = facts_of(checkout)
    grounding = Grounding(CrateNames.read(checkout))
    monkeypatch.setattr(grounding, "unknown", lambda mention, code: None)  # every member open
    said = "Each row is read into `StatsRow`, which holds a `status`, a `count`{}."

    def found(text: str) -> list[tuple[str, str]]:
        problems = ground(
            [(text, "think")], "", grounding, 1, field_type=facts.field_type, fields_of=facts.fields_of
        )
        return [(p.code, p.message) for p in problems]

    assert found(said.format("")) == []
    assert found(said.format(" and an `endpoint_id`")) == [
        (
            "E323",
            "`StatsRow::endpoint_id`: `StatsRow` has no field `endpoint_id`; its fields: `count`, `status`",
        )
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "It builds a `ParcelApp` with `sender: label` and hands it on.",
        "It builds `ParcelApp { label, sender, .. }` from the body.",
    ],
)
def test_a_field_given_in_a_types_literal_must_be_one_of_its_fields(sentence: str) -> None:
    """ "a `T` with `f: v`" and "`T { a, f, .. }`" say `f` is a field of `T`: E323 when it is not."""
    found = ground([(sentence, "think")], "", _fixture_grounding(), 1)
    assert [(p.code, p.message.split("`: ")[0]) for p in found] == [("E323", "`ParcelApp::sender")]


def test_the_fields_a_types_literal_gives_that_it_has_draw_nothing() -> None:
    sentence = "It builds `ParcelApp { label, weight: w }`, a `ParcelApp` with `label: name`."
    assert ground([(sentence, "think")], "", _fixture_grounding(), 1) == []


def test_a_fields_camel_case_wire_name_is_no_unknown_name() -> None:
    """`fromRequest` is `from_request` as serde writes it on the wire: no E320."""
    assert ground([("The body's `fromRequest` field is read.", "think")], "", _fixture_grounding(), 1) == []


def test_an_askers_own_camel_case_setting_in_the_request_is_no_unknown_name() -> None:
    """A request may name a setting of the asker's world (`terminationGracePeriodSeconds`, a
    Kubernetes field): Rust never spells its items in lowerCamelCase, so it is not judged there."""
    request = "What grace period should I give `shutdownWindowSeconds` in our deployment?"
    assert ground([(request, "request")], "", _fixture_grounding(), 1, asked="request") == []


def test_an_askers_own_one_word_header_in_the_request_is_no_unknown_name() -> None:
    """ "our gateway sends `traceparent`": a header of the asker's world, named in the question."""
    request = "Our gateway sends `tracestate`, yet the span has no parent."
    assert ground([(request, "request")], "", _fixture_grounding(), 1, asked="request") == []
    found = ground(
        [("The layer reads `tracestate` first.", "think")], "", _fixture_grounding(), 1, asked="request"
    )
    assert [f.code for f in found] == ["E320"]


def test_a_placeholder_of_x_is_no_unknown_name() -> None:
    """`svix-server wipe org_XXXX`: the run of X is a value left for the reader, not a name."""
    said = "I am about to remove the tenant `org_XXXX` from the server."
    assert ground([(said, "think")], "", _fixture_grounding(), 1) == []


def test_the_environment_variable_of_a_setting_is_no_unknown_name(tmp_path: Path) -> None:
    """`LAMPS_BULB_ENABLED` is the setting `bulb_enabled` read through `Env::prefixed("LAMPS_")`;
    a variable under that prefix that names no setting is still E320."""
    grounding = _one_file_grounding(
        tmp_path,
        "pub struct Settings { pub bulb_enabled: bool }\n"
        'pub fn load() -> Figment { Figment::new().merge(Env::prefixed("LAMPS_")) }\n',
    )
    assert ground([("Set LAMPS_BULB_ENABLED to false on the API pods.", "think")], "", grounding, 1) == []
    found = ground([("Set LAMPS_WICK_ENABLED to false.", "think")], "", grounding, 1)
    assert [f.code for f in found] == ["E320"]


def test_an_unknown_camel_case_name_in_the_think_block_is_still_refused() -> None:
    """The same word in the think block is the writer's claim about the crate: E320."""
    think = "The worker reads `shutdownWindowSeconds` from the config."
    found = ground([(think, "think")], "", _fixture_grounding(), 1, asked="request")
    assert [f.code for f in found] == ["E320"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The body comes from `from_request` in `lib.rs`.",
        "It caps the wait at `weight + 1 hour`.",
        "The connector then layers OpenSSL over the HTTP connector.",
    ],
)
def test_a_file_a_quantity_in_pseudo_code_and_a_products_name_are_no_names(sentence: str) -> None:
    """`lib.rs` beside a value named `lib` is a file, "1 hour" in a snippet a quantity,
    OpenSSL a product: none is an unknown name or member."""
    code = "fn weigh(lib: &ParcelApp) -> u64 { 0 }"
    assert ground([(sentence, "think")], code, _fixture_grounding(), 1) == []


def test_a_field_in_the_list_after_a_derive_must_be_one_of_the_types_fields() -> None:
    """ "`ParcelApp` derives `Clone` and has fields `label: String` and `sender: Sender`"."""
    sentence = "`ParcelApp` derives `Clone` and has fields `label: String` and `sender: Sender<String>`."
    found = ground([(sentence, "think")], "", _fixture_grounding(), 1)
    assert [(p.code, p.message.split("`: ")[0]) for p in found] == [("E323", "`ParcelApp::sender")]


def test_a_module_path_written_relative_to_its_parent_resolves_beside_a_top_level_namesake(
    tmp_path: Path,
) -> None:
    """`courier::open_pair`, written as queue/mod.rs writes it, is `queue::courier::open_pair`
    even where the crate also has a top-level `courier` module without it; an item of neither
    is still E321."""
    src = tmp_path / "server" / "svix-server" / "src"
    (src / "queue").mkdir(parents=True)
    (src / "lib.rs").write_text("pub mod courier;\npub mod queue;\n")
    (src / "courier.rs").write_text("pub struct CourierPool;\n")
    (src / "queue" / "mod.rs").write_text("pub mod courier;\npub fn new_pair() { courier::open_pair(); }\n")
    (src / "queue" / "courier.rs").write_text("pub fn open_pair() {}\n")
    grounding = Grounding(CrateNames.read(Checkout(tmp_path, "server/svix-server/src")))

    def codes(path: str) -> list[str]:
        return [p.code for p in ground([(f"Then it calls `{path}` once.", "think")], "", grounding, 1)]

    assert codes("courier::open_pair") == []
    assert codes("courier::close_pair") == ["E321"]


@pytest.mark.parametrize(
    "said",
    [
        "The value is a `StallValue` whose only field is `stalled_at`, a timestamp.",
        "Finally, `StallValue` has a single `stalled_at: DateTime` field.",
        "It fills a `StallValue`, which keeps a single field, `stalled_at`.",
    ],
)
def test_the_one_field_a_struct_is_said_to_hold_must_be_its_field(said: str) -> None:
    """ "`T` whose only field is `f`" names one field; a name that is none of `T`'s fields is
    said to be a member of it, and the true field draws nothing."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"StallValue": frozenset({"first_stall_at"})}
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == ["StallValue::stalled_at"]
    true = said.replace("stalled_at", "first_stall_at")
    assert list(listed_fields(true, fields.get, lambda s, f: None)) == []


@pytest.mark.parametrize(
    "said",
    [
        "Each constructor returns the `Store` enum, whose variants are `Memory`, `Redis` and `Disk`.",
        "It returns `Store`, a type with `Memory(MemoryStore)`, `Redis(RedisStore)` and `Disk(DiskStore)` variants.",
        "The value is one of the three variants of the `Store` enum, `Memory`, `Redis` and `Disk`.",
    ],
)
def test_a_name_in_an_enums_list_of_variants_must_be_its_variant(said: str) -> None:
    """A list naming two variants of an enum is its list of variants; a name in it that is no
    variant is said to be a member of it (`Store::Disk`), and the true list draws nothing."""
    from svix_flows.checks.prose.field_lists import listed_variants

    variants = {"Store": frozenset({"Memory", "Redis", "Off"})}
    assert list(listed_variants(said, variants.get)) == ["Store::Disk"]
    assert list(listed_variants(said.replace("Disk", "Off"), variants.get)) == []


def test_a_list_of_names_that_are_not_said_to_be_variants_is_left_alone() -> None:
    """Two variants and a third name with no word of variants near them: nothing is judged."""
    from svix_flows.checks.prose.field_lists import listed_variants

    variants = {"Store": frozenset({"Memory", "Redis", "Off"})}
    said = "The `Store` holds `Memory`, `Redis` and `Disk` entries; no variant is dropped."
    assert list(listed_variants(said, variants.get)) == []


def test_a_name_in_an_enums_list_of_variants_is_e323_through_the_name_checks(tmp_path: Path) -> None:
    """Through the name checks: "the `Store` enum, whose variants are `Memory`, `Redis` and
    `Disk`" is E323 for `Store::Disk`; the true list draws nothing."""
    from svix_flows.rust.facts import facts_of

    src = tmp_path / "server" / "svix-server" / "src"
    src.mkdir(parents=True)
    (src / "lib.rs").write_text("pub enum Store { Memory, Redis, Off }\npub struct Disk;\n")
    checkout = Checkout(tmp_path, "server/svix-server/src")
    facts = facts_of(checkout)
    grounding = Grounding(CrateNames.read(checkout))

    def found(text: str) -> list[tuple[str, str]]:
        problems = ground(
            [(text, "think")],
            "",
            grounding,
            1,
            field_type=facts.field_type,
            fields_of=facts.fields_of,
            variants_of=facts.variants_of,
        )
        return [(p.code, p.message) for p in problems]

    said = "Each constructor returns the `Store` enum, whose variants are `Memory`, `Redis` and `{}`."
    assert found(said.format("Off")) == []
    [(code, message)] = found(said.format("Disk"))
    assert code == "E323" and message.startswith("`Store::Disk`: `Store` has no ")


# a field list ends where its names stop being the struct's fields (each case: the fields the
# struct has, the sentence, the names read as fields it lacks)
_FIELD_LIST_ENDS = {
    "a literal after the list": (
        {"before", "after", "with_body"},
        "`Query` has `before`, `after` and `with_body`, the last defaulting to `true`.",
        [],
    ),
    "a name that opens a clause of its own": (
        {"level", "flags"},
        "The caller gets a `Query` with `level` and `flags`, and `grant_from_token` records the org.",
        [],
    ),
    "the list itself still read": (
        {"level", "flags"},
        "The caller gets a `Query` with `level`, `flags`, and `org_id` fields.",
        ["Query::org_id"],
    ),
    "a field's name on the wire": (
        {"organization", "sub", "feature_flags"},
        "`Query` has `organization`, serialised as `org`, `sub` and `feature_flags`.",
        [],
    ),
    "the list read on past a wire name": (
        {"organization", "sub", "feature_flags"},
        "`Query` has `organization`, serialised as `org`, `sub` and `access_level`.",
        ["Query::access_level"],
    ),
    "another step's verb before the name": (
        {"cfg", "db", "client"},
        "It builds a `Query` holding `cfg`, `db` and `client`, runs `process_task`, then acks.",
        [],
    ),
    "another step's verb after a comma and": (
        {"cfg", "db", "client"},
        "It builds a `Query` holding `cfg`, `db` and `client`, and spawns `process_task`.",
        [],
    ),
    "the struct handed on after its list": (
        {"current", "old"},
        "The keys go into a `Query`, whose two fields are `current: Option<Key>` and `old: Option<Ring>`, "
        "and passed to `rotate_key`.",
        [],
    ),
    "where the fields are filled from": (
        {"current", "old"},
        "`Query` is just `current: Option<Key>` plus `old: Option<Ring>`, filled here from the row's `key` and `old`.",
        [],
    ),
    "a struct taken apart into its fields": (
        {"status", "count"},
        "The rows are collected by destructuring each `Query` into its `status_text` and `count` fields.",
        ["Query::status_text"],
    ),
    "a method after wire names, with a verb that takes on": (
        {"level"},
        "`Query` holds only a `level` field of type `Level`, serialised in lowercase as `low` or `high`, "
        "and `is_low` matches on `Level::Low`.",
        [],
    ),
    "the list read on past wire names and a plain verb": (
        {"level", "flags"},
        "`Query` holds a `level` field, serialised as `lvl`, and `flags` and `org_id` fields.",
        ["Query::org_id"],
    ),
    "a name written as another noun's, the field its value comes from": (
        {"desk_id", "level", "flags"},
        "Every other row becomes a `Query` holding the row's `desk_ref`, its `level` and its `flags`.",
        [],
    ),
    "the same list with the name unpossessed": (
        {"desk_id", "level", "flags"},
        "Every other row becomes a `Query` holding a `desk_ref`, its `level` and its `flags`.",
        ["Query::desk_ref"],
    ),
}


@pytest.mark.parametrize("case", _FIELD_LIST_ENDS, ids=str)
def test_a_field_list_holds_only_the_names_said_as_the_structs_fields(case: str) -> None:
    """A literal (`true`), a wire name ("serialised as `org`"), a name with a verb of its own,
    a name after another step's verb and the columns the fields are filled from are no fields
    of the struct; the names of the list itself still are."""
    from svix_flows.checks.prose.field_lists import listed_fields

    own, said, lacking = _FIELD_LIST_ENDS[case]
    assert list(listed_fields(said, {"Query": frozenset(own)}.get, lambda s, f: None)) == lacking


def test_a_counted_field_list_holds_the_structs_own_fields_not_its_fields_fields() -> None:
    """ "`Secret` keeps two private fields, `kind` and `key`" of a `Secret { marker: Marker, key }`
    whose `Marker` has `kind`: the count says the two are `Secret`'s own; uncounted, a field of
    a field's struct may be what the list means."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Secret": frozenset({"marker", "key"}), "Marker": frozenset({"kind"})}.get

    def field_type(struct: str, field: str) -> str | None:
        return "Marker" if (struct, field) == ("Secret", "marker") else None

    counted = "`Secret` keeps two private fields, `kind` and `key`."
    assert list(listed_fields(counted, fields, field_type)) == ["Secret::kind"]
    plain = "`Secret` keeps the `kind` and the `key` fields."
    assert list(listed_fields(plain, fields, field_type)) == []


def test_a_value_member_put_into_a_type_is_not_said_to_be_that_types_member() -> None:
    """ "wraps the row and `meta.data` in `Answer`": what is put into `Answer`, not its member;
    "`msg.body` in the `Row`" without such a verb still names `Row::body`."""
    from svix_flows.checks.prose.tokens import _member_phrases

    assert list(_member_phrases("The handler wraps the row and `meta.data` in `Answer` with `From`.")) == []
    assert list(_member_phrases("It reads `msg.body` in the `Row` first.")) == ["Row::body"]


def test_a_later_whose_of_a_chain_speaks_of_the_first_type_not_of_the_one_before_it(tmp_path: Path) -> None:
    """ "a `Row` whose `id` is …, whose `status` is the raw `Status`, whose `label` is …": every
    "whose" speaks of `Row`, so `label` is no member said of `Status`; a "whose" that opens its
    sentence's chain still names a member of its type."""
    grounding = _one_file_grounding(
        tmp_path,
        "pub enum Status { Done, Failed }\npub struct Row { pub id: u64, pub status: Status, pub label: String }\n",
    )

    def codes(sentence: str) -> list[str]:
        return [p.code for p in ground([(sentence, "think")], "", grounding, 1)]

    chained = "It builds a `Row` whose `id` is the key, whose `status` is the raw `Status`, whose `label` is its text."
    assert codes(chained) == []
    assert codes("It reads the `Status`, whose `label` is its text.") == ["E323"]


def test_a_field_list_closed_by_its_plural_noun_ends_there() -> None:
    """ "… into its `attempt`, `err` and `retry_after` fields and first stamps `ended_at` on the
    attempt": `ended_at` is the attempt's, not a fourth field of the struct."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Failure": frozenset({"attempt", "err", "retry_after"})}
    said = "It splits the `Failure` into its `attempt`, `err` and `retry_after` fields and first stamps `ended_at` on it."
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == []
    wrong = "It splits the `Failure` into its `attempt`, `err` and `ended_at` fields."
    assert list(listed_fields(wrong, fields.get, lambda s, f: None)) == ["Failure::ended_at"]


def test_a_field_list_that_says_how_many_fields_it_has_ends_after_them() -> None:
    """ "`Desk` is a `Service` with two fields, `seat` and the wrapped `lamp`, and its `open`
    first decides …": `open` is named after the two fields said, so it is no third field; a
    name within the count still is one."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Desk": frozenset({"seat", "lamp", "chair"})}
    said = (
        "`Desk` is a `Service` with two fields, `seat` and the wrapped `lamp`, and its `open` first decides."
    )
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == []
    wrong = "`Desk` is a `Service` with three fields, `seat`, `lamp` and `drawer`."
    assert list(listed_fields(wrong, fields.get, lambda s, f: None)) == ["Desk::drawer"]


def test_a_list_the_struct_is_said_to_have_needs_only_one_of_its_fields() -> None:
    """ "`Window` carries `since` as a `DateTime` and an optional `before`": the struct has the
    list, so one field of its own makes it the struct's, and the other name is said to be a
    field; a list merely near the struct still needs two."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Window": frozenset({"since", "until"})}
    had = "`Window` carries `since` as a `DateTime` and an optional `before`."
    assert list(listed_fields(had, fields.get, lambda s, f: None)) == ["Window::before"]
    counted = "It fills the `Window` struct, which has exactly two fields, `since` and `before`."
    assert list(listed_fields(counted, fields.get, lambda s, f: None)) == ["Window::before"]
    near = "It reads the `Window` to compare `since` and `before`."
    assert list(listed_fields(near, fields.get, lambda s, f: None)) == []


def test_a_counted_field_list_may_name_the_fields_type_before_them() -> None:
    """ "`Window` has two optional `DateTime<Utc>` fields, `after` and `until`": the type of
    the fields stands between the struct, its count and its list."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Window": frozenset({"since", "until"})}
    said = "`Window` has two optional `DateTime<Utc>` fields, `after` and `until`."
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == ["Window::after"]


def test_a_field_list_goes_on_past_a_short_relative_clause_of_one_field() -> None:
    """ "… an optional `cleanup_sql` that runs before a retry, and an optional `notes`": the
    clause says what the field does, and the list goes on after its comma."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Step": frozenset({"id", "apply_sql", "cleanup_sql", "revert_sql"})}
    said = (
        "Each `Step` is a `Copy` struct with an `id`, `apply_sql`, an optional `cleanup_sql` that "
        "runs before a retry, and an optional `notes`."
    )
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == ["Step::notes"]


def test_a_conversion_in_backticks_may_lead_the_list_of_the_struct_it_fills() -> None:
    """ "Rows become `Out` through `From<row::Model>`, which fills `url`, `status` and
    `trigger`": the conversion stands between the struct and its list."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Out": frozenset({"url", "status", "kind"})}
    said = "Rows become `Out` through `From<row::Model>`, which fills `url`, `status` and `trigger`."
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == ["Out::trigger"]


@pytest.mark.parametrize(
    "said",
    [
        # the source named just before the list: "from the attempt's `id`, …"
        "A `Last` is built by `From<attempt::Model>` from the attempt's `id`, its `code`, and its "
        "`created_at` converted into `stamp`.",
        # another step's verb ends the list: "… and turns `created_at` into …"
        "Events embed a `Last`, produced by a `From<attempt::Model>` impl that copies `id` and `code` "
        "and turns `created_at` into `stamp`.",
    ],
)
def test_a_list_after_a_conversion_names_the_sources_fields_where_the_text_says_so(said: str) -> None:
    """A conversion in backticks may lead a struct's list ("`T`, built by `From<Row>`, which
    fills `a` and `b`"), but not a list said to come from the source, nor past another verb."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Last": frozenset({"id", "code", "stamp"})}
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == []


def test_a_name_in_a_list_said_to_become_one_of_the_structs_fields_is_the_sources() -> None:
    """ "a `From<attempt::Model>` impl that copies `id`, `code` and `created_at` as `stamp`":
    `created_at` becomes the field `stamp`, so it is the source's name; a name said plainly is
    still said to be the struct's."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Last": frozenset({"id", "code", "stamp"})}
    said = "That `last` is a `Last`, built by a `From<attempt::Model>` impl that copies `id`, `code` and {}."
    assert list(listed_fields(said.format("`created_at` as `stamp`"), fields.get, lambda s, f: None)) == []
    assert list(listed_fields(said.format("`made_at`"), fields.get, lambda s, f: None)) == ["Last::made_at"]


def test_the_names_on_the_wire_after_a_field_are_no_fields() -> None:
    """ "A `Mood` holds only a `level: Scale`, serialised in lowercase as `ok` or `error`": the
    wire names, every one after "as", are no fields of the struct."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Mood": frozenset({"level"})}
    said = "A `Mood` holds only a `level: Scale`, serialised in lowercase as `ok` or `error`."
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == []


def test_a_struct_like_variant_has_its_field_list_judged() -> None:
    """ "A `Reply::Done` carrying `status`, `headers` and `body`": the variant written with its
    enum is read as a struct, its named fields the list's."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Reply::Done": frozenset({"code", "headers", "body"})}
    said = "A `Reply::Done` carrying `status`, `headers` and `body` is rebuilt by `rebuild`."
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == ["Reply::Done::status"]


def test_a_counted_list_of_variants_is_judged() -> None:
    """ "`Link` has six variants: …" and "The three `Link` variants are …": a name of the list
    the enum lacks is said to be its variant."""
    from svix_flows.checks.prose.field_lists import listed_variants

    variants = {"Link": frozenset({"Pooled", "Single", "Lazy"})}
    for said in (
        "`Link` has three variants: `Pooled`, `Single` and `Eager`.",
        "The three `Link` variants are `Pooled`, `Single` and `Eager`.",
    ):
        assert list(listed_variants(said, variants.get)) == ["Link::Eager"]


def test_what_a_closed_field_list_is_given_after_it_may_be_the_holders_field() -> None:
    """ "Each `Ticket` holds a `flag` of type `Badge`, with fields `kind` and `sealed`, plus the
    `key` bytes": `key` is `Ticket`'s, not a third field of `Badge`; with no other struct of the
    sentence holding it, the name added to the list is the list's."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Badge": frozenset({"kind", "sealed"}), "Ticket": frozenset({"flag", "key"})}
    said = (
        "Each `Ticket` holds a `flag` of type `Badge`, with fields `kind` and `sealed`, plus the `key` bytes."
    )
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == []
    wrong = "A `Badge` has the fields `kind` and `sealed`, plus a `key` field."
    assert list(listed_fields(wrong, fields.get, lambda s, f: None)) == ["Badge::key"]


def test_a_list_followed_by_where_its_names_come_from_is_that_sources() -> None:
    """ "`DeskEvent::new` copies `desk_id`, `id` and `uid` from the desk": the source's fields,
    which the struct holds under other names; a list said of the struct alone is still its own."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"DeskEvent": frozenset({"desk_id", "desk_uid", "room_id", "room_uid"})}
    said = "`DeskEvent::new` copies `desk_id`, `id` and `uid` from the desk and `desk_uid` from its argument."
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == []
    wrong = "`DeskEvent::new` fills in `desk_id`, `desk_uid` and `uid`."
    assert list(listed_fields(wrong, fields.get, lambda s, f: None)) == ["DeskEvent::uid"]


def _one_file_grounding(tmp_path: Path, rust: str) -> Grounding:
    """The names of a crate whose one file, `lib.rs`, holds `rust`."""
    src = tmp_path / "server" / "svix-server" / "src"
    src.mkdir(parents=True)
    (src / "lib.rs").write_text(rust)
    return Grounding(CrateNames.read(Checkout(tmp_path, "server/svix-server/src")))


def _name_codes(tmp_path: Path, rust: str) -> Callable[[str], list[str]]:
    """The finding codes the name checks give a sentence about a one-file crate."""
    grounding = _one_file_grounding(tmp_path, rust)
    return lambda sentence: [p.code for p in ground([(sentence, "think")], "", grounding, 1)]


def test_a_method_of_a_value_applied_on_a_type_is_no_member_of_that_type(tmp_path: Path) -> None:
    """ "tries `cache.get` on the `Key`": the value's method is given a `Key`, not one of the
    key's members; "`rec.flag` on each `Row`" still says `flag` is a member of `Row`."""
    codes = _name_codes(
        tmp_path,
        "pub struct Key(String);\npub struct Row { pub id: u64 }\npub struct Cache;\n"
        "impl Cache {\n    pub fn get(&self, key: &Key) -> Option<u64> { None }\n}\n"
        "pub fn lookup(cache: &Cache, key: Key) -> Option<u64> { cache.get(&key) }\n",
    )

    assert codes("It tries `cache.get` on the `Key` first.") == []
    assert "E323" in codes("It reads `rec.flag` on each `Row`.")


def test_the_plural_of_a_type_written_in_prose_is_a_name_of_the_crate(tmp_path: Path) -> None:
    """ "handler HttpErrors" is the plural of `HttpError`; a snake_case plural is not excused
    (`find_rows` beside `find_row` may be an invented function)."""
    codes = _name_codes(tmp_path, "pub struct HttpError;\npub fn find_row() {}\n")

    assert codes("How do handler HttpErrors reach the client?") == []
    assert codes("It calls `find_rows` first.") == ["E320"]


def test_a_method_of_a_type_a_macro_makes_is_no_unknown_member(tmp_path: Path) -> None:
    """`text_newtype!(Channel)` makes `Channel` and may write its impls, so a method called in
    the crate (`Channel::as_json`) that its written impls do not show is not said to be missing;
    a written struct's is."""
    codes = _name_codes(
        tmp_path,
        "macro_rules! text_newtype {\n    ($name:ident) => {\n        pub struct $name(pub String);\n"
        "        impl $name {\n            pub fn as_json(self) -> String { self.0 }\n        }\n    };\n}\n"
        "text_newtype!(Channel);\npub trait Check { fn check(&self) -> bool; }\n"
        "impl Check for Channel {\n    fn check(&self) -> bool { true }\n}\n"
        "pub struct Topic(pub String);\nimpl Check for Topic {\n    fn check(&self) -> bool { true }\n}\n"
        "pub fn bind(channel: Channel) -> String { channel.as_json() }\n",
    )

    assert codes("The filter is bound to `Channel::as_json`.") == []
    assert codes("The filter is bound to `Topic::as_json`.") == ["E323"]


def test_a_whose_clause_ends_the_list_before_it() -> None:
    """ "`T`, whose `id` is the row's `row_id`, whose `a` and `b` come from …": `row_id` is the
    row's, and the next "whose" opens another clause rather than going on with a list."""
    from svix_flows.checks.prose.field_lists import listed_fields

    fields = {"Out": frozenset({"id", "a", "b"})}
    said = "It becomes an `Out`, whose `id` is the row's `row_id`, whose `a` and `b` come from the row."
    assert list(listed_fields(said, fields.get, lambda s, f: None)) == []


def test_a_member_said_of_a_generic_newtype_may_be_its_values(tmp_path: Path) -> None:
    """ "a synthesised `Checked` whose `flags` is empty": `Checked<T>(pub T)` wraps a value, and
    the member may be that value's; a plain struct's unknown member is still E323."""
    codes = _name_codes(
        tmp_path,
        "pub struct Checked<T>(pub T);\npub struct Plain { pub id: u64 }\n"
        "pub struct Body { pub flags: u64 }\n",
    )
    assert "E323" not in codes("It builds a synthesised `Checked` whose `flags` is empty.")
    assert "E323" in codes("It builds a synthesised `Plain` whose `flags` is empty.")


def test_the_plain_words_of_a_tuple_in_backticks_are_the_authors_not_the_crates(tmp_path: Path) -> None:
    """ "flips each `(member, score)` pair": a tuple's plain words name what its places hold, as
    the author calls them; a snake_case word in one is still a name of the crate to resolve."""
    codes = _name_codes(
        tmp_path,
        "pub fn flip(pairs: Vec<(String, f64)>) -> Vec<(f64, String)> {\n"
        "    pairs.into_iter().map(|(x, y)| (y, x)).collect()\n}\n",
    )

    assert codes("`flip` turns each `(member, score)` pair into `(score, member)`.") == []
    assert "E320" in codes("`flip` turns each `(member_key, score)` pair around.")


def test_a_plain_word_said_to_arrive_on_the_wire_is_no_name_of_the_crate(tmp_path: Path) -> None:
    """ "an incoming `traceparent`", like "a `traceparent` header", names a value of the wire;
    "an incoming `trace_parent`" is written as code and still checked."""
    codes = _name_codes(tmp_path, "pub fn make_span() {}\n")
    assert codes("Without it an incoming `traceparent` never yields a span.") == []
    assert codes("Without it an incoming `trace_parent` never yields a span.") == ["E320"]


def test_the_prefix_a_string_is_said_to_begin_with_is_no_name_of_the_crate(tmp_path: Path) -> None:
    """ "the keys begin with `{queue}_desk_`" gives the start of a string, cut where it varies;
    the same text said to be a key is still checked."""
    codes = _name_codes(tmp_path, 'pub const MAIN: &str = "{queue}_desk_main";\n')
    assert codes("The v2 keys begin with `{queue}_desk_`.") == []
    assert codes("The v2 key is `{queue}_desk_`.") == ["E320"]


def test_a_path_after_a_member_list_is_no_member_of_its_type(tmp_path: Path) -> None:
    """ "`DeskState` holds `pool` and `queue`, and `routes::router` receives it": the path after
    the list is a name of its own, not a `router` member typed `routes`; a member the type lacks
    in the list is still E323."""
    codes = _name_codes(
        tmp_path,
        "pub struct DeskState { pub pool: u32, pub queue: u32 }\n"
        "pub mod routes {\n    pub fn router() {}\n}\n",
    )

    assert codes("`DeskState` holds `pool` and `queue`, and `routes::router` receives it.") == []
    assert "E323" in codes("`DeskState` holds `pool`, `queue` and `cache`.")


def test_a_prefix_said_of_several_names_is_no_name(tmp_path: Path) -> None:
    """ "the `DESK_` names" speaks of the start shared by `DESK_ID` and `DESK_LABEL`; a name
    cut short without such a word is still unknown."""
    codes = _name_codes(
        tmp_path, 'pub const DESK_ID: &str = "desk-id";\npub const DESK_LABEL: &str = "desk-label";\n'
    )

    assert codes("It uses the `DESK_` names when branding is on.") == []
    assert "E320" in codes("It reads `DESK_` when branding is on.")


def test_an_item_a_macro_defines_written_with_its_module_is_no_unknown_path(tmp_path: Path) -> None:
    """`shelf::stock_desk_doc` is defined by an attribute macro on `stock_desk`: no file of
    `shelf` spells it, but the crate writes the path so; an item it never writes is E321."""
    src = tmp_path / "server" / "svix-server" / "src"
    src.mkdir(parents=True)
    (src / "lib.rs").write_text(
        "mod shelf;\npub fn routes() { post_with(shelf::stock_desk, shelf::stock_desk_doc); }\n"
    )
    (src / "shelf.rs").write_text("#[documented]\npub fn stock_desk() {}\n")
    grounding = Grounding(CrateNames.read(Checkout(tmp_path, "server/svix-server/src")))
    said = "The route is mounted with `shelf::stock_desk_doc`."
    assert ground([(said, "think")], "", grounding, 1) == []
    found = ground([("It uses `shelf::stock_desk_help`.", "think")], "", grounding, 1)
    assert [f.code for f in found] == ["E321"]


def test_a_wire_name_in_snake_case_is_no_unknown_name(tmp_path: Path) -> None:
    """`shelf_code` is the field `code` renamed on the wire to "shelfCode": the name said in
    snake case is the crate's; a snake-case name with no such wire name is still E320."""
    grounding = _one_file_grounding(
        tmp_path, 'pub struct DeskIn {\n    #[serde(rename = "shelfCode")]\n    pub code: String,\n}\n'
    )
    assert ground([("No `shelf_code` is set.", "think")], "", grounding, 1) == []
    found = ground([("No `shelf_label` is set.", "think")], "", grounding, 1)
    assert [f.code for f in found] == ["E320"]


def test_a_request_line_in_backticks_is_no_code(tmp_path: Path) -> None:
    """`PUT /shelf/my-tenant` is a request as the client writes it: its example path segments
    are not names of the crate."""
    codes = _name_codes(tmp_path, "pub async fn put_shelf() {}\n")
    assert codes("That is how your `PUT /shelf/my-tenant` made a new shelf.") == []
    assert codes("That is how your `put_shelf_tenant` made a new shelf.") == ["E320"]


def test_a_name_said_to_be_a_database_index_is_no_name_of_the_code(tmp_path: Path) -> None:
    """ "trips `ix_shelf_uid`, the unique index on …" names the schema's index, which the
    migrations define, not the Rust code; the same name said as code is still checked."""
    codes = _name_codes(tmp_path, "pub async fn put_shelf() {}\n")
    assert codes("The loser's insert trips `ix_shelf_uid_per_org`, the unique index on the uid column.") == []
    assert codes("The insert hits the constraint `fk_shelf_org` first.") == []
    assert codes("The loser's insert calls `ix_shelf_uid_per_org` first.") == ["E320"]


def test_a_word_one_text_calls_a_header_is_the_wires_in_every_text(tmp_path: Path) -> None:
    """The request speaks of "a W3C tracestate header": the think block's "does not read
    `tracestate`" names the same header, not a name of the crate."""
    grounding = _one_file_grounding(tmp_path, "pub fn make_span() {}\n")
    texts = [
        ("Our gateway forwards a W3C tracestate header, yet spans start afresh.", "request"),
        ("The default propagator does not read `tracestate` at all.", "think"),
    ]
    assert ground(texts, "", grounding, 1, asked="request") == []
    alone = [("The default propagator does not read `tracestate` at all.", "think")]
    assert [p.code for p in ground(alone, "", grounding, 1, asked="request")] == ["E320"]


def test_a_field_a_type_is_said_to_have_of_another_type_is_its_own(tmp_path: Path) -> None:
    """ "`Health` has a single `state` field of `HealthKind`": `HealthKind` is the field's
    type, not its owner; "the `state` field of `HealthKind`" alone still says it is."""
    codes = _name_codes(
        tmp_path, "pub enum HealthKind { Up, Down }\npub struct Health { state: HealthKind }\n"
    )
    assert codes("`Health` has a single `state` field of `HealthKind`, serialised in lowercase.") == []
    assert "E323" in codes("It reads the `state` field of `HealthKind` first.")


def test_the_one_field_a_type_is_said_to_carry_nothing_but_must_be_its_field(tmp_path: Path) -> None:
    codes = _name_codes(tmp_path, "pub struct Stamp { since: u64 }\n")
    assert codes("The stored `Stamp` carries nothing but `since`.") == []
    assert "E323" in codes("The stored `Stamp` carries nothing but `fail_since`.")


def test_a_folder_of_the_crate_is_no_unknown_name(tmp_path: Path) -> None:
    """ "Inside the crate's `src`": the folder the crate's files lie in, not a name of code."""
    codes = _name_codes(tmp_path, "pub async fn put_shelf() {}\n")
    assert codes("Inside the crate's `src`, only `put_shelf` does it.") == []
    assert codes("Inside the crate's `srcs`, only `put_shelf` does it.") == ["E320"]


def test_a_route_written_bare_in_the_text_holds_no_names(tmp_path: Path) -> None:
    codes = _name_codes(tmp_path, "pub async fn put_shelf() {}\n")
    assert codes("Our script ran a PUT on /app/app_x/shelf/billing-prod expecting a 404.") == []
    assert codes("Our script ran `app_x` expecting a 404.") == ["E320"]


def test_a_word_one_text_calls_a_flag_is_the_datas_in_every_text(tmp_path: Path) -> None:
    grounding = _one_file_grounding(tmp_path, "pub fn list_kinds() {}\n")
    texts = [
        ("Our portal uses tokens that carry the feature flag `gamma`.", "request"),
        ("So a `gamma` token sees untagged and `gamma` kinds.", "think"),
    ]
    assert ground(texts, "", grounding, 1, asked="request") == []
    alone = [("So a `gamma` token sees untagged and `gamma` kinds.", "think")]
    assert [p.code for p in ground(alone, "", grounding, 1, asked="request")] == ["E320"]


_OWNERS = """pub struct Parcel {
    pub weight: u64,
}
impl Parcel {
    pub fn weigh(&self) -> u64 { 0 }
    pub async fn ship(self) {}
}
pub struct Courier;
impl Courier {
    pub fn pick_up(&self, parcel: &Parcel) {}
    pub fn hand_over(&self) {}
}
pub fn dispatch(courier: &Courier, parcel: Parcel) {
    courier.pick_up(&parcel);
}
"""


def test_a_method_said_to_belong_to_a_type_that_has_no_such_member_is_e323(tmp_path: Path) -> None:
    """ "`pick_up`, a method on `Parcel`", "`pick_up` belongs to `Parcel`", "the `pick_up`
    method of `Parcel`", "`Parcel` offers `weigh` and `pick_up`": `Parcel::pick_up`, which the
    type does not have; said of `Courier`, which has it, nothing."""
    codes = _name_codes(tmp_path, _OWNERS)
    for said in (
        "The courier calls `pick_up`, a method on `Parcel`, first.",
        "The method `pick_up` belongs to `Parcel` and borrows it.",
        "It goes through the `pick_up` method of `Parcel`.",
        "`Parcel` offers `weigh` and `pick_up`.",
        "`Parcel` exposes two methods, `weigh` and `pick_up`, besides its fields.",
        "Besides `weigh`, `Parcel` only offers `pick_up`.",
        "The parcel is a `Parcel`, whose methods besides `weigh` are `ship` and `pick_up`.",
        "It goes through the `pick_up` method that `Parcel` implements.",
        "It calls `courier.pick_up(&parcel)`, a method of `Parcel`, first.",
    ):
        assert codes(said) == ["E323"], said
    for said in (
        "The courier calls `pick_up`, a method on `Courier`, first.",
        "The method `pick_up` belongs to `Courier` and borrows it.",
        "`Parcel` offers `weigh` and `ship`.",
    ):
        assert codes(said) == [], said


def test_a_method_said_not_to_belong_to_a_type_or_to_be_for_it_is_no_member_of_it(tmp_path: Path) -> None:
    """ "`pick_up` is not a method of `Parcel`" denies the pair; "`pick_up`, a helper for
    `Parcel`" may live anywhere; "`Parcel` has `pick_up`" without "methods" is left alone."""
    codes = _name_codes(tmp_path, _OWNERS)
    assert codes("`pick_up` is not a method of `Parcel`.") == []
    assert codes("The courier calls `pick_up`, a helper for `Parcel`, first.") == []
    assert codes("Unlike `Courier`, `Parcel` has `weigh` but never `pick_up`.") == []


def test_a_member_the_crate_calls_on_a_bare_type_of_that_name_is_no_unknown_member(tmp_path: Path) -> None:
    """ "`Query::from_request_parts`" where the crate defines a `Query` of its own but calls
    `Query::<T>::from_request_parts(…)` on the framework's: the crate's own call names it; a
    member neither type is called with is still E323."""
    codes = _name_codes(
        tmp_path,
        "use axum::extract::Query;\n"
        "pub mod models {\n    pub struct Query;\n    impl Query {\n        pub fn latest(&self) {}\n    }\n}\n"
        "pub async fn extract(parts: u64) {\n    let _ = Query::<u64>::from_request_parts(parts).await;\n}\n",
    )
    assert codes("Each extractor runs `Query::from_request_parts` first.") == []
    assert codes("Each extractor runs `Query::from_parts` first.") == ["E323"]
