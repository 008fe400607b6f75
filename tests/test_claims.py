"""The claims check: the grammar's reading of sentences (tests/fixtures/claims/grammar.toml), and
the verdicts on the synthetic crate's records (tests/fixtures/claims/synthetic/<case>/): a true
record draws no finding of the prose checks, a lie marked `caught` is flagged with its kind's
code and quoted, and every new path stays linear in the size of the text.

The real-checkout set (tests/fixtures/claims/real/) is measured by bench/claims_recall.py.
"""

from __future__ import annotations

import time
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from svix_flows.catalog import load_catalog
from svix_flows.checks.claims import Claim, Kind, State, Verdict, claims
from svix_flows.checks.claims.calls import _other_owner
from svix_flows.checks.claims.grammar import Grammar
from svix_flows.checks.prose.field_lists import listed_fields
from svix_flows.checks.validate import Validator
from svix_flows.records import record
from svix_flows.records.record import system_message
from svix_flows.rust.checkout import Checkout

FIXTURES = Path(__file__).parent / "fixtures" / "claims"
CHECKOUT = FIXTURES / "checkout"
SYNTHETIC = FIXTURES / "synthetic"
PROSE = ("W33", "E32", "W312")
CODE_OF = {
    "call": "W330",
    "signature": "W331",
    "value": "W332",
    "order": "W333",
    "error": "W334",
    "member": "E323",
}


def shown(claim: Claim) -> str:
    target = f" -> {claim.object}" if claim.object else ""
    return f"{claim.kind.value} {claim.subject}{target}: {claim.says}"


def grammar_cases() -> list[dict[str, Any]]:
    return tomllib.loads((FIXTURES / "grammar.toml").read_text())["case"]


@pytest.mark.parametrize("case", grammar_cases(), ids=lambda case: case["sentence"][:60])
def test_the_grammar_reads_each_sentence_as_its_case_says(case: dict[str, Any]) -> None:
    """Each sentence yields exactly the claims its case lists, and a sentence the grammar cannot
    read with confidence (a return, a callback, a contrast, a hypothesis) yields none."""
    assert [shown(claim) for claim in claims(case["sentence"])] == case["claims"]


@cache
def validator() -> Validator:
    catalog = load_catalog(CHECKOUT / "flows.toml")
    return Validator(system_message(None), checkout=Checkout(CHECKOUT, catalog.source.root))


@cache
def flow_spans(flow: str) -> tuple[Any, ...]:
    catalog = load_catalog(CHECKOUT / "flows.toml")
    checkout = Checkout(CHECKOUT, catalog.source.root)
    chosen = next(f for f in catalog.flows if f.id == flow)
    return tuple(checkout.span(ref) for ref in chosen.spans)


def prose_findings(case: Path, think: str) -> list[tuple[str, str]]:
    flow = tomllib.loads((case / "case.toml").read_text())["flow"]
    built = record.assemble(
        system_message(None), (case / "request.md").read_text(), think, list(flow_spans(flow))
    )
    return [(f.code, f.message) for f in validator().record(built, 1) if f.code.startswith(PROSE)]


def synthetic_cases() -> list[Path]:
    return sorted(p for p in SYNTHETIC.iterdir() if (p / "case.toml").is_file())


def lies() -> list[tuple[Path, dict[str, Any]]]:
    return [
        (case, lie)
        for case in synthetic_cases()
        for lie in tomllib.loads((case / "lies.toml").read_text()).get("lie", [])
    ]


@pytest.mark.parametrize("case", synthetic_cases(), ids=lambda case: case.name)
def test_a_true_record_draws_no_finding_of_the_prose_checks(case: Path) -> None:
    """Every sentence of a true record is true: no claim is contradicted, no name unknown."""
    assert prose_findings(case, (case / "think.md").read_text()) == []


@pytest.mark.parametrize(
    "case,lie", [item for item in lies() if item[1].get("caught")], ids=lambda item: getattr(item, "name", "")
)
def test_a_caught_lie_is_flagged_with_its_kind_and_quoted(case: Path, lie: dict[str, Any]) -> None:
    """One sentence made false draws its kind's code, and every finding points at that sentence
    (a lie may state two false things: "awaits `f` and returns its error to the caller")."""
    think = (case / "think.md").read_text()
    assert lie["true"] in think
    found = prose_findings(case, think.replace(lie["true"], lie["false"], 1))
    assert CODE_OF[lie["kind"]] in [code for code, _ in found]
    if lie["kind"] != "member":
        assert all(lie["false"][:50] in message.replace("…", "") for _, message in found)


def test_a_contradicted_value_names_the_fact_and_its_line() -> None:
    """The message says what the code gives and where: "`MAX_SIZE` is 4 * 1024 at …:16"."""
    case = SYNTHETIC / "notice_creation"
    think = (case / "think.md").read_text() + "\n`MAX_SIZE` is 64 KB.\n"
    [(code, message)] = prose_findings(case, think)
    assert code == "W332"
    assert message.startswith("`MAX_SIZE` is 4 * 1024 at v1/endpoints/notice.rs:16; the text says 64 KB")


def test_a_negated_call_the_code_makes_is_contradicted() -> None:
    """ "`A` never calls `B`" is read with its negation: W330 when `A` calls `B`."""
    case = SYNTHETIC / "notice_creation"
    think = (
        case / "think.md"
    ).read_text() + "\n`create_notice_inner` never calls `DeskApp::layered_fetch`.\n"
    [(code, message)] = prose_findings(case, think)
    assert code == "W330" and "calls `layered_fetch` at v1/endpoints/notice.rs:" in message


def test_supported_claims_carry_the_line_that_shows_them() -> None:
    """Each verdict of a true record is supported or not checkable; the supported ones name a line."""
    case = SYNTHETIC / "notice_creation"
    prose_findings(case, (case / "think.md").read_text())
    verdicts = validator().verdicts
    assert verdicts and {v.state for v in verdicts} <= {State.SUPPORTED, State.UNCHECKABLE}
    supported = [v for v in verdicts if v.state is State.SUPPORTED]
    assert supported and all(":" in v.where for v in supported)
    assert {v.claim.kind for v in supported} >= {Kind.CALL, Kind.SIGNATURE, Kind.VALUE}


CRAFTED = {
    "relation words": "`a_b` calls " * 2_000,
    "name chains": "`" + "x::" * 3_000 + "y` returns `Z`. ",
    "numbers": "`MAX_SIZE` is " + "1, " * 4_000 + "2 ms. ",
    "before and after": "inserted before sent after " * 2_000,
    "negations": "`a_b` does not call `c_d` never " * 1_000,
    # stops inside backticks, and backticks left open
    "stops in backticks": "`a.. b` then `c; d` and `e? " * 2_000,
}


@pytest.mark.parametrize("shape", CRAFTED, ids=str)
def test_reading_claims_is_linear_in_the_text(shape: str) -> None:
    """Four times the text takes well under sixteen times as long (a quadratic reading would)."""
    text = CRAFTED[shape]

    def seconds(body: str) -> float:
        start = time.perf_counter()
        list(claims(body))
        return time.perf_counter() - start

    small = min(seconds(text) for _ in range(3))
    large = min(seconds(text * 4) for _ in range(3))
    assert large < max(small, 0.002) * 9


def test_a_sentence_the_grammar_cannot_parse_is_skipped_not_an_error() -> None:
    """Broken backticks, stray symbols and endless text give claims or nothing, never an error."""
    for text in ("`unclosed calls `x_y", "`` returns ``", "=== is 3 ms", "\x00`a_b` calls\x00`c_d`", ""):
        list(claims(text))


def test_one_contradiction_read_twice_from_a_sentence_is_one_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "`f` is propagated with `?`, so a cache error fails the request" may be read as two claims
    that the same line contradicts: the record draws that warning once, not once a reading."""
    from svix_flows.checks.claims import Judge

    case = SYNTHETIC / "notice_relay"
    think = (case / "think.md").read_text() + (
        "\nIf `receive_batch` fails, the error is propagated with `?` and `relay_loop` returns.\n"
    )
    judge = Judge.judge
    monkeypatch.setattr(Judge, "judge", lambda self, text, own: 2 * judge(self, text, own))
    found = prose_findings(case, think)
    assert [code for code, _ in found] == ["W334"]


def test_a_logged_error_is_read_from_the_syntax_not_from_a_question_mark_in_its_message() -> None:
    """An `Err` arm that logs with "{err:?}" and goes on swallows the error: a `?` inside a format
    string is not a propagation, so "the error is propagated" is contradicted (W334)."""
    case = SYNTHETIC / "notice_relay"
    think = (case / "think.md").read_text() + (
        "\nIf `receive_batch` fails, the error is propagated with `?` and `relay_loop` returns.\n"
    )
    [(code, message)] = prose_findings(case, think)
    assert code == "W334" and "the error of `receive_batch` is only logged at worker.rs:68" in message


def test_a_call_said_of_another_modules_entity_is_contradicted() -> None:
    """ "`patch_desk` loads the desk with `route::Entity::find_by_id`" when the body calls
    `desk::Entity::find_by_id`: the same method of another module's type is not the call (W330)."""
    case = SYNTHETIC / "desk_patch"
    think = (
        case / "think.md"
    ).read_text() + "\n`patch_desk` loads the desk with `route::Entity::find_by_id`.\n"
    [(code, message)] = prose_findings(case, think)
    assert code == "W330" and "never reaches `route::Entity::find_by_id`" in message


@pytest.mark.parametrize("prefix", ["", "crate::"])
def test_a_wrong_call_written_out_draws_one_finding(prefix: str) -> None:
    """ "`desk::Entity::find_by_id_or_slug(&db, data.desk_id)`" where the handler calls
    `desk::Entity::find_by_id` with those very arguments: the step and the call as written are
    both wrong, and the operator sees one W330 (written with its crate path too)."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text() + (
        f"\n`patch_desk` reads it as `{prefix}desk::Entity::find_by_id_or_slug(&db, data.desk_id)`.\n"
    )
    [(code, message)] = prose_findings(case, think)
    assert code == "W330" and "`desk::Entity::find_by_id` at v1/endpoints/desk.rs:37" in message


@pytest.mark.parametrize(
    "written",
    [
        "`desk::Entity::find_by_id(&db, data.desk_id)`",  # as the handler writes it
        "`Cache::delete(&desk_key(desk_id))`",  # a method of a value, written with its type
    ],
)
def test_a_call_written_as_the_code_makes_it_draws_no_finding(written: str) -> None:
    """A call copied from the code, or a method called on a value written with its type, is
    the call the code makes."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text() + f"\nThe record runs {written}.\n"
    assert prose_findings(case, think) == []


def test_a_retry_said_of_a_call_whose_error_only_propagates_is_contradicted() -> None:
    """ "A failed `f` is retried" where every call of `f` hands its error on with `?`, outside
    any loop and with no retry around it: W334, naming the `?` and its line."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text() + "\nA failed `desk::Entity::update` is retried.\n"
    [(code, message)] = prose_findings(case, think)
    assert code == "W334" and "nothing around the call retries it" in message


def test_a_retry_said_to_come_later_from_the_queue_is_left_alone() -> None:
    """A retry by another party ("later, by the queue") is not judged from the call site."""
    case = SYNTHETIC / "desk_patch"
    think = (
        case / "think.md"
    ).read_text() + "\nA failed `desk::Entity::update` is retried later by the queue.\n"
    assert prose_findings(case, think) == []


def test_a_configuration_default_is_read_from_the_default_file_and_serde_defaults() -> None:
    """ "`x` defaults to N" is judged by `config.default.toml` beside the crate (which the server
    loads first), else by the field's serde default function: W332 with the line of either."""
    case = SYNTHETIC / "notice_relay"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\n`post_timeout_secs` defaults to 20 seconds.\n") == []
    [(code, message)] = prose_findings(case, think + "\n`post_timeout_secs` defaults to 30 seconds.\n")
    assert code == "W332" and "`post_timeout_secs` is 20 at ../config.default.toml:3" in message
    [(code, message)] = prose_findings(case, think + "\n`claim_secs` is 45 seconds by default.\n")
    assert code == "W332" and "`claim_secs` is 90 at cfg.rs:" in message


def test_a_configured_value_said_without_default_is_not_judged_by_the_defaults() -> None:
    """A field's value said of a deployment ("with `post_timeout_secs` of 30 s") may differ from
    the default: only a sentence that speaks of the default is judged by it."""
    case = SYNTHETIC / "notice_relay"
    think = (
        case / "think.md"
    ).read_text() + "\nWith `post_timeout_secs` of 30 seconds, a slow route times out.\n"
    assert prose_findings(case, think) == []


def test_a_value_the_handler_never_builds_is_not_sent() -> None:
    """ "`patch_desk` sends a `QueueTask::Notice`" when nothing it reaches names `Notice`: W330;
    the `QueueTask::Ping` it does send draws nothing."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\n`patch_desk` sends a `QueueTask::Ping` afterwards.\n") == []
    [(code, message)] = prose_findings(
        case, think + "\n`patch_desk` sends a `QueueTask::Notice` afterwards.\n"
    )
    assert code == "W330" and "names `Notice`" in message


def test_a_sender_handed_what_it_sends_is_not_judged_by_its_body() -> None:
    """A function whose parameter carries the value (`send(task: &QueueTask)`) sends whatever its
    caller built: "`TaskProducer::send` sends a `QueueTask::Notice`" is left alone."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text() + "\n`TaskProducer::send` sends a `QueueTask::Notice` as JSON.\n"
    assert prose_findings(case, think) == []


def test_a_method_of_another_modules_type_of_the_same_name_is_no_member() -> None:
    """`route::Entity::update` where only `desk`'s `Entity` has `update`: E323 names the module
    that has it, while `desk::Entity::update` itself draws nothing."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\nThe row is saved with `desk::Entity::update`.\n") == []
    found = prose_findings(case, think + "\nThe row is saved with `route::Entity::update`.\n")
    assert ("E323" in [code for code, _ in found]) and any(
        "db/models/desk.rs" in message for _, message in found
    )


def test_a_function_a_serde_attribute_names_is_not_judged_as_a_call() -> None:
    """`#[serde(default = "default_claim_secs")]`: the framework calls it, no body does, so
    "… through `default_claim_secs`" draws no W330."""
    case = SYNTHETIC / "notice_relay"
    think = (
        case / "think.md"
    ).read_text() + "\nThe claim window defaults to 90 seconds through `default_claim_secs`.\n"
    assert prose_findings(case, think) == []


def test_a_chrono_duration_constant_is_read_and_shown_in_days() -> None:
    """`chrono::Duration::days(7)` is a duration: "one week" and "7 days" are it, "30 days" is
    W332 naming 7 days and its line."""
    case = SYNTHETIC / "notice_creation"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\n`LOOKBACK` is 7 days.\n") == []
    [(code, message)] = prose_findings(case, think + "\n`LOOKBACK` is 30 days.\n")
    assert code == "W332" and message.startswith("`LOOKBACK` is 7 days at v1/endpoints/notice.rs:")


def test_a_flag_default_is_read_from_the_function_its_serde_attribute_names() -> None:
    """`#[serde(default = "default_true")]` on `sign_posts`: "defaults to true" draws nothing,
    "defaults to false" is W332 naming the function's `true`."""
    case = SYNTHETIC / "notice_relay"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\n`sign_posts` defaults to true.\n") == []
    [(code, message)] = prose_findings(case, think + "\n`sign_posts` defaults to false.\n")
    assert code == "W332" and message.startswith("`sign_posts` is true at cfg.rs:")


def test_an_order_is_read_inside_the_function_its_sentence_speaks_of() -> None:
    """ "`drop_desk` forgets the cache before the row is saved": the order's scope is `drop_desk`,
    so another function of the record with the other order says nothing about it."""
    [order] = [
        c
        for c in claims(
            "`drop_desk` forgets the entry, and it invalidates the cache before the row is saved."
        )
        if c.kind is Kind.ORDER
    ]
    assert order.scope == "drop_desk" and (order.subject, order.object) == (
        "<action>invalidate",
        "<action>save",
    )


def test_a_local_binding_named_like_a_function_is_no_call_of_it() -> None:
    """`let audit_token = …` in `patch_desk` does not make "`patch_desk` calls `audit_token`"
    true: W330, since nothing it reaches calls the function."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text() + "\n`patch_desk` calls `audit_token` for the log line.\n"
    [(code, message)] = prose_findings(case, think)
    assert code == "W330" and "never reaches `audit_token`" in message


def test_a_call_written_through_another_type_is_not_the_call_the_text_names() -> None:
    """`TypedHeader::<…>::from_request_parts` is no call of `Organization::from_request_parts`;
    the same type, an alias of it, a generic parameter or a call through a value may be."""
    assert _other_owner(
        "TypedHeader::<Authorization<Bearer>>::from_request_parts",
        "Organization::from_request_parts",
        {},
        False,
    )
    assert not _other_owner("Organization::from_request_parts", "Organization::from_request_parts", {}, False)
    assert not _other_owner("Producer::send", "TaskProducer::send", {"Producer": "TaskProducer"}, False)
    assert not _other_owner("T::from_request_parts", "Organization::from_request_parts", {}, True)
    assert not _other_owner("parts.extract", "Organization::extract", {}, False)


def test_a_trait_item_on_a_type_the_trait_is_not_implemented_for_is_no_member() -> None:
    """`attempt::Model::newest_first` when `AttemptOrder` is implemented for `Vec<Model>` only:
    E323; `attempt::Model::insert`, its own method, draws nothing."""
    case = SYNTHETIC / "notice_relay"
    think = (case / "think.md").read_text()
    assert [
        c for c, _ in prose_findings(case, think + "\nThe row is stored with `attempt::Model::insert`.\n")
    ] == []
    found = prose_findings(case, think + "\nThe rows are sorted with `attempt::Model::newest_first`.\n")
    assert [code for code, _ in found] == ["E323"] and "has no member `newest_first`" in found[0][1]


def test_a_remembered_sentence_keeps_the_context_of_the_one_before_it() -> None:
    """The run's grammar remembers sentences, but "It calls `post_request`." after `send_notice`
    and after `build_request` are two readings: the memory is keyed by what the sentence
    before it leaves, and a repeated text reads as a fresh one."""
    grammar = Grammar()
    first = "`send_notice` builds the body. It calls `post_request`."
    second = "`build_request` shapes the body. It calls `post_request`."
    for text in (first, second, first):
        assert [shown(c) for c in grammar.claims(text)] == [shown(c) for c in claims(text)]
    assert [c.subject for c in grammar.claims(second) if c.kind is Kind.CALL] == ["build_request"]


def test_a_query_builders_error_is_handled_where_its_chain_is_run() -> None:
    """`Entity::delete_by_id(id).exec(db).await?`: the `?` at the end of the chain propagates
    the error of `delete_by_id` too."""
    from svix_flows.rust.facts import Handling, facts_of

    catalog = load_catalog(CHECKOUT / "flows.toml")
    facts = facts_of(Checkout(CHECKOUT, catalog.source.root))
    [fn] = facts.functions("drop_route")
    [site] = facts.sites(fn, ("delete_by_id",))
    assert site.handling is Handling.PROPAGATED


def test_a_column_the_entity_derive_does_not_make_is_no_member() -> None:
    """sea-orm derives `ticket::Column` from `ticket::Model`'s fields: `ticket::Column::DeskId`
    draws nothing, `ticket::Column::RouteId` is E323 naming the missing `route_id` field."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\nTickets are read by `ticket::Column::DeskId`.\n") == []
    [(code, message)] = prose_findings(case, think + "\nTickets are read by `ticket::Column::RouteId`.\n")
    assert code == "E323" and "no variant `RouteId`" in message and "`route_id`" in message


def test_a_call_said_to_be_made_itself_is_held_to_the_callers_own_body() -> None:
    """ "`patch_desk` builds the key itself with `desk_key`": `patch_desk` reaches `desk_key`
    only through `invalidate`, so W330 names `invalidate`; said of `invalidate`, nothing."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\n`invalidate` builds the key itself with `desk_key`.\n") == []
    [(code, message)] = prose_findings(
        case, think + "\n`patch_desk` builds the key itself with `desk_key`.\n"
    )
    assert code == "W330" and "does not call `desk_key` itself: `invalidate`" in message


def test_a_call_said_to_be_left_out_with_without_is_a_never_calls_claim() -> None:
    """ "`patch_desk` answers without calling `invalidate`" is contradicted by its own call."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text() + "\n`patch_desk` answers without calling `invalidate`.\n"
    [(code, message)] = prose_findings(case, think)
    assert code == "W330" and "the text says it never does" in message


def test_a_retry_denied_of_a_function_that_retries_its_work_is_contradicted() -> None:
    """`TaskProducer::send` runs its push through `run_with_retries`: "… without retrying it" is
    W334 naming that call; said of `patch_desk`, which retries nothing itself, nothing."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text()
    said = "\n`TaskProducer::send` hands a queue error straight back without retrying it.\n"
    [(code, message)] = prose_findings(case, think + said)
    assert code == "W334" and "`run_with_retries` at" in message
    assert prose_findings(case, think + "\n`patch_desk` answers the error without retrying it.\n") == []


def test_its_return_type_is_said_of_the_subject_of_the_sentence_before() -> None:
    """ "Its return type is `T`" after a sentence whose subject is `post_notice` is a return claim
    of `post_notice`."""
    said = [
        (c.kind, c.subject, c.object)
        for c in claims("`post_notice` posts the body. Its return type is `Result<Json<NoticeOut>>`.")
    ]
    assert (Kind.SIGNATURE, "post_notice", "Result<Json<NoticeOut>>") in said


def test_a_type_that_only_a_known_foreign_trait_opens_has_no_other_member() -> None:
    """`OnReply` implements tower-http's `OnResponse`, whose one method is known: `OnReply::new`
    is E323, `OnReply::on_response` draws nothing; a foreign trait of unknown methods
    (`FlushSink`) still lets any called name pass."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\n`OnReply::on_response` writes the status.\n") == []
    assert prose_findings(case, think + "\n`FlushSink::new` opens the sink.\n") == []
    [(code, message)] = prose_findings(case, think + "\n`OnReply::new` builds the callback.\n")
    assert code == "E323" and "`OnReply` has no member `new`" in message


def test_a_function_nothing_calls_is_not_held_to_the_records_reach() -> None:
    """ "The deprecated route goes through `legacy_notice`": the router names the handler and the
    framework calls it, so the record's code need not reach it; `post_notice`, which the crate
    does call, is still held to the record's reach (W330)."""
    case = SYNTHETIC / "notice_creation"
    think = (case / "think.md").read_text()
    route = "\nThe deprecated `/notice/legacy` route goes through `legacy_notice` as well.\n"
    assert prose_findings(case, think + route) == []
    [(code, _)] = prose_findings(case, think + route.replace("legacy_notice", "post_notice"))
    assert code == "W330"


def test_an_error_said_to_propagate_as_it_is_is_contradicted_by_a_map_err() -> None:
    """`TaskProducer::send` maps the encoding error before its `?`: "a failed `to_string` is
    propagated with `?` as it is" is W334, while "… is propagated with `?`" draws nothing."""
    case = SYNTHETIC / "desk_patch"
    think = (case / "think.md").read_text()
    said = "\nIn `TaskProducer::send`, a failed `to_string` is propagated with `?`{}.\n"
    assert prose_findings(case, think + said.format("")) == []
    [(code, message)] = prose_findings(case, think + said.format(" as it is"))
    assert code == "W334" and "propagates as it is" in message


def test_a_flag_under_a_bare_serde_default_defaults_to_false() -> None:
    """`#[serde(default)]` on `with_closed: bool`: "defaults to false" draws nothing, "defaults to
    true" is W332 naming the field's line."""
    case = SYNTHETIC / "notice_relay"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\n`with_closed` defaults to false.\n") == []
    [(code, message)] = prose_findings(case, think + "\n`with_closed` defaults to true.\n")
    assert code == "W332" and message.startswith("`with_closed` is false (`#[serde(default)]`) at cfg.rs:")


def test_an_error_named_by_its_action_is_judged_on_the_calls_the_word_begins() -> None:
    """ "A receive error" stands for `receive_batch`, whose error `relay_loop` only logs: "… is
    propagated with `?`" is W334 naming it, "… is only logged" draws nothing."""
    case = SYNTHETIC / "notice_relay"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\nA receive error is only logged.\n") == []
    [(code, message)] = prose_findings(case, think + "\nA receive error is propagated with `?`.\n")
    assert code == "W334" and "`receive_batch`" in message


def test_a_data_name_is_not_what_it_stands_for_in_the_next_sentence() -> None:
    """ "The `secret` column holds it. It then calls `post_notice`.": "It" is not `secret`, so
    no call claim of `secret` is read."""
    said = [
        (c.kind, c.subject) for c in claims("The `secret` column holds the key. It then calls `post_notice`.")
    ]
    assert (Kind.CALL, "secret") not in said


def test_a_field_of_another_modules_model_is_no_member_of_this_one() -> None:
    """`attempt::Model::url` where only `route`'s `Model` has a `url` field: E323 names the
    module that has it, said as a path or as "the `url` field of `attempt::Model`"; the real
    `route::Model::url` draws nothing."""
    case = SYNTHETIC / "notice_relay"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\nEach route row is a `route::Model` with a `url` field.\n") == []
    for sentence in (
        "The attempt keeps `attempt::Model::url` for the log.",
        "The attempt row copies the `url` field of `attempt::Model`.",
        "Each `attempt::Model` has a `url` that names the route.",
    ):
        found = prose_findings(case, think + f"\n{sentence}\n")
        assert [code for code, _ in found] == ["E323"], sentence
        assert "db/models/route.rs" in found[0][1]


def test_a_member_of_a_typed_parameter_is_judged_on_its_type() -> None:
    """`consumer.new_task` where the record's code declares `consumer: TaskConsumer`, which
    has no such method: E323 says which type the text's value has; `consumer.receive_batch`
    draws nothing."""
    case = SYNTHETIC / "notice_relay"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\nIt polls `consumer.receive_batch()` in a loop.\n") == []
    [(code, message)] = prose_findings(case, think + "\nIt polls `consumer.new_task()` in a loop.\n")
    assert code == "E323"
    assert message.startswith("`consumer.new_task` (`consumer` is a `TaskConsumer` in the record's code)")


def test_a_failed_action_said_by_its_verb_is_judged_on_the_calls_of_that_name() -> None:
    """ "A failed send is only logged" where `create_notice_inner` hands the error of its
    `send` on with `?`: W334; the true "a failed send is propagated" draws nothing."""
    case = SYNTHETIC / "notice_creation"
    think = (case / "think.md").read_text()
    assert prose_findings(case, think + "\nA failed send is propagated with `?`.\n") == []
    [(code, message)] = prose_findings(case, think + "\nA failed send is only logged.\n")
    assert code == "W334" and "the error of `send` is propagated with `?`" in message


def test_a_flow_call_reaches_into_the_worker_only_when_the_sentence_speaks_of_it() -> None:
    """ "The desk is looked up with `post_notice`": the flow's queue leads to the worker, which
    calls `post_notice`, but a sentence that speaks of no queue, task or worker is held to the
    request's side (W330); said of the worker's task, it draws nothing."""
    case = SYNTHETIC / "notice_creation"
    think = (case / "think.md").read_text()
    worker_side = "\nOnce the task is queued, the worker delivers it with `post_notice`.\n"
    assert prose_findings(case, think + worker_side) == []
    [(code, message)] = prose_findings(case, think + "\nThe desk is looked up with `post_notice`.\n")
    assert code == "W330" and "reaches `post_notice`" in message


def _judged(
    tmp_path: Path, rust: str, sentence: str, own: str = "", kind: Kind | None = None
) -> list[Verdict]:
    """The verdicts of `sentence` about a one-file crate, its functions the record's code (or
    only the functions named in `own`, comma-separated); only those of `kind`, when given."""
    from svix_flows.checks.claims import Judge
    from svix_flows.rust.facts import facts_of

    src = tmp_path / "server" / "svix-server" / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "lib.rs").write_text(rust)
    facts = facts_of(Checkout(tmp_path, "server/svix-server/src"))
    fns = (
        [fn for name in own.split(",") for fn in facts.functions(name)]
        if own
        else facts.in_lines("lib.rs", 1, rust.count("\n") + 1)
    )
    return [v for v in Judge(facts).judge(sentence, fns) if kind is None or v.claim.kind is kind]


_CONNECTOR = """pub struct Tls;
impl Tls {
    pub fn new() -> Result<Tls, String> {
        Ok(Tls)
    }
}
pub struct Plain;
impl Plain {
    pub fn new() -> Result<Plain, String> {
        Ok(Plain)
    }
}
pub fn build() -> Result<(), String> {
    let tls = Tls::new().expect("tls");
    let plain = Plain::new()?;
    let _ = (tls, plain);
    Ok(())
}
"""


def test_an_error_said_of_a_path_is_judged_on_the_calls_of_that_path(tmp_path: Path) -> None:
    """ "If `Tls::new` fails, `build` logs the failure and carries on": of the two `new` calls
    only `Tls::new`'s is meant, and its `expect` neither logs nor goes on: contradicted."""
    [tls] = _judged(
        tmp_path, _CONNECTOR, "If `Tls::new` fails, `build` logs the failure and carries on.", kind=Kind.ERROR
    )
    assert (
        tls.state is State.CONTRADICTED and "unwrapped (panics)" in tls.message and "lib.rs:14" in tls.message
    )


@pytest.mark.parametrize(
    ("said", "state"),
    [
        ('`build` wraps it in `Tls::new`, whose failure panics with "tls build failed".', State.SUPPORTED),
        (
            '`build` wraps it in `Tls::open`, whose failure panics with "tls build failed".',
            State.CONTRADICTED,
        ),
    ],
)
def test_a_message_of_an_expect_is_the_message_of_the_call_it_is_on(
    tmp_path: Path, said: str, state: State
) -> None:
    """`Tls::new().expect("tls build failed")`: the message is said of `Tls::new` rightly, and
    of another function of `Tls` wrongly."""
    rust = _CONNECTOR.replace('expect("tls")', 'expect("tls build failed")') + (
        "impl Tls {\n    pub fn open() -> Result<Tls, String> {\n        Ok(Tls)\n    }\n}\n"
    )
    verdicts = [v for v in _judged(tmp_path, rust, said) if v.claim.says == "builds"]
    assert [v.state for v in verdicts] == [state]


_DISPATCH = """pub struct Client;
impl Client {
    pub fn execute(&self) -> Result<u16, String> {
        Ok(200)
    }
}
pub enum Outcome {
    Sent(u16),
    Failed(String),
}
pub fn dispatch(client: &Client) -> Outcome {
    match client.execute() {
        Ok(status) => Outcome::Sent(status),
        Err(e) => Outcome::Failed(e),
    }
}
"""


def test_an_error_a_match_turns_into_a_value_is_not_propagated(tmp_path: Path) -> None:
    """`match client.execute() { Err(e) => Outcome::Failed(e), … }`: "the error of `execute` is
    propagated with `?`" is contradicted, naming the `match`; "only logged" is not judged, since
    nothing is logged there either way."""
    said = "A failed `execute` is propagated with `?`. A failed `execute` is only logged."
    propagated, logged = _judged(tmp_path, _DISPATCH, said, kind=Kind.ERROR)
    assert propagated.state is State.CONTRADICTED and "turned into a value by a `match`" in propagated.message
    assert logged.state is State.UNCHECKABLE


_PAIR = """pub struct Producer;
pub struct Consumer;
pub fn new_pair(dsn: &str, queue_name: String, prefetch: u16) -> Result<(Producer, Consumer), String> {
    let _ = (dsn, queue_name, prefetch);
    Ok((Producer, Consumer))
}
"""


def test_a_parameter_said_with_its_type_is_judged_on_that_parameter(tmp_path: Path) -> None:
    """ "`new_pair` takes `dsn: &str`, `queue_name: &str` and `prefetch: u16`": each parameter of
    the list is judged on the parameter of that name; only `queue_name`, a `String`, is wrong."""
    said = "`new_pair` takes `dsn: &str`, `queue_name: &str` and `prefetch: u16`."
    verdicts = _judged(tmp_path, _PAIR, said, kind=Kind.SIGNATURE)
    assert [v.state for v in verdicts] == [State.SUPPORTED, State.CONTRADICTED, State.SUPPORTED]
    assert "takes `queue_name: String`" in verdicts[1].message


def test_a_bare_return_is_contradicted_by_a_result(tmp_path: Path) -> None:
    """ "returns the pair directly, without a `Result`" where the function returns a `Result`."""
    said = "`new_pair` returns the `(Producer, Consumer)` pair directly, without a `Result`."
    [verdict] = _judged(tmp_path, _PAIR, said, kind=Kind.SIGNATURE)
    assert verdict.state is State.CONTRADICTED and "the text says a bare" in verdict.message


_NOTICES = """pub enum Notice {
    Failing(u32),
    Recovered(u32),
}
pub struct Sender;
impl Sender {
    pub async fn send_notice(&self, notice: Notice) -> Result<(), String> {
        let _ = notice;
        Ok(())
    }
}
pub async fn handle(sender: &Sender) -> Result<(), String> {
    if let Err(e) = sender.send_notice(Notice::Recovered(1)).await {
        tracing::error!("{}", e);
    }
    sender.send_notice(Notice::Failing(2)).await?;
    Ok(())
}
"""


def test_a_failure_to_send_a_named_value_is_judged_on_the_sends_that_carry_it(tmp_path: Path) -> None:
    """ "a failure to send the `Failing` notice is only logged": of the two sends, the one whose
    arguments name `Failing` hands its error on with `?` (contradicted); said of `Recovered`,
    whose send is only logged, it holds."""
    said = (
        "A failure to send the `Notice::Failing` notice is only logged. "
        "A failure to send the `Notice::Recovered` notice is only logged."
    )
    failing, recovered = _judged(tmp_path, _NOTICES, said, kind=Kind.ERROR)
    assert failing.state is State.CONTRADICTED and "propagated with `?`" in failing.message
    assert recovered.state is State.SUPPORTED


_RETRY = """pub struct Retry;
impl Retry {
    pub async fn run<T, E>(&mut self, value: Result<T, E>) -> Option<Result<T, E>> {
        Some(value)
    }
}
pub fn page() -> Result<Vec<u8>, String> {
    Ok(Vec::new())
}
pub fn pair() -> Result<(Option<u8>, Option<u8>), String> {
    Ok((None, None))
}
"""


def test_a_whole_type_is_judged_on_its_shape(tmp_path: Path) -> None:
    """ "`run` returns `Result<T, E>`" where it returns `Option<Result<T, E>>`: every name is
    there, nested otherwise (contradicted); a writer may still leave out an outer `Result`
    ("`page` returns `Vec<u8>`") or its error type ("`Result<Vec<u8>>`"), and a tuple's element
    is left alone ("a pair of `Option<u8>` values")."""
    said = (
        "`Retry::run` returns `Result<T, E>`. `Retry::run` returns `Option<Result<T, E>>`. "
        "`page` returns `Vec<u8>`. `page` returns `Result<Vec<u8>>`. "
        "`pair` returns a pair of `Option<u8>` values."
    )
    states = [v.state for v in _judged(tmp_path, _RETRY, said, kind=Kind.SIGNATURE)]
    assert states == [State.CONTRADICTED, State.SUPPORTED, State.SUPPORTED, State.SUPPORTED, State.SUPPORTED]


def test_a_library_call_said_to_be_absent_is_contradicted_by_its_call(tmp_path: Path) -> None:
    """ "`handle` runs without `tokio::spawn`" where its body spawns: the library call of that
    path in its own body contradicts it; said of a body without one, it is not judged."""
    rust = "pub fn handle() {\n    tokio::spawn(async {});\n}\npub fn quiet() {}\n"
    said = "The work is done in `handle` without `tokio::spawn`. The work is done in `quiet` without `tokio::spawn`."
    spawned, quiet = _judged(tmp_path, rust, said, kind=Kind.CALL)
    assert spawned.state is State.CONTRADICTED and "calls `tokio::spawn` at lib.rs:2" in spawned.message
    assert quiet.state is State.UNCHECKABLE


_LOOKUPS = """pub mod desk {
    pub struct Entity;
    impl Entity {
        pub fn find_by_id(id: u64) -> Option<u64> { Some(id) }
        pub fn find_by_id_or_uid(id: u64) -> Option<u64> { Entity::find_by_id(id) }
    }
}
pub struct HttpError;
impl HttpError {
    pub fn not_found() -> HttpError { HttpError }
    pub fn conflict() -> HttpError { HttpError }
}
fn lookup(id: u64) -> Result<u64, HttpError> {
    desk::Entity::find_by_id_or_uid(id).ok_or_else(HttpError::not_found)
}
pub fn open_desk(id: u64) -> Result<u64, HttpError> {
    if id == 0 {
        return Err(HttpError::conflict());
    }
    lookup(id)
}
"""


def test_a_call_named_for_the_sibling_its_caller_makes_is_contradicted(tmp_path: Path) -> None:
    """`lookup` calls `desk::Entity::find_by_id_or_uid`, which calls `find_by_id`: "`lookup` looks
    the desk up with `desk::Entity::find_by_id`" names the sibling it reaches only deeper."""
    [verdict] = _judged(tmp_path, _LOOKUPS, "`lookup` looks the desk up with `desk::Entity::find_by_id`.")
    assert verdict.state is State.CONTRADICTED
    assert (
        "calls `desk::Entity::find_by_id_or_uid` at lib.rs:14, not `desk::Entity::find_by_id`"
        in verdict.message
    )


def test_a_call_of_the_very_function_its_caller_makes_is_supported(tmp_path: Path) -> None:
    [verdict] = _judged(
        tmp_path, _LOOKUPS, "`lookup` looks the desk up with `desk::Entity::find_by_id_or_uid`."
    )
    assert verdict.state is State.SUPPORTED


def test_an_error_constructor_reached_deeper_is_no_sibling_of_another(tmp_path: Path) -> None:
    """`open_desk` builds `HttpError::conflict` itself and `HttpError::not_found` through `lookup`:
    error constructors are built everywhere, so the one named may be a helper's."""
    verdicts = _judged(tmp_path, _LOOKUPS, "`open_desk` answers a missing desk with `HttpError::not_found`.")
    assert verdicts and all(v.state is not State.CONTRADICTED for v in verdicts)


_REDRIVE = """pub struct Inner;
impl Inner {
    pub async fn redrive(&self) -> Result<(), String> { Ok(()) }
}
pub struct Producer { inner: Inner }
impl Producer {
    pub async fn redrive(&self) -> Result<(), String> {
        self.inner.redrive().await?;
        Ok(())
    }
}
pub async fn redrive_handler(producer: Producer) -> Result<(), String> {
    if let Err(e) = producer.redrive().await {
        tracing::warn!("{e}");
    }
    Ok(())
}
"""


def test_an_error_of_a_method_is_judged_on_its_callers_not_on_its_own_call_of_a_namesake(
    tmp_path: Path,
) -> None:
    """`Producer::redrive` propagates `self.inner.redrive()`'s error; the handler's call of
    `Producer::redrive` only logs it: "its error is returned to the caller" is contradicted."""
    verdicts = _judged(
        tmp_path,
        _REDRIVE,
        "The handler calls `Producer::redrive`. When that call fails, the handler returns the error to the caller.",
    )
    [error] = [v for v in verdicts if v.claim.kind is Kind.ERROR]
    assert error.state is State.CONTRADICTED and "lib.rs:13" in error.message


_MISSING = """pub mod desk {
    pub struct Entity;
    impl Entity {
        pub fn find_by_id(id: u64) -> Option<u64> { Some(id) }
    }
}
pub struct HttpError;
impl HttpError {
    pub fn not_found() -> HttpError { HttpError }
}
pub fn close_desk(id: u64) -> Result<u64, HttpError> {
    let desk = desk::Entity::find_by_id(id)
        .ok_or_else(HttpError::not_found)?;
    Ok(desk)
}
"""


def test_a_lookup_said_to_be_no_error_when_it_finds_nothing_is_contradicted_by_its_ok_or_else(
    tmp_path: Path,
) -> None:
    [verdict] = _judged(
        tmp_path, _MISSING, "A missing desk is not an error: the handler returns an empty list."
    )
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("a missing desk is an error at lib.rs:13 (`HttpError::not_found`)")


def test_a_lookup_said_to_become_another_error_is_contradicted_by_the_one_it_builds(tmp_path: Path) -> None:
    said = "A missing desk becomes `HttpError::bad_request`."
    [verdict] = _judged(tmp_path, _MISSING, said, kind=Kind.ERROR)
    assert (
        verdict.state is State.CONTRADICTED
        and "becomes `HttpError::not_found` at lib.rs:13" in verdict.message
    )
    said = "A missing desk becomes `HttpError::not_found`."
    [verdict] = _judged(tmp_path / "again", _MISSING, said, kind=Kind.ERROR)
    assert verdict.state is State.SUPPORTED


def test_a_lookup_said_to_become_what_a_conversion_makes_of_its_error_is_not_contradicted(
    tmp_path: Path,
) -> None:
    """ "A missing desk returns `Error::http`": the `HttpError::not_found` the lookup builds is
    turned into an `Error` by `From<HttpError> for Error`, which builds `Error::http`; another
    constructor of `Error` is still contradicted."""
    rust = _MISSING + (
        "pub enum Error { Http(HttpError), Generic }\n"
        "impl Error {\n    pub fn http(e: HttpError) -> Error { Error::Http(e) }\n"
        "    pub fn generic() -> Error { Error::Generic }\n}\n"
        "impl From<HttpError> for Error {\n    fn from(e: HttpError) -> Error { Error::http(e) }\n}\n"
    )
    said = "A missing desk returns `Error::http` with a 404."
    other = "A missing desk returns `Error::generic` with a 404."
    _assert_left_alone_yet_held(tmp_path, rust, said, other, "close_desk", Kind.ERROR)


def test_a_lookup_another_function_leaves_an_option_is_not_judged(tmp_path: Path) -> None:
    """A `PUT` that creates what it did not find: the record's absence is not always an error."""
    rust = (
        _MISSING
        + """pub fn put_desk(id: u64) -> u64 {
    match desk::Entity::find_by_id(id) {
        Some(desk) => desk,
        None => 0,
    }
}
"""
    )
    [verdict] = _judged(tmp_path, rust, "A missing desk is not an error: the handler returns an empty list.")
    assert verdict.state is State.UNCHECKABLE


_REOPEN = """pub struct Desk { pub closed: bool }
pub fn apply_body(desk: &mut Desk) { desk.closed = true; }
pub fn reopen(desk: &mut Desk) {
    desk.closed = false;
    apply_body(desk);
}
"""


def test_an_order_with_a_field_the_body_sets_is_judged_by_the_assignment(tmp_path: Path) -> None:
    """`reopen` sets `closed` before it calls `apply_body`: "… first calls `apply_body` and only then
    sets `closed`" is contradicted by the assignment's line."""
    said = "`reopen` first calls `apply_body` and only then sets `closed` to false."
    [verdict] = _judged(tmp_path, _REOPEN, said, kind=Kind.ORDER)
    assert verdict.state is State.CONTRADICTED and verdict.message.startswith(
        "`closed` (lib.rs:4) runs before"
    )


def test_an_order_with_a_field_set_twice_is_not_judged(tmp_path: Path) -> None:
    rust = _REOPEN.replace("    apply_body(desk);\n", "    apply_body(desk);\n    desk.closed = false;\n")
    said = "`reopen` first calls `apply_body` and only then sets `closed` to false."
    verdicts = _judged(tmp_path, rust, said, kind=Kind.ORDER)
    assert verdicts and all(v.state is State.UNCHECKABLE for v in verdicts)


_FALLBACK = """pub struct DeskIn { pub revision: Option<u32>, pub since: Option<i64> }
pub fn desk_revision(data: DeskIn) -> u32 {
    data.revision.unwrap_or(1)
}
pub fn desk_since(data: DeskIn, until: i64) -> i64 {
    data.since.unwrap_or_else(|| until - Duration::days(28))
}
"""


def test_a_missing_value_is_judged_by_what_the_code_falls_back_to(tmp_path: Path) -> None:
    """`revision.unwrap_or(1)`: "a missing `revision` is stored as 0" is contradicted, and of
    `until - Duration::days(28)` the duration is the value said."""
    [verdict] = _judged(tmp_path, _FALLBACK, "A missing `revision` is stored as 0.")
    assert verdict.state is State.CONTRADICTED and verdict.message.startswith("`revision` is 1 at lib.rs:3")
    verdicts = _judged(
        tmp_path / "since", _FALLBACK, "When `since` is left out, it defaults to 28 days before `until`."
    )
    assert verdicts and all(v.state is State.SUPPORTED for v in verdicts)


_LIBRARY = """pub struct Query;
impl Query {
    pub async fn one(self) -> Option<u64> { None }
}
pub async fn get_desk(query: Query) -> Option<u64> {
    query.one().await
}
"""


def test_a_library_method_said_of_a_function_is_judged_by_what_it_reaches(tmp_path: Path) -> None:
    """`all` is no crate function: "`get_desk` reads the row with `all`" is contradicted because
    nothing `get_desk` reaches names it; "… with `one`" is supported."""
    [verdict] = _judged(tmp_path, _LIBRARY, "`get_desk` reads the row with `all`.")
    assert verdict.state is State.CONTRADICTED and "never reaches `all`" in verdict.message
    [verdict] = _judged(tmp_path / "one", _LIBRARY, "`get_desk` reads the row with `one`.")
    assert verdict.state is State.SUPPORTED


def test_a_library_method_said_of_the_record_as_a_whole_is_not_judged(tmp_path: Path) -> None:
    [verdict] = _judged(tmp_path, _LIBRARY, "Each row is loaded on its own with `all`.")
    assert verdict.state is State.UNCHECKABLE


_STATUS = """pub struct DeskOut;
pub struct JsonStatus<const C: u16, T>(pub T);
pub struct Json<T>(pub T);
pub fn create_desk() -> Result<JsonStatus<201, DeskOut>, String> {
    Ok(JsonStatus(DeskOut))
}
"""


def test_a_plain_json_answer_said_of_a_status_answer_is_contradicted(tmp_path: Path) -> None:
    """`Json<T>` answers 200; `JsonStatus<201, T>` answers 201: two answers, not two spellings."""
    [verdict] = _judged(tmp_path, _STATUS, "`create_desk` returns `Result<Json<DeskOut>>`.")
    assert verdict.state is State.CONTRADICTED and "JsonStatus<201, DeskOut>" in verdict.message
    [verdict] = _judged(
        tmp_path / "same", _STATUS, "`create_desk` returns `Result<JsonStatus<201, DeskOut>>`."
    )
    assert verdict.state is State.SUPPORTED


_POLLS = """pub async fn drain() {
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
"""


def test_a_timer_in_a_functions_own_clause_is_judged_on_that_function(tmp_path: Path) -> None:
    """ "…, `drain`, which polls every 100 ms": `drain`'s timer, though it is no function of the
    record's code (here the record's code has none)."""
    from svix_flows.checks.claims import Judge
    from svix_flows.rust.facts import facts_of

    src = tmp_path / "server" / "svix-server" / "src"
    src.mkdir(parents=True)
    (src / "lib.rs").write_text(_POLLS)
    facts = facts_of(Checkout(tmp_path, "server/svix-server/src"))
    said = "Once stopping, it waits for `drain`, which polls every 50 ms until the queue is empty."
    [verdict] = Judge(facts).judge(said, [])
    assert verdict.state is State.CONTRADICTED and "100" in verdict.message


def test_a_flag_said_to_be_set_is_judged_by_what_the_code_assigns(tmp_path: Path) -> None:
    """`reopen` assigns `closed = false`: "sets `closed` to true" is contradicted, "… to false"
    supported; a field given a variable (`Set(flag)`) may be either."""
    reopen = _REOPEN.replace("desk.closed = true;", "")
    [verdict] = _judged(tmp_path, reopen, "`reopen` sets `closed` to true.")
    assert verdict.state is State.CONTRADICTED and verdict.message.startswith(
        "`closed` is set to false at lib.rs:4"
    )
    [verdict] = _judged(tmp_path / "false", reopen, "`reopen` sets `closed` to false.")
    assert verdict.state is State.SUPPORTED
    rust = _REOPEN.replace("desk.closed = true;", "desk.closed = flag();")
    [verdict] = _judged(tmp_path / "either", rust, "`reopen` sets `closed` to true.")
    assert verdict.state is State.UNCHECKABLE


def test_a_variant_built_by_the_caller_is_no_sibling_of_the_function_named(tmp_path: Path) -> None:
    """`parse` builds `Cursor::Prev(…)` and is itself the `Cursor::parse` the text names."""
    rust = """pub enum Cursor { Prev(u64), Next(u64) }
impl Cursor {
    pub fn parse(text: &str) -> Cursor {
        helper(text);
        Cursor::Prev(0)
    }
}
fn helper(text: &str) -> u64 { Cursor::parse(text); 0 }
"""
    verdicts = _judged(tmp_path, rust, "The cursor goes through `Cursor::parse`.")
    assert all(v.state is not State.CONTRADICTED for v in verdicts)


_DRAIN = """async fn step_one() -> Result<(), String> { Ok(()) }
async fn step_two() -> Result<(), String> { Ok(()) }
pub async fn drain_all(delays: &[u64]) {
    for delay in delays {
        if let Err(e) = step_one().await {
            tokio::time::sleep(*delay).await;
            continue;
        }
        step_two().await.ok();
        tokio::time::sleep(*delay).await;
    }
}
"""


def test_an_order_is_contradicted_only_when_every_call_of_the_later_side_comes_first(tmp_path: Path) -> None:
    """A `sleep` in an error branch before `step_two` does not contradict "`step_two`, and only
    afterwards `sleep`": the last `sleep` comes after it."""
    said = "The loop runs `step_two` first and only afterwards calls `tokio::time::sleep`."
    verdicts = _judged(tmp_path, _DRAIN, said, kind=Kind.ORDER)
    assert verdicts and all(v.state is State.SUPPORTED for v in verdicts)


_BRANCHED = """fn set_parent() {}
fn log_it() {}
pub fn open_desk(flag: bool) {
    log_it();
    if flag {
        set_parent();
    }
}
"""


def test_a_call_said_to_be_made_always_is_contradicted_by_a_call_on_a_branch_only(tmp_path: Path) -> None:
    [verdict] = _judged(tmp_path, _BRANCHED, "`open_desk` always calls `set_parent`.")
    assert verdict.state is State.CONTRADICTED and "only on a branch (lib.rs:6)" in verdict.message
    [verdict] = _judged(tmp_path / "log", _BRANCHED, "`open_desk` always calls `log_it`.")
    assert verdict.state is State.SUPPORTED


_MAPPED = """fn desk_conflict(e: String) -> String { e }
fn insert_desk() -> Result<(), String> { Ok(()) }
fn update_desk() -> Result<(), String> { Ok(()) }
pub fn save_desk() -> Result<(), String> {
    insert_desk().map_err(desk_conflict)?;
    update_desk()?;
    Ok(())
}
"""


def test_an_error_said_to_be_mapped_with_a_function_is_judged_by_its_map_err(tmp_path: Path) -> None:
    """`insert_desk` maps with `desk_conflict`, `update_desk` propagates plainly."""
    said = "The error of `insert_desk` is mapped with `desk_conflict`."
    [verdict] = _judged(tmp_path, _MAPPED, said, kind=Kind.ERROR)
    assert verdict.state is State.SUPPORTED
    said = "The error of `update_desk` is mapped with `desk_conflict`."
    [verdict] = _judged(tmp_path / "update", _MAPPED, said, kind=Kind.ERROR)
    assert (
        verdict.state is State.CONTRADICTED and "propagated with a plain `?` at lib.rs:6" in verdict.message
    )


def test_an_error_said_to_propagate_without_mapping_is_contradicted_by_a_map_err(tmp_path: Path) -> None:
    said = "An error of `insert_desk` is propagated with a plain `?`, without any mapping."
    [verdict] = _judged(tmp_path, _MAPPED, said, kind=Kind.ERROR)
    assert verdict.state is State.CONTRADICTED


_TASKS = """pub struct DeskTask;
pub struct DeskTaskBatch;
impl DeskTask { pub fn new_task() -> DeskTask { DeskTask } }
impl DeskTaskBatch { pub fn new_task() -> DeskTaskBatch { DeskTask::new_task(); DeskTaskBatch } }
pub fn queue_desk() {
    DeskTaskBatch::new_task();
}
"""


def test_a_call_named_for_the_namesake_of_another_type_is_contradicted(tmp_path: Path) -> None:
    """`queue_desk` calls `DeskTaskBatch::new_task`, which calls `DeskTask::new_task`: "`queue_desk`
    builds the task with `DeskTask::new_task`" names the other type's namesake."""
    [verdict] = _judged(tmp_path, _TASKS, "`queue_desk` builds the task with `DeskTask::new_task`.")
    assert (
        verdict.state is State.CONTRADICTED
        and "calls `DeskTaskBatch::new_task` at lib.rs:6" in verdict.message
    )


def test_a_string_said_to_be_written_into_a_field_is_judged_by_the_literal_assigned(tmp_path: Path) -> None:
    rust = """pub struct Desk { pub note: String }
pub fn expunge(desk: &mut Desk) {
    desk.note = Set("EXPUNGED".to_string());
}
"""
    [verdict] = _judged(tmp_path, rust, "Its `note` is overwritten with an empty string.")
    assert (
        verdict.state is State.CONTRADICTED and '`note` is set to "EXPUNGED" at lib.rs:3' in verdict.message
    )
    said = 'Its `note` is overwritten with the literal string `"EXPUNGED"`.'
    [verdict] = _judged(tmp_path / "same", rust, said)
    assert verdict.state is State.SUPPORTED


def test_the_rows_a_query_is_said_to_ask_for_are_judged_by_its_limit(tmp_path: Path) -> None:
    rust = """pub fn page(query: Query, limit: u64) -> Query {
    query.limit(limit + 1)
}
"""
    [verdict] = _judged(tmp_path, rust, "The page asks the database for exactly `limit` rows.")
    assert verdict.state is State.CONTRADICTED and "`.limit(limit+1)` at lib.rs:2" in verdict.message
    [verdict] = _judged(tmp_path / "plus", rust, "The page asks for `limit + 1` rows.")
    assert verdict.state is State.SUPPORTED


def test_a_status_said_of_a_status_answer_is_held_to_the_one_written(tmp_path: Path) -> None:
    said = "`create_desk` returns `Result<JsonStatus<202, DeskOut>>`."
    [verdict] = _judged(tmp_path, _STATUS, said)
    assert verdict.state is State.CONTRADICTED and "JsonStatus<201, DeskOut>" in verdict.message


_NAMED_ONLY = """fn step_four() {}
fn step_three() { let next = step_four; next(); }
fn step_two() { let next = step_three; next(); }
fn step_one() { let next = step_two; next(); }
pub fn start() { let next = step_one; next(); }
fn direct_four() {}
fn direct_three() { direct_four(); }
fn direct_two() { direct_three(); }
fn direct_one() { direct_two(); }
pub fn begin() { direct_one(); }
"""


def test_a_chain_of_bare_names_reaches_two_calls_deep_and_a_chain_of_calls_four(tmp_path: Path) -> None:
    """Names alone (a function held in a variable) are followed for two calls; the trace's call
    edges for four."""
    [verdict] = _judged(tmp_path, _NAMED_ONLY, "`start` calls `step_two`.")
    assert verdict.state is State.SUPPORTED
    [verdict] = _judged(tmp_path / "far", _NAMED_ONLY, "`start` calls `step_four`.")
    assert verdict.state is State.CONTRADICTED
    [verdict] = _judged(tmp_path / "calls", _NAMED_ONLY, "`begin` calls `direct_four`.")
    assert verdict.state is State.SUPPORTED


_EXTRACTS = """pub struct DeskPathParams;
pub struct Path<T>(T);
impl<T> Path<T> { pub fn extract() -> Option<T> { None } }
fn read_bearer() {}
pub fn desk_extractor() {
    read_bearer();
    Path::<DeskPathParams>::extract();
}
"""


def test_an_order_with_a_type_for_a_side_is_judged_by_the_calls_that_spell_it(tmp_path: Path) -> None:
    said = (
        "`desk_extractor` first extracts `DeskPathParams` from the path, and only then calls `read_bearer`."
    )
    verdicts = _judged(tmp_path, _EXTRACTS, said, kind=Kind.ORDER)
    assert verdicts and verdicts[0].state is State.CONTRADICTED


def test_a_lookup_whose_else_branch_returns_an_error_makes_its_absence_an_error(tmp_path: Path) -> None:
    rust = """pub mod desk {
    pub struct Entity;
    impl Entity { pub fn find_by_id(id: u64) -> Option<u64> { Some(id) } }
}
pub struct HttpError;
impl HttpError { pub fn not_found() -> HttpError { HttpError } }
pub fn filter_desk(id: u64) -> Result<u64, HttpError> {
    if let Some(desk) = desk::Entity::find_by_id(id) {
        Ok(desk)
    } else {
        return Err(HttpError::not_found());
    }
}
"""
    said = "If that desk does not belong to the app, the handler just skips the desk filter."
    [verdict] = _judged(tmp_path, rust, said)
    assert verdict.state is State.CONTRADICTED and verdict.message.startswith(
        "a missing desk is an error at lib.rs:10"
    )


def test_a_status_said_of_an_error_constructor_is_judged_by_the_status_code_it_builds(tmp_path: Path) -> None:
    rust = """pub struct StatusCode;
pub struct HttpError;
impl HttpError {
    pub fn conflict() -> HttpError { let _ = StatusCode::CONFLICT; HttpError }
}
"""
    [verdict] = _judged(tmp_path, rust, "It answers a 400 through `HttpError::conflict`.", kind=Kind.VALUE)
    assert verdict.state is State.CONTRADICTED and verdict.message.startswith(
        "`HttpError::conflict` builds a 409"
    )
    said = "It answers a 409 through `HttpError::conflict`."
    [verdict] = _judged(tmp_path / "409", rust, said, kind=Kind.VALUE)
    assert verdict.state is State.SUPPORTED


_CALLBACKS = """fn run_with_retries<F: Fn() -> u8>(f: F) -> u8 { f() }
fn send_scheduled() -> u8 { 1 }
fn send_now() -> u8 { 0 }
pub fn send(delay: bool) -> u8 {
    if delay { run_with_retries(|| send_scheduled()) } else { run_with_retries(|| send_now()) }
}
"""


@pytest.mark.parametrize(
    ("said", "state"),
    [
        ("Inside `send`, `run_with_retries` calls `send_scheduled`.", State.UNCHECKABLE),
        ("`send_now` calls `send_scheduled`.", State.CONTRADICTED),
    ],
)
def test_a_call_made_by_a_closure_handed_to_a_helper_is_not_said_wrongly_of_the_helper(
    tmp_path: Path, said: str, state: State
) -> None:
    """`run_with_retries(|| send_scheduled())`: the helper calls it through its callback."""
    calls = _judged(tmp_path, _CALLBACKS, said, kind=Kind.CALL)
    assert [v.state for v in calls] == [state]


_VARIANTS_GIVEN = """pub enum Trigger { Manual, Scheduled }
pub enum Task { Single(u8), Batch(u8) }
pub fn new_task(id: u8, trigger: Trigger) -> Task { let _ = trigger; Task::Single(id) }
pub fn new_batch(id: u8) -> Task { Task::Batch(id) }
pub fn pool(max_conns: u32) -> u32 { max_conns }
pub fn resend(id: u8) -> Task {
    let _ = pool(4);
    new_task(id, Trigger::Manual)
}
"""


@pytest.mark.parametrize(
    ("said", "state"),
    [
        ("`resend` calls `new_task` with `Trigger::Manual`.", State.SUPPORTED),
        ("`new_task` is called with `Trigger::Scheduled`.", State.CONTRADICTED),
        ("It enqueues `new_task(id, Trigger::Scheduled)`.", State.CONTRADICTED),
        # a call of the record that spells no variant of the enum says nothing
        ("`pool` is called with `Trigger::Scheduled`.", State.UNCHECKABLE),
        ("`new_batch` yields a `Task::Batch`.", State.SUPPORTED),
        ("`new_batch` yields a `Task::Single`.", State.CONTRADICTED),
    ],
)
def test_a_variant_said_of_a_call_is_one_its_arguments_spell_or_its_body_builds(
    tmp_path: Path, said: str, state: State
) -> None:
    """`new_task(id, Trigger::Manual)`: the record's calls of `new_task` spell `Manual`, so
    `Scheduled` is contradicted; `new_batch` builds `Task::Batch`, so `Task::Single` is."""
    verdicts = [
        v
        for v in _judged(tmp_path, _VARIANTS_GIVEN, said)
        if v.claim.says in ("is given", "builds the variant")
    ]
    assert [v.state for v in verdicts] == [state]


def test_a_variant_a_call_may_be_handed_in_a_variable_is_left_alone(tmp_path: Path) -> None:
    """`new_task(id, Trigger::Manual)` beside `new_task(id, trigger)`: the second call may be
    given `Trigger::Scheduled`, so saying so is not contradicted."""
    rust = _VARIANTS_GIVEN + "pub fn replay(id: u8, trigger: Trigger) -> Task { new_task(id, trigger) }\n"
    verdicts = [
        v
        for v in _judged(tmp_path, rust, "`new_task` is called with `Trigger::Scheduled`.")
        if v.claim.says == "is given"
    ]
    assert [v.state for v in verdicts] == [State.UNCHECKABLE]


def test_a_value_the_function_binds_is_no_helper_it_fails_to_call(tmp_path: Path) -> None:
    """ "`pool` builds a pool with `max_conns` as its size": `max_conns` is its parameter."""
    verdicts = _judged(tmp_path, _VARIANTS_GIVEN, "`pool` builds a pool with `max_conns` as its size.")
    assert all(v.state is not State.CONTRADICTED for v in verdicts)


_LISTS_AND_LOCALS = """use std::time::Duration;
const RETRY_SCHEDULE: &[Duration] = &[
    Duration::from_millis(10),
    Duration::from_millis(20),
    Duration::from_millis(40),
];
pub fn migrate(items: &mut Vec<u8>) -> usize {
    let batch_size = 1000;
    let _ = RETRY_SCHEDULE;
    items.drain(..batch_size.min(items.len())).count()
}
"""


@pytest.mark.parametrize(
    ("said", "state"),
    [
        ("`RETRY_SCHEDULE` holds three delays of 10, 20 and 40 ms.", State.SUPPORTED),
        # a list of the constant's length with one number off
        ("`RETRY_SCHEDULE` holds three delays of 10, 20 and 80 ms.", State.CONTRADICTED),
        # a local the sentence names, given a plain value
        ("`migrate` loops with a `batch_size` of 1000.", State.SUPPORTED),
        ("`migrate` loops with a `batch_size` of 100.", State.CONTRADICTED),
    ],
)
def test_a_list_constant_and_a_local_are_held_to_the_values_the_code_gives_them(
    tmp_path: Path, said: str, state: State
) -> None:
    """All the numbers of a list said of a list constant must be its numbers; a local's value
    is the one its `let` gives it."""
    values = _judged(tmp_path, _LISTS_AND_LOCALS, said, kind=Kind.VALUE)
    assert [v.state for v in values] == [state]


_TYPE_DEFAULTS = """pub struct Limit(pub u64);
const fn default_limit() -> Limit {
    Limit(50)
}
pub struct Query {
    pub limit: Limit,
}
pub fn page(q: Query) -> u64 { q.limit.0 }
"""


@pytest.mark.parametrize(
    ("said", "state"),
    [
        ("The handler unpacks `Limit(limit)`, which defaults to 50.", State.SUPPORTED),
        ("It takes `limit`, a `Limit` that defaults to 100.", State.CONTRADICTED),
        ("The `Limit`, whose default is 250, caps the page.", State.CONTRADICTED),
    ],
)
def test_the_default_said_of_a_type_is_what_its_default_function_gives(
    tmp_path: Path, said: str, state: State
) -> None:
    """`const fn default_limit() -> Limit { Limit(50) }`: a `Limit` defaults to 50."""
    values = [v for v in _judged(tmp_path, _TYPE_DEFAULTS, said) if v.claim.object == "default of the type"]
    assert [v.state for v in values] == [state]


_MAPPERS = """pub struct StatusCode;
pub struct HttpError;
pub struct Error;
impl HttpError {
    pub fn conflict() -> HttpError { let _ = StatusCode::CONFLICT; HttpError }
    pub fn unprocessable_entity() -> HttpError { let _ = StatusCode::UNPROCESSABLE_ENTITY; HttpError }
    pub fn bad_request() -> HttpError { let _ = StatusCode::BAD_REQUEST; HttpError }
}
pub fn http_error_on_conflict(conflict: bool) -> Error {
    if conflict { let _ = HttpError::conflict(); }
    Error
}
pub struct ValidatedJson;
impl ValidatedJson {
    pub fn from_request(valid: bool) -> Result<ValidatedJson, HttpError> {
        if valid { Ok(ValidatedJson) } else { Err(HttpError::unprocessable_entity()) }
    }
}
pub fn save(ok: bool) -> Error { http_error_on_conflict(ok) }
fn parse(valid: bool) -> Result<u8, Error> { if valid { Ok(1) } else { Err(Error) } }
pub struct Checked;
impl Checked {
    pub fn from_request(valid: bool) -> Result<Checked, Error> {
        let _ = parse(valid)?;
        let _ = HttpError::bad_request();
        Ok(Checked)
    }
}
"""


@pytest.mark.parametrize(
    ("said", "state"),
    [
        (
            "The save maps its error through `http_error_on_conflict`, so a duplicate becomes a 409.",
            State.SUPPORTED,
        ),
        (
            "The save maps its error through `http_error_on_conflict`, so a duplicate becomes a 422.",
            State.CONTRADICTED,
        ),
        (
            "The save is wrapped in `map_err(http_error_on_conflict)`, so a duplicate becomes a 400.",
            State.CONTRADICTED,
        ),
        # what the mapper passes on answers 500
        (
            "The save maps its error through `http_error_on_conflict`, so anything else becomes a 500.",
            State.UNCHECKABLE,
        ),
        ("A bad body is rejected by `ValidatedJson` with a 422.", State.SUPPORTED),
        ("A bad body fails, and `ValidatedJson` answers 400.", State.CONTRADICTED),
        # an error handed on by a bare `?` is converted by a `From` impl: any status
        ("A bad body fails, and `Checked` answers 422.", State.UNCHECKABLE),
    ],
)
def test_a_status_said_of_an_error_mapper_or_an_extractor_is_one_its_constructors_build(
    tmp_path: Path, said: str, state: State
) -> None:
    """The statuses of the error constructors a mapper (or an extractor's impl) builds are the
    ones it can answer; a 500 is what it passes on."""
    statuses = _judged(tmp_path, _MAPPERS, said, kind=Kind.VALUE)
    assert [v.state for v in statuses] == [state]


@pytest.mark.parametrize(
    ("said", "state"),
    [
        ("If a probe fails, `health` answers a 500.", State.SUPPORTED),
        ("If a probe fails, `health` answers a 503.", State.CONTRADICTED),
        # a function that hands an error on with a bare `?` may answer any status
        ("If the row is missing, `lookup` answers a 404.", State.UNCHECKABLE),
    ],
)
def test_a_status_said_of_a_function_is_one_its_body_names_or_builds(
    tmp_path: Path, said: str, state: State
) -> None:
    rust = """pub struct StatusCode;
pub struct Error;
fn probe() -> bool { true }
fn row() -> Result<u8, Error> { Ok(1) }
pub fn health() -> u16 {
    if probe() { let _ = StatusCode::OK; 200 } else { let _ = StatusCode::INTERNAL_SERVER_ERROR; 500 }
}
pub fn lookup() -> Result<u8, Error> {
    let found = row()?;
    let _ = StatusCode::OK;
    Ok(found)
}
"""
    statuses = [v for v in _judged(tmp_path, rust, said) if v.claim.object == "status answered"]
    assert [v.state for v in statuses] == [state]


@pytest.mark.parametrize(
    ("said", "state"),
    [
        (
            "The DSN comes from `Config::cache_dsn`, which prefers `cache_dsn` and falls back to `redis_dsn`.",
            State.SUPPORTED,
        ),
        (
            "The DSN comes from `Config::queue_dsn`, which prefers `cache_dsn` and falls back to `redis_dsn`.",
            State.CONTRADICTED,
        ),
    ],
)
def test_a_field_a_function_is_said_to_read_is_one_it_names(tmp_path: Path, said: str, state: State) -> None:
    """`queue_dsn` reads `queue_dsn` and `redis_dsn`: "prefers `cache_dsn`" is another's field."""
    rust = """pub struct Config { cache_dsn: Option<String>, queue_dsn: Option<String>, redis_dsn: Option<String> }
impl Config {
    pub fn cache_dsn(&self) -> Option<&str> { self.cache_dsn.as_deref().or(self.redis_dsn.as_deref()) }
    pub fn queue_dsn(&self) -> Option<&str> { self.queue_dsn.as_deref().or(self.redis_dsn.as_deref()) }
}
"""
    reads = [v for v in _judged(tmp_path, rust, said) if v.claim.says == "reads"]
    assert [v.state for v in reads][:1] == [state] and all(v.state is State.SUPPORTED for v in reads[1:])


def test_a_command_line_default_is_judged_by_its_default_value(tmp_path: Path) -> None:
    rust = """pub struct Prune {
    #[clap(long, default_value_t = 10_000)]
    batch_size: u64,
}
pub fn prune(p: Prune) -> u64 { p.batch_size }
"""
    [verdict] = _judged(tmp_path, rust, "The `--batch-size` option defaults to 1,000 rows.")
    assert verdict.state is State.CONTRADICTED and "10_000 (`default_value_t`) at lib.rs:3" in verdict.message


def test_a_call_written_with_a_number_is_judged_by_the_number_the_code_gives_it(tmp_path: Path) -> None:
    rust = """pub fn token_lifetime() -> Duration {
    Duration::from_hours(24 * 28)
}
"""
    [verdict] = _judged(tmp_path, rust, "The lifetime is `Duration::from_hours(24 * 30)`, so 30 days.")
    assert verdict.state is State.CONTRADICTED and "`from_hours` is given 24 * 28" in verdict.message
    [verdict] = _judged(tmp_path / "same", rust, "The lifetime is `Duration::from_hours(24 * 28)`.")
    assert verdict.state is State.SUPPORTED


_PAIRS = """mod redis {
    pub fn new_pair(cfg: &str, prefix: Option<&str>) -> u8 { 0 }
}
mod rabbit {
    pub fn new_pair(cfg: &str, prefix: Option<&str>) -> u8 { 1 }
}
mod queue {
    pub fn new_pair(cfg: &str, prefix: Option<&str>) -> u8 {
        super::redis::new_pair(cfg, prefix)
    }
}
pub fn run(cfg: String, prefix: Option<String>) -> u8 {
    queue::new_pair(&cfg, prefix.as_deref())
}
pub struct Id;
impl Id {
    pub fn start_id(at: u64) -> u64 { at }
    pub fn end_id(at: u64) -> u64 { at }
}
pub fn id_range(before: u64) -> (u64, u64) {
    (Id::start_id(before - 90), Id::start_id(before))
}
"""


def _written_verdicts(tmp_path: Path, sentence: str) -> list[Verdict]:
    return [v for v in _judged(tmp_path, _PAIRS, sentence) if v.claim.says == "written as a call"]


def test_a_call_written_with_the_arguments_of_a_namesake_of_another_module_is_contradicted(
    tmp_path: Path,
) -> None:
    """ "`rabbit::new_pair(&cfg, prefix.as_deref())`" where the code writes that call to
    `queue::new_pair`."""
    [verdict] = _written_verdicts(
        tmp_path, "At startup `run` calls `rabbit::new_pair(&cfg, prefix.as_deref())`."
    )
    assert verdict.state is State.CONTRADICTED and "`queue::new_pair` with these arguments" in verdict.message


def test_a_call_written_with_its_owners_other_function_is_contradicted(tmp_path: Path) -> None:
    """ "below `Id::end_id(before)`" where the code writes `Id::start_id(before)`: another
    function of the same owner, with the very same arguments."""
    [verdict] = _written_verdicts(tmp_path, "The range ends below `Id::end_id(before)`.")
    assert verdict.state is State.CONTRADICTED and "`Id::start_id` with these arguments" in verdict.message


@pytest.mark.parametrize(
    "sentence",
    [
        # the function written with the names of its parameters, not a call of the code
        "`queue::new_pair(cfg, prefix)` picks the backend.",
        # the call the code makes, a borrow and a conversion left out
        "At startup `run` calls `queue::new_pair(cfg, prefix)`.",
    ],
)
def test_a_call_written_more_plainly_than_the_code_is_not_contradicted(tmp_path: Path, sentence: str) -> None:
    """`queue::new_pair(cfg, prefix)`: the crate writes it nowhere, and `queue::new_pair` itself
    calls its namesake `redis::new_pair(cfg, prefix)`; but it is how the function is defined,
    and how `run` calls it with `&cfg` and `prefix.as_deref()`."""
    assert all(v.state is not State.CONTRADICTED for v in _written_verdicts(tmp_path, sentence))


_KIND_ARMS = """pub enum Kind { Hmac, Ed, Plain }
fn symmetric() -> u8 { 1 }
fn asymmetric() -> u8 { 2 }
fn via_symmetric() -> u8 { symmetric() }
fn audit() {}
pub fn generate(kind: Kind) -> u8 {
    match kind {
        Kind::Hmac => symmetric(),
        Kind::Ed => asymmetric(),
        _ => via_symmetric(),
    }
}
pub fn logged(kind: Kind) -> u8 {
    let out = match kind {
        Kind::Hmac => { audit(); 1 }
        Kind::Ed => 2,
        Kind::Plain => 3,
    };
    audit();
    out
}
"""


@pytest.mark.parametrize(
    ("said", "state"),
    [
        ("For `Kind::Hmac`, `generate` calls `symmetric`.", State.SUPPORTED),
        # another arm's call
        ("For `Kind::Hmac`, `generate` calls `asymmetric`.", State.CONTRADICTED),
        ("`generate` calls `asymmetric` for `Kind::Hmac`.", State.CONTRADICTED),
        ("`Kind::Ed` is handled with `symmetric`.", State.CONTRADICTED),
        # an arm a wildcard takes is not read, and a call the arm reaches through a helper is made
        ("For `Kind::Plain`, `generate` calls `asymmetric`.", State.UNCHECKABLE),
        ("`Kind::Plain` is handled with `symmetric`.", State.UNCHECKABLE),
        # a call one arm makes and the function makes after its `match` too
        ("For `Kind::Ed`, `logged` calls `audit`.", State.UNCHECKABLE),
        # the enum is no variant: every arm names `Kind`
        ("When a value is a `Kind`, `generate` calls `symmetric`.", State.UNCHECKABLE),
    ],
)
def test_a_call_said_of_one_arm_of_a_match_is_held_to_that_arm(
    tmp_path: Path, said: str, state: State
) -> None:
    """The arms whose pattern names the variant make the call, or another arm of the same
    `match` makes it and nothing else in the function does (contradicted), or nothing is said."""
    arms = [v for v in _judged(tmp_path, _KIND_ARMS, said) if v.claim.says == "calls in the arm of"]
    assert [v.state for v in arms] == [state]


_SPAWNING = """fn build_client() -> u8 { 0 }
fn deliver(client: u8) { deliver_inner(client); }
fn deliver_inner(client: u8) {}
pub fn relay() {
    let client = build_client();
    loop {
        tokio::spawn(async move {
            deliver(client);
        });
    }
}
"""


def test_a_call_said_of_the_spawned_task_is_judged_by_the_calls_the_task_makes(tmp_path: Path) -> None:
    """The task calls `deliver`; `build_client` is called before the loop, outside it; "calls
    `deliver_inner` directly" names a call the task reaches only through `deliver`."""
    [verdict] = [
        v
        for v in _judged(tmp_path, _SPAWNING, "Each spawned task calls `deliver`.")
        if v.claim.subject != "<flow>"
    ]
    assert verdict.state is State.SUPPORTED
    [verdict] = [
        v
        for v in _judged(tmp_path / "b", _SPAWNING, "Every spawned task calls `build_client` again.")
        if v.claim.subject != "<flow>"
    ]
    assert verdict.state is State.CONTRADICTED and "`build_client` is called at lib.rs:5" in verdict.message
    [verdict] = [
        v
        for v in _judged(tmp_path / "c", _SPAWNING, "Each spawned task calls `deliver_inner` directly.")
        if v.claim.subject != "<flow>"
    ]
    assert verdict.state is State.CONTRADICTED and "calls `deliver` itself" in verdict.message


def test_a_query_run_on_a_named_lookups_chain_belongs_to_the_lookup(tmp_path: Path) -> None:
    """`desk::Entity::find_open(id).one(db)` runs before `query.all(db)`: "runs the desk query first
    and checks with `desk::Entity::find_open` only afterwards" is contradicted by the query's `all`."""
    rust = """pub mod desk {
    pub struct Entity;
    impl Entity { pub fn find_open(id: u64) -> Query { Query } }
}
pub struct Query;
impl Query { pub fn one(self, db: u8) -> u8 { db } pub fn all(self, db: u8) -> u8 { db } }
pub fn list_desks(db: u8, query: Query) -> u8 {
    desk::Entity::find_open(1).one(db);
    query.all(db)
}
"""
    said = "The handler runs the desk query first and checks with `desk::Entity::find_open` only afterwards."
    [verdict] = _judged(tmp_path, rust, said, kind=Kind.ORDER)
    assert verdict.state is State.CONTRADICTED and "runs before `all`" in verdict.message


_LOCKED = """fn take_lock() -> Result<bool, String> { Ok(true) }
pub fn guard() -> Result<u16, String> {
    let acquired = if let Ok(acquired) = take_lock() {
        acquired
    } else {
        return Ok(500);
    };
    Ok(if acquired { 200 } else { 409 })
}
"""


def test_an_error_an_if_let_ok_answers_is_not_propagated(tmp_path: Path) -> None:
    """`if let Ok(x) = take_lock() { … } else { return Ok(500) }`: the error becomes an answer."""
    said = "If `take_lock` fails, its error is propagated with `?`."
    [verdict] = _judged(tmp_path, _LOCKED, said, kind=Kind.ERROR)
    assert verdict.state is State.CONTRADICTED and "turned into a value" in verdict.message


def test_a_field_said_to_be_set_by_a_literal_it_does_not_set_is_contradicted(tmp_path: Path) -> None:
    rust = """pub struct DeskConfig { pub reinsert: bool, pub dsn: String }
pub fn config() -> DeskConfig {
    DeskConfig { reinsert: false, dsn: String::new() }
}
"""
    [verdict] = _judged(tmp_path, rust, "The `DeskConfig` sets `requeue` to `false`.")
    assert verdict.state is State.CONTRADICTED and "and no `requeue`" in verdict.message
    [verdict] = _judged(
        tmp_path / "spread",
        rust.replace("dsn: String::new() }", "..Default::default() }"),
        "The `DeskConfig` sets `requeue` to `false`.",
    )
    assert verdict.state is not State.CONTRADICTED


def test_a_struct_fields_type_is_read_from_the_crate(tmp_path: Path) -> None:
    from svix_flows.rust.facts import facts_of

    src = tmp_path / "server" / "svix-server" / "src"
    src.mkdir(parents=True)
    (src / "lib.rs").write_text(
        "pub struct DeskConfig { pub retries: u8 }\npub struct DeskContext<'a> { pub cfg: &'a DeskConfig, pub n: u8 }\n"
    )
    facts = facts_of(Checkout(tmp_path, "server/svix-server/src"))
    assert facts.field_type("DeskContext", "cfg") == "DeskConfig"
    assert facts.field_type("DeskContext", "n") is None  # not a type of the crate's naming
    assert facts.field_type("DeskContext", "missing") is None


def test_a_member_of_a_name_a_struct_pattern_binds_is_judged_on_the_fields_type() -> None:
    """`cfg.attempts` where the record's code binds `cfg` from `DeskContext { cfg, .. }`: the
    member is read on the field's type."""
    from svix_flows.checks.prose.resolution import _typed_members

    code = "fn prepare(DeskContext { cfg, .. }: &DeskContext<'_>) {}"
    typed = _typed_members(
        "It reads `cfg.attempts`.", code, lambda struct, field: "DeskConfig" if field == "cfg" else None
    )
    assert [(mention.text, said) for mention, said in typed.items()] == [
        ("DeskConfig::attempts", "`cfg.attempts` (`cfg` is a `DeskConfig` in the record's code): ")
    ]


def test_a_function_that_calls_itself_again_retries(tmp_path: Path) -> None:
    """`send_inner` calls itself once more on a failure: "`send` runs `send_inner`, which retries
    once" is no false retry, though `send`'s own call hands the error on with `?`."""
    rust = """pub struct Client;
impl Client {
    pub async fn send(&self) -> Result<u8, String> {
        let sent = self.send_inner(true).await?;
        Ok(sent)
    }
    pub fn send_inner(&self, again: bool) -> BoxFuture<'_, Result<u8, String>> {
        async move {
            if again {
                return self.send_inner(false).await;
            }
            Ok(0)
        }
        .boxed()
    }
}
"""
    said = "`Client::send` runs `send_inner` with `again` set to true, which retries once when a `Failed` error arrives."
    verdicts = _judged(tmp_path, rust, said, kind=Kind.ERROR)
    assert verdicts and all(v.state is not State.CONTRADICTED for v in verdicts)


def test_a_struct_list_naming_another_structs_field_is_a_member_said_of_it() -> None:
    """ "`NoticeOut` holds `id`, `topic` and `keep_days`": a list that names two fields of the
    struct is its list, and a name it lacks is read as `NoticeOut::keep_days` (E323)."""
    fields = {"NoticeOut": frozenset({"id", "topic", "queued"})}
    text = "Its `NoticeOut` holds the notice's `id`, its `topic`, the `keep_days` and the `queued` flag."
    assert list(listed_fields(text, fields.get, lambda struct, field: None)) == ["NoticeOut::keep_days"]


def test_a_primitive_type_after_a_struct_list_is_the_fields_type_not_a_field() -> None:
    """ "`NoticeStats`, whose fields are `sent`, `failed` and `queued`, all `i64`": `i64` is what
    the fields hold, not a field the struct lacks."""
    fields = {"NoticeStats": frozenset({"sent", "failed", "queued"})}
    text = "The handler fills `NoticeStats`, whose fields are `sent`, `failed` and `queued`, all `i64`, from the map."
    assert list(listed_fields(text, fields.get, lambda struct, field: None)) == []


def test_a_list_that_names_one_field_of_the_struct_is_not_read_as_its_fields() -> None:
    """One field of the struct is not enough to say the list is its own: nothing is judged."""
    fields = {"NoticeOut": frozenset({"id", "topic", "queued"})}
    text = "The `NoticeOut` is built from `id`, `desk_id` and `keep_days`."
    assert list(listed_fields(text, fields.get, lambda struct, field: None)) == []


def test_a_field_of_a_struct_inside_the_listed_one_is_not_said_to_be_missing() -> None:
    """A list may reach into a field's own struct ("`Outer` holds `inner`, `id` and `depth`" with
    `depth` a field of `inner`'s type): that name is not flagged."""
    fields = {"Outer": frozenset({"id", "inner"}), "Inner": frozenset({"depth"})}
    text = "`Outer` holds `inner`, `id` and `depth`."
    typed = {("Outer", "inner"): "Inner"}
    assert list(listed_fields(text, fields.get, lambda s, f: typed.get((s, f)))) == []


def test_a_closed_list_ends_at_a_verb_after_a_comma() -> None:
    """ "destructures the `Slip` into `desk`, `err` and `due`, stamps `ended_at` on the desk":
    a list closed by "and" does not go on past ", stamps": `ended_at` is no field of `Slip`."""
    fields = {"Slip": frozenset({"desk", "err", "due"})}
    text = "`retry_slip` destructures the `Slip` into `desk`, `err` and `due`, stamps `ended_at` on the desk."
    assert list(listed_fields(text, fields.get, lambda struct, field: None)) == []


def test_reading_struct_lists_is_linear_in_the_text() -> None:
    """Endless structs and names in one sentence: four times the text, well under sixteen times
    the time."""
    fields = {"NoticeOut": frozenset({"id", "topic"})}
    text = "`NoticeOut` holds `id`, `topic`, " * 500 + "the `queued` flag and the " * 500

    def seconds(body: str) -> float:
        start = time.perf_counter()
        list(listed_fields(body, fields.get, lambda struct, field: None))
        return time.perf_counter() - start

    small = min(seconds(text) for _ in range(3))
    large = min(seconds(text * 4) for _ in range(3))
    assert large < max(small, 0.002) * 9


_PATH_AS_VALUE = """pub struct Error;
impl Error {
    pub fn cache(message: String) -> Error {
        let _ = message;
        Error
    }
}
pub struct Cache;
impl Cache {
    pub fn delete(&self, key: &str) -> Result<(), String> {
        let _ = key;
        Ok(())
    }
}
pub fn invalidate(cache: &Cache, key: &str) -> Result<(), Error> {
    cache.delete(key).map_err(Error::cache)
}
"""


def test_a_function_handed_on_by_its_path_beside_a_binding_of_its_name_is_reached(tmp_path: Path) -> None:
    """`map_err(Error::cache)` in a function with a parameter `cache`: the path is written, so
    "`invalidate` maps a failure through `Error::cache`" is no call the code lacks."""
    verdicts = _judged(tmp_path, _PATH_AS_VALUE, "`invalidate` maps any failure through `Error::cache`.")
    assert verdicts and all(v.state is State.SUPPORTED for v in verdicts)


def test_a_step_named_in_a_sentence_about_one_function_is_that_functions_step() -> None:
    """ "`create_notice_inner` refuses a large body with `check_size`": the step is read in
    `create_notice_inner`, not in the record as a whole."""
    [step, _] = claims("`create_notice_inner` refuses a large body with `check_size`. It then calls `f_g`.")
    assert (step.object, step.scope) == ("check_size", "create_notice_inner")


def test_a_list_belongs_to_the_struct_before_it_that_has_two_of_its_fields() -> None:
    """ "`Outer` flattens an `Inner` under its `inner` field and adds `id`, `depth` and `size`":
    the list is `Outer`'s (it has two of the names), not the nearer `Inner`'s; ", which holds"
    opens a list too."""
    fields = {"Outer": frozenset({"inner", "id", "depth"}), "Inner": frozenset({"size"})}
    typed = {("Outer", "inner"): "Inner"}
    text = "`Outer` flattens an `Inner` under its `inner` field and adds `id`, `depth` and `width`."
    assert list(listed_fields(text, fields.get, lambda s, f: typed.get((s, f)))) == ["Outer::width"]
    text = "Each row goes into `Outer`, which holds an `id`, a `depth` and a `width`."
    assert list(listed_fields(text, fields.get, lambda s, f: typed.get((s, f)))) == ["Outer::width"]


def test_a_field_whose_type_is_not_read_is_still_a_field_of_its_struct(tmp_path: Path) -> None:
    """`apply_sql: &'static [&'static str]` is a field of `Migration` whatever its type: a list of
    the struct's fields may name it."""
    from svix_flows.rust.facts import facts_of

    src = tmp_path / "server" / "svix-server" / "src"
    src.mkdir(parents=True)
    (src / "lib.rs").write_text(
        "pub struct Migration {\n    pub id: &'static str,\n    pub apply_sql: &'static [&'static str],\n}\n"
    )
    facts = facts_of(Checkout(tmp_path, "server/svix-server/src"))
    assert facts.fields_of("Migration") == frozenset({"id", "apply_sql"})


def test_an_error_the_code_never_builds_is_contradicted_by_the_one_it_builds() -> None:
    """`store_audit`'s failures reach `Error` through `From<DbErr>`, whose body builds
    `Self::database`: "a failed insert becomes `Error::database`" draws nothing, and "…
    becomes `Error::queue`" is W334 naming the constructor the conversion builds and its line."""
    case = SYNTHETIC / "audit_trail"
    think = (case / "think.md").read_text()
    said = "\nA failed insert becomes `Error::{}(…)` on its way to the task.\n"
    assert prose_findings(case, think + said.format("database")) == []
    [(code, message)] = prose_findings(case, think + said.format("queue"))
    assert code == "W334"
    assert message.startswith(
        "the record's code (and what it calls within 4 calls) never builds `Error::queue`"
    )
    assert "it builds `Error::database` at error.rs:47" in message


_ANSWERS = """pub struct HttpError;
impl HttpError {
    pub fn not_found() -> Self { HttpError }
    pub fn conflict() -> Self { HttpError }
}
pub fn handler(found: bool) -> Result<(), HttpError> {
    if found { Ok(()) } else { Err(HttpError::conflict()) }
}
pub fn elsewhere() -> HttpError {
    HttpError::not_found()
}
pub fn plain() -> u64 { 1 }
"""


def test_an_error_of_a_type_the_record_never_builds_is_left_alone(tmp_path: Path) -> None:
    """ "`plain` answers with `HttpError::not_found`" where `plain` builds no `HttpError` at
    all: the text may speak of code beyond the record, so nothing is said; the same said of
    `handler`, which builds `HttpError::conflict`, is contradicted."""
    from svix_flows.checks.claims import Judge
    from svix_flows.rust.facts import facts_of

    src = tmp_path / "server" / "svix-server" / "src"
    src.mkdir(parents=True)
    (src / "lib.rs").write_text(_ANSWERS)
    facts = facts_of(Checkout(tmp_path, "server/svix-server/src"))
    said = "A clash is answered with `HttpError::not_found()`."
    for name, state in (("plain", State.UNCHECKABLE), ("handler", State.CONTRADICTED)):
        [own] = facts.functions(name)
        [verdict] = Judge(facts).judge(said, [own])
        assert verdict.state is state, name


_DELEGATES = """pub struct Raw;
impl Raw {
    pub async fn settle(self) -> Result<(), String> { Ok(()) }
}
pub struct Lease { raw: Raw }
impl Lease {
    pub async fn settle(self) -> Result<(), String> {
        let raw = self.raw;
        raw.settle().await
    }
}
pub async fn drain(lease: Lease) {
    if let Err(err) = lease.settle().await {
        tracing::error!("{err}");
    }
}
"""


def test_a_methods_call_of_its_namesake_on_another_value_is_not_the_call_meant(tmp_path: Path) -> None:
    """`Lease::settle` hands on `raw.settle()`'s result; the call the text speaks of is
    `drain`'s, which only logs: "a failure of `settle` is propagated" is contradicted."""
    [verdict] = _judged(tmp_path, _DELEGATES, "A failure of `settle` is propagated to the caller.")
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("the error of `settle` is only logged at lib.rs:13")


_SAMPLES = """pub fn depth(name: &str) -> Result<u64, String> { Ok(name.len() as u64) }
pub fn sample(names: &[&str]) {
    for name in names {
        if let Err(err) = depth(name) {
            tracing::warn!("{err}");
        }
    }
}
pub fn select_rows() -> Vec<u64> { Vec::new() }
"""


def test_a_function_said_to_propagate_must_return_a_type_that_holds_an_error(tmp_path: Path) -> None:
    """`sample` returns `()`: it has no error to hand on, so "`sample` propagates …" is
    contradicted at its line; `depth` returns a `Result` and draws nothing."""
    [verdict] = _judged(tmp_path, _SAMPLES, "`sample` propagates the first failed depth query with `?`.")
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("`sample` returns `()` at lib.rs:2, which holds no error to propagate")
    said = "`depth` propagates the parse failure with `?`."
    assert all(v.state is not State.CONTRADICTED for v in _judged(tmp_path / "depth", _SAMPLES, said))


def test_the_error_of_a_function_is_not_judged_by_its_return_type(tmp_path: Path) -> None:
    """ "The error of `select_rows` is propagated": a builder's error comes from the call that
    runs it, so its own return type says nothing."""
    said = "The error of `select_rows` is propagated with `?` once the query runs."
    assert all(v.state is not State.CONTRADICTED for v in _judged(tmp_path, _SAMPLES, said))


def test_a_value_named_like_another_named_structs_field_of_another_type_is_not_typed() -> None:
    """`limit.or` where the record binds `limit` from `DeskPatch { limit, .. }` (a `Nullable`)
    but the text speaks of `DeskIn`, whose `limit` is an `Option`: which value is meant is
    unclear, so no member of either type is read."""
    from svix_flows.checks.prose.resolution import _typed_members

    code = "fn patch(self) { let DeskPatch { limit, .. } = self; }"
    types = {("DeskPatch", "limit"): "Nullable", ("DeskIn", "limit"): "Option"}
    field_type = lambda struct, field: types.get((struct, field))
    assert _typed_members("`DeskIn::update_model` keeps `limit.or(rate)`.", code, field_type) == {}
    assert list(_typed_members("It keeps `limit.or(rate)`.", code, field_type))


_CREATED = """pub struct Row { pub deleted: bool }
impl Row {
    pub fn fresh() -> Row { Row { deleted: false } }
}
pub fn remove(row: &mut Row) {
    row.deleted = true;
}
"""


def test_a_flag_set_by_a_function_the_sentence_names_is_not_held_to_the_records_code(tmp_path: Path) -> None:
    """ "`Row::fresh`, which sets `deleted` to false" where the record's code only sets it to
    true: the sentence names the function that sets it, so nothing is contradicted; said of
    the record alone, it is."""
    from svix_flows.checks.claims import Judge
    from svix_flows.rust.facts import facts_of

    src = tmp_path / "server" / "svix-server" / "src"
    src.mkdir(parents=True)
    (src / "lib.rs").write_text(_CREATED)
    facts = facts_of(Checkout(tmp_path, "server/svix-server/src"))
    own = facts.functions("remove")
    said = "A new row comes from `Row::fresh()`, which sets `deleted` to false."
    assert all(v.state is not State.CONTRADICTED for v in Judge(facts).judge(said, own))
    [verdict] = Judge(facts).judge("The handler sets `deleted` to false.", own)
    assert verdict.state is State.CONTRADICTED


def test_a_sentence_naming_only_an_error_constructor_leaves_no_it() -> None:
    """ "…; a missing desk is `Error::http(404)`. It then calls `g_h`.": "It" is no
    constructor, so no call claim of `Error::http` is read."""
    said = [(c.kind, c.subject) for c in claims("A missing desk is `Error::http(404)`. It then calls `g_h`.")]
    assert (Kind.CALL, "Error::http") not in said


def test_a_function_a_helper_is_shared_with_is_no_step() -> None:
    """ "That helper, shared with `list_by_desk`, filters …": `list_by_desk` is another caller of
    the helper, not a step of the record."""
    said = claims("That helper, shared with `list_by_desk`, filters the rows.")
    assert [c for c in said if c.object == "list_by_desk"] == []


_BODY = """pub fn step() -> Result<(), String> { Ok(()) }
pub fn migrate() -> Result<(), String> {
    step()?;
    Ok(())
}
pub fn schedule() {
    if let Err(err) = migrate() {
        tracing::error!("{err}");
    }
}
"""


def test_what_a_functions_body_propagates_is_not_judged_by_its_callers(tmp_path: Path) -> None:
    """ "`migrate` returns a `Result`, with every step's error propagated with `?`" speaks of
    `migrate`'s body, not of `schedule`, which logs `migrate`'s error: nothing is contradicted;
    "the error of `migrate` is propagated" is."""
    said = "`migrate` returns a `Result`, with every step's error propagated with `?`."
    assert all(v.state is not State.CONTRADICTED for v in _judged(tmp_path, _BODY, said))
    said = "The error of `migrate` is propagated with `?`."
    assert any(v.state is State.CONTRADICTED for v in _judged(tmp_path / "of", _BODY, said))


def test_the_error_of_a_function_doing_something_said_to_be_handed_on_is_judged_by_its_callers(
    tmp_path: Path,
) -> None:
    """ "`migrate` runs each step, and its error is propagated with `?`": the error of
    `migrate`, which `schedule` only logs; with another function named before ("`migrate` calls
    `step`, and its error …"), "its" may be either, and "a failure there" may be a step's inside
    `migrate`: both are left alone."""
    said = "`migrate` runs each step, and its error is propagated with `?`."
    assert State.CONTRADICTED in _states(tmp_path, _BODY, said, "", Kind.ERROR)
    said = "`migrate` calls `step`, and its error is propagated with `?`."
    assert State.CONTRADICTED not in _states(tmp_path / "b", _BODY, said, "", Kind.ERROR)
    said = "`migrate` runs each step, and a failure there is propagated with `?`."
    assert State.CONTRADICTED not in _states(tmp_path / "there", _BODY, said, "", Kind.ERROR)


def test_what_a_functions_body_propagates_is_not_judged_by_its_callers_when_a_pronoun_stands_for_it(
    tmp_path: Path,
) -> None:
    """ "`migrate` returns a `Result`. It first takes a row through `step` with `?`": "It" is
    `migrate`, and what its body hands on is not what `schedule` does with its error."""
    said = "`migrate` returns a `Result`. It first takes a fresh row through `step` with `?`."
    assert State.CONTRADICTED not in _states(tmp_path, _BODY, said, "", Kind.ERROR)


_BATCH_FALLBACK = """pub fn batch(batch_size: Option<u32>) -> u32 {
    batch_size.unwrap_or(64)
}
"""


def test_what_an_absent_value_falls_back_to_is_judged_by_its_unwrap_or(tmp_path: Path) -> None:
    """`batch_size.unwrap_or(64)`: "when `batch_size` is unset, the batch defaults to 64" is
    backed at its line, "… to 10" is contradicted naming the fallback."""
    said = "When `batch_size` is unset, the batch defaults to {}."
    [verdict] = _judged(tmp_path, _BATCH_FALLBACK, said.format(64))
    assert verdict.state is State.SUPPORTED and verdict.where == "lib.rs:2"
    [verdict] = _judged(tmp_path / "ten", _BATCH_FALLBACK, said.format(10))
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("an absent `batch_size` falls back to 64 at lib.rs:2; the text says 10")


_MOVE_BATCHES = """pub fn move_desks(count: usize) -> usize {
    let batch_size = 1000;
    count / batch_size
}
"""


def test_a_value_said_in_plain_words_is_judged_by_the_local_of_that_name(tmp_path: Path) -> None:
    """`let batch_size = 1000;`: "`move_desks` uses a batch size of 1000" is backed at its line,
    "… of 100" is contradicted naming the local, and words that name no local are not judged."""
    said = "`move_desks` uses a batch size of {}."
    [verdict] = _judged(tmp_path, _MOVE_BATCHES, said.format(1000))
    assert verdict.state is State.SUPPORTED and verdict.where == "lib.rs:2"
    [verdict] = _judged(tmp_path / "hundred", _MOVE_BATCHES, said.format(100))
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("`batch_size` is 1000 at lib.rs:2; the text says 100")
    verdicts = _judged(tmp_path / "page", _MOVE_BATCHES, "`move_desks` uses a page size of 100.")
    assert all(verdict.state is State.UNCHECKABLE for verdict in verdicts)


def test_a_count_per_batch_is_judged_by_the_local_batch_size(tmp_path: Path) -> None:
    """ "`move_desks` works in batches of 100" of `let batch_size = 1000;`: contradicted naming
    the local; "… of 1,000" is backed at its line."""
    said = "`move_desks` works in batches of {}."
    [verdict] = _judged(tmp_path, _MOVE_BATCHES, said.format(100))
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("`batch_size` is 1000 at lib.rs:2; the text says 100")
    [verdict] = _judged(tmp_path / "right", _MOVE_BATCHES, said.format("1,000"))
    assert verdict.state is State.SUPPORTED and verdict.where == "lib.rs:2"


def test_a_function_handed_something_is_not_who_goes_on() -> None:
    """ "The route is served by `post_notice`, which hands everything to `post_notice_inner`.
    Its return type is `T`": "Its" is `post_notice`, not what it hands the work to."""
    text = (
        "The route is served by `post_notice`, which hands everything to `post_notice_inner`. "
        "Its return type is `Result<Json<NoticeOut>>`."
    )
    said = [(c.kind, c.subject, c.object) for c in claims(text)]
    assert (Kind.SIGNATURE, "post_notice", "Result<Json<NoticeOut>>") in said


_CONVERSIONS = """pub mod queue {
    pub struct QueueError;
}
pub struct DbErr;
pub struct HttpError;
impl HttpError {
    pub fn conflict() -> HttpError { HttpError }
}
pub enum Error { Db, Queue, Generic, Http }
impl Error {
    pub fn database(_e: DbErr) -> Error { Error::Db }
    pub fn queue(_e: queue::QueueError) -> Error { Error::Queue }
    pub fn generic(_s: &str) -> Error { Error::Generic }
}
impl From<HttpError> for Error {
    fn from(_e: HttpError) -> Error { Error::Http }
}
impl From<queue::QueueError> for Error {
    fn from(e: queue::QueueError) -> Error { Error::queue(e) }
}
fn is_unique(_e: &DbErr) -> bool { true }
pub fn on_conflict(e: DbErr) -> Error {
    if is_unique(&e) { HttpError::conflict().into() } else { Error::database(e) }
}
fn describe() -> Error { Error::generic("failed") }
pub fn on_other(e: DbErr) -> Error {
    if is_unique(&e) { Error::database(e) } else { describe() }
}
pub fn save(ok: bool) -> Result<(), Error> {
    if !ok {
        return Err(Error::generic("not saved"));
    }
    Err(on_conflict(DbErr))
}
"""


def test_an_error_said_of_a_function_is_contradicted_by_the_other_constructor_it_builds(
    tmp_path: Path,
) -> None:
    """`save` builds `Error::generic`, but `on_conflict`, which the sentence speaks of, builds
    `Error::database` and reaches no `Error::generic`: what it is said to give is held to it."""
    said = "`on_conflict` turns a unique violation into `HttpError::conflict` and every other error into `Error::{}`."
    verdicts = _judged(tmp_path, _CONVERSIONS, said.format("generic"))
    [generic] = [v for v in verdicts if v.claim.subject == "Error::generic"]
    assert generic.state is State.CONTRADICTED
    assert generic.message.startswith(
        "`on_conflict` builds `Error::database` at lib.rs:23 and never `Error::generic`"
    )
    verdicts = _judged(tmp_path / "true", _CONVERSIONS, said.format("database"))
    assert all(v.state is State.SUPPORTED for v in verdicts if v.claim.kind is Kind.ERROR)


def test_an_error_said_of_a_function_may_be_built_by_what_it_calls(tmp_path: Path) -> None:
    """`on_other` builds `Error::database` itself and `Error::generic` through `describe`."""
    said = "`on_other` turns any other error into `Error::generic`."
    [verdict] = _judged(tmp_path, _CONVERSIONS, said, kind=Kind.ERROR)
    assert verdict.state is State.SUPPORTED and verdict.where == "lib.rs:25"


def test_an_error_said_of_a_conversion_is_judged_on_its_from_impl(tmp_path: Path) -> None:
    """ "`From<queue::QueueError> for Error`, which builds `E`": the impl's `from`, not the
    constructors the rest of the crate builds."""
    said = "A queue failure lands in `From<queue::QueueError> for Error`, which builds `Error::{}`."
    [verdict] = _judged(tmp_path, _CONVERSIONS, said.format("generic"), kind=Kind.ERROR)
    assert verdict.state is State.CONTRADICTED
    assert "builds `Error::queue` at lib.rs:19 and never `Error::generic`" in verdict.message
    [verdict] = _judged(tmp_path / "true", _CONVERSIONS, said.format("queue"), kind=Kind.ERROR)
    assert verdict.state is State.SUPPORTED


def test_a_constructor_in_a_relative_clause_is_said_of_the_name_the_clause_hangs_on() -> None:
    """ "… use `map_err(on_conflict)`, which returns `E`": the mapper's argument speaks; a
    constructor after another clause's subject ("…, and `g` …") is the sentence's."""
    text = "Handlers use `map_err(on_conflict)`, which returns `Error::database` for anything else."
    [claim] = [c for c in claims(text) if c.kind is Kind.ERROR]
    assert claim.scope == "on_conflict"
    text = "`save` calls `on_conflict`, which logs, and the caller gets `Error::generic`."
    [claim] = [c for c in claims(text) if c.kind is Kind.ERROR]
    assert claim.scope == "save"


_POOL = """pub mod db {
    pub fn connect(dsn: &str) -> u32 { dsn.len() as u32 }
    pub fn init_db(dsn: &str) -> u32 { connect(dsn) }
}
pub mod queue {
    pub fn kind_of(task: u32) -> u32 { task }
}
pub fn run_with_pool(pool: u32) -> u32 { pool }
#[tracing::instrument(fields(kind = queue::kind_of(dsn.len() as u32)))]
pub fn run(dsn: &str) -> u32 {
    let pool = db::connect(dsn);
    run_with_pool(pool)
}
"""


def test_a_step_said_of_a_function_that_reaches_nothing_naming_it_is_contradicted(tmp_path: Path) -> None:
    """ "`run` opens its pool with `super::init_db(dsn)`": `run` reaches nothing that names
    `init_db` (it calls `db::connect`, which `init_db` calls, not the other way round)."""
    said = "`run` takes a `&str`, opens its own pool with `super::{}(dsn)`, and hands it to `run_with_pool`."
    [step] = [
        v for v in _judged(tmp_path, _POOL, said.format("init_db")) if v.claim.object == "super::init_db"
    ]
    assert step.state is State.CONTRADICTED
    assert step.message == "`run` (lib.rs:10) reaches nothing that names `super::init_db` within 4 calls"
    verdicts = _judged(tmp_path / "true", _POOL, said.format("connect"))
    assert not any(v.state is State.CONTRADICTED for v in verdicts)


def test_a_call_an_attribute_of_the_function_makes_is_one_of_its_steps(tmp_path: Path) -> None:
    """`#[instrument(fields(kind = queue::kind_of(…)))]` above `run` calls `queue::kind_of`."""
    said = "`run` records a `kind` taken from `queue::kind_of`."
    verdicts = _judged(tmp_path, _POOL, said)
    assert verdicts and not any(v.state is State.CONTRADICTED for v in verdicts)


def test_a_list_of_fields_ends_where_an_action_with_a_preposition_follows() -> None:
    """ "`State` is assembled from `db`, `cache` and `cfg` and attached with `with_state`": the
    name after "attached with" is what the action uses, not a fourth field."""
    fields = {"State": frozenset({"db", "cache", "cfg"})}
    text = "`State` is assembled from `db`, `cache` and `cfg` and attached with `with_state` to the router."
    assert list(listed_fields(text, fields.get, lambda struct, field: None)) == []
    text = "`State` is a struct with a `db`, a `cache` and a `queue` handle."
    assert list(listed_fields(text, fields.get, lambda struct, field: None)) == ["State::queue"]


_IMPORTED = """use chrono::Duration;
pub enum Answer { Finished { code: u16 }, Waiting }
pub struct RotateIn { seconds: i64 }
impl RotateIn {
    pub fn grace_period(&self) -> Duration { Duration::seconds(self.seconds) }
}
pub fn wait_for(done: bool) -> Result<Option<Answer>, String> {
    if done { Ok(Some(Answer::Finished { code: 200 })) } else { Ok(None) }
}
async fn release_lock(key: i64) {
    if key < 0 {
        tracing::warn!("failed to release the lock");
    }
}
"""


def test_a_type_written_with_the_path_its_file_imports_is_that_type(tmp_path: Path) -> None:
    """`grace_period` returns `Duration`, imported from `chrono`: "a `chrono::Duration`" is it,
    "a `std::time::Duration`" is not."""
    said = "`grace_period` returns a `{}`."
    [verdict] = _judged(tmp_path, _IMPORTED, said.format("chrono::Duration"))
    assert verdict.state is State.SUPPORTED
    [verdict] = _judged(tmp_path / "std", _IMPORTED, said.format("std::time::Duration"))
    assert verdict.state is State.CONTRADICTED


def test_a_variant_of_the_returned_enum_said_to_be_returned_is_a_value_not_a_type(tmp_path: Path) -> None:
    """ "`wait_for` returns a `Finished` as soon as one appears": a value of `Answer`."""
    verdicts = _judged(tmp_path, _IMPORTED, "`wait_for` returns a `Finished` as soon as one appears.")
    assert not any(v.state is State.CONTRADICTED for v in verdicts)


@pytest.mark.parametrize(
    "said",
    [
        "`release_lock` runs `SELECT pg_advisory_unlock($1)` and propagates a failure to its caller.",
        "If that fails, `release_lock` logs it with `tracing::error!` and propagates it with `?`.",
        # a failure named by its action, handed to a caller named after it
        "`release_lock` propagates a failed unlock to `wait_for` with `?`.",
    ],
)
def test_a_function_said_to_propagate_in_its_second_verb_is_held_to_its_return_type(
    tmp_path: Path, said: str
) -> None:
    """ "`release_lock` runs `SELECT …` and propagates a failure" (after a short opening clause
    too): it returns `()`."""
    [verdict] = [
        v
        for v in _judged(tmp_path, _IMPORTED, said)
        if v.claim.kind is Kind.ERROR and v.claim.says != "logs at"
    ]
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("`release_lock` returns `()` at lib.rs:10, which holds no error")


_SOFT_DELETE = """pub struct Desk { pub archived: bool, pub closed: bool, pub uid: Option<String> }
pub fn delete_desk(mut desk: Desk) -> Desk {
    desk.archived = true;
    desk.uid = None;
    desk
}
"""


def test_a_flag_said_of_a_field_the_code_never_sets_is_contradicted_by_the_one_it_sets(
    tmp_path: Path,
) -> None:
    """ "It sets `closed` to true" where the record sets `archived` to true and nothing it
    reaches sets `closed`: the text named the wrong field."""
    [verdict] = _judged(tmp_path, _SOFT_DELETE, "It is a soft delete: it sets `closed` to true.")
    assert verdict.state is State.CONTRADICTED
    assert verdict.message == "the record's code never sets `closed`; it sets `archived` to true at lib.rs:3"
    [verdict] = _judged(tmp_path / "true", _SOFT_DELETE, "It is a soft delete: it sets `archived` to true.")
    assert verdict.state is State.SUPPORTED


_PAGE = """pub fn page_out(mut rows: Vec<u32>, limit: usize, prev: bool) -> Vec<u32> {
    let done = rows.len() <= limit;
    rows.truncate(limit);
    if prev {
        rows.reverse();
    }
    let _ = done;
    rows
}
"""


def test_two_verbs_said_in_order_are_judged_by_the_calls_their_stems_begin(tmp_path: Path) -> None:
    """ "`page_out` …, reverses the page …, and then truncates it": `truncate` comes first."""
    said = "`page_out` counts the rows, {} the page for a `Prev` direction, and then {} it to `limit`."
    [verdict] = [
        v for v in _judged(tmp_path, _PAGE, said.format("reverses", "truncates")) if "~" in v.claim.subject
    ]
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("`truncate` (lib.rs:3) runs before `reverse` (lib.rs:5)")
    verdicts = _judged(tmp_path / "true", _PAGE, said.format("truncates", "reverses"))
    [verdict] = [v for v in verdicts if "~" in v.claim.subject]
    assert verdict.state is State.SUPPORTED and not any(v.state is State.CONTRADICTED for v in verdicts)


def test_two_verbs_said_in_order_without_a_function_named_are_not_judged(tmp_path: Path) -> None:
    said = "The page is counted, it reverses the page for a `Prev` direction, and then truncates it."
    assert not any(v.state is State.CONTRADICTED for v in _judged(tmp_path, _PAGE, said))


def test_a_constructor_after_an_error_mapped_by_a_function_is_said_of_that_function() -> None:
    """ "The insert maps its `DbErr` through `on_conflict`, so … anything else becomes `E`"."""
    text = "The insert maps its `DbErr` through `on_conflict`, so anything else becomes `Error::generic`."
    [claim] = [c for c in claims(text) if c.kind is Kind.ERROR]
    assert claim.scope == "on_conflict"


def test_a_constructor_said_of_a_failure_inside_a_function_is_said_of_that_function() -> None:
    """ "A cache error inside `lock_seat` is mapped to `Error::generic`": `lock_seat`'s."""
    text = "A cache error inside `lock_seat` is mapped to `Error::generic` and returned as `Err`."
    [claim] = [c for c in claims(text) if c.kind is Kind.ERROR]
    assert claim.scope == "lock_seat"


def test_a_failure_inside_one_function_that_another_turns_into_an_error_is_not_said_of_the_first() -> None:
    """ "A bad ticket in `parse_ticket` makes `read_ticket` return `E::x`": another function
    between the two, so the constructor is not held to `parse_ticket`."""
    text = "A bad ticket in `parse_ticket` makes `read_ticket` return `HttpError::unauthorized`."
    [claim] = [c for c in claims(text) if c.kind is Kind.ERROR]
    assert claim.scope != "parse_ticket"


_LOCK_SEAT = """pub struct Error;
impl Error {
    pub fn cache(_e: String) -> Error { Error }
    pub fn generic(_e: String) -> Error { Error }
}
async fn lock_seat(key: &str) -> Result<bool, Error> {
    fetch_lock(key).await.map_err(Error::cache)
}
pub async fn book_seat(key: &str) -> Result<(), Error> {
    if !lock_seat(key).await? {
        return Err(Error::generic("seat taken".to_owned()));
    }
    Ok(())
}
"""


def test_a_constructor_said_of_a_failure_inside_a_function_is_held_to_what_that_function_builds(
    tmp_path: Path,
) -> None:
    """ "A cache error inside `lock_seat` is mapped to `Error::generic`" where `lock_seat` builds
    `Error::cache` (the record builds `Error::generic` elsewhere)."""
    said = "A cache error inside `lock_seat` is mapped to `Error::{}` and returned as `Err`."
    verdicts = _judged(tmp_path, _LOCK_SEAT, said.format("generic"), kind=Kind.ERROR)
    assert [v.state for v in verdicts] == [State.CONTRADICTED]
    assert "`lock_seat` builds `Error::cache` at lib.rs:7" in verdicts[0].message
    verdicts = _judged(tmp_path / "true", _LOCK_SEAT, said.format("cache"), kind=Kind.ERROR)
    assert [v.state for v in verdicts] == [State.SUPPORTED]


def test_a_lookup_the_text_says_a_function_queries_is_one_of_its_steps(tmp_path: Path) -> None:
    """ "It then queries `desk::Entity::find_by_id`" where `lookup` calls its sibling."""
    rust = _LOOKUPS.replace("{ Entity::find_by_id(id) }", "{ Some(id + 1) }")
    said = "`lookup` then queries `desk::Entity::find_by_id` for the desk."
    [verdict] = _judged(tmp_path, rust, said)
    assert (
        verdict.state is State.CONTRADICTED and "calls `desk::Entity::find_by_id_or_uid`" in verdict.message
    )


_CONNECTOR_POOL = """pub fn init_pool(dsn: &str) -> u32 {
    Connector::from_pool(dsn.len() as u32)
}
"""


def test_a_library_function_said_of_a_function_that_calls_another_of_its_type_is_contradicted(
    tmp_path: Path,
) -> None:
    """ "`init_pool` wraps the pool via `Connector::connect`": it calls `Connector::from_pool`
    and reaches nothing that names `connect`."""
    said = "`init_pool` wraps the pool in a connection via `Connector::{}`."
    [verdict] = _judged(tmp_path, _CONNECTOR_POOL, said.format("connect"))
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("`init_pool` calls `Connector::from_pool` at lib.rs:2")
    [verdict] = _judged(tmp_path / "true", _CONNECTOR_POOL, said.format("from_pool"))
    assert verdict.state is not State.CONTRADICTED


_IDS = """pub trait BaseId {
    fn start_id(at: u64) -> u64 { at }
    fn end_id(at: u64) -> u64 { at + 1 }
}
macro_rules! id_type { ($name:ident) => { pub struct $name; impl BaseId for $name {} }; }
id_type!(NoteId);
pub fn prune(cutoff: u64) -> u64 {
    NoteId::start_id(cutoff)
}
"""


def test_a_step_named_for_the_opposite_of_the_call_made_is_contradicted(tmp_path: Path) -> None:
    """ "It turns the cutoff into an id with `NoteId::end_id`" where `prune` calls
    `NoteId::start_id` (a trait's item on a type a macro writes)."""
    said = "`prune` reads the cutoff. It turns the cutoff into an id with `NoteId::{}`."
    [verdict] = [
        v for v in _judged(tmp_path, _IDS, said.format("end_id")) if v.claim.object == "NoteId::end_id"
    ]
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("`prune` calls `NoteId::start_id` at lib.rs:8")
    verdicts = _judged(tmp_path / "true", _IDS, said.format("start_id"))
    assert not any(v.state is State.CONTRADICTED for v in verdicts)


_DECODE = """pub enum Error { Queue, Validation }
impl Error {
    pub fn queue(_m: std::fmt::Arguments<'_>) -> Error { Error::Queue }
    pub fn validation(_m: &str) -> Error { Error::Validation }
}
pub fn decode(raw: &[u8]) -> Result<u8, Error> {
    raw.first().copied().ok_or_else(|| Error::queue(format_args!("Failed to decode the task: {raw:?}")))
}
"""


def test_a_message_said_of_a_constructor_is_found_in_the_format_string_that_starts_with_it(
    tmp_path: Path,
) -> None:
    """ "becomes an `Error::validation` with the text "Failed to decode the task"" where the code
    builds `Error::queue(format_args!("Failed to decode the task: {raw:?}"))`."""
    said = 'A decode error becomes an `Error::{}` with the text "Failed to decode the task".'
    verdicts = _judged(tmp_path, _DECODE, said.format("validation"))
    [built] = [v for v in verdicts if v.claim.says == "builds"]
    assert built.state is State.CONTRADICTED and "is built with `Error::queue` at lib.rs:7" in built.message
    verdicts = _judged(tmp_path / "true", _DECODE, said.format("queue"))
    assert not any(v.state is State.CONTRADICTED for v in verdicts)


_TICKET = """pub struct StatusCode;
impl StatusCode { pub const UNAUTHORIZED: u16 = 401; pub const NOT_FOUND: u16 = 404; }
pub struct HttpError;
impl HttpError {
    pub fn unauthorized(_d: Option<String>) -> HttpError { let _ = StatusCode::UNAUTHORIZED; HttpError }
    pub fn not_found(_d: Option<String>) -> HttpError { let _ = StatusCode::NOT_FOUND; HttpError }
}
pub fn read_ticket(raw: Option<&str>) -> Result<String, HttpError> {
    tracing::warn!("No ticket in the header");
    raw.map(str::to_owned).ok_or_else(|| HttpError::unauthorized(Some("Bad ticket".to_owned())))
}
"""


def test_a_status_said_with_a_message_is_the_status_of_the_constructor_that_builds_it(tmp_path: Path) -> None:
    """ "answers 404 with the detail "Bad ticket"" where `HttpError::unauthorized` (a 401) builds it;
    a condition before the answer ("Without a ticket …") leaves the status as it is."""
    said = 'Without a ticket the function answers {} with the detail "Bad ticket".'
    [verdict] = _judged(tmp_path, _TICKET, said.format(404), own="read_ticket", kind=Kind.ERROR)
    assert verdict.state is State.CONTRADICTED and "answers 401 at lib.rs:10" in verdict.message
    [verdict] = _judged(tmp_path / "true", _TICKET, said.format(401), own="read_ticket", kind=Kind.ERROR)
    assert verdict.state is State.SUPPORTED


def test_a_message_in_backticks_after_its_noun_is_held_to_the_constructor_that_builds_it(
    tmp_path: Path,
) -> None:
    """ "maps a missing ticket to `HttpError::not_found` with the detail `Bad ticket`" where
    `HttpError::unauthorized` builds it: words in backticks after "detail" are the message."""
    said = "`read_ticket` maps a missing ticket to `HttpError::{}` with the detail `Bad ticket`."
    verdicts = _judged(tmp_path, _TICKET, said.format("not_found"), own="read_ticket", kind=Kind.ERROR)
    [built] = [v for v in verdicts if v.claim.says == "builds"]
    assert built.state is State.CONTRADICTED and "is built with `HttpError::unauthorized`" in built.message
    verdicts = _judged(tmp_path / "true", _TICKET, said.format("unauthorized"), own="read_ticket")
    assert not any(v.state is State.CONTRADICTED for v in verdicts)


def test_a_status_said_with_a_message_in_backticks_is_the_status_of_its_constructor(tmp_path: Path) -> None:
    """ "answers 404 with the detail `Bad ticket`": the backticked words are the message."""
    said = "Without a ticket the function answers {} with the detail `Bad ticket`."
    [verdict] = _judged(tmp_path, _TICKET, said.format(404), own="read_ticket", kind=Kind.ERROR)
    assert verdict.state is State.CONTRADICTED and "answers 401 at lib.rs:10" in verdict.message


def test_a_status_said_with_a_message_no_error_builds_is_not_checkable(tmp_path: Path) -> None:
    """ "answers 404 and logs "No ticket in the header"": a log macro's text says no status."""
    said = 'A missing ticket answers 404 and logs "No ticket in the header".'
    verdicts = _judged(tmp_path, _TICKET, said, own="read_ticket", kind=Kind.ERROR)
    assert [v.state for v in verdicts] == [State.UNCHECKABLE]


_RESET = """pub struct Error;
impl Error { pub fn cache(_e: String) -> Error { Error } }
pub struct Cache;
impl Cache { pub async fn delete(&self, _k: &str) -> Result<(), String> { Ok(()) } }
pub async fn reset_desk_failures(cache: &Cache) -> Result<(), Error> {
    cache.delete("desk").await.map_err(Error::cache)
}
pub async fn book(cache: &Cache) -> Result<(), Error> {
    reset_desk_failures(cache).await?;
    Ok(())
}
"""


def test_an_error_said_mapped_with_a_mapper_its_function_applies_inside_is_not_contradicted(
    tmp_path: Path,
) -> None:
    """ "It then calls `reset_desk_failures`, which deletes the key. Any failure there is mapped
    through `Error::cache`": the error `reset_desk_failures` hands back was mapped inside it,
    though its caller propagates it with a plain `?`."""
    said = (
        "`book` then calls `reset_desk_failures`, which deletes the desk's key. "
        "Any cache failure there is mapped through `Error::{}` and propagated with `?`."
    )
    verdicts = _judged(tmp_path, _RESET, said.format("cache"), own="book", kind=Kind.ERROR)
    assert [v.state for v in verdicts if v.claim.says == "mapped with"] == [State.SUPPORTED]
    verdicts = _judged(tmp_path / "other", _RESET, said.format("database"), own="book", kind=Kind.ERROR)
    assert [v.state for v in verdicts if v.claim.says == "mapped with"] == [State.CONTRADICTED]


_ROUTERS = """pub mod docs { pub fn router() -> u8 { 1 } }
pub mod health { pub fn router() -> u8 { 2 } }
pub fn build() -> u8 {
    health::router()
}
"""


def test_a_call_written_with_another_owner_does_not_deny_never_calling_the_one_said(tmp_path: Path) -> None:
    """ "`build` never calls `docs::router`" where `build` calls `health::router`: another
    function of the same name; the call of the one said still contradicts it."""
    [verdict] = _judged(
        tmp_path, _ROUTERS, "`build` never calls `docs::router`.", own="build", kind=Kind.CALL
    )
    assert verdict.state is State.SUPPORTED
    [verdict] = _judged(
        tmp_path / "b", _ROUTERS, "`build` never calls `health::router`.", own="build", kind=Kind.CALL
    )
    assert verdict.state is State.CONTRADICTED


_UPSTREAM = """pub fn sweep_loop() -> u8 { 1 }
pub fn run_all() -> u8 {
    sweep_loop()
}
pub fn main() {
    run_all();
}
pub fn stranger() -> u8 { 2 }
pub fn other() -> u8 {
    stranger()
}
"""


def test_a_function_that_calls_into_the_record_is_not_said_to_be_missing_from_it(tmp_path: Path) -> None:
    """ "The sweeper starts from `run_all`, which runs the loop": `run_all` calls the record's
    `sweep_loop`, so it is where the flow starts, not a call the record fails to make; a
    function that neither reaches nor is reached by the record still is one."""
    said = "The sweeper starts from `{}`."
    verdicts = _judged(tmp_path, _UPSTREAM, said.format("run_all"), own="sweep_loop", kind=Kind.CALL)
    assert [v.state for v in verdicts] == [State.UNCHECKABLE]
    verdicts = _judged(tmp_path / "b", _UPSTREAM, said.format("stranger"), own="sweep_loop", kind=Kind.CALL)
    assert [v.state for v in verdicts] == [State.CONTRADICTED]


def _signature_states(tmp_path: Path, rust: str, said: str, *names: str) -> list[list[State]]:
    """The states of the signature verdicts of `said` with each name put in, each on its own crate."""
    return [
        [v.state for v in _judged(tmp_path / name, rust, said.format(name), kind=Kind.SIGNATURE)]
        for name in names
    ]


_FOREIGN = """pub struct Ticket;
pub fn ticket_from_key(key: &str) -> serde_json::Result<Ticket> {
    serde_json::from_str(key)
}
"""


def test_an_error_said_returned_is_the_error_of_another_crates_result(tmp_path: Path) -> None:
    """ "`f` returns a `serde_json::Error`" of `f(…) -> serde_json::Result<T>`: that `Result`
    is `Result<T, serde_json::Error>`, so the error is one it returns; another type is not."""
    said = "It reads the key with `ticket_from_key`, which returns a `{}` when the key is bad."
    states = _signature_states(tmp_path, _FOREIGN, said, "serde_json::Error", "serde_json::Value")
    assert states == [[State.SUPPORTED], [State.CONTRADICTED]]


_GENERIC_PARAMETER = """pub trait Deserializer<'de> { fn read_all(self) -> Vec<u64>; }
pub fn load_schedule<'de, D>(deserializer: D) -> Vec<u64>
where
    D: Deserializer<'de>,
{
    deserializer.read_all()
}
pub fn parse_schedule(text: &str) -> Vec<u64> {
    text.split(',').filter_map(|x| x.parse().ok()).collect()
}
"""


def test_a_function_that_takes_only_a_deserializer_takes_whatever_data_is_said(tmp_path: Path) -> None:
    """ "`load_schedule` accepts a `Vec<u64>`" of `load_schedule<D: Deserializer>(deserializer: D)`:
    the data it takes is whatever its deserializer reads, so it is not checkable; a function
    with a concrete parameter type is still held to it."""
    said = "The schedule is loaded by `{}`, which accepts a `Vec<u64>` of seconds."
    states = _signature_states(tmp_path, _GENERIC_PARAMETER, said, "load_schedule", "parse_schedule")
    assert states == [[State.UNCHECKABLE], [State.CONTRADICTED]]


_PROJECTED = """pub trait Keyed { type Key; }
pub struct Store;
impl Store {
    pub fn put<T: Keyed>(&self, key: &T::Key, ttl: u64) {}
    pub fn put_raw(&self, key: &[u8], ttl: u64) {}
}
"""


def test_a_parameter_of_a_type_parameters_associated_type_takes_whatever_is_said(tmp_path: Path) -> None:
    """ "`Store::put` is called with a `HealthKey`" of `put<T: Keyed>(&self, key: &T::Key, …)`:
    the key is whatever type the caller picks, so it is not checkable; a parameter list of
    concrete types is still held to it."""
    said = "For the cache, `Store::{}` is called with a `HealthKey` wrapping the string."
    states = _signature_states(tmp_path, _PROJECTED, said, "put", "put_raw")
    assert states == [[State.UNCHECKABLE], [State.CONTRADICTED]]


_MAIN = """pub struct OrgId;
pub fn main() {}
pub fn wipe(org: OrgId) {}
"""


def test_what_main_receives_comes_from_the_command_line(tmp_path: Path) -> None:
    """ "`main` receives an `OrgId` parsed from its arguments": the program's entry takes no
    parameters but is given the command line, so it is not checkable; another function without
    that parameter is still contradicted."""
    said = "For the wipe, `{}` receives a `String` parsed from the arguments."
    states = _signature_states(tmp_path, _MAIN, said, "main", "wipe")
    assert states == [[State.UNCHECKABLE], [State.CONTRADICTED]]


_IN_CLOSURE = """pub struct Error;
pub struct Db;
impl Db {
    pub fn transaction<F: FnOnce() -> Result<u8, Error>>(&self, f: F) -> Result<u8, Error> { f() }
}
pub fn insert_row() -> Result<u8, Error> { Ok(1) }
pub fn on_conflict(e: Error) -> Error { e }
pub fn on_other(e: Error) -> Error { e }
pub fn create_row(db: &Db) -> Result<u8, Error> {
    let row = db.transaction(|| { let r = insert_row().map_err(on_conflict)?; Ok(r) })?;
    Ok(row)
}
"""


def test_an_error_mapped_inside_the_closure_a_call_is_given_is_mapped_for_that_call(tmp_path: Path) -> None:
    """ "Persistence happens in one `db.transaction`: the insert is mapped through `on_conflict`":
    the closure `transaction` runs maps the insert's error, so the claim is borne out, though
    `transaction`'s own `?` is plain; a mapper the closure does not use is still contradicted."""
    said = "Persistence happens in one `db.transaction`: the row insert is mapped through `{}`."
    verdicts = _judged(tmp_path, _IN_CLOSURE, said.format("on_conflict"), own="create_row", kind=Kind.ERROR)
    assert State.SUPPORTED in [v.state for v in verdicts]
    assert State.CONTRADICTED not in [v.state for v in verdicts]
    verdicts = _judged(
        tmp_path / "b", _IN_CLOSURE, said.format("on_other"), own="create_row", kind=Kind.ERROR
    )
    assert State.CONTRADICTED in [v.state for v in verdicts]


def test_a_method_said_to_build_through_its_namesake_of_another_type_is_not_contradicted(
    tmp_path: Path,
) -> None:
    """`fetch_desk` calls `deskmeta::Model::new`, also of the record, which calls
    `ActiveModel::new`: "substitutes `deskmeta::Model::new`, a model produced from
    `ActiveModel::new`" names a call the one called makes in turn (`new` is too common a name to
    be followed by name alone)."""
    rust = """pub mod deskmeta {
    pub struct Model;
    pub struct ActiveModel;
    impl ActiveModel {
        pub fn new(id: u64) -> ActiveModel { ActiveModel }
        pub fn into_model(self) -> Model { Model }
    }
    impl Model { pub fn new(id: u64) -> Model { ActiveModel::new(id).into_model() } }
}
pub struct Desk;
impl Desk { pub fn new() -> Desk { Desk } }
pub struct Shelf;
impl Shelf { pub fn new() -> Shelf { Shelf } }
pub struct Lamp;
impl Lamp { pub fn new() -> Lamp { Lamp } }
pub fn fetch_desk(id: u64) -> deskmeta::Model { deskmeta::Model::new(id) }
"""
    said = "`fetch_desk` substitutes `deskmeta::Model::new`, an empty model produced from `ActiveModel::new`."
    verdicts = _judged(tmp_path, rust, said, own="fetch_desk,deskmeta::Model::new", kind=Kind.CALL)
    assert verdicts and all(v.state is not State.CONTRADICTED for v in verdicts)


def test_a_function_after_a_short_setting_is_the_subject_its_steps_are_judged_on(tmp_path: Path) -> None:
    """ "On a hit, `update_desk` overwrites the row with `DeskIn::update_model`": the setting
    before the name leaves `update_desk` the subject, which calls the other type's namesake,
    though the record's other handler calls the one said."""
    rust = """pub struct DeskIn;
pub struct DeskPatch;
pub struct DeskRow;
pub struct Lamp;
impl Lamp { pub fn update_model(self) {} }
pub struct Shelf;
impl Shelf { pub fn update_model(self) {} }
pub struct Chair;
impl Chair { pub fn update_model(self) {} }
impl DeskIn { pub fn update_model(self, row: &mut DeskRow) {} }
impl DeskPatch { pub fn update_model(self, row: &mut DeskRow) {} }
pub fn create_desk(data: DeskIn) {
    let mut row = DeskRow;
    data.update_model(&mut row);
    save(row);
}
pub fn update_desk(data: DeskPatch) {
    let mut row = DeskRow;
    data.update_model(&mut row);
    save(row);
}
pub fn save(row: DeskRow) {}
"""
    said = "On a hit, `update_desk` overwrites the row with `DeskIn::update_model`."
    [verdict] = _judged(tmp_path, rust, said, own="create_desk,update_desk", kind=Kind.CALL)
    assert verdict.state is State.CONTRADICTED and "calls `DeskPatch::update_model`" in verdict.message


def test_a_field_the_record_takes_apart_is_a_value_not_the_crates_function_of_its_name(
    tmp_path: Path,
) -> None:
    """`update_model` takes `version` out of its struct by name; "`version` falls back to 1
    through `unwrap_or(1)`" speaks of that value, not of `Client::version`."""
    rust = """pub struct DeskIn { pub name: String, pub version: Option<u16> }
pub struct DeskRow { pub name: String, pub version: u16 }
pub struct Client { version: u16 }
impl Client {
    pub fn version(mut self, version: u16) -> Self { self.version = version; self }
}
impl DeskIn {
    pub fn update_model(self, model: &mut DeskRow) {
        let DeskIn { name, version } = self;
        model.name = name;
        model.version = version.unwrap_or(1);
    }
}
"""
    said = "In `DeskIn::update_model`, `name` is copied over, and `version` falls back to 1 through `unwrap_or(1)`."
    verdicts = _judged(tmp_path, rust, said, own="DeskIn::update_model", kind=Kind.CALL)
    assert verdicts and all(v.state is not State.CONTRADICTED for v in verdicts)


def test_a_call_in_the_arguments_of_another_over_several_lines_is_not_ordered_after_it(
    tmp_path: Path,
) -> None:
    """`put_raw(key, encode_value(v)?.as_bytes())` written over lines: the argument runs first,
    though the call it is given to starts on an earlier line."""
    rust = """pub struct Store;
impl Store {
    pub fn put_raw(&self, key: &[u8], value: &[u8]) -> Result<(), String> {
        Ok(())
    }
    pub fn put(&self, key: &str, value: &u64) -> Result<(), String> {
        self.put_raw(
            key.as_bytes(),
            encode_value(value)?.as_bytes(),
        )
    }
}
pub fn encode_value(v: &u64) -> Result<String, String> {
    Ok(v.to_string())
}
"""
    said = "`Store::put` encodes the value with `encode_value`, then calls `put_raw`."
    [verdict] = _judged(tmp_path, rust, said, own="Store::put", kind=Kind.ORDER)
    assert verdict.state is not State.CONTRADICTED


def test_a_parameter_list_written_whole_with_its_names_is_supported(tmp_path: Path) -> None:
    """ "`Loader::from_parts` takes `(req: Request, state: &S)`": the parameters' names are part
    of the list said, and a type parameter of the impl stands for itself."""
    rust = """pub struct Request;
pub struct Loader<T>(pub T);
impl<T, S> Extract<S> for Loader<T> {
    fn from_parts(req: Request, state: &S) -> Result<Self, String> {
        Err(String::new())
    }
}
pub trait Extract<S> {}
"""
    said = "`Loader::from_parts` takes `(req: Request, state: &S)` and returns `Result<Self, String>`."
    verdicts = _judged(tmp_path, rust, said, own="Loader::from_parts", kind=Kind.SIGNATURE)
    assert verdicts and all(v.state is State.SUPPORTED for v in verdicts)


def test_a_parameter_list_with_a_wrong_name_is_contradicted(tmp_path: Path) -> None:
    """The counter-case: a parameter named otherwise than the code names it."""
    rust = """pub struct Request;
pub fn from_parts(req: Request) -> u8 {
    0
}
"""
    said = "`from_parts` takes `(request: Request)`."
    [verdict] = _judged(tmp_path, rust, said, own="from_parts", kind=Kind.SIGNATURE)
    assert verdict.state is State.CONTRADICTED


_RETRIED = """pub struct Attempt;
impl Attempt {
    pub fn step(&self) -> bool {
        tracing::warn!("Trying again after failure: {}", 1);
        false
    }
}
pub fn with_retries(a: Attempt) -> bool {
    a.step()
}
pub fn publish(a: Attempt) -> bool {
    tracing::trace!("publishing");
    with_retries(a)
}
"""


def test_a_level_quoted_with_its_message_is_found_in_a_helper_of_a_helper(tmp_path: Path) -> None:
    """ "Each retry is logged with `warn!` as "Trying again after failure"": the retry helper's
    own helper logs that message at that level, two calls away."""
    said = 'Each retry is logged with `warn!` as "Trying again after failure" before the sleep.'
    [verdict] = _judged(tmp_path, _RETRIED, said, own="publish", kind=Kind.ERROR)
    assert verdict.state is State.SUPPORTED


def test_a_level_quoted_with_a_message_the_code_logs_otherwise_is_contradicted(tmp_path: Path) -> None:
    """The counter-case: the message is logged, but at another level than the one said."""
    said = 'Each retry is logged with `error!` as "Trying again after failure" before the sleep.'
    [verdict] = _judged(tmp_path, _RETRIED, said, own="publish", kind=Kind.ERROR)
    assert verdict.state is State.CONTRADICTED


_BEYOND_THE_RECORD = """pub fn expunge(id: u8) -> u8 {
    tracing::error!("expunging {}", id);
    id
}
pub fn deliver(id: u8) -> u8 {
    tracing::warn!("Notice body is gone; it has most likely expired");
    id
}
"""


def test_a_level_quoted_with_a_message_logged_only_beyond_the_record_is_not_judged(tmp_path: Path) -> None:
    """ "A queued retry finds the body gone, logs "…" with `warn!`": the crate logs that message
    at that level in a function the record does not reach, so the sentence speaks of that place."""
    said = 'A queued retry finds the body gone, logs "Notice body is gone; it has most likely expired" with `warn!`.'
    [verdict] = _judged(tmp_path, _BEYOND_THE_RECORD, said, own="expunge", kind=Kind.ERROR)
    assert verdict.state is State.UNCHECKABLE


_LAMPS_AFAR = """pub struct Lamp;
impl Lamp {
    pub fn light(&self) {}
    pub fn dim(&self) {}
}
pub fn switch_on(lamp: &Lamp) {
    lamp.light();
}
pub fn switch_off(lamp: &Lamp) {
    lamp.dim();
}
pub mod admin {
    pub fn relight() {
        if let Err(e) = retry() {
            tracing::warn!("relight failed: {e}");
        }
    }
    fn retry() -> Result<(), String> { Ok(()) }
}
pub mod queue {
    pub struct Line;
    impl Line {
        pub fn drain(&self) {
            tracing::trace!("drained");
        }
    }
}
"""


def _states(tmp_path: Path, rust: str, sentence: str, own: str, kind: Kind | None = None) -> list[State]:
    return [v.state for v in _judged(tmp_path, rust, sentence, own=own, kind=kind)]


def _each_contradicted(tmp_path: Path, rust: str, sentences: list[str], own: str, kind: Kind) -> None:
    """Each of the sentences, judged alone, draws a contradiction."""
    for index, sentence in enumerate(sentences):
        assert State.CONTRADICTED in _states(tmp_path / f"each{index}", rust, sentence, own, kind), sentence


def _assert_left_alone_yet_held(
    tmp_path: Path, rust: str, alone: str, held: str, own: str, kind: Kind | None = None
) -> list[State]:
    """A guard and its control: the sentence `alone` draws no contradiction, while `held`, the
    same claim said plainly, is still contradicted (the reading is not wider than it says).
    The states of `alone`, for more to be asserted of them."""
    states = _states(tmp_path, rust, alone, own, kind)
    assert State.CONTRADICTED not in states
    assert State.CONTRADICTED in _states(tmp_path / "b", rust, held, own, kind)
    return states


def test_a_function_said_as_the_place_a_sentence_looks_is_no_step_the_record_must_reach(
    tmp_path: Path,
) -> None:
    """ "In `Lamp::dim`, the level is lowered first": where the sentence looks may be code beyond
    the record's; the same function said as a step of the record is still held to it."""
    place = "In `Lamp::dim`, the level is lowered before the bulb cools."
    assert State.CONTRADICTED not in _states(tmp_path, _LAMPS_AFAR, place, "switch_on")
    step = "The switch then goes through `Lamp::dim(level)` to lower the level."
    assert State.CONTRADICTED in _states(tmp_path, _LAMPS_AFAR, step, "switch_on")


def test_a_step_given_to_the_worker_is_not_held_to_a_record_without_a_worker_side(tmp_path: Path) -> None:
    """ "On the delivery side, the worker obtains lamps through `Lamp::dim`" in a record whose
    code never reaches the worker: the worker's code is not the record's."""
    said = "On the delivery side, the worker obtains lamps through `Lamp::dim`."
    assert State.CONTRADICTED not in _states(tmp_path, _LAMPS_AFAR, said, "switch_on")
    assert State.CONTRADICTED in _states(
        tmp_path, _LAMPS_AFAR, "The switch obtains lamps through `Lamp::dim`.", "switch_on"
    )


def test_a_level_said_of_a_function_the_record_has_not_is_not_held_to_the_records_code(
    tmp_path: Path,
) -> None:
    """ "note that the admin `relight` handler only logs a failure with `tracing::warn!`", in a
    record whose code logs with `trace!` only: the function named, beyond the record, does log
    so; a level no function named logs is still contradicted."""
    said = "If you reach for the admin `relight` handler, note that it only logs a failed retry with `tracing::warn!`."
    verdicts = _judged(tmp_path, _LAMPS_AFAR, said, own="drain", kind=Kind.ERROR)
    assert State.CONTRADICTED not in [v.state for v in verdicts]
    wrong = "If you reach for the admin `relight` handler, note that it only logs a failed retry with `tracing::error!`."
    verdicts = _judged(tmp_path, _LAMPS_AFAR, wrong, own="drain", kind=Kind.ERROR)
    assert State.CONTRADICTED in [v.state for v in verdicts]


def test_a_call_whose_holder_a_caller_retries_is_not_said_unretried(tmp_path: Path) -> None:
    """`store` runs `store_raw` under `run_with_retries`, and `store_raw` hands the error of its
    `put_px` on with `?`: "a `put_px`, retried only on `Error::Pool`" is no false retry."""
    rust = """fn run_with_retries<F: Fn() -> Result<(), String>>(f: F) -> Result<(), String> { f() }
pub struct Shelf;
impl Shelf {
    pub fn store(&self) -> Result<(), String> {
        run_with_retries(|| self.store_raw())
    }
    fn store_raw(&self) -> Result<(), String> {
        put_px(3)?;
        Ok(())
    }
}
fn put_px(ttl: u64) -> Result<(), String> { Ok(()) }
"""
    said = "For a `Shelf` that means a `put_px` with the TTL in milliseconds, retried only on `Error::Pool`."
    verdicts = _judged(tmp_path, rust, said, own="store,store_raw", kind=Kind.ERROR)
    assert verdicts and all(v.state is not State.CONTRADICTED for v in verdicts)


_TALLIES = """use std::collections::HashMap;
pub struct TallyOut { pub won: i64, pub lost: i64, pub void: i64 }
pub struct Notice { pub seat: Option<String>, pub since: u64 }
pub fn tally(mut counted: HashMap<u8, i64>) -> TallyOut {
    TallyOut {
        won: counted.remove(&1).unwrap_or(0),
        lost: counted.remove(&2).unwrap_or(0),
        void: 0,
    }
}
pub fn notify(seat: &str) -> Notice {
    Notice { seat: Some(seat.to_owned()), since: 0 }
}
pub fn warn_late() -> Notice {
    Notice { seat: None, since: 1 }
}
"""


def test_a_field_said_hard_coded_is_supported_by_its_literal(tmp_path: Path) -> None:
    """ "the `void` field is hard-coded to 0": `void: 0` in the record's literal backs it."""
    said = "The `void` field is hard-coded to 0, since nothing counts it."
    verdicts = _judged(tmp_path, _TALLIES, said, own="tally", kind=Kind.VALUE)
    assert [v.state for v in verdicts] == [State.SUPPORTED]


def test_a_computed_field_said_hard_coded_is_contradicted(tmp_path: Path) -> None:
    """`lost` is computed from the counts, with 0 only as its fallback: "hard-coded to 0" is
    false, and the message shows what the code writes."""
    said = "Its second field, `lost`, is hard-coded to 0."
    [verdict] = _judged(tmp_path, _TALLIES, said, own="tally", kind=Kind.VALUE)
    assert verdict.state is State.CONTRADICTED
    assert "counted.remove(&2).unwrap_or(0)" in verdict.message


def test_a_field_said_hard_coded_of_a_function_the_record_does_not_reach_is_not_judged(
    tmp_path: Path,
) -> None:
    """ "… and `warn_late` runs, with `seat` hard-coded to `None`": the literal may be that
    function's, beyond the record's `notify`, which copies the seat."""
    said = "The notice is sent before `warn_late` runs, with `seat` hard-coded to `None`."
    verdicts = _judged(tmp_path, _TALLIES, said, own="notify", kind=Kind.VALUE)
    assert State.CONTRADICTED not in [v.state for v in verdicts]
    mine = "The notice is sent with `seat` hard-coded to `None`."
    assert [v.state for v in _judged(tmp_path, _TALLIES, mine, own="notify", kind=Kind.VALUE)] == [
        State.CONTRADICTED
    ]


def test_a_hard_coded_duration_is_not_read_as_a_bare_literal(tmp_path: Path) -> None:
    """ "`since` is hard-coded to 30 seconds" says a duration the code may build with a
    constructor: no claim of the literal 30."""
    said = "The `since` field is hard-coded to 30 seconds."
    assert _judged(tmp_path, _TALLIES, said, own="notify", kind=Kind.VALUE) == []


def test_an_error_said_of_a_function_beyond_the_record_is_judged_on_that_functions_calls(
    tmp_path: Path,
) -> None:
    """ "the worker is less forgiving: `Wick::sign` calls `key` and unwraps the result" in a
    record whose own `read` propagates `key`'s error: `sign`'s own call is the one meant."""
    rust = """pub struct Wick;
impl Wick {
    pub fn read(&self) -> Result<u8, String> {
        let k = self.key()?;
        Ok(k)
    }
    pub fn sign(&self) -> u8 {
        self.key().unwrap()
    }
    fn key(&self) -> Result<u8, String> { Ok(1) }
}
"""
    said = "The worker is less forgiving: `Wick::sign` calls `key` and unwraps the result."
    verdicts = _judged(tmp_path, rust, said, own="read", kind=Kind.ERROR)
    assert verdicts and State.CONTRADICTED not in [v.state for v in verdicts]
    wrong = "The worker hands it on: `Wick::sign` calls `key` and propagates its error with `?`."
    verdicts = _judged(tmp_path, rust, wrong, own="read", kind=Kind.ERROR)
    assert State.CONTRADICTED in [v.state for v in verdicts]


def test_a_variant_of_the_enum_a_function_takes_is_no_wrong_parameter(tmp_path: Path) -> None:
    """ "`run_task` takes the `Relight`" of `fn run_task(task: Task)`, `Relight` a variant of
    `Task`: the value it takes, not a wrong type."""
    rust = """pub struct Bulb;
pub enum Task { Relight(Bulb), Dim(Bulb) }
pub fn run_task(task: Task) -> u8 { 0 }
"""
    said = "In the worker, `run_task` takes the `Relight` and lights the bulb."
    verdicts = _judged(tmp_path, rust, said, own="run_task", kind=Kind.SIGNATURE)
    assert verdicts and State.CONTRADICTED not in [v.state for v in verdicts]


_WAITS = """pub async fn wind_down() {
    loop {
        if busy() {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        let mut ticks = tokio::time::interval(Duration::from_millis(500));
        loop {
            ticks.tick().await;
        }
    }
}
pub fn busy() -> bool {
    false
}
"""


def test_an_interval_said_as_such_is_held_to_the_interval_not_to_a_sleep(tmp_path: Path) -> None:
    """ "ticks a 100 ms interval" is the period of the `interval` timer: the loop's sleep of
    100 ms does not bear it out (while "every 100 ms" may be that sleep)."""
    [verdict] = _judged(tmp_path, _WAITS, "Once idle, it ticks a 100 ms interval.", kind=Kind.VALUE)
    assert verdict.state is State.CONTRADICTED and "500" in verdict.message
    [verdict] = _judged(
        tmp_path / "every", _WAITS, "It waits on an interval that ticks every 100 ms.", kind=Kind.VALUE
    )
    assert verdict.state is State.CONTRADICTED
    [verdict] = _judged(
        tmp_path / "true", _WAITS, "Once idle, it ticks a 500 ms `tokio::time::interval`.", kind=Kind.VALUE
    )
    assert verdict.state is State.SUPPORTED
    [verdict] = _judged(tmp_path / "loop", _WAITS, "When busy it checks again every 100 ms.", kind=Kind.VALUE)
    assert verdict.state is State.SUPPORTED


def test_an_interval_of_a_record_with_none_is_left_unjudged(tmp_path: Path) -> None:
    """A record whose code has no `interval` call leaves "a 100 ms interval" alone: the timer
    may be in code the record does not show."""
    [verdict] = _judged(tmp_path, _WAITS, "It ticks a 100 ms interval.", own="busy", kind=Kind.VALUE)
    assert verdict.state is State.UNCHECKABLE


_CONFLICTS = """pub fn is_taken(err: &DbErr) -> bool {
    err.code().filter(|code| code == "23505").is_some()
}
pub fn on_conflict(err: DbErr) -> Error {
    if is_taken(&err) { Error::conflict() } else { Error::database() }
}
pub fn store_desk() -> Result<()> {
    insert().map_err(|e| on_conflict(e))
}
"""


def test_a_database_code_said_is_held_to_the_codes_the_code_compares_with(tmp_path: Path) -> None:
    """ "looks for the Postgres code 23503" of a check that compares with "23505" is
    contradicted; the code it compares with is supported."""
    [verdict] = _judged(
        tmp_path, _CONFLICTS, "`is_taken` looks for the Postgres code `23503`.", kind=Kind.VALUE
    )
    assert verdict.state is State.CONTRADICTED and '"23505"' in verdict.message
    [verdict] = _judged(
        tmp_path / "true", _CONFLICTS, "A SQLSTATE 23505 violation becomes a conflict.", kind=Kind.VALUE
    )
    assert verdict.state is State.SUPPORTED


def test_a_database_code_of_a_record_that_compares_with_none_is_left_unjudged(tmp_path: Path) -> None:
    """A record whose code writes no code-shaped string leaves the code said alone: the
    comparison may be in a library."""
    rust = _CONFLICTS.replace('"23505"', "UNIQUE")
    [verdict] = _judged(
        tmp_path, rust, "`store_desk` maps the Postgres code 23503 to a conflict.", kind=Kind.VALUE
    )
    assert verdict.state is State.UNCHECKABLE


_STORES = """pub struct RedisStore;
pub struct NoStore;
pub enum Store {
    Redis(RedisStore),
    Off(NoStore),
}
impl From<RedisStore> for Store {
    fn from(s: RedisStore) -> Store {
        Store::Redis(s)
    }
}
pub fn pick(on: bool) -> Store {
    if on { RedisStore.into() } else { Store::Off(NoStore) }
}
"""


def test_a_variant_a_conversion_may_build_is_not_contradicted_by_never_being_named(tmp_path: Path) -> None:
    """`RedisStore.into()` builds a `Store::Redis` without naming it: "ends up as
    `Store::Redis`" is not contradicted by the record naming only `Store::Off`."""
    said = "With the flag on, the result ends up as `Store::Redis`."
    verdicts = _judged(tmp_path, _STORES, said, own="pick", kind=Kind.VALUE)
    assert all(v.state is not State.CONTRADICTED for v in verdicts)


_PARSES = """pub struct HttpError;
impl HttpError {
    pub fn not_found() -> HttpError {
        HttpError
    }
    pub fn unprocessable_entity() -> HttpError {
        HttpError
    }
}
pub struct Desk;
pub fn load_desk() -> Result<Desk> {
    Err(HttpError::not_found())
}
pub struct CheckedJson<T>(pub T);
impl<T> CheckedJson<T> {
    pub fn parse() -> Result<CheckedJson<T>> {
        Err(HttpError::unprocessable_entity())
    }
}
"""


def test_an_error_said_in_a_clause_with_a_subject_of_its_own_is_not_the_first_subjects(
    tmp_path: Path,
) -> None:
    """ "`load_desk` finds the desk, and `CheckedJson<T>` parses the body, turning a failure
    into `HttpError::unprocessable_entity`": the error is the second clause's, not
    `load_desk`'s."""
    said = (
        "`load_desk` finds the desk, and `CheckedJson<T>` parses the body, turning a failure "
        "into `HttpError::unprocessable_entity`."
    )
    verdicts = _judged(tmp_path, _PARSES, said, kind=Kind.ERROR)
    assert verdicts and all(v.state is not State.CONTRADICTED for v in verdicts)
    [verdict] = _judged(
        tmp_path / "one",
        _PARSES,
        "`load_desk` resolves the desk, turning a miss into `HttpError::unprocessable_entity`.",
        kind=Kind.ERROR,
    )
    assert verdict.state is State.CONTRADICTED


_RANGES = """pub struct Span;
impl Span {
    pub fn bounds(self) -> (u64, u64) {
        (0, 1)
    }
}
"""


def test_a_method_taking_self_takes_its_owner_type(tmp_path: Path) -> None:
    """ "`Span::bounds` consumes the `Span`" of `fn bounds(self)`: its receiver is that value."""
    [verdict] = _judged(
        tmp_path, _RANGES, "`Span::bounds` consumes the `Span` and hands back a pair.", kind=Kind.SIGNATURE
    )
    assert verdict.state is State.SUPPORTED


def test_a_colon_before_a_value_named_with_an_article_opens_a_new_clause() -> None:
    """ "… runs `f` and `g`, and then matches the result: a `Done::Ok` goes to `h`": `g` does
    not call `h`."""
    said = "`run_all` runs `prep` and `send_one`, and then matches the outcome: a `Done::Ok` goes to `on_ok`."
    assert ("send_one", "on_ok") not in {(c.subject, c.object) for c in claims(said) if c.kind is Kind.CALL}


def test_the_function_a_noun_acts_through_is_not_who_it_stands_for() -> None:
    """ "… the lookup by `find_desk` finds it. It then fetches …": "It" is not `find_desk`."""
    said = claims("Here the lookup by `find_desk` finds it. It then fetches the shelf through `load_shelf`.")
    assert all(c.subject != "find_desk" for c in said if c.kind is Kind.CALL)


def test_a_leading_clause_with_two_names_leaves_the_handler_as_subject() -> None:
    """ "When `req.kind` equals `PING_NAME`, which is `desk.ping`, the handler uses …. Otherwise
    it looks …": "it" is the handler, not `ping`."""
    said = claims(
        "When `req.kind` equals `PING_NAME`, which is `desk.ping`, the handler uses a fixed body. "
        "Otherwise it looks the kind up with `find_kind`."
    )
    assert all(c.subject != "ping" for c in said if c.kind is Kind.CALL)


def test_it_after_two_clauses_with_subjects_of_their_own_may_be_either() -> None:
    """ "`check_uid` checks X and `insert_app` inserts it. Next it calls `f`": either subject
    may go on, so the judge picks no one of them."""
    said = claims("`check_uid` checks the uid and `insert_app` inserts it. Next it calls `load_app`.")
    [call] = [c for c in said if c.kind is Kind.CALL and c.object == "load_app"]
    assert call.subject == "check_uid|insert_app"


_SUCCESSES = """use axum::{http::StatusCode, response::{IntoResponse, Response}, Json};
pub struct Bare;
impl IntoResponse for Bare {
    fn into_response(self) -> Response {
        StatusCode::NO_CONTENT.into_response()
    }
}
pub struct Tagged<const CODE: u16, T>(pub T);
impl<const CODE: u16, T> IntoResponse for Tagged<CODE, T> {
    fn into_response(self) -> Response {
        (StatusCode::from_u16(CODE).unwrap(), Json(self.0)).into_response()
    }
}
pub struct Widget;
pub async fn drop_widget(id: u64) -> Result<Bare> {
    forget(id).await?;
    Ok(Bare)
}
pub async fn make_widget() -> Result<Tagged<202, Widget>> {
    Ok(Tagged(Widget))
}
pub async fn read_widget() -> Result<Json<Widget>> {
    Ok(Json(Widget))
}
pub async fn stream_widgets() -> impl IntoResponse {
    Bare
}
pub async fn touch_widget() -> Result<StatusCode> {
    Ok(StatusCode::NO_CONTENT)
}
"""


def test_a_handler_said_to_answer_another_success_status_is_contradicted(tmp_path: Path) -> None:
    [verdict] = _judged(tmp_path, _SUCCESSES, "On success the handler returns 200.", own="drop_widget")
    assert verdict.state is State.CONTRADICTED
    assert "`drop_widget` answers 204 (`StatusCode::NO_CONTENT`" in verdict.message
    assert verdict.message.endswith("the text says 200")


def test_a_handler_said_to_answer_its_success_status_is_supported(tmp_path: Path) -> None:
    [verdict] = _judged(tmp_path, _SUCCESSES, "The handler answers 204.", own="drop_widget")
    assert verdict.state is State.SUPPORTED


def test_a_status_given_as_a_type_argument_is_what_the_handler_answers(tmp_path: Path) -> None:
    said = _judged(tmp_path, _SUCCESSES, "The client sees a 201.", own="make_widget")
    assert [v.state for v in said] == [State.CONTRADICTED]
    assert [v.state for v in _judged(tmp_path, _SUCCESSES, "The client sees a 202.", own="make_widget")] == [
        State.SUPPORTED
    ]


def test_the_framework_json_answers_200_on_success(tmp_path: Path) -> None:
    [verdict] = _judged(tmp_path, _SUCCESSES, "The handler returns 204.", own="read_widget")
    assert verdict.state is State.CONTRADICTED
    assert "`read_widget` answers 200 (`Json`" in verdict.message


def test_a_handler_whose_status_is_not_read_leaves_the_success_status_unjudged(tmp_path: Path) -> None:
    verdicts = _judged(tmp_path, _SUCCESSES, "The handler returns 200.", own="drop_widget,stream_widgets")
    assert [v.state for v in verdicts] == [State.UNCHECKABLE]


def test_a_handler_answering_a_bare_status_code_answers_the_2xx_its_body_names(tmp_path: Path) -> None:
    [verdict] = _judged(tmp_path, _SUCCESSES, "The handler returns 200.", own="touch_widget")
    assert verdict.state is State.CONTRADICTED


def test_a_named_handler_said_to_answer_a_2xx_is_held_to_its_return_type(tmp_path: Path) -> None:
    [verdict] = _judged(
        tmp_path, _SUCCESSES, "`make_widget` answers 200.", own="make_widget", kind=Kind.VALUE
    )
    assert verdict.state is State.CONTRADICTED
    assert "`make_widget` answers 202" in verdict.message


def test_a_status_constant_said_to_be_another_number_is_contradicted(tmp_path: Path) -> None:
    verdicts = _judged(
        tmp_path, _SUCCESSES, "It answers `StatusCode::NO_CONTENT`, which is 200.", own="touch_widget"
    )
    contradicted = [v for v in verdicts if v.state is State.CONTRADICTED]
    assert [v.message.split(" at ")[0] for v in contradicted] == ["`StatusCode::NO_CONTENT` is a 204"]


def test_a_result_said_to_render_as_a_status_is_judged_on_the_type_it_holds(tmp_path: Path) -> None:
    verdicts = _judged(
        tmp_path, _SUCCESSES, "`drop_widget` returns `Result<Bare>`, which renders as 200.", kind=Kind.VALUE
    )
    assert [v.state for v in verdicts] == [State.CONTRADICTED]
    assert verdicts[0].message.startswith("`Bare` answers a 204")


def test_a_missing_row_said_of_a_function_beyond_the_record_is_not_judged_on_the_record(
    tmp_path: Path,
) -> None:
    """ "In the worker, `reload_desk` loads the desk again, and a missing desk becomes …": said
    of a function the record does not show, so the record's own lookups do not judge it; said
    of the record's function, they do."""
    rust = _MISSING + "pub fn reload_desk(id: u64) -> Option<u64> {\n    desk::Entity::find_by_id(id)\n}\n"
    beyond = "In the worker, `reload_desk` loads the desk again, and a missing desk becomes `HttpError::bad_request`."
    mine = "In the handler, `close_desk` loads the desk, and a missing desk becomes `HttpError::bad_request`."
    _assert_left_alone_yet_held(tmp_path, rust, beyond, mine, "close_desk", Kind.ERROR)


_ABOVE = """pub struct Pool;
impl Pool {
    pub fn open() -> Pool { Pool }
    pub fn close_all() {}
}
pub async fn start_desk() {
    let pool = Pool::open();
    drain_loop(pool).await;
}
pub async fn drain_loop(pool: Pool) {
    drain_once(&pool).await;
}
pub async fn drain_once(pool: &Pool) {}
pub fn unrelated() {
    Pool::close_all();
}
"""


def test_a_step_the_caller_of_the_record_makes_is_not_said_to_be_missing(tmp_path: Path) -> None:
    """ "After building the pool with `Pool::open`, it runs `drain_loop`": the function that
    calls the record's loop makes that call, one step above the record; a call no caller of
    the record makes is still contradicted."""
    above = "After building the pool with `Pool::open`, it hands it to `drain_loop`."
    verdicts = _judged(tmp_path, _ABOVE, above, own="drain_loop,drain_once", kind=Kind.CALL)
    assert State.CONTRADICTED not in [v.state for v in verdicts]
    elsewhere = "The loop first closes everything with `Pool::close_all`."
    verdicts = _judged(tmp_path / "b", _ABOVE, elsewhere, own="drain_loop,drain_once", kind=Kind.CALL)
    assert State.CONTRADICTED in [v.state for v in verdicts]


def test_a_step_after_a_sentence_says_it_speaks_of_another_path_is_not_the_records(tmp_path: Path) -> None:
    """ "Closing is a separate CLI path: it calls `Pool::close_all` …" speaks of code the record
    does not show; without that opening, the call is looked for in the record."""
    own = "drain_loop,drain_once"
    separate = "Closing is a separate CLI path: it calls `Pool::close_all` once."
    plain = "Closing then calls `Pool::close_all` once."
    _assert_left_alone_yet_held(tmp_path, _ABOVE, separate, plain, own, Kind.CALL)


_WORKER_ABOVE = """pub struct Desk;
impl Desk {
    pub fn layered() -> Desk { Desk }
}
pub async fn process_task() {
    let desk = Desk::layered();
    dispatch_task(desk).await;
}
pub async fn dispatch_task(desk: Desk) {
    send_one(desk).await;
}
pub async fn send_one(desk: Desk) {
    prepare_send(desk);
}
pub fn prepare_send(desk: Desk) {}
"""


def test_a_step_given_to_the_worker_above_the_records_part_of_it_is_not_said_to_be_missing(
    tmp_path: Path,
) -> None:
    """ "The worker gets desks through `Desk::layered`" of a record that shows only the worker's
    `prepare_send`: the worker's code that leads there makes the call; said of the record
    itself, the call is still looked for one step above it only."""
    said = "The worker gets desks through `Desk::layered` with a short TTL."
    plain = "Desks are loaded through `Desk::layered` with a short TTL."
    _assert_left_alone_yet_held(tmp_path, _WORKER_ABOVE, said, plain, "prepare_send", Kind.CALL)


_GUARDED = """pub mod shelf {
    pub struct Entity;
    impl Entity {
        pub fn find_by_key() {}
        pub fn find_by_name() {}
    }
}
pub struct AppGuard;
impl AppGuard {
    pub async fn from_request_parts() -> AppGuard {
        shelf::Entity::find_by_key();
        AppGuard
    }
}
pub async fn create_shelf(guard: AppGuard) {
    shelf::Entity::find_by_name();
}
"""


def test_a_step_said_of_the_type_whose_method_reaches_it_is_that_types(tmp_path: Path) -> None:
    """ "the `AppGuard` extractor has resolved the shelf with `shelf::Entity::find_by_key`": the
    record reaches the call only through `AppGuard::from_request_parts`, the type said to act;
    said of the record's own body, the sibling it calls there contradicts it."""
    said = "Before its body runs, the `AppGuard` extractor has resolved the shelf with `shelf::Entity::find_by_key`."
    plain = "Before anything else, the shelf is resolved with `shelf::Entity::find_by_key`."
    _assert_the_type_said_acts(tmp_path, _GUARDED, said, plain, "create_shelf")


def _assert_the_type_said_acts(tmp_path: Path, rust: str, said: str, plain: str, own: str) -> None:
    """The step `said` of the type is supported and not contradicted; the same step said of the
    record alone (`plain`) is contradicted by the sibling the record calls."""
    assert State.SUPPORTED in _assert_left_alone_yet_held(tmp_path, rust, said, plain, own, Kind.CALL)


_GUARDED_TWICE = """pub mod shelf {
    pub struct Entity;
    impl Entity {
        pub fn secure_find_by_key() {}
        pub fn secure_find() {}
    }
    pub struct Model;
    impl Model {
        pub fn load_with_meta() {
            Entity::secure_find_by_key();
        }
        pub fn meta(&self) {
            Entity::secure_find();
        }
    }
}
pub struct AppGuard;
impl AppGuard {
    pub async fn from_request_parts() -> AppGuard {
        shelf::Entity::secure_find_by_key();
        AppGuard
    }
}
pub async fn get_shelf() {
    shelf::Model::load_with_meta();
}
pub async fn patch_shelf(guard: AppGuard) {
    shelf::Model.meta();
}
"""


def test_a_step_said_of_a_type_is_that_types_though_the_record_reaches_it_elsewhere_first(
    tmp_path: Path,
) -> None:
    """ "gets its shelf from `AppGuard`, which looks the row up with `f`": of the functions the
    record reaches that call `f`, the one of the type said acts, whichever is reached first;
    said of the record alone, the sibling its body calls still contradicts it."""
    said = "The handler gets its shelf from `AppGuard`, which looks the row up with `shelf::Entity::secure_find_by_key`."
    plain = "Before anything else, the row is looked up with `shelf::Entity::secure_find_by_key`."
    _assert_the_type_said_acts(tmp_path, _GUARDED_TWICE, said, plain, "get_shelf,patch_shelf,meta")


_CHAINED = """pub struct Cache;
pub trait CanFail {
    fn can_fail(self, detail: &'static str);
}
impl CanFail for Result<(), String> {
    fn can_fail(self, detail: &'static str) {}
}
pub struct Desk;
impl Desk {
    pub async fn invalidate(cache: &Cache) -> Result<(), String> {
        Ok(())
    }
    pub async fn refill(cache: &Cache) -> Result<(), String> {
        Ok(())
    }
}
pub async fn update_desk(cache: &Cache) {
    Desk::invalidate(cache)
        .await
        .can_fail("invalidating");
    Desk::refill(cache).await.ok();
}
"""


def test_a_call_said_to_go_through_what_its_result_is_chained_into_is_not_contradicted(
    tmp_path: Path,
) -> None:
    """ "`Desk::invalidate` goes through `can_fail`" where the record writes
    `Desk::invalidate(…).await.can_fail(…)`: its result goes there; a call whose result is
    not chained into it is still held to what it reaches."""
    said = "In both handlers, `Desk::invalidate` goes through `can_fail`, so a cache error is logged and dropped."
    assert State.CONTRADICTED not in _states(tmp_path, _CHAINED, said, "update_desk", Kind.CALL)
    other = (
        "In both handlers, `Desk::refill` goes through `can_fail`, so a cache error is logged and dropped."
    )
    assert State.CONTRADICTED in _states(tmp_path / "b", _CHAINED, other, "update_desk", Kind.CALL)


_PAGED = """pub fn list_page(mut rows: Vec<u64>, limit: usize) -> Vec<u64> {
    rows.truncate(limit);
    rows.reverse();
    rows
}
pub fn list_rows(rows: Vec<u64>, limit: usize) -> Vec<u64> {
    list_page(rows, limit)
}
"""


def test_a_verb_ordered_against_a_gerund_is_held_to_the_calls_its_stems_begin(tmp_path: Path) -> None:
    """ "reverses the rows before truncating them": `reverse` before `truncate` in the function
    said, or in the helper of the record it hands the work to."""
    wrong = "`list_page` reverses the rows before truncating them."
    assert State.CONTRADICTED in _states(tmp_path, _PAGED, wrong, "list_page", Kind.ORDER)
    right = "`list_page` truncates the rows before reversing them."
    assert _states(tmp_path / "b", _PAGED, right, "list_page", Kind.ORDER) == [State.SUPPORTED]
    handed = "`list_rows` reverses the rows before truncating them."
    assert State.CONTRADICTED in _states(tmp_path / "c", _PAGED, handed, "list_rows,list_page", Kind.ORDER)


def test_a_verb_ordered_against_a_verb_after_it_is_held_as_against_a_gerund(tmp_path: Path) -> None:
    """ "It reverses the rows before it truncates them" says what "before truncating them" says."""
    wrong = "It reverses the rows for a `Prev` page before it truncates them to `limit`."
    assert State.CONTRADICTED in _states(tmp_path, _PAGED, wrong, "list_page", Kind.ORDER)
    right = "It truncates the rows to `limit` before it reverses them."
    assert _states(tmp_path / "b", _PAGED, right, "list_page", Kind.ORDER) == [State.SUPPORTED]


_FORWARDED = """pub struct Store;
impl Store {
    pub fn find_by_key() {}
    pub fn find_by_id() {}
}
pub fn lookup() {
    Store::find_by_id();
}
pub fn create_desk() {
    create_desk_inner();
}
pub fn create_desk_inner() {
    Store::find_by_key();
    lookup();
}
"""
_FORWARDED_TEXT = (
    "The route handler `create_desk` takes the body. It forwards everything to `create_desk_inner`. "
    "The first thing `create_desk_inner` does is check the key. Next it runs `{}`."
)


def test_a_step_said_after_a_caller_handed_all_its_work_on_is_held_to_the_one_it_handed_to(
    tmp_path: Path,
) -> None:
    """ "Next it runs `f`" after the text turned from `create_desk` to the `create_desk_inner` it
    forwards everything to: either may be meant, and the caller reaches `f` only as far as the
    one it hands to does, so a call the latter makes only deeper is false of both."""
    own = "create_desk,create_desk_inner,lookup"
    wrong = _FORWARDED_TEXT.format("Store::find_by_id")
    assert State.CONTRADICTED in _states(tmp_path, _FORWARDED, wrong, own, Kind.CALL)
    right = _FORWARDED_TEXT.format("Store::find_by_key")
    assert State.CONTRADICTED not in _states(tmp_path / "b", _FORWARDED, right, own, Kind.CALL)
    # a caller that makes calls of its own besides: it may be the one meant, and it reaches `f`
    also = _FORWARDED.replace("    create_desk_inner();\n", "    create_desk_inner();\n    lookup();\n", 1)
    assert State.CONTRADICTED not in _states(tmp_path / "c", also, wrong, own, Kind.CALL)


def test_a_step_said_after_two_functions_neither_of_which_made_it_is_left_alone(tmp_path: Path) -> None:
    """ "`check_desk` is checked before `store_desk` creates it. Next it calls `f`": "it" may be
    the function that runs both, named a sentence before, so the step is false of neither."""
    rust = _FORWARDED + "pub fn check_desk() {}\npub fn store_desk() {}\n"
    said = (
        "If only the body carries a desk, `check_desk` is checked before `store_desk` creates it. "
        "Next it calls `Store::find_by_key`."
    )
    own = "create_desk_inner,check_desk,store_desk"
    assert State.CONTRADICTED not in _states(tmp_path, rust, said, own, Kind.CALL)


_FALLS_BACK = """pub trait CanFail {
    type Output;
    fn can_fail(self, detail: &'static str) -> Self::Output;
}
impl<T: Default, E: std::fmt::Debug> CanFail for Result<T, E> {
    type Output = T;
    fn can_fail(self, detail: &'static str) -> Self::Output {
        self.unwrap_or_else(|e| {
            tracing::error!(error = ?e, "swallowing error {detail}");
            T::default()
        })
    }
}
pub fn load_or_fail(key: u64) -> Result<u64, String> {
    let found = lookup(key).unwrap_or_else(|_| 0);
    check(found)?;
    Ok(found)
}
pub fn lookup(key: u64) -> Result<u64, String> {
    Ok(key)
}
pub fn check(value: u64) -> Result<(), String> {
    Ok(())
}
"""


def test_a_function_that_unwraps_its_result_with_a_fallback_is_said_to_propagate_in_vain(
    tmp_path: Path,
) -> None:
    """ "`can_fail` logs the error and then propagates it" of a body that unwraps with
    `unwrap_or_else` and has no `?`, `Err` or `return`: it hands no error on; a body with a `?`
    beside its fallback may."""
    said = "`can_fail` logs the error with `tracing::error!` and then propagates it to the handler."
    assert State.CONTRADICTED in _states(tmp_path, _FALLS_BACK, said, "can_fail", Kind.ERROR)
    other = "`load_or_fail` logs the error and then propagates it to the handler."
    assert State.CONTRADICTED not in _states(tmp_path / "b", _FALLS_BACK, other, "load_or_fail", Kind.ERROR)


def test_a_traits_method_said_to_propagate_is_held_to_the_impls_that_give_it_a_body(tmp_path: Path) -> None:
    """ "`CanFail::can_fail` logs the error and then propagates it": the trait's declaration has
    no body, and its one impl unwraps with a fallback, so it hands no error on."""
    said = "`CanFail::can_fail` logs the error with `tracing::error!` and then propagates it to the handler."
    assert State.CONTRADICTED in _states(tmp_path, _FALLS_BACK, said, "can_fail", Kind.ERROR)


_HEADER_BAG = """pub struct HeaderBag;
impl HeaderBag {
    pub fn insert(&mut self, key: &str) -> Result<(), String> { Ok(()) }
}
pub fn on_conflict(e: String) -> String { e }
pub async fn create_desk(model: Model, db: &Db) -> Result<(), String> {
    model.insert(db).await.map_err(on_conflict)?;
    Ok(())
}
pub fn tag_desk(bag: &mut HeaderBag) -> Result<(), String> {
    bag.insert("desk")?;
    on_conflict(String::new());
    Ok(())
}
"""


def test_a_call_said_to_map_its_failure_through_what_the_record_maps_its_error_with_is_not_contradicted(
    tmp_path: Path,
) -> None:
    """ "`insert` maps a failure through `on_conflict`" where the record writes
    `model.insert(db).await.map_err(on_conflict)`: its error goes there, whichever `insert`
    it is (the crate's only one, `HeaderBag::insert`, reaches no `on_conflict`); an `insert`
    whose error the record does not map with it is still held to what it reaches."""
    said = "`insert` maps a unique failure through `on_conflict`."
    assert State.CONTRADICTED not in _states(tmp_path, _HEADER_BAG, said, "create_desk", Kind.CALL)
    assert State.CONTRADICTED in _states(tmp_path / "b", _HEADER_BAG, said, "tag_desk", Kind.CALL)


_STORE_ERRORS = """pub enum StoreError { Input(String), Overflow, Missing }
pub fn put_raw(ttl: u128) -> Result<u64, StoreError> {
    u64::try_from(ttl).map_err(|e| StoreError::Input(e.to_string()))
}
pub fn get_raw(key: &str) -> Result<u64, StoreError> {
    if key.is_empty() {
        return Err(StoreError::Missing);
    }
    Ok(1)
}
"""


def test_an_error_variant_said_of_a_function_that_names_others_of_its_enum_is_contradicted(
    tmp_path: Path,
) -> None:
    """ "`put_raw` …, and a TTL that does not fit becomes `StoreError::Overflow`" where
    `put_raw` builds `StoreError::Input` and nothing it reaches names `Overflow`; the variant
    it does name is borne out."""
    said = "`put_raw` converts the TTL, and a TTL that does not fit becomes `StoreError::Overflow`."
    [verdict] = _judged(tmp_path, _STORE_ERRORS, said, kind=Kind.ERROR)
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("`put_raw` (lib.rs:2) names `StoreError::Input` and never")
    said = "`get_raw` returns `StoreError::Missing` for an empty key."
    assert _states(tmp_path / "true", _STORE_ERRORS, said, "", Kind.ERROR) == [State.SUPPORTED]


def test_an_error_variant_that_holds_data_is_not_judged_against_the_variants_a_function_names(
    tmp_path: Path,
) -> None:
    """ "`get_raw` returns `StoreError::Input`": a variant holding a value may come from a
    conversion (`?` on a `#[from]` source) that names no variant, so it is left alone."""
    said = "`get_raw` returns `StoreError::Input` for an empty key."
    assert State.CONTRADICTED not in _states(tmp_path, _STORE_ERRORS, said, "", Kind.ERROR)


def test_two_passives_ordered_are_judged_in_the_one_function_that_calls_both(tmp_path: Path) -> None:
    """ "The rows are reversed before being truncated" (or "… before the extra row is
    truncated"), said of no function: `list_page`, the only one of the record that calls a
    `revers…` and a `truncat…`, truncates first."""
    for index, said in enumerate(
        [
            "The rows are reversed before being truncated to `limit`.",
            "A `Prev` page is reversed before the extra row is truncated.",
        ]
    ):
        states = _states(tmp_path / str(index), _PAGED, said, "list_rows,list_page", Kind.ORDER)
        assert states == [State.CONTRADICTED]
    said = "The rows are truncated before being reversed."
    assert _states(tmp_path / "true", _PAGED, said, "list_rows,list_page", Kind.ORDER) == [State.SUPPORTED]


def test_two_passives_ordered_are_left_alone_where_two_functions_call_both(tmp_path: Path) -> None:
    """Which function the sentence speaks of is unknown when two of the record call both."""
    rust = (
        _PAGED
        + "pub fn list_back(mut rows: Vec<u64>) -> Vec<u64> {\n    rows.reverse();\n    rows.truncate(1);\n    rows\n}\n"
    )
    said = "The rows are reversed before being truncated to `limit`."
    assert _states(tmp_path, rust, said, "list_page,list_back", Kind.ORDER) == [State.UNCHECKABLE]


_COUNTED_PAGE = """pub fn count_page(mut rows: Vec<u64>, limit: usize) -> (Vec<u64>, bool) {
    let last = rows.len() <= limit;
    rows.truncate(limit);
    (rows, last)
}
pub fn list_counted(rows: Vec<u64>, limit: usize) -> (Vec<u64>, bool) {
    count_page(rows, limit)
}
"""


def test_a_local_said_computed_after_a_verb_is_held_to_where_the_body_binds_it(tmp_path: Path) -> None:
    """ "computes `last` … after truncating the rows": `let last = …` comes before the
    `truncate` call, in the function said or, said of none, the one of the record doing both."""
    wrong = [
        "`count_page` computes `last` as `rows.len() <= limit` after truncating the rows.",
        "It first truncates the rows to `limit`, and only then sets `last`.",
        "`count_page` truncates the rows before computing `last`.",
    ]
    _each_contradicted(tmp_path, _COUNTED_PAGE, wrong, "list_counted,count_page", Kind.ORDER)
    right = "`count_page` computes `last` before it truncates the rows to `limit`."
    states = _states(tmp_path / "true", _COUNTED_PAGE, right, "list_counted,count_page", Kind.ORDER)
    assert states == [State.SUPPORTED]


def test_a_local_said_computed_is_left_alone_where_the_body_binds_it_twice(tmp_path: Path) -> None:
    """Which of two bindings the sentence means is unknown."""
    rust = _COUNTED_PAGE.replace(
        "    rows.truncate(limit);\n", "    rows.truncate(limit);\n    let last = !last;\n"
    )
    said = "`count_page` computes `last` after truncating the rows."
    assert State.CONTRADICTED not in _states(tmp_path, rust, said, "count_page", Kind.ORDER)


_ENSURED = """pub struct Pool;
pub fn issue(pool: &Pool) -> Result<(), String> {
    Ok(())
}
pub fn ensure_shelf(pool: &Pool) -> Result<(), String> {
    issue(pool)?;
    Ok(())
}
pub fn run_shelves(pool: &Pool) {
    if let Err(e) = ensure_shelf(pool) {
        tracing::error!("{e}");
        return;
    }
}
"""


def test_a_function_said_in_a_relative_clause_to_propagate_speaks_of_its_own_body(tmp_path: Path) -> None:
    """ "calls `ensure_shelf`, which issues X and propagates the error with `?`": what the
    callee's body does with its calls' errors, not what its caller does with its error."""
    alone = "`run_shelves` first calls `ensure_shelf`, which issues a statement and propagates the error with `?`."
    held = "`run_shelves` first calls `ensure_shelf` and propagates its error with `?`."
    _assert_left_alone_yet_held(tmp_path, _ENSURED, alone, held, "run_shelves,ensure_shelf", Kind.ERROR)


_SAVED_TWICE = """pub struct Shelf;
pub struct Db;
impl Shelf {
    pub async fn insert(&self, db: &Db) -> Result<Shelf, String> {
        Ok(Shelf)
    }
    pub async fn update(&self, db: &Db) -> Result<Shelf, String> {
        Ok(Shelf)
    }
}
pub fn on_conflict(e: String) -> String {
    e
}
pub async fn create_shelf(db: &Db, shelf: Shelf) -> Result<Shelf, String> {
    let stored = shelf.insert(db).await.map_err(on_conflict)?;
    Ok(stored)
}
pub async fn delete_shelf(db: &Db, shelf: Shelf) -> Result<(), String> {
    shelf.update(db).await?;
    Ok(())
}
"""


def test_a_failed_action_is_judged_on_the_calls_of_the_function_the_sentence_names(tmp_path: Path) -> None:
    """ "`delete_shelf` … propagates a database error with plain `?`": its own `update`, not the
    mapped `insert` of the record's first function that writes."""
    said = "`delete_shelf` saves with a single `update` and propagates a database error with plain `?`."
    states = _states(tmp_path, _SAVED_TWICE, said, "create_shelf,delete_shelf", Kind.ERROR)
    assert State.CONTRADICTED not in states
    wrong = "`create_shelf` saves with a single `insert` and propagates a database error with plain `?`."
    assert State.CONTRADICTED in _states(
        tmp_path / "b", _SAVED_TWICE, wrong, "create_shelf,delete_shelf", Kind.ERROR
    )


_LEVELS = """pub struct HttpError;
impl HttpError {
    pub fn unauthorized() -> HttpError {
        HttpError
    }
    pub fn forbidden() -> HttpError {
        HttpError
    }
}
pub enum Level {
    Org(u64),
    App(u64),
}
pub fn bearer(token: &str) -> Result<Level, HttpError> {
    if token.is_empty() {
        return Err(HttpError::unauthorized());
    }
    Ok(Level::App(1))
}
pub fn org_only(token: &str) -> Result<u64, HttpError> {
    let level = bearer(token)?;
    let org = match level {
        Level::Org(org) => org,
        _ => return Err(HttpError::forbidden()),
    };
    Ok(org)
}
"""


def test_an_error_said_of_the_arms_other_than_a_variant_is_held_to_what_they_build(tmp_path: Path) -> None:
    """ "Any level other than `Level::Org` gets `HttpError::unauthorized`": the arm beside the
    `Org` arm builds `HttpError::forbidden`, though the function reaches `unauthorized` too."""
    wrong = [
        "Any level other than `Level::Org` gets `HttpError::unauthorized`, a 401.",
        "Only `Level::Org` passes, and any other access level is refused with `HttpError::unauthorized`.",
        "Any other access level is refused with `HttpError::unauthorized`.",
    ]
    _each_contradicted(tmp_path, _LEVELS, wrong, "org_only", Kind.ERROR)
    # (the function named holds the arms, though the record's code does not)
    named = "A token is turned away, because `org_only` answers through `HttpError::unauthorized` for any level other than `Level::Org`."
    assert State.CONTRADICTED in _states(tmp_path / "named", _LEVELS, named, "bearer", Kind.ERROR)
    right = "Any level other than `Level::Org` gets `HttpError::forbidden`, a 403."
    assert State.SUPPORTED in _states(tmp_path / "true", _LEVELS, right, "org_only", Kind.ERROR)


def test_an_error_said_of_any_other_value_is_left_alone_where_two_wildcard_arms_build_one(
    tmp_path: Path,
) -> None:
    """With no variant named, which of two wildcard arms the sentence means is unknown."""
    rust = _LEVELS + (
        "pub fn app_only(level: Level) -> Result<u64, HttpError> {\n"
        "    match level {\n        Level::App(app) => Ok(app),\n        _ => Err(HttpError::forbidden()),\n    }\n}\n"
    )
    said = "Any other access level is refused with `HttpError::unauthorized`."
    assert State.CONTRADICTED not in _states(tmp_path, rust, said, "org_only,app_only", Kind.ERROR)


_LOGS_AND_RETURNS = """pub fn run_inner(task: u64) -> Result<(), String> {
    Ok(())
}
pub fn run_task(task: u64) -> Result<(), String> {
    run_inner(task).map_err(|e| {
        tracing::error!("{e}");
        e
    })
}
pub fn run_quiet(task: u64) -> Result<(), String> {
    if let Err(e) = run_inner(task) {
        tracing::error!("{e}");
    }
    Ok(())
}
"""


def test_an_error_coming_back_said_only_logged_is_held_to_the_delegate_s_call(tmp_path: Path) -> None:
    """ "It delegates to `run_inner`, and any error coming back is logged … and then
    swallowed": `run_task` logs it and hands it on; `run_quiet` really swallows it."""
    for index, said in enumerate(
        [
            "It delegates to `run_inner`, and any error coming back is logged with `tracing::error!` and then swallowed.",
            "It awaits `run_inner`, logs the error with `tracing::error!` and then returns `Ok(())`.",
        ]
    ):
        assert State.CONTRADICTED in _states(
            tmp_path / str(index), _LOGS_AND_RETURNS, said, "run_task", Kind.ERROR
        )
        states = _states(tmp_path / f"quiet{index}", _LOGS_AND_RETURNS, said, "run_quiet", Kind.ERROR)
        assert State.CONTRADICTED not in states


def test_an_error_logged_and_still_returned_is_not_read_as_only_logged(tmp_path: Path) -> None:
    """ "… logs the error with `tracing::error!` and still returns it to its caller": handed on."""
    said = (
        "`run_task` wraps `run_inner` and, when the inner call fails, logs the error with "
        "`tracing::error!` and still returns it to its caller rather than swallowing it."
    )
    assert State.CONTRADICTED not in _states(tmp_path, _LOGS_AND_RETURNS, said, "run_task", Kind.ERROR)


_POOLED = """pub struct Pool;
pub struct CancelToken;
pub struct Desk;
pub struct Shelf;
pub fn shutdown_token() -> CancelToken {
    CancelToken
}
pub fn run_pool(pool: &Pool) {
    let token = shutdown_token();
}
pub fn create_desk(pool: &Pool) -> Result<Desk, String> {
    Ok(Desk)
}
"""


def test_a_type_taken_from_a_call_is_no_parameter(tmp_path: Path) -> None:
    """ "`run_pool` takes a `CancelToken` from `shutdown_token`": obtained in the body."""
    alone = "`run_pool` takes a `CancelToken` from `shutdown_token` and loops."
    held = "`run_pool` takes a `CancelToken` and loops."
    _assert_left_alone_yet_held(tmp_path, _POOLED, alone, held, "run_pool", Kind.SIGNATURE)


def test_a_one_letter_type_argument_stands_for_any_type(tmp_path: Path) -> None:
    """ "A handler such as `create_desk` returns `Result<T>`": `T` is whatever it returns."""
    alone = "A handler such as `create_desk` returns `Result<T>`, the crate alias for a result."
    held = "A handler such as `create_desk` returns `Result<Shelf>`, the crate alias for a result."
    _assert_left_alone_yet_held(tmp_path, _POOLED, alone, held, "create_desk", Kind.SIGNATURE)


_TRANSACTED = """pub struct Db;
impl Db {
    pub fn transaction(&self, work: u64) -> u64 {
        work
    }
}
pub struct DeskCache;
impl DeskCache {
    pub fn invalidate(key: u64) {}
}
pub fn patch_desk(db: &Db, key: u64) {
    let saved = db.transaction(key);
    DeskCache::invalidate(saved);
}
"""


def test_a_step_said_before_the_transaction_opens_is_held_to_the_call_that_opens_it(tmp_path: Path) -> None:
    """ "`DeskCache::invalidate` runs before that transaction is opened" (or "Before opening the
    transaction, `f` calls …", "`f` invalidates the cache before …"): the body opens it first."""
    wrong = [
        "`DeskCache::invalidate` runs before that transaction is opened.",
        "Before opening the transaction, `patch_desk` calls `DeskCache::invalidate`.",
        "`patch_desk` invalidates the cache before the transaction opens.",
    ]
    _each_contradicted(tmp_path, _TRANSACTED, wrong, "patch_desk", Kind.ORDER)
    right = "`DeskCache::invalidate` runs after the transaction is opened."
    assert _states(tmp_path / "true", _TRANSACTED, right, "patch_desk", Kind.ORDER) == [State.SUPPORTED]


_BUSY = """pub struct Conn;
impl Conn {
    pub fn create_group(&self) -> Result<(), String> {
        Ok(())
    }
}
pub fn new_desk_queue(conn: &Conn) {
    let created = conn.create_group();
    if let Err(e) = created {
        if !e.to_string().contains("BUSYGROUP") {
            panic!("error creating consumer group: {e:?}");
        }
    }
}
"""


def test_the_errors_without_a_tested_literal_are_held_to_the_side_they_take(tmp_path: Path) -> None:
    """ "An error whose text contains `BUSYGROUP` is ignored; any other error is logged": the
    body panics on the others. Said in one sentence or over a semicolon."""
    from svix_flows.checks.claims.other_errors import OTHER_ERRORS

    for index, wrong in enumerate(
        [
            "An error whose text contains `BUSYGROUP` is ignored; any other error is logged with `tracing::error!` and ignored.",
            "A `BUSYGROUP` error means the group exists, while any other error is only logged and startup continues.",
        ]
    ):
        verdicts = _judged(tmp_path / str(index), _BUSY, wrong, "new_desk_queue", Kind.ERROR)
        assert [v.state for v in verdicts if v.claim.says == OTHER_ERRORS] == [State.CONTRADICTED]
    right = "An error containing `BUSYGROUP` is ignored; any other error panics."
    assert _states(tmp_path / "true", _BUSY, right, "new_desk_queue", Kind.ERROR) == [State.SUPPORTED]


def test_the_errors_without_a_literal_tested_twice_are_left_alone(tmp_path: Path) -> None:
    """Which of two `if`s testing the literal the sentence means is unknown."""
    rust = _BUSY.replace(
        "pub fn new_desk_queue",
        "pub fn again(conn: &Conn) {\n    new_desk_queue(conn);\n}\npub fn new_desk_queue",
    )
    rust = rust.replace(
        "    let created = conn.create_group();",
        '    let created = conn.create_group();\n    if let Err(e) = conn.create_group() {\n        if e.contains("BUSYGROUP") {\n            return;\n        }\n    }',
    )
    said = "An error whose text contains `BUSYGROUP` is ignored; any other error is logged and ignored."
    assert State.CONTRADICTED not in _states(tmp_path, rust, said, "new_desk_queue", Kind.ERROR)


def test_a_step_said_before_the_transaction_opens_is_read_in_the_function_that_acts(tmp_path: Path) -> None:
    """ "Before opening the transaction, `patch_desk` calls `DeskCache::invalidate`": read in
    `patch_desk`, though another function of the record invalidates before its transaction."""
    rust = _TRANSACTED + (
        "pub fn update_desk(db: &Db, key: u64) {\n    DeskCache::invalidate(key);\n    db.transaction(key);\n}\n"
    )
    said = "Before opening the transaction, `patch_desk` calls `DeskCache::invalidate`."
    assert _states(tmp_path, rust, said, "update_desk,patch_desk", Kind.ORDER) == [State.CONTRADICTED]


_UNLOCKS = """pub struct Conn;
impl Conn {
    pub async fn run_sql(&mut self, sql: &str) -> Result<u64, String> {
        Ok(sql.len() as u64)
    }
}
pub async fn lock_free(conn: &mut Conn) {
    if let Err(e) = conn.run_sql("SELECT unlock()").await {
        tracing::warn!(error = %e, "could not unlock");
    }
}
"""


def test_a_function_said_to_run_a_call_and_propagate_the_failure_is_held_to_its_own_return_type(
    tmp_path: Path,
) -> None:
    """ "`lock_free` runs `run_sql` and propagates the failure with `?`" of a function that
    returns `()`: it has no error to hand on (the one named beside it is what it runs)."""
    _each_contradicted(
        tmp_path,
        _UNLOCKS,
        [
            "`lock_free` runs `run_sql` and propagates the failure with `?`.",
            "`lock_free` runs `run_sql` and propagates a failure with `?` if that statement fails.",
        ],
        "lock_free",
        Kind.ERROR,
    )


_PAGINATED = """pub struct Db;
impl Db {
    pub async fn all(&self) -> Result<Vec<u32>, String> {
        Ok(vec![])
    }
}
pub fn paginate(db: Db) -> (Db, bool) {
    (db, true)
}
pub async fn list_shelves(db: Db) -> Result<Vec<u32>, String> {
    let (query, _) = paginate(db);
    let rows = query.all().await?;
    Ok(rows)
}
"""


def test_a_function_named_inside_a_propagating_sentence_is_not_held_to_its_return_type(
    tmp_path: Path,
) -> None:
    """ "`list_shelves` calls … only after `paginate` returns, then runs `all` and propagates a
    database error": `list_shelves` propagates, not `paginate`, whose tuple holds no error; said
    of `paginate` as the sentence's subject, it is held to it."""
    _assert_left_alone_yet_held(
        tmp_path,
        _PAGINATED,
        "`list_shelves` runs `all` only after `paginate` returns, then propagates a database error with `?`.",
        "`paginate` runs `all` and propagates a failure with `?`.",
        "list_shelves,paginate",
        Kind.ERROR,
    )


_RECEIVING = """pub struct Rx;
impl Rx {
    pub async fn receive_all(&self) -> Result<Vec<u32>, String> {
        Ok(vec![])
    }
}
pub async fn take_loop(rx: Rx) {
    loop {
        match rx.receive_all().await {
            Ok(batch) => drop(batch),
            Err(e) => tracing::error!("receive: {e}"),
        }
    }
}
"""


def test_a_failed_action_is_the_call_of_that_word_for_a_batch(tmp_path: Path) -> None:
    """ "A failed receive makes `take_loop` return the error with `?`" of a loop that logs the
    error of its one `receive_all`: the call the word names for a batch is only logged."""
    _each_contradicted(
        tmp_path,
        _RECEIVING,
        [
            "A failed receive makes `take_loop` return the error with `?`.",
            "A failed receive is returned from `take_loop` with `?`, ending the loop.",
        ],
        "take_loop",
        Kind.ERROR,
    )


_TWO_LOGGERS = _FALLS_BACK.replace(
    "pub fn load_or_fail",
    """pub fn warn_shelf(key: u64) {
    tracing::warn!("shelf {key}");
}
pub fn load_or_fail""",
)


def test_a_function_said_to_log_at_a_level_is_held_to_its_own_body(tmp_path: Path) -> None:
    """ "`CanFail::can_fail` logs the error with `tracing::warn!`" of a method that logs with
    `error!`, in a record where another function warns: the level of the function said."""
    _each_contradicted(
        tmp_path,
        _TWO_LOGGERS,
        [
            "`CanFail::can_fail` logs the error with `tracing::warn!` and returns `T::default()`.",
            "Since `CanFail::can_fail` on a `Result` logs such an error with `tracing::warn!`, nothing fails.",
            "The result goes to `can_fail` with the detail `loading`, which logs it through `tracing::warn!`.",
        ],
        "",
        Kind.ERROR,
    )
    right = "`CanFail::can_fail` logs the error with `tracing::error!` and returns `T::default()`."
    states = _states(tmp_path / "true", _TWO_LOGGERS, right, "", Kind.ERROR)
    assert State.SUPPORTED in states and State.CONTRADICTED not in states


def test_a_fallback_helper_said_in_a_relative_clause_to_return_the_error_is_contradicted(
    tmp_path: Path,
) -> None:
    """ "… to `can_fail` with the detail "x", which logs the error and then returns it to the
    handler", and the same said of it as the subject: its body unwraps with a fallback."""
    _each_contradicted(
        tmp_path,
        _FALLS_BACK,
        [
            'The result is passed to `can_fail` with the detail "loading", which logs the error '
            "and then returns it to the handler.",
            "`CanFail::can_fail` logs the error and then returns it to the handler.",
        ],
        "load_or_fail,can_fail",
        Kind.ERROR,
    )


def test_a_failed_action_is_not_a_call_that_only_begins_with_the_word(tmp_path: Path) -> None:
    """ "a failed send is only logged" in a record whose one send-like call is
    `send_notice_hook(…)?`: a step of its own, not the send the sentence speaks of."""
    rust = """pub async fn send_notice_hook(id: u32) -> Result<(), String> {
    Ok(())
}
pub async fn add_desk(id: u32) -> Result<(), String> {
    send_notice_hook(id).await?;
    Ok(())
}
"""
    said = "The hook goes out on a spawned task, so a failed send is only logged."
    assert State.CONTRADICTED not in _states(tmp_path, rust, said, "add_desk", Kind.ERROR)


_SHELF_STATS = """pub struct Range;
impl Range {
    pub fn checked(self) -> Result<(u32, u32), String> {
        Ok((0, 1))
    }
}
pub struct Db;
impl Db {
    pub async fn one(&self) -> Result<u32, String> {
        Ok(1)
    }
}
pub async fn shelf_stats(db: &Db, range: Range) -> Result<u32, String> {
    let (since, until) = range.checked()?;
    let shelf = db.one().await?;
    Ok(shelf + since + until)
}
"""


def test_a_passive_lookup_is_ordered_by_the_calls_that_load(tmp_path: Path) -> None:
    """ "The shelf is looked up before the range is checked": the lookup is the `one` that loads,
    which runs after `checked`."""
    said = "The shelf is looked up before the range is checked."
    _each_contradicted(tmp_path, _SHELF_STATS, [said], "shelf_stats", Kind.ORDER)
    right = "The range is checked before the shelf is looked up."
    assert _states(tmp_path / "true", _SHELF_STATS, right, "shelf_stats", Kind.ORDER) == [State.SUPPORTED]


def test_an_order_against_a_later_step_is_read_over_a_propagation_mark(tmp_path: Path) -> None:
    """ "… calls `checked` on the range and propagates its error with `?` after it looks up the
    shelf": the `?` between is no step of its own, and the lookup runs after the check."""
    _each_contradicted(
        tmp_path,
        _SHELF_STATS,
        [
            "The handler calls `checked` on the range and propagates its error with `?` after it looks up the shelf.",
        ],
        "shelf_stats",
        Kind.ORDER,
    )


def test_a_local_said_computed_after_a_named_call_is_held_to_where_the_body_binds_it(tmp_path: Path) -> None:
    """ "computes `last` as … after calling `truncate(limit)`": `let last = …` comes first."""
    wrong = "`count_page` computes `last` as `rows.len() <= limit` after calling `truncate(limit)`."
    _each_contradicted(tmp_path, _COUNTED_PAGE, [wrong], "count_page", Kind.ORDER)
    right = "`count_page` computes `last` before calling `truncate(limit)`."
    states = _states(tmp_path / "true", _COUNTED_PAGE, right, "count_page", Kind.ORDER)
    assert State.SUPPORTED in states and State.CONTRADICTED not in states


def test_a_verb_after_only_then_is_ordered_against_the_then_clause_before_it(tmp_path: Path) -> None:
    """ "…, then reverses the page when …, and only then truncates it", and the same said of
    "It": the two verbs of the clauses, by the calls their stems begin (`truncate` is first)."""
    _each_contradicted(
        tmp_path,
        _PAGE,
        [
            "`page_out` first counts the rows, then reverses the page when `prev` is set, "
            "and only then truncates it to `limit`.",
            "It reverses the page, and only then truncates it to `limit`.",
        ],
        "page_out",
        Kind.ORDER,
    )


_SETTERS = """use std::time::Duration;
use tower_http::cors::Cors;
pub struct Cache;
pub fn fetch(cache: &Cache, id: u32, ttl: Duration) -> u32 {
    id
}
pub fn layer(cors: Cors, cache: &Cache) -> Cors {
    let mut backoff = Duration::from_secs(5);
    backoff = (backoff * 2).min(Duration::from_secs(600));
    let _ = fetch(cache, 1, Duration::from_secs(30));
    cors.max_age(Duration::from_secs(600))
}
"""


def test_a_value_said_of_a_setter_the_record_calls_is_held_to_what_it_is_given(tmp_path: Path) -> None:
    """ "`max_age` is 3600 seconds" of `.max_age(Duration::from_secs(600))`, "capped with `min`
    at 300 seconds", "`fetch` with the cache, the id and a TTL of 60 seconds": each is given
    other than said."""
    _each_contradicted(
        tmp_path,
        _SETTERS,
        [
            "The layer's `max_age` is 3600 seconds.",
            "The `backoff` doubles and is capped with `min` at 300 seconds.",
            "It calls `fetch` with the cache, the id and a TTL of 60 seconds.",
        ],
        "layer",
        Kind.VALUE,
    )


def test_a_value_given_last_in_a_list_is_read_past_a_denied_value_before_it(tmp_path: Path) -> None:
    """ "`fetch` is called with the cache, no preloaded row, the id and a TTL of 60 seconds": the
    "no" denies another value of the list, not the TTL; a denied call is still left alone."""
    said = "Then `fetch` is called with the cache, no preloaded row, the id and a TTL of 60 seconds."
    _each_contradicted(tmp_path, _SETTERS, [said], "layer", Kind.VALUE)
    denied = "It never calls `fetch` with the cache and a TTL of 60 seconds."
    assert State.CONTRADICTED not in _states(tmp_path / "denied", _SETTERS, denied, "layer", Kind.VALUE)
    right = "The `backoff` doubles and is capped with `min` at 600 seconds."
    assert _states(tmp_path / "true", _SETTERS, right, "layer", Kind.VALUE) == [State.SUPPORTED]


_BORROWS = """pub struct Config;
pub fn run_queue(cfg: &Config, limit: u32) -> u32 {
    limit
}
"""


def test_an_owned_type_said_of_a_borrowed_parameter_is_contradicted(tmp_path: Path) -> None:
    """ "`run_queue` takes an owned `Config`" of `cfg: &Config`; without "owned" the type is
    what it takes, borrowed or not."""
    [verdict] = _judged(tmp_path, _BORROWS, "`run_queue` takes an owned `Config`.", kind=Kind.SIGNATURE)
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.endswith("the text says an owned `Config`")
    plain = _states(tmp_path / "plain", _BORROWS, "`run_queue` takes a `Config`.", "", Kind.SIGNATURE)
    assert plain == [State.SUPPORTED]


_STATUS_WRAPPED = """pub struct Error;
pub type ApiResult<T> = std::result::Result<T, Error>;
pub struct JsonStatus<const S: u16, T>(pub T);
pub enum JsonStatusUpsert<T> {
    Updated(T),
    Created(T),
}
pub struct DeskOut;
pub fn create_desk() -> ApiResult<JsonStatusUpsert<DeskOut>> {
    Ok(JsonStatusUpsert::Created(DeskOut))
}
"""


def test_a_whole_return_type_names_its_status_wrapper_as_written(tmp_path: Path) -> None:
    """ "`create_desk` returns `ApiResult<JsonStatus<201, DeskOut>>`" of an alias around
    `JsonStatusUpsert<DeskOut>`: another wrapper, though both are seen as JSON answers."""
    wrong = "`create_desk` returns `ApiResult<JsonStatus<201, DeskOut>>`."
    _each_contradicted(tmp_path, _STATUS_WRAPPED, [wrong], "create_desk", Kind.SIGNATURE)
    right = "`create_desk` returns `ApiResult<JsonStatusUpsert<DeskOut>>`."
    assert _states(tmp_path / "right", _STATUS_WRAPPED, right, "create_desk", Kind.SIGNATURE) == [
        State.SUPPORTED
    ]


_VERSIONED = """pub struct DeskIn {
    pub version: Option<u16>,
}
pub fn store_desk(data: DeskIn) -> u16 {
    data.version.unwrap_or(1)
}
"""


def test_a_bare_field_word_said_to_be_stored_when_absent_is_held_to_its_fallback(tmp_path: Path) -> None:
    """ "It stores version 0 when the body gives none" of `version.unwrap_or(1)`; "… version 1 …"
    is backed."""
    said = "It stores version {} when the body gives none."
    _each_contradicted(
        tmp_path, _VERSIONED, [said.format(0), "A missing version is stored as 0."], "store_desk", Kind.VALUE
    )
    assert _states(tmp_path / "right", _VERSIONED, said.format(1), "store_desk", Kind.VALUE) == [
        State.SUPPORTED
    ]


_FORGET_AFTER_UPDATE = """pub struct DeskApp;
impl DeskApp {
    pub async fn forget(key: &str) -> Result<(), String> { Ok(()) }
    pub async fn recall(key: &str) -> Result<(), String> { Ok(()) }
}
pub struct Row;
impl Row {
    pub async fn update(self, db: &str) -> Result<Row, String> { Ok(self) }
}
pub async fn rename_desk(row: Row, db: &str) -> Result<(), String> {
    let row = row.update(db).await?;
    DeskApp::forget("desk").await?;
    Ok(())
}
pub async fn reopen_desk() {
    DeskApp::recall("desk").await.ok();
}
"""


def test_a_call_said_before_the_update_is_held_to_the_update_call(tmp_path: Path) -> None:
    """ "Before the update it calls `DeskApp::forget`" of a body that updates first: the update's
    noun (or "the row is updated") stands for its call, and the order is contradicted."""
    _each_contradicted(
        tmp_path,
        _FORGET_AFTER_UPDATE,
        [
            "Before the update it calls `DeskApp::forget`.",
            "Before the row is updated, the handler calls `DeskApp::forget`.",
        ],
        "rename_desk",
        Kind.ORDER,
    )


def test_a_call_said_after_the_update_is_supported(tmp_path: Path) -> None:
    """ "After the update, it calls `DeskApp::forget`" of the same body: supported."""
    states = _states(
        tmp_path,
        _FORGET_AFTER_UPDATE,
        "After the update, it calls `DeskApp::forget`.",
        "rename_desk",
        Kind.ORDER,
    )
    assert states == [State.SUPPORTED]


def test_a_call_ordered_against_an_action_is_still_a_step_of_the_record(tmp_path: Path) -> None:
    """ "After the update, both paths call `DeskApp::recall`" of a body that never calls it: the order
    against the update finds nothing to order, and the step is still held to the record."""
    states = _states(
        tmp_path,
        _FORGET_AFTER_UPDATE,
        "After the update, both paths call `DeskApp::recall`.",
        "rename_desk",
        Kind.CALL,
    )
    assert states == [State.CONTRADICTED]


_FORGET_AFTER_COMMIT = """pub struct Db;
pub struct Txn;
impl Db {
    pub async fn begin(&self) -> Result<Txn, String> { Ok(Txn) }
}
impl Txn {
    pub async fn commit(self) -> Result<(), String> { Ok(()) }
}
pub struct Window;
impl Window {
    pub fn validate_window(&self) -> Result<(), String> { Ok(()) }
}
pub struct DeskApp;
impl DeskApp {
    pub async fn forget(key: &str) -> Result<(), String> { Ok(()) }
}
pub async fn find_desk(db: &Db) -> Result<u32, String> { Ok(1) }
pub async fn store_desk(db: &Db, window: Window) -> Result<(), String> {
    window.validate_window()?;
    let desk = find_desk(db).await?;
    let txn = db.begin().await?;
    txn.commit().await?;
    DeskApp::forget("desk").await?;
    Ok(())
}
"""


def test_a_function_acting_before_the_transaction_opens_is_the_step_ordered(tmp_path: Path) -> None:
    """ "Before the transaction is opened, `DeskApp::forget` removes …" of a body that forgets
    after its commit: the one function of the main clause is the step, read where it is called."""
    _each_contradicted(
        tmp_path,
        _FORGET_AFTER_COMMIT,
        [
            "Before the transaction is opened, `DeskApp::forget` removes the cached entry.",
            "Before the transaction is opened it calls `DeskApp::forget`.",
        ],
        "store_desk",
        Kind.ORDER,
    )


def test_a_step_said_before_the_transaction_in_a_named_function_is_read_there(tmp_path: Path) -> None:
    """ "In `store_desk`, `DeskApp::forget` runs before the transaction is opened" of a body that
    forgets after its commit: the function the sentence opens with is where the order is read,
    not a step of it, and the order is contradicted."""
    _each_contradicted(
        tmp_path,
        _FORGET_AFTER_COMMIT,
        ["In `store_desk`, `DeskApp::forget` runs before the transaction is opened."],
        "store_desk",
        Kind.ORDER,
    )


def test_a_leading_passive_is_ordered_by_the_calls_its_stem_begins(tmp_path: Path) -> None:
    """ "Before the window is validated, it looks up the desk with `find_desk`" of a body that
    validates first: the participle's stem (`validat…`) stands for its calls; said the other way
    round, it is supported."""
    _each_contradicted(
        tmp_path,
        _FORGET_AFTER_COMMIT,
        ["Before the window is validated, it looks up the desk with `find_desk`."],
        "store_desk",
        Kind.ORDER,
    )
    after = "After the window is validated, it looks up the desk with `find_desk`."
    assert _states(tmp_path / "after", _FORGET_AFTER_COMMIT, after, "store_desk", Kind.ORDER) == [
        State.SUPPORTED
    ]


_TRIMMED_PAGE = """pub fn trim_page(mut rows: Vec<u32>, limit: usize, back: bool) -> Vec<u32> {
    rows.truncate(limit);
    if back {
        rows.reverse();
    }
    rows
}
"""


def test_the_verbs_said_of_that_function_or_the_helper_are_ordered(tmp_path: Path) -> None:
    """ "That function reverses …, and only after that truncates …" of a body that truncates
    first: "That function" goes on like "It", "only after that" marks the later verb."""
    _each_contradicted(
        tmp_path,
        _TRIMMED_PAGE,
        [
            "That function reverses the rows when going back, and only after that truncates them.",
            "The helper reverses the rows and only then truncates them.",
        ],
        "trim_page",
        Kind.ORDER,
    )


_LOOKUP_OVER_RETRIES = """pub struct Shelf;
impl Shelf {
    pub async fn get(&self, key: &str) -> Result<Option<String>, String> {
        with_retries(|| async { Ok(None) }).await
    }
}
pub async fn with_retries<F, R>(run: F) -> Result<Option<String>, String> {
    let found = run().await?;
    Ok(found)
}
pub async fn find_desk(shelf: &Shelf) -> Option<String> {
    shelf.get("desk").await.ok().flatten()
}
"""


def test_a_failure_there_after_a_relative_clause_may_be_the_first_calls(tmp_path: Path) -> None:
    """ "It calls `shelf.get`, which retries through `with_retries`. A failure there is ignored":
    "there" may be the call the relative clause describes, whose error is ignored, so it is left
    alone; said of `with_retries` alone, whose error is returned, it is contradicted."""
    _assert_left_alone_yet_held(
        tmp_path,
        _LOOKUP_OVER_RETRIES,
        "`find_desk` first calls `shelf.get` with a key, which retries through `with_retries`. "
        "A cache error there is ignored.",
        "`find_desk` first calls `with_retries` with a key. A cache error there is ignored.",
        "find_desk,Shelf::get,with_retries",
        Kind.ERROR,
    )


_SWEEPS = """pub struct Db;
impl Db {
    pub async fn run(&self, sql: &str) -> Result<u64, String> { Ok(1) }
}
pub async fn sweep_rows(db: &Db) -> Result<(), String> {
    let rows = db.run("DELETE").await?;
    Ok(())
}
pub async fn sweep_hard(db: &Db) {
    db.run("DELETE").await.expect("sweep failed");
}
pub async fn hard_step(db: &Db) {
    if db.run("y").await.is_err() {
        panic!("no");
    }
}
pub async fn sweep_deep(db: &Db) -> Result<(), String> {
    hard_step(db).await;
    db.run("x").await?;
    Ok(())
}
"""


def test_a_function_said_to_panic_that_hands_its_errors_on_is_contradicted(tmp_path: Path) -> None:
    """ "Statement errors make `sweep_rows` panic", "`sweep_rows` panics through `expect`" of a
    body that propagates with `?` and unwraps nothing: contradicted, naming the `?`."""
    _each_contradicted(
        tmp_path,
        _SWEEPS,
        [
            "Statement errors make `sweep_rows` panic through `expect`.",
            "`sweep_rows` panics through `expect` when a statement fails.",
        ],
        "sweep_rows",
        Kind.ERROR,
    )


def test_a_function_said_to_panic_that_unwraps_an_error_is_supported(tmp_path: Path) -> None:
    """The same said of a body that calls `expect` on a statement's result: supported."""
    sentence = "Statement errors make `sweep_hard` panic through `expect`."
    assert _states(tmp_path, _SWEEPS, sentence, "sweep_hard", Kind.ERROR) == [State.SUPPORTED]


def test_a_panic_said_of_a_function_may_be_one_it_calls(tmp_path: Path) -> None:
    """ "A failure makes `sweep_deep` panic" of a body that calls a helper with `panic!`: the
    panic may be the helper's, so it is left alone (said of `sweep_rows`, it is held)."""
    _assert_left_alone_yet_held(
        tmp_path,
        _SWEEPS,
        "A failed statement makes `sweep_deep` panic.",
        "A failed statement makes `sweep_rows` panic.",
        "sweep_deep,sweep_rows",
        Kind.ERROR,
    )


_DESK_MODULE = """pub struct Select<T>(T);
pub mod desk {
    pub struct Entity;
    pub fn find_open(query: super::Select<Entity>) -> super::Select<Entity> {
        query
    }
}
pub mod room {
    pub struct Entity;
    pub struct Error;
}
pub mod shelf {
    pub struct Error;
    pub fn count_open() -> Result<u8, super::room::Error> {
        Ok(0)
    }
}
"""


def test_a_type_written_with_its_own_module_is_the_bare_name_the_code_writes(tmp_path: Path) -> None:
    """ "`desk::find_open` returns `Select<desk::Entity>`" of `-> Select<Entity>` in `mod desk`:
    the path of the function's own module names the same type (another module's does not)."""
    _assert_left_alone_yet_held(
        tmp_path,
        _DESK_MODULE,
        "`desk::find_open` returns `Select<desk::Entity>`.",
        "`desk::find_open` returns `Select<room::Entity>`.",
        "find_open",
        Kind.SIGNATURE,
    )


def test_a_type_of_the_functions_own_module_is_not_one_the_code_writes_with_another_path(
    tmp_path: Path,
) -> None:
    """ "`shelf::count_open` returns `Result<u8, shelf::Error>`" of `-> Result<u8, room::Error>`:
    the code spells another module's `Error`, so the text's is not it."""
    sentence = "`shelf::count_open` returns `Result<u8, shelf::Error>`."
    assert _states(tmp_path, _DESK_MODULE, sentence, "count_open", Kind.SIGNATURE) == [State.CONTRADICTED]


_RANGED_DESKS = """pub struct DeskId(u64);
impl DeskId {
    pub fn start_id(at: u64) -> DeskId { DeskId(at) }
}
pub struct Select;
pub trait Range {
    fn after(self, at: u64) -> Select;
}
impl Range for Select {
    fn after(self, at: u64) -> Select {
        let _id = DeskId::start_id(at);
        self
    }
}
pub fn find_by_room(room: u64) -> Select {
    Select
}
"""


def test_a_step_of_a_later_clause_with_a_possessed_subject_is_not_the_first_subjects(
    tmp_path: Path,
) -> None:
    """ "`find_by_room` filters …, and the `Range` trait's `after` turns … with `DeskId::start_id`":
    the later clause has a subject of its own, so `start_id` is no step of `find_by_room` (said
    plainly of it, it is contradicted)."""
    _assert_left_alone_yet_held(
        tmp_path,
        _RANGED_DESKS,
        "`find_by_room` filters desks on the room, and the `Range` trait's `after` turns `since` into "
        "a desk id with `DeskId::start_id`.",
        "`find_by_room` filters desks on the room and turns `since` into a desk id with `DeskId::start_id`.",
        "find_by_room,Select::after",
        Kind.CALL,
    )


_ERASED_PAIR = """pub struct Prod;
pub struct Cons;
impl Prod {
    pub fn new() -> Prod { Prod }
}
impl Cons {
    pub fn new() -> Cons { Cons }
}
pub mod queue {
    pub fn make_pair() -> (crate::Prod, crate::Cons) {
        redis::make_pair()
    }
    pub mod redis {
        pub fn make_pair() -> (crate::Prod, crate::Cons) {
            (crate::Prod::new(), crate::Cons::new())
        }
    }
}
"""


def test_a_step_of_a_later_clause_with_a_noun_subject_is_not_the_first_subjects(tmp_path: Path) -> None:
    """ "`Prod::new` and `Cons::new` type-erase the halves, and the pair goes back through
    `queue::redis::make_pair` to `queue::make_pair`": the later clause's subject is a noun with a
    verb of its own, so `queue::make_pair` is no step of `Prod::new` (said plainly of it, it is
    contradicted)."""
    _assert_left_alone_yet_held(
        tmp_path,
        _ERASED_PAIR,
        "`Prod::new` and `Cons::new` type-erase the two halves, and the pair goes back through "
        "`queue::redis::make_pair` to `queue::make_pair`.",
        "`Prod::new` goes through `queue::make_pair`.",
        "Prod::new,Cons::new,queue::redis::make_pair,queue::make_pair",
        Kind.CALL,
    )


_PUSHES = """pub struct Producer;
impl Producer {
    pub async fn push(&self, task: u64, delay: Option<u64>) {
        if let Some(delay) = delay {
            self.push_later(task, delay).await
        } else {
            self.push_now(task).await
        }
    }
    pub async fn push_later(&self, task: u64, delay: u64) {}
    pub async fn push_now(&self, task: u64) {}
}
"""


def _option_states(tmp_path: Path, sentence: str) -> list[State]:
    """The verdicts of the calls a sentence gives one side of an `Option`."""
    from svix_flows.checks.claims.optional import WHEN_NONE, WHEN_SOME

    verdicts = _judged(tmp_path, _PUSHES, sentence, own="push")
    return [v.state for v in verdicts if v.claim.says in (WHEN_NONE, WHEN_SOME)]


def test_a_call_given_the_wrong_side_of_an_option_is_contradicted(tmp_path: Path) -> None:
    assert _option_states(tmp_path, "With no delay it calls `push_later`.") == [State.CONTRADICTED]
    assert _option_states(tmp_path / "b", "With no delay it calls `push_now`.") == [State.SUPPORTED]


def test_a_call_denied_with_rather_than_is_said_of_the_other_side(tmp_path: Path) -> None:
    said = "Because the delay is `None`, it goes through `push_now` rather than `push_later`."
    assert _option_states(tmp_path, said) == [State.SUPPORTED, State.SUPPORTED]
    swapped = "Because the delay is `None`, it goes through `push_later` rather than `push_now`."
    assert _option_states(tmp_path / "b", swapped) == [State.CONTRADICTED, State.CONTRADICTED]


def test_a_condition_in_a_later_clause_governs_that_clause_only(tmp_path: Path) -> None:
    """ "It uses `push_now`, switching to `push_later` only when a delay is given": the
    condition is the second clause's; the first clause's call is said of no side."""
    said = "It uses `push_now`, switching to `push_later` only when a delay is given."
    assert _option_states(tmp_path, said) == [State.SUPPORTED]


@pytest.mark.parametrize(
    "said",
    [
        "It calls `push_later` when a delay is given and `push_now` otherwise.",
        "It calls `push_later` when a delay is given and `push_now` when it is not.",
        "If a delay is given, it calls `push_later`, otherwise `push_now`.",
        "It wraps either `push_later` (when a delay is given) or `push_now` in a retry.",
    ],
)
def test_the_name_an_otherwise_or_an_or_leads_to_is_said_of_the_other_side(tmp_path: Path, said: str) -> None:
    assert _option_states(tmp_path, said) == [State.SUPPORTED, State.SUPPORTED]


def test_an_or_inside_the_conditions_own_words_leaves_the_side_as_said(tmp_path: Path) -> None:
    said = "When a delay is present, the time left, or zero if it is past, goes to `push_later`."
    assert _option_states(tmp_path, said) == [State.SUPPORTED]


def test_a_condition_on_a_value_the_code_does_not_take_apart_is_not_judged(tmp_path: Path) -> None:
    assert _option_states(tmp_path, "With no task it calls `push_later`.") == [State.UNCHECKABLE]
    assert _option_states(tmp_path / "b", "With no delay it would call `push_later`.") == []


_CACHED = """use std::time::Duration;
pub fn fetch_cached(key: u64, ttl: Duration) -> u64 { key }
pub fn worker_step(key: u64) -> u64 {
    fetch_cached(key, Duration::from_secs(30))
}
pub fn drop_entry(key: u64) {}
"""


def test_a_call_the_record_does_not_make_is_held_to_what_every_call_of_it_is_given(tmp_path: Path) -> None:
    """ "The worker reads it through `fetch_cached` with a 300-second TTL" in a record that shows
    only `drop_entry`: every call of `fetch_cached` in the crate gives it 30 s."""
    said = "The worker reads the entry through `fetch_cached` with a {} TTL."
    wrong = _judged(tmp_path, _CACHED, said.format("300-second"), own="drop_entry", kind=Kind.VALUE)
    assert [v.state for v in wrong] == [State.CONTRADICTED]
    assert wrong[0].message.startswith("`fetch_cached` is given 30 s at lib.rs:")
    right = _judged(tmp_path / "b", _CACHED, said.format("30-second"), own="drop_entry", kind=Kind.VALUE)
    assert [v.state for v in right] == [State.SUPPORTED]


def test_a_call_the_record_makes_with_a_value_not_stated_is_not_held_to_other_calls(tmp_path: Path) -> None:
    """The record's own `fetch_cached(key, ttl)` is given a value the code does not state: what
    another caller gives it says nothing of this call."""
    rust = _CACHED + "pub fn read_entry(key: u64, ttl: Duration) -> u64 {\n    fetch_cached(key, ttl)\n}\n"
    said = "It reads the entry through `fetch_cached` with a 300-second TTL."
    states = _states(tmp_path, rust, said, "read_entry", Kind.VALUE)
    assert State.CONTRADICTED not in states


_WINDOWED = """use std::time::{Duration, Instant};
pub async fn send_once(retry: bool) -> Result<u64, u64> {
    let start = Instant::now();
    match attempt().await {
        Err(e) if retry && start.elapsed() < Duration::from_millis(1000) => Box::pin(send_once(false)).await,
        other => other,
    }
}
pub async fn attempt() -> Result<u64, u64> {
    Ok(1)
}
"""


def test_a_retry_window_is_held_to_the_duration_the_elapsed_time_is_compared_with(tmp_path: Path) -> None:
    wrong = _judged(tmp_path, _WINDOWED, "A failure within 5000 ms is retried once.", kind=Kind.VALUE)
    assert [v.state for v in wrong] == [State.CONTRADICTED]
    assert wrong[0].message.startswith("the elapsed time is compared with 1 s at lib.rs:5")
    right = _judged(tmp_path / "b", _WINDOWED, "A failure within 1000 ms is retried once.", kind=Kind.VALUE)
    assert [v.state for v in right] == [State.SUPPORTED]


_SIGNALS = """pub async fn wait_signal() {
    tokio::signal::ctrl_c().await.expect("Failed to install the desk handler");
    tracing::error!("Desk closed");
}
pub fn drain() {
    tracing::warn!("Desk drain failed");
}
"""


def test_a_panic_message_said_to_be_logged_is_contradicted_by_the_panic(tmp_path: Path) -> None:
    """The record logs at that level elsewhere, but the message quoted is only ever the text
    of an `expect`: a panic, not a log."""
    said = 'It logs "Failed to install the desk handler" with `tracing::error!`.'
    [verdict] = _judged(tmp_path, _SIGNALS, said, own="wait_signal", kind=Kind.ERROR)
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith('"Failed to install the desk handler" is the message of')
    logged = 'It logs "Desk closed" with `tracing::error!`.'
    [verdict] = _judged(tmp_path / "b", _SIGNALS, logged, own="wait_signal", kind=Kind.ERROR)
    assert verdict.state is State.SUPPORTED


def test_a_logged_message_said_to_be_a_panic_is_contradicted_by_the_log(tmp_path: Path) -> None:
    said = 'A failed drain panics with "Desk drain failed".'
    [verdict] = _judged(tmp_path, _SIGNALS, said, own="drain", kind=Kind.ERROR)
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith('"Desk drain failed" is logged with `tracing::warn!` at lib.rs:6')


_GENERIC_IDS = """pub trait BaseId {
    fn start_id(x: u64) -> Self;
}
pub struct MsgId;
impl BaseId for MsgId {
    fn start_id(x: u64) -> Self { MsgId }
}
pub struct OtherId;
impl BaseId for OtherId {
    fn start_id(x: u64) -> Self { OtherId }
}
pub fn bound<I: BaseId>(before: u64) -> I {
    I::start_id(before)
}
pub fn bound_other(before: u64) -> OtherId {
    OtherId::start_id(before)
}
"""


def test_a_call_written_with_a_type_for_the_codes_type_parameter_is_not_contradicted(tmp_path: Path) -> None:
    """`I::start_id(before)` with `I` a type parameter is the call of any type that fills it;
    written for a concrete type the code names another of, it is still contradicted."""
    said = "It filters below `MsgId::start_id(before)`."
    generic = _judged(tmp_path, _GENERIC_IDS, said, own="bound", kind=Kind.CALL)
    assert State.CONTRADICTED not in [v.state for v in generic]
    concrete = _judged(tmp_path / "b", _GENERIC_IDS, said, own="bound_other", kind=Kind.CALL)
    assert State.CONTRADICTED in [v.state for v in concrete]


_SEALED = """pub struct Error;
impl Error {
    pub fn generic(message: &str) -> Error { Error }
}
pub fn decrypt(k: u8) -> Result<u8, Error> {
    Err(Error::generic("Sealing failed"))
}
pub fn sign(k: u8) -> u8 {
    decrypt(k).unwrap()
}
pub fn verify(k: u8) -> Result<u8, Error> {
    decrypt(k)
}
"""


def test_a_panic_with_the_message_of_an_error_unwrapped_on_its_way_up_is_not_contradicted(
    tmp_path: Path,
) -> None:
    said = 'The worker panics with "Sealing failed".'
    unwrapped = _judged(tmp_path, _SEALED, said, own="sign", kind=Kind.ERROR)
    assert State.CONTRADICTED not in [v.state for v in unwrapped]
    returned = _judged(tmp_path / "b", _SEALED, said, own="verify", kind=Kind.ERROR)
    assert State.CONTRADICTED in [v.state for v in returned]
    # said of the function that builds and returns it, the panic is still contradicted
    named = _judged(
        tmp_path / "c", _SEALED, '`decrypt` panics with "Sealing failed".', own="sign", kind=Kind.ERROR
    )
    assert State.CONTRADICTED in [v.state for v in named]


_INVALIDATED = """pub struct Cache;
impl Cache {
    pub fn drop_entry() {}
}
pub fn update_shelf() {
    Cache::drop_entry();
}
pub fn resolve_task() {}
"""


def test_a_step_said_of_other_handlers_is_not_the_records(tmp_path: Path) -> None:
    other = "The shelf handlers do call `Cache::drop_entry` after a change."
    plain = "The resolver calls `Cache::drop_entry` after a change."
    _assert_left_alone_yet_held(tmp_path, _INVALIDATED, other, plain, "resolve_task", Kind.CALL)


_VALUES_TAKEN = """pub struct Perms;
impl Perms {
    pub fn org_id(&self) -> u64 { 1 }
}
pub fn read_perms(p: Perms) -> u64 { p.org_id() }
pub fn insert_kind(name: String) -> String { name }
"""


def test_names_said_to_be_taken_from_the_path_are_values_not_calls(tmp_path: Path) -> None:
    def states(said: str, at: Path) -> list[State]:
        verdicts = _judged(at, _VALUES_TAKEN, said, own="insert_kind", kind=Kind.CALL)
        return [v.state for v in verdicts if v.claim.object == "org_id"]

    assert states("`insert_kind` builds a row with `org_id` and `name` taken from the path.", tmp_path) == [
        State.UNCHECKABLE
    ]
    assert states("`insert_kind` builds a row through `org_id`.", tmp_path / "b") == [State.CONTRADICTED]


_GUARDS = """pub struct HttpError;
impl HttpError {
    pub fn denied() -> HttpError { HttpError }
    pub fn missing() -> HttpError { HttpError }
}
pub struct OrgGuard;
impl OrgGuard {
    pub fn from_request_parts() -> Result<OrgGuard, HttpError> {
        Err(HttpError::denied())
    }
}
pub fn read_app() -> Result<u8, HttpError> {
    Err(HttpError::missing())
}
"""


def test_an_error_said_of_a_type_whose_methods_build_it_is_not_the_records(tmp_path: Path) -> None:
    said = "By contrast, the `OrgGuard` extractor rejects app tokens with `HttpError::denied`."
    plain = "It rejects app tokens with `HttpError::denied`."
    _assert_left_alone_yet_held(tmp_path, _GUARDS, said, plain, "read_app", Kind.ERROR)


_VALIDATED = """pub struct HttpError;
impl HttpError {
    pub fn bad_request() -> HttpError {
        let _ = StatusCode::BAD_REQUEST;
        HttpError
    }
    pub fn unprocessable_entity() -> HttpError {
        let _ = StatusCode::UNPROCESSABLE_ENTITY;
        HttpError
    }
}
pub struct Checked<T>(pub T);
impl<T: Validate> Checked<T> {
    pub async fn from_request_parts(value: T) -> Result<Checked<T>, HttpError> {
        value.validate().map_err(|e| HttpError::unprocessable_entity())?;
        Ok(Checked(value))
    }
}
pub struct Page;
pub async fn list_shelves(Checked(page): Checked<Page>) -> u8 {
    0
}
"""


def test_a_failed_validation_said_to_answer_another_status_is_contradicted(tmp_path: Path) -> None:
    """The extractor the handler takes turns a failed `.validate()` into a 422."""
    said = "A `limit` above the cap fails validation with a {}."
    wrong = _judged(tmp_path, _VALIDATED, said.format(400), own="list_shelves", kind=Kind.ERROR)
    assert [v.state for v in wrong] == [State.CONTRADICTED]
    assert wrong[0].message.startswith("a failed validation becomes `HttpError::unprocessable_entity`")
    right = _judged(tmp_path / "b", _VALIDATED, said.format(422), own="list_shelves", kind=Kind.ERROR)
    assert [v.state for v in right] == [State.SUPPORTED]


def test_a_failed_validation_said_to_become_another_constructor_is_contradicted(tmp_path: Path) -> None:
    said = "`Checked` maps a failed validation to `HttpError::bad_request`, like a parse failure."
    verdicts = _judged(tmp_path, _VALIDATED, said, own="list_shelves", kind=Kind.ERROR)
    assert [v.state for v in verdicts if "validation" in v.claim.says] == [State.CONTRADICTED]


_BUILDS = """pub struct Item;
pub enum Body {
    Plain(String),
    Listed(Vec<Item>),
}
pub struct Failure {
    pub code: u16,
    pub body: Body,
}
impl Failure {
    pub fn unprocessable(items: Vec<Item>) -> Self {
        Self { code: 422, body: Body::Listed(items) }
    }
    pub fn plain(text: String) -> Self {
        Self { code: 400, body: Body::Plain(text) }
    }
}
"""


@pytest.mark.parametrize(
    ("said", "state"),
    [
        (
            "`Failure::unprocessable` sets the code to 422 and wraps the items in `Body::Listed`.",
            State.SUPPORTED,
        ),
        (
            "`Failure::unprocessable` sets the code to 422 and wraps the items in `Body::Plain`.",
            State.CONTRADICTED,
        ),
    ],
)
def test_a_variant_built_later_in_the_subjects_clause_is_held_to_the_subject(
    tmp_path: Path, said: str, state: State
) -> None:
    """ "`f` sets … and wraps the items in `E::V`": the variant is the subject's to build, held
    as "`f` yields `E::V`" is (contradicted when `f` builds another variant of `E` and none reached
    names this one)."""
    verdicts = [v for v in _judged(tmp_path, _BUILDS, said) if v.claim.object.startswith("Body::")]
    assert [v.state for v in verdicts] == [state]


_HELD = """pub struct ReadySend;
pub struct FailedSend;
pub enum Incomplete {
    Pending(ReadySend),
    Failed(FailedSend),
}
pub fn prepare(ready: bool) -> Result<Incomplete, String> {
    if ready { Ok(Incomplete::Pending(ReadySend)) } else { Ok(Incomplete::Failed(FailedSend)) }
}
"""


def test_a_type_held_by_a_variant_of_the_returned_enum_is_not_contradicted(tmp_path: Path) -> None:
    """ "`prepare` hands back the `ReadySend`" of `-> Result<Incomplete>`, whose `Pending(ReadySend)`
    holds it: the value inside the enum returned, not a wrong return type."""
    [verdict] = _judged(tmp_path, _HELD, "Finally `prepare` hands back the `ReadySend`.", kind=Kind.SIGNATURE)
    assert verdict.state is State.UNCHECKABLE


def test_a_bare_type_held_by_a_variant_of_the_returned_enum_is_contradicted(tmp_path: Path) -> None:
    """ "returns the bare `ReadySend`": the value itself, not inside the enum, is a wrong return type."""
    [verdict] = _judged(tmp_path, _HELD, "`prepare` returns the bare `ReadySend`.", kind=Kind.SIGNATURE)
    assert verdict.state is State.CONTRADICTED


_NESTED = """pub struct DlqConfig { pub max_receives: u32 }
pub fn dlq() -> Option<DlqConfig> {
    Some(DlqConfig { max_receives: 3 })
}
"""


def test_a_field_given_a_number_inside_a_longer_snippet_is_judged_by_the_literal(tmp_path: Path) -> None:
    """ "gets `Some(DlqConfig { max_receives: 5 })`" where the code writes `max_receives: 3`."""
    said = "The queue gets `Some(DlqConfig {{ max_receives: {} }})`."
    [verdict] = _judged(tmp_path, _NESTED, said.format(5))
    assert verdict.state is State.CONTRADICTED and "lib.rs:3" in verdict.message
    [verdict] = _judged(tmp_path / "true", _NESTED, said.format(3))
    assert verdict.state is State.SUPPORTED


def test_a_field_named_after_whose_is_not_who_it_stands_for() -> None:
    """ "…, whose `app_id` is an `AppIdOrUid`, … It first calls `f`": "It" is not `app_id`."""
    text = "Besides the state it takes `Path<AppPath>`, whose `app_id` is an `AppIdOrUid`. It first calls `load_app`."
    assert not any(c.subject == "app_id" for c in claims(text))


_ARMS = """pub enum Backend { A, B, C }
fn unpooled(n: u32) -> u32 { n }
pub fn from_backend(b: Backend) -> u32 {
    match b {
        Backend::A => unpooled(1),
        Backend::B => unpooled(2),
        Backend::C => panic!("not supported"),
    }
}
"""


def test_a_call_made_on_every_arm_that_returns_is_not_contradicted_by_always(tmp_path: Path) -> None:
    """ "`from_backend` always uses `unpooled`": every arm that returns calls it."""
    verdicts = _judged(tmp_path, _ARMS, "`from_backend` always uses `unpooled`.")
    assert not any(v.state is State.CONTRADICTED for v in verdicts)


_MAPPED_BY_CONSTRUCTOR = """pub enum Error { Generic, Validation }
impl Error {
    pub fn generic(_e: String) -> Error { Error::Generic }
    pub fn validation(_e: String) -> Error { Error::Validation }
}
fn sign(claims: u32) -> Result<String, String> { Ok(claims.to_string()) }
pub fn token(claims: u32) -> Result<String, Error> {
    sign(claims).map_err(Error::generic)
}
pub fn check(input: &str) -> Result<(), Error> {
    if input.is_empty() { return Err(Error::validation("empty".to_owned())); }
    Ok(())
}
"""


def test_a_constructor_said_to_be_handed_to_map_err_is_judged_by_the_map_err_written(tmp_path: Path) -> None:
    """ "`sign(claims)` is mapped with `map_err(Error::validation)`": the code writes
    `map_err(Error::generic)` (it builds `Error::validation` elsewhere, never in a `map_err`)."""
    said = "`sign(claims)` is mapped with `map_err(Error::{})`."
    [verdict] = _judged(tmp_path, _MAPPED_BY_CONSTRUCTOR, said.format("validation"), kind=Kind.ERROR)
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith(
        "the record's code maps errors with `map_err(Error::generic)` at lib.rs:8"
    )
    [verdict] = _judged(tmp_path / "true", _MAPPED_BY_CONSTRUCTOR, said.format("generic"), kind=Kind.ERROR)
    assert verdict.state is State.SUPPORTED


def test_a_name_in_the_time_clause_of_a_noun_subject_is_not_who_it_stands_for() -> None:
    """ "The endpoint filter is applied after `f` has run. It looks the endpoint up through `g`":
    "It" is the filter, not `f`."""
    text = (
        "The desk filter is applied after `list_filtered` has run. It looks the desk up through `find_desk`."
    )
    assert not any(c.subject == "list_filtered" for c in claims(text))


def test_a_value_said_to_give_itself_is_no_call(tmp_path: Path) -> None:
    """ "`before` gives the window `before` minus 90 days up to `before`": no call of itself."""
    rust = "pub fn before(at: u64) -> u64 { at }\npub fn window(at: u64) -> u64 { before(at) - 90 }\n"
    verdicts = _judged(tmp_path, rust, "`before` gives the window `before` minus 90 days up to `before`.")
    assert not any(v.state is State.CONTRADICTED for v in verdicts)


def test_the_instrument_of_a_step_is_not_who_it_stands_for() -> None:
    """ "the worker reloads the row with `find_desk`. It then … calls `update`": "It" is the
    worker, not `find_desk`."""
    text = (
        "To close it, the worker reloads the row with `desk::Entity::find_desk`. It then calls `save_desk`."
    )
    assert not any(c.subject.endswith("find_desk") for c in claims(text))


_SENDS = """pub enum Hook { Recovered, Exhausted }
pub struct Sender;
impl Sender {
    pub fn send_hook(&self, _h: Hook) -> Result<(), String> { Ok(()) }
}
pub fn on_success(s: &Sender) -> Result<(), String> {
    if let Err(e) = s.send_hook(Hook::Recovered) {
        tracing::error!("{e}");
    }
    Ok(())
}
pub fn on_failure(s: &Sender) -> Result<(), String> {
    s.send_hook(Hook::Exhausted)?;
    Ok(())
}
"""


def test_a_send_error_after_a_value_said_to_be_sent_is_of_the_sends_that_carry_it(tmp_path: Path) -> None:
    """ "then sends `Exhausted` and propagates a send error with `?`": the send that carries
    `Exhausted` propagates, the one that carries `Recovered` only logs."""
    said = "There it then sends `{}` and propagates a send error with `?`."
    errors = _judged(tmp_path, _SENDS, said.format("Exhausted"), kind=Kind.ERROR)
    assert errors and not any(v.state is State.CONTRADICTED for v in errors)
    errors = _judged(tmp_path / "other", _SENDS, said.format("Recovered"), kind=Kind.ERROR)
    assert any(v.state is State.CONTRADICTED for v in errors)


def test_a_step_of_the_record_that_is_one_of_its_own_functions_is_supported(tmp_path: Path) -> None:
    """ "Publishing goes through `Sender::send_hook`": a function the record shows."""
    [verdict] = _judged(tmp_path, _SENDS, "Publishing goes through `Sender::send_hook`.")
    assert verdict.state is State.SUPPORTED


def test_a_call_named_in_a_reason_given_in_passing_is_not_judged(tmp_path: Path) -> None:
    """ "Since the pool is built with `make_pool`, …": code beyond the record, in passing."""
    rust = _SENDS + "pub fn make_pool() -> u32 { 1 }\n"
    verdicts = _judged(tmp_path, rust, "Since the pool is built with `make_pool`, the connection is pooled.")
    assert not any(v.state is State.CONTRADICTED for v in verdicts)


def test_a_signature_written_whole_is_judged_parameter_by_parameter(tmp_path: Path) -> None:
    """`open_pair(dsn: &str, prefetch: Option<u16>)` where the code takes `prefetch: u16`."""
    rust = "pub fn open_pair(dsn: &str, prefetch: u16) -> Result<u32, String> { Ok(dsn.len() as u32 + prefetch as u32) }\n"
    said = "Its signature is `open_pair(dsn: &str, prefetch: {}) -> Result<u32, String>`."
    verdicts = _judged(tmp_path, rust, said.format("Option<u16>"))
    [wrong] = [v for v in verdicts if v.state is State.CONTRADICTED]
    assert wrong.message.startswith("`open_pair` takes `prefetch: u16` at lib.rs:1")
    verdicts = _judged(tmp_path / "true", rust, said.format("u16"))
    assert verdicts and all(v.state is State.SUPPORTED for v in verdicts)


_RECEIVERS = """pub struct Range { until: u64 }
impl Range {
    pub fn check(self) -> u64 { self.until }
    pub fn peek(&self) -> u64 { self.until }
}
"""


def test_how_a_method_takes_its_value_is_judged_by_its_self_parameter(tmp_path: Path) -> None:
    """ "`check` takes `&self`" where `check(self)` consumes it; "`peek` takes `&self`" holds."""
    verdicts = _judged(tmp_path, _RECEIVERS, "`check` takes `&self` and returns a `u64`.")
    [verdict] = [v for v in verdicts if v.claim.object == "&self"]
    assert verdict.state is State.CONTRADICTED and verdict.message.startswith(
        "`check` takes `self` at lib.rs:3"
    )
    verdicts = _judged(tmp_path / "true", _RECEIVERS, "`peek` takes `&self` and returns a `u64`.")
    assert verdicts and all(v.state is State.SUPPORTED for v in verdicts)


def test_a_reference_said_of_a_function_that_returns_the_value_itself_is_contradicted(tmp_path: Path) -> None:
    """ "`token()` returns a `&'static Token`" where it returns an owned clone."""
    rust = "#[derive(Clone)]\npub struct Token;\nstatic T: Token = Token;\npub fn token() -> Token { T.clone() }\n"
    [verdict] = _judged(tmp_path, rust, "`token()` returns a `&'static Token` borrowed from the static.")
    assert verdict.state is State.CONTRADICTED
    [verdict] = _judged(tmp_path / "true", rust, "`token()` returns an owned `Token` cloned from the static.")
    assert verdict.state is State.SUPPORTED


_RETRIES = """pub enum ErrorKind { Queue, Timeout, Database }
pub struct Error { pub kind: ErrorKind }
pub fn should_retry(err: &Error) -> bool {
    matches!(err.kind, ErrorKind::Queue)
}
"""


def test_a_variant_said_to_be_matched_is_judged_by_the_variants_the_body_names(tmp_path: Path) -> None:
    """ "`should_retry` matches both `ErrorKind::Queue` and `ErrorKind::Timeout`": its body names
    `ErrorKind::Queue` only."""
    said = "`should_retry` matches both `ErrorKind::Queue` and `ErrorKind::Timeout`."
    verdicts = {v.claim.object: v for v in _judged(tmp_path, _RETRIES, said, kind=Kind.ERROR)}
    assert verdicts["ErrorKind::Queue"].state is State.SUPPORTED
    assert verdicts["ErrorKind::Timeout"].state is State.CONTRADICTED
    assert verdicts["ErrorKind::Timeout"].message == (
        "`should_retry` (lib.rs:3) names `ErrorKind::Queue` and never `ErrorKind::Timeout`"
    )


def test_an_error_said_of_a_conversion_named_without_its_target_is_judged_on_its_from_impl(
    tmp_path: Path,
) -> None:
    """ "`From<queue::QueueError>` maps every failure to `Error::generic`": the impl's `from`."""
    said = "`From<queue::QueueError>` maps every failure to `Error::{}`."
    [verdict] = _judged(tmp_path, _CONVERSIONS, said.format("generic"), kind=Kind.ERROR)
    assert verdict.state is State.CONTRADICTED and "builds `Error::queue` at lib.rs:19" in verdict.message
    [verdict] = _judged(tmp_path / "true", _CONVERSIONS, said.format("queue"), kind=Kind.ERROR)
    assert verdict.state is State.SUPPORTED


def test_a_constants_value_before_and_is_read_without_a_unit() -> None:
    """ "`BATCH` is 100 and `LIMIT` is 10_000": "and" is no unit of 100."""
    said = [(c.subject, c.says) for c in claims("`BATCH` is 100 and `LIMIT` is 10_000.")]
    assert ("BATCH", "100") in said and ("LIMIT", "10_000") in said


_GLOBAL = """pub fn setup_metrics(provider: u32) {
    opentelemetry::global::set_meter_provider(provider);
}
"""


def test_a_library_function_named_for_the_sibling_of_the_one_called_is_contradicted(tmp_path: Path) -> None:
    """ "The provider is installed with `opentelemetry::global::set_tracer_provider`" where the
    code calls `opentelemetry::global::set_meter_provider`."""
    said = "The provider is installed with `opentelemetry::global::set_{}_provider`."
    [verdict] = _judged(tmp_path, _GLOBAL, said.format("tracer"))
    assert verdict.state is State.CONTRADICTED
    assert "calls `opentelemetry::global::set_meter_provider` at lib.rs:2" in verdict.message
    verdicts = _judged(tmp_path / "true", _GLOBAL, said.format("meter"))
    assert not any(v.state is State.CONTRADICTED for v in verdicts)


def test_it_after_a_singular_noun_that_takes_a_function_is_the_noun() -> None:
    """ "The query starts from `f`, which … . It bounds `Id` with `g`": "It" is the query, so
    the step `g` is not held to `f`'s body (it was, and `f` reaches no `g`: a false alarm); a
    plural noun cannot be "It", so there the function goes on."""
    said = (
        "The query starts from `notice::Entity::find_by_desk`, which filters on `DeskId`. "
        "It bounds `Id` with `NoticeId::start_id(since)`."
    )
    [step] = [c for c in claims(said) if c.object == "NoticeId::start_id"]
    assert step.scope == ""
    plural = "The keys come from `DeskEndpoint::valid_keys` on the endpoint. It never calls `fetch_row`."
    assert [c.subject for c in claims(plural) if c.object == "fetch_row"] == ["DeskEndpoint::valid_keys"]


_CLIENT = """pub struct Client;
impl Client {
    pub fn new() -> Self { Client }
    pub fn execute(&self) -> u8 { 1 }
    pub fn execute_raw(&self) -> u8 { 2 }
}
pub fn send_one(client: &Client) -> u8 { client.execute() }
pub fn handler() -> u8 {
    let client = Client::new();
    send_one(&client)
}
pub fn raw_handler() -> u8 {
    let client = Client::new();
    Client::execute_raw(&client) + send_one(&client)
}
"""


def test_the_record_going_through_a_types_function_beside_an_unrelated_one_it_calls_is_supported(
    tmp_path: Path,
) -> None:
    """ "Each request goes through `Client::execute`" where the record's own body calls
    `Client::new` and reaches `execute` through a helper: `new` is no kin of `execute`, so the
    text did not name the wrong one of a pair; beside a call of its kin `execute_raw` it did."""
    said = "Each request goes through `Client::execute`."
    for name, state in (("handler", State.SUPPORTED), ("raw_handler", State.CONTRADICTED)):
        verdicts = [v for v in _judged(tmp_path, _CLIENT, said, name) if v.claim.object == "Client::execute"]
        assert [v.state for v in verdicts][:1] == [state], name


_QUERIES = """pub mod notice {
    pub struct Entity;
    impl Entity {
        pub fn find_by_desk(desk: u32) -> u32 { desk }
        pub fn find_by_topic(topic: u32) -> u32 { topic }
    }
}
pub fn list_notices(desk: u32) -> u32 { notice::Entity::find_by_desk(desk) }
pub fn list_topics(topic: u32) -> u32 { notice::Entity::find_by_topic(topic) }
"""


@pytest.mark.parametrize(
    ("said", "state"),
    [
        ("The base query is `notice::Entity::find_by_topic(desk)`, a bare filter.", State.CONTRADICTED),
        # (the record's own call: not contradicted)
        ("The base query is `notice::Entity::find_by_desk(desk)`, a bare filter.", State.UNCHECKABLE),
        # a reason given in passing may speak of code beyond the record
        ("Since topics come from `notice::Entity::find_by_topic(id)`, the list is short.", State.UNCHECKABLE),
    ],
)
def test_a_step_written_with_its_owner_that_nothing_the_record_reaches_names_is_contradicted(
    tmp_path: Path, said: str, state: State
) -> None:
    """A crate function written with its owner, said of the record as a whole, is held to
    what the record's code reaches (on either side of the queue)."""
    verdicts = _judged(tmp_path, _QUERIES, said, "list_notices")
    steps = [
        v for v in verdicts if v.claim.object.startswith("notice::") and v.claim.says != "written as a call"
    ]
    assert [v.state for v in steps] == [state]


_RESPONSES = """pub struct StatusCode;
impl StatusCode {
    pub const OK: u16 = 200;
    pub const CREATED: u16 = 201;
    pub const NO_CONTENT: u16 = 204;
}
pub enum Upserted<T> { Kept(T), Made(T) }
impl<T> IntoResponse for Upserted<T> {
    fn into_response(self) -> (u16, T) {
        match self {
            Upserted::Kept(v) => (StatusCode::OK, v),
            Self::Made(v) => (StatusCode::CREATED, v),
        }
    }
}
pub struct Emptied;
impl IntoResponse for Emptied {
    fn into_response(self) -> u16 { StatusCode::NO_CONTENT }
}
"""


@pytest.mark.parametrize(
    ("said", "states"),
    [
        (
            "The answer is `Upserted::Made` (201) or `Upserted::Kept` (200).",
            [State.SUPPORTED, State.SUPPORTED],
        ),
        (
            "An existing one goes back as `Upserted::Kept`, which `into_response` renders as 202.",
            [State.CONTRADICTED],
        ),
        ("Either way the handler returns `Emptied`, a 200.", [State.CONTRADICTED]),
        ("Either way the handler returns `Emptied`, a 204.", [State.SUPPORTED]),
    ],
)
def test_the_status_said_of_a_response_variant_is_the_one_its_into_response_answers(
    tmp_path: Path, said: str, states: list[State]
) -> None:
    """ "`Upserted::Kept` (200)", "`Emptied`, a 204": the status the type's `into_response`
    answers for the variant (by its arm, `Upserted::Kept` or `Self::Made`), or for a type
    without variants by the one status its body names."""
    verdicts = _judged(tmp_path, _RESPONSES, said, kind=Kind.VALUE)
    assert [v.state for v in verdicts] == states


_TABLES = """pub mod notice {
    pub struct Entity;
    impl Entity {
        pub fn find() -> u8 { 0 }
        pub fn delete_many() -> u8 { 0 }
    }
}
pub mod desk {
    pub struct Entity;
    impl Entity {
        pub fn find() -> u8 { 0 }
        pub fn delete_many() -> u8 { 0 }
    }
}
pub fn wipe() -> u8 {
    let _desks = desk::Entity::find();
    notice::Entity::delete_many();
    desk::Entity::delete_many()
}
"""


@pytest.mark.parametrize(
    ("said", "state"),
    [
        ("It deletes the `notice` rows, then its `desk` rows.", State.SUPPORTED),
        ("It deletes the `desk` rows, then its `notice` rows.", State.CONTRADICTED),
    ],
)
def test_an_order_of_two_tables_rows_is_read_from_the_calls_of_the_sentences_verb(
    tmp_path: Path, said: str, state: State
) -> None:
    """ "deletes the `notice` rows, then the `desk` rows": each table stands for its `Entity`'s
    calls of the verb (`delete_many`), not for its lookups (`desk::Entity::find` comes first)."""
    verdicts = _judged(tmp_path, _TABLES, said, kind=Kind.ORDER)
    assert [v.state for v in verdicts] == [state]


_SOURCED = """pub struct Meta;
impl Meta {
    pub fn metadata(&self) -> u8 { 0 }
}
pub fn to_out(meta: Meta) -> u8 { 1 }
pub fn uses_it(meta: Meta) -> u8 { meta.metadata() }
"""


def test_a_value_said_to_come_from_its_namesake_function_is_no_call(tmp_path: Path) -> None:
    """ "`metadata` comes from `Meta::metadata`": the field is named for the function it is read
    from, so no call of `Meta::metadata` by a function `metadata` is judged."""
    verdicts = _judged(tmp_path, _SOURCED, "`metadata` comes from `Meta::metadata`.", "to_out")
    assert all(v.state is not State.CONTRADICTED for v in verdicts)


_HANDED = """pub struct HttpError;
impl HttpError {
    pub fn too_large() -> Self { HttpError }
    pub fn into_response(self) -> u16 { 500 }
}
pub fn respond(big: bool) -> u16 {
    if big { return HttpError::too_large().into_response(); }
    0
}
"""


def test_a_method_of_an_error_type_said_to_be_handed_the_error_is_no_constructor(tmp_path: Path) -> None:
    """ "… handed to `HttpError::into_response`": a method taking `self`, which builds nothing,
    so it is not held to the constructors the record writes."""
    said = "The error is handed to `HttpError::into_response`, which writes the body."
    assert all(v.state is not State.CONTRADICTED for v in _judged(tmp_path, _HANDED, said))


_RELAY = """pub fn run_relay() -> Result<(), String> { Ok(()) }
pub fn start() {
    run_relay().expect("relay failed");
}
pub fn start_quietly() -> Result<(), String> {
    run_relay()?;
    Ok(())
}
"""


@pytest.mark.parametrize(
    ("own", "state"), [("start", State.SUPPORTED), ("start_quietly", State.CONTRADICTED)]
)
def test_a_failure_said_to_panic_is_judged_by_whether_its_call_is_unwrapped(
    tmp_path: Path, own: str, state: State
) -> None:
    """ "An `Err` from `run_relay` is turned into a panic": supported where the call is
    unwrapped (`expect`), contradicted where every call hands the error on."""
    said = "An `Err` from `run_relay` is turned into a panic with `expect`."
    verdicts = _judged(tmp_path, _RELAY, said, own, kind=Kind.ERROR)
    assert [v.state for v in verdicts] == [state]


def test_a_failure_handed_to_a_closure_that_panics_is_said_to_panic(tmp_path: Path) -> None:
    """`.unwrap_or_else(|_| panic!("…"))` panics with the error: it is not dropped."""
    rust = _RELAY.replace(
        'run_relay().expect("relay failed");', 'run_relay().unwrap_or_else(|_| panic!("relay"));'
    )
    said = "An `Err` from `run_relay` is turned into a panic."
    verdicts = _judged(tmp_path, rust, said, "start", kind=Kind.ERROR)
    assert [v.state for v in verdicts] == [State.SUPPORTED]


_TWO_COMMANDS = """pub struct Query;
impl Query {
    pub fn all(&self, db: &u64) -> Result<u64, String> { Ok(*db) }
    pub fn delete(&self, db: &u64) -> Result<u64, String> { Ok(*db) }
}
pub fn wipe(query: Query, db: u64) {
    query.all(&db).unwrap_or_else(|e| { tracing::error!("listing desks: {e}"); 0 });
}
pub fn prune(query: Query, db: u64) -> Result<u64, String> {
    query.delete(&db)?;
    Ok(0)
}
"""


def test_an_action_handled_apart_by_two_functions_beside_each_other_is_not_judged(tmp_path: Path) -> None:
    """ "Database errors are propagated with `?`" of a record whose `wipe` only logs and whose
    `prune` propagates: neither reaches the other, so which one the text means cannot be told."""
    said = "Database errors are propagated with `?`, not logged."
    verdicts = _judged(tmp_path, _TWO_COMMANDS, said, kind=Kind.ERROR)
    assert verdicts and all(v.state is State.UNCHECKABLE for v in verdicts)


@pytest.mark.parametrize(("own", "state"), [("wipe", State.CONTRADICTED), ("prune", State.SUPPORTED)])
def test_an_action_handled_one_way_by_the_one_function_making_it_is_judged(
    tmp_path: Path, own: str, state: State
) -> None:
    said = "Database errors are propagated with `?`, not logged."
    verdicts = _judged(tmp_path, _TWO_COMMANDS, said, own=own, kind=Kind.ERROR)
    assert [v.state for v in verdicts] == [state]


_UNSEALED = """pub struct Error;
impl Error {
    pub fn generic(text: &str) -> Error { Error }
}
pub fn unseal(sealed: bool) -> Result<u8, Error> {
    if sealed { return Err(Error::generic("no main key, can't unseal")); }
    Ok(1)
}
pub fn boot(key: Option<u8>) -> u8 {
    key.expect("no boot key, can't start")
}
"""


@pytest.mark.parametrize(
    ("said", "state"),
    [
        ("`unseal` panics with the message `no main key, can't unseal`.", State.CONTRADICTED),
        ('`boot` panics with "no boot key, can\'t start".', State.SUPPORTED),
    ],
)
def test_a_message_said_to_be_a_panics_is_held_to_the_call_the_code_hands_it_to(
    tmp_path: Path, said: str, state: State
) -> None:
    """A message built by an error's constructor is returned, not panicked with; one handed to
    `expect` is a panic's."""
    verdicts = [v for v in _judged(tmp_path, _UNSEALED, said) if v.claim.says == "panics with"]
    assert [v.state for v in verdicts] == [state]


def test_a_constructor_after_a_conversion_with_its_own_verb_is_held_to_that_conversion() -> None:
    """ "…, where `impl From<lapin::Error> for Error` turns it into `Error::queue`": the
    constructor is said of that conversion, as when the conversion opens the sentence."""
    said = (
        "A failure goes through `?`, where `impl From<lapin::Error> for Error` turns it into `Error::queue`."
    )
    [claim] = [c for c in claims(said) if c.kind is Kind.ERROR]
    assert claim.scope == "From<lapin::Error> for Error"
    apart = "The `From<lapin::Error> for Error` impl exists; and `run` returns `Error::queue`."
    assert all(c.scope == "" for c in claims(apart) if c.kind is Kind.ERROR)


def test_a_constructor_an_error_becomes_through_a_conversion_is_held_to_that_conversion() -> None:
    """ "…, which goes through `impl From<lapin::Error> for Error` and becomes an `Error::queue`":
    the constructor is said of the conversion the error passes through."""
    said = (
        "It propagates a failure with `?`, which goes through `impl From<lapin::Error> for Error` "
        "and becomes an `Error::queue`."
    )
    [claim] = [c for c in claims(said) if c.kind is Kind.ERROR]
    assert claim.scope == "From<lapin::Error> for Error"


def test_a_plain_negation_in_another_clause_leaves_a_named_step_judged(tmp_path: Path) -> None:
    """ "…, and a missing desk is not an error": the "not" denies its own clause only, so the
    step named before it is still held to the sibling the record calls."""
    rust = _LOOKUPS.replace("{ Entity::find_by_id(id) }", "{ Some(id + 1) }")
    said = "`lookup` then queries `desk::Entity::find_by_id`, and a missing desk is not an error."
    steps = _judged(tmp_path, rust, said, own="lookup", kind=Kind.CALL)
    assert [v.state for v in steps] == [State.CONTRADICTED]


def test_a_step_in_a_negated_clause_is_not_judged(tmp_path: Path) -> None:
    rust = _LOOKUPS.replace("{ Entity::find_by_id(id) }", "{ Some(id + 1) }")
    said = "Unlike the old code, `lookup` never queries `desk::Entity::find_by_id`."
    assert all(v.state is not State.CONTRADICTED for v in _judged(tmp_path, rust, said))


def test_a_function_that_acts_as_its_clauses_subject_is_held_to_the_sibling_called(tmp_path: Path) -> None:
    """ "`desk::Entity::find_by_id` filters the desks by id" where `lookup` calls its sibling
    `find_by_id_or_uid`: the record is said to run the one named."""
    rust = _LOOKUPS.replace("{ Entity::find_by_id(id) }", "{ Some(id + 1) }")
    said = "First the desk is resolved: `desk::Entity::find_by_id` filters the desks by id."
    [verdict] = _judged(tmp_path, rust, said, own="lookup", kind=Kind.CALL)
    assert (
        verdict.state is State.CONTRADICTED and "calls `desk::Entity::find_by_id_or_uid`" in verdict.message
    )


def test_a_function_acting_with_no_sibling_called_by_the_record_is_not_judged(tmp_path: Path) -> None:
    """A sentence may describe a function beyond the record ("`f` renders it later"): with no
    sibling of it in the record's own bodies, an acting subject is left alone."""
    rust = _LOOKUPS.replace("{ Entity::find_by_id(id) }", "{ Some(id + 1) }")
    said = "Later, `desk::Entity::find_by_id` renders the desk."
    verdicts = _judged(tmp_path, rust, said, own="open_desk")
    assert all(v.state is not State.CONTRADICTED for v in verdicts)


def test_a_function_a_derives_attribute_names_is_no_sibling_of_the_derived_method(tmp_path: Path) -> None:
    """`#[validate(schema(function = "validate_all_fields"))]`: `load` calls the derived
    `validate`, which runs the named function where no trace sees it."""
    rust = (
        '#[derive(Validate)]\n#[validate(schema(function = "validate_all_fields"))]\npub struct Config;\n'
        "fn validate_all_fields(c: &Config) -> Result<(), String> { Ok(()) }\n"
        "pub fn validate(c: &Config) -> Result<(), String> { Ok(()) }\n"
        "pub fn load(c: Config) -> Result<(), String> {\n    validate(&c)?;\n    Ok(())\n}\n"
    )
    said = "`load` checks the config with `validate_all_fields` as the schema check."
    verdicts = _judged(tmp_path, rust, said, own="load")
    assert verdicts and all(v.state is not State.CONTRADICTED for v in verdicts)


def test_propagating_the_result_hands_on_what_the_subject_ran() -> None:
    """ "`run_all` releases the lock before propagating the result": the result of the work it
    ran, not `run_all`'s own error said to propagate at its callers."""
    text = "Whatever the outcome, `run_all` releases the lock before propagating the result."
    assert [c for c in claims(text) if c.kind is Kind.ERROR] == []


def test_that_method_after_a_free_function_named_last_is_not_read() -> None:
    """ "… using a TTL from `ttl_start()`. That method calls `set_raw_once`": a free function
    is no method, so "That method" is not read as it."""
    text = (
        "It stores the value with `Store::set_once`, using a TTL from `ttl_start()`, which is 5 seconds. "
        "That method calls `set_raw_once`."
    )
    assert all(c.subject != "ttl_start" for c in claims(text) if c.kind is Kind.CALL)


def _table_module(name: str) -> str:
    """A sea-orm-like table module with a one-row lookup."""
    return (
        f"pub mod {name} {{\n    pub struct Entity;\n    impl Entity {{\n"
        "        pub fn find_by_id(id: u64) -> Option<u64> { Some(id) }\n    }\n}\n"
    )


_TWO_TABLES = (
    _table_module("desk")
    + _table_module("seat")
    + """pub struct HttpError;
impl HttpError {
    pub fn not_found() -> HttpError { HttpError }
    pub fn bad_request() -> HttpError { HttpError }
}
pub fn seat_at(desk: u64, seat: u64) -> Result<u64, HttpError> {
    let desk = desk::Entity::find_by_id(desk).ok_or_else(HttpError::not_found)?;
    let seat = seat::Entity::find_by_id(seat).ok_or_else(HttpError::not_found)?;
    Ok(desk + seat)
}
"""
)


def test_a_missing_row_of_several_tables_that_all_give_one_error_is_held_to_that_error(
    tmp_path: Path,
) -> None:
    """ "If no row comes back, the handler answers 400 through `HttpError::bad_request`": both
    lookups make their absence `HttpError::not_found`, so whichever the text means, it is not
    the error said."""
    said = "If no row comes back, the handler answers 400 through `HttpError::bad_request`."
    missing = [v for v in _judged(tmp_path, _TWO_TABLES, said) if v.claim.subject.endswith("missing row")]
    assert [v.state for v in missing] == [State.CONTRADICTED]


def _missing_or_raised(verdicts: list[Verdict]) -> list[State]:
    """The states of a lookup's claims, and of those a lookup's claim was held to as the error said."""
    return [v.state for v in verdicts if v.claim.subject.endswith("missing row") or v.claim.says == "gives"]


def test_a_missing_row_of_tables_that_give_different_errors_is_held_to_the_errors_built(
    tmp_path: Path,
) -> None:
    """Which lookup the text means cannot be told, so the error said is held to what the code
    builds: one of the two errors is supported."""
    rust = _TWO_TABLES.replace(
        "seat::Entity::find_by_id(seat).ok_or_else(HttpError::not_found)",
        "seat::Entity::find_by_id(seat).ok_or_else(HttpError::bad_request)",
    )
    said = "If no row comes back, the handler answers 400 through `HttpError::bad_request`."
    assert _missing_or_raised(_judged(tmp_path, rust, said)) == [State.SUPPORTED]


def test_a_missing_row_said_to_give_an_error_the_code_never_builds_is_contradicted(tmp_path: Path) -> None:
    rust = _TWO_TABLES.replace(
        "seat::Entity::find_by_id(seat).ok_or_else(HttpError::not_found)",
        "seat::Entity::find_by_id(seat).ok_or_else(HttpError::bad_request)",
    ).replace(
        "    pub fn bad_request()",
        "    pub fn conflict() -> HttpError { HttpError }\n    pub fn bad_request()",
    )
    said = "If no row comes back, the handler answers 409 through `HttpError::conflict`."
    assert _missing_or_raised(_judged(tmp_path, rust, said)) == [State.CONTRADICTED]


_CLEARED = """pub struct Model { pub deleted: bool, pub uid: Option<String>, pub limit: Option<u32> }
pub fn delete_desk(mut desk: Model) -> Model {
    desk.deleted = true;
    desk.uid = None;
    desk
}
pub fn reset_desk(mut desk: Model) -> Model {
    desk.limit = None;
    desk
}
"""


def test_a_field_said_to_be_set_to_none_is_held_to_the_fields_the_function_clears(tmp_path: Path) -> None:
    """ "`delete_desk` sets `deleted` to true and `limit` to `None`": `delete_desk` clears `uid`,
    and only another function of the record clears `limit`, so the field said is the wrong one."""
    said = "`delete_desk` marks the row, sets `deleted` to true and `limit` to `None`."
    verdicts = {v.claim.subject: v for v in _judged(tmp_path, _CLEARED, said, kind=Kind.VALUE)}
    assert verdicts["deleted"].state is State.SUPPORTED
    assert verdicts["limit"].state is State.CONTRADICTED and "sets `uid` to None" in verdicts["limit"].message


def test_a_field_said_to_be_set_to_none_where_the_function_clears_it_is_supported(tmp_path: Path) -> None:
    said = "`delete_desk` marks the row, sets `deleted` to true and `uid` to `None`."
    verdicts = _judged(tmp_path / "uid", _CLEARED, said, kind=Kind.VALUE)
    assert [v.state for v in verdicts] == [State.SUPPORTED, State.SUPPORTED]


_CONVERSION = """pub struct Row { pub desk_id: u64, pub seat_id: u64, pub state: u8 }
pub struct RowOut { pub desk: u64, pub state_text: String }
impl From<Row> for RowOut {
    fn from(row: Row) -> Self {
        let state_text = row.state.to_string();
        Self { desk: row.desk_id, state_text }
    }
}
"""


def test_a_field_said_to_be_copied_from_another_than_its_value_names_is_contradicted(tmp_path: Path) -> None:
    """ "copies `seat_id` into `desk`" where the literal gives `desk: row.desk_id`."""
    said = "`From<Row> for RowOut` copies `seat_id` into `desk`."
    [verdict] = _judged(tmp_path, _CONVERSION, said, kind=Kind.VALUE)
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("`desk` is given `row.desk_id` at lib.rs:6")


def test_a_field_filled_through_a_local_is_copied_from_what_the_local_is_bound_to(tmp_path: Path) -> None:
    """`Self { state_text }` after `let state_text = row.state.to_string()`: "derives
    `state_text` from `state`" is borne out, as is "copies `desk_id` into `desk`"."""
    said = "`From<Row> for RowOut` copies `desk_id` into `desk` and derives `state_text` from `state`."
    verdicts = _judged(tmp_path, _CONVERSION, said, kind=Kind.VALUE)
    assert [v.state for v in verdicts] == [State.SUPPORTED, State.SUPPORTED]


def test_a_field_the_record_never_fills_is_not_judged_for_its_source(tmp_path: Path) -> None:
    said = "`From<Row> for RowOut` copies `seat_id` into `seat`."
    verdicts = _judged(tmp_path, _CONVERSION, said, kind=Kind.VALUE)
    assert [v.state for v in verdicts] == [State.UNCHECKABLE]


_GENERIC = """pub fn run_once<F>(f: F) -> u8
where
    F: FnOnce() -> u8,
{
    f()
}
"""


def test_a_parameter_of_a_generic_type_takes_what_its_bounds_name(tmp_path: Path) -> None:
    """`f: F` with `F: FnOnce() -> u8`: "takes a `FnOnce` closure" is borne out by the bound,
    and a type the parameter list does not name at all is still contradicted."""
    [verdict] = _judged(tmp_path, _GENERIC, "`run_once` takes a `FnOnce` closure.")
    assert verdict.state is State.SUPPORTED
    [verdict] = _judged(tmp_path / "other", _GENERIC, "`run_once` takes a `String`.")
    assert verdict.state is State.CONTRADICTED


_STORE = """pub struct Store;
impl Store {
    pub fn delete(&self, key: u8) {}
    pub fn set(&self, key: u8) {}
}
pub fn drop_key(store: &Store) {
    store.delete(1);
}
"""


def test_a_method_written_on_a_value_its_caller_calls_another_method_on_is_contradicted(
    tmp_path: Path,
) -> None:
    """ "`drop_key` calls `store.set`" where its body calls `store.delete` and nothing it calls
    names `set`."""
    [verdict] = _judged(tmp_path, _STORE, "`drop_key` calls `store.set` with the key.", own="drop_key")
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("`drop_key` calls `store.delete` at lib.rs:7, never `store.set`")


def test_the_method_its_caller_calls_on_that_value_is_not_contradicted(tmp_path: Path) -> None:
    verdicts = _judged(tmp_path, _STORE, "`drop_key` calls `store.delete` with the key.", own="drop_key")
    assert all(v.state is not State.CONTRADICTED for v in verdicts)


_TRIGGERS = """pub enum Trigger { Manual, Scheduled }
pub struct Task { pub trigger: Trigger }
pub fn resend() -> Task {
    Task { trigger: Trigger::Manual }
}
"""


def test_a_variant_the_records_code_never_names_beside_one_it_does_is_contradicted(tmp_path: Path) -> None:
    """ "The task carries `Trigger::Scheduled`" where the record's code names `Trigger::Manual`
    and no other variant of the enum."""
    said = "The task carries `Trigger::Scheduled`."
    [verdict] = _judged(tmp_path, _TRIGGERS, said, own="resend", kind=Kind.VALUE)
    assert verdict.state is State.CONTRADICTED
    assert "names `Trigger::Manual`" in verdict.message and "never `Trigger::Scheduled`" in verdict.message


def test_a_variant_the_records_code_names_is_supported(tmp_path: Path) -> None:
    said = "The task carries `Trigger::Manual`."
    [verdict] = _judged(tmp_path, _TRIGGERS, said, own="resend", kind=Kind.VALUE)
    assert verdict.state is State.SUPPORTED


def test_a_constructor_named_as_its_own_mapping_is_not_said_of_an_earlier_mapper() -> None:
    """ "`E::TimedOut` maps to `T::Timeout` through `E::timeout`, and every other variant
    becomes `T::Generic` through `E::generic`": `E::generic` is not said of `E::timeout`."""
    text = (
        "`Error::TimedOut` maps to `ErrorType::Timeout` through `Error::timeout`, and every other "
        "variant becomes `ErrorType::Generic` through `Error::generic`."
    )
    [generic] = [c for c in claims(text) if c.kind is Kind.ERROR and c.subject == "Error::generic"]
    assert generic.scope != "Error::timeout"


# five types with an `update_model` (a name that common is followed by the trace's typed
# edges, not by name alone)
_NAMESAKES = """pub struct DeskIn;
pub struct DeskPatch;
impl DeskIn {
    pub fn update_model(self, model: &mut u8) { *model = 1; }
}
impl DeskPatch {
    pub fn update_model(self, model: &mut u8) { *model = 2; }
}
pub struct SeatIn;
impl SeatIn { pub fn update_model(self, model: &mut u8) {} }
pub struct SeatPatch;
impl SeatPatch { pub fn update_model(self, model: &mut u8) {} }
pub struct RoomIn;
impl RoomIn { pub fn update_model(self, model: &mut u8) {} }
pub fn create_desk(data: DeskIn) -> u8 {
    let mut model = 0;
    data.update_model(&mut model);
    model
}
"""


def test_a_method_of_another_type_than_the_one_the_record_calls_is_contradicted(tmp_path: Path) -> None:
    """ "`DeskPatch::update_model` fills the row" where `create_desk` calls `DeskIn::update_model`
    on its `data: DeskIn`, a namesake of another type the trace resolves."""
    said = "`DeskPatch::update_model` then fills the row."
    [verdict] = _judged(tmp_path, _NAMESAKES, said, own="create_desk", kind=Kind.CALL)
    assert verdict.state is State.CONTRADICTED
    assert verdict.message.startswith("this record's code calls `DeskIn::update_model` (lib.rs:4)")


def test_the_method_of_the_type_the_record_calls_is_not_contradicted(tmp_path: Path) -> None:
    said = "`DeskIn::update_model` then fills the row."
    verdicts = _judged(tmp_path, _NAMESAKES, said, own="create_desk")
    assert all(v.state is not State.CONTRADICTED for v in verdicts)


def test_a_namesake_of_the_records_own_function_is_not_contradicted(tmp_path: Path) -> None:
    """The record's own `DeskPatch::update_model` set beside the one it calls: both are its code."""
    from svix_flows.checks.claims import Judge
    from svix_flows.rust.facts import facts_of

    src = tmp_path / "server" / "svix-server" / "src"
    src.mkdir(parents=True)
    (src / "lib.rs").write_text(_NAMESAKES)
    facts = facts_of(Checkout(tmp_path, "server/svix-server/src"))
    own = facts.functions("create_desk") + facts.functions("DeskPatch::update_model")
    verdicts = Judge(facts).judge("`DeskPatch::update_model` then fills the row.", own)
    assert all(v.state is not State.CONTRADICTED for v in verdicts)


_ARGUMENT_FIRST = """pub struct Key;
impl Key {
    pub fn from_slice(bytes: u8) -> Key { Key }
}
pub enum Secret { Plain(u8), Signed(Key) }
pub fn parse(bytes: u8) -> Secret {
    Secret::Signed(Key::from_slice(bytes))
}
"""


def test_an_order_of_a_call_and_the_call_it_is_an_argument_of_is_not_judged(tmp_path: Path) -> None:
    """`Secret::Signed(Key::from_slice(bytes))`: the argument runs first though it is written
    second, so "`Secret::Signed` after `Key::from_slice` parses the bytes" is no reversed order."""
    said = "`parse` yields `Secret::Signed` after `Key::from_slice` parses the bytes."
    verdicts = _judged(tmp_path, _ARGUMENT_FIRST, said, own="parse", kind=Kind.ORDER)
    assert verdicts and all(v.state is not State.CONTRADICTED for v in verdicts)


_DERIVED_TRAIT = """pub trait Paged: Sized {
    fn key(&self) -> u32;
    fn page(items: Vec<Self>) -> Vec<Self> {
        trim_page(items)
    }
}
pub fn trim_page<T>(items: Vec<T>) -> Vec<T> { items }
pub fn window_query(limit: u32) -> u32 { limit }
#[derive(Clone, Paged)]
pub struct TicketOut { pub id: u32 }
pub fn list_tickets(items: Vec<TicketOut>) -> Vec<TicketOut> {
    TicketOut::page(items)
}
"""


def test_a_derived_crate_trait_gives_the_type_its_default_methods(tmp_path: Path) -> None:
    """`#[derive(Paged)]` with the crate's own trait `Paged`: `TicketOut::page` is the trait's
    default body, so what it is said to call is held to that body."""
    said = "`TicketOut::page` delegates to `window_query`."
    verdicts = _judged(tmp_path, _DERIVED_TRAIT, said, kind=Kind.CALL)
    assert [v.state for v in verdicts] == [State.CONTRADICTED]


def test_the_default_method_of_a_derived_trait_bears_out_its_own_call(tmp_path: Path) -> None:
    said = "`TicketOut::page` delegates to `trim_page`."
    verdicts = _judged(tmp_path, _DERIVED_TRAIT, said, kind=Kind.CALL)
    assert [v.state for v in verdicts] == [State.SUPPORTED]


_TWO_ENTITIES = """pub struct Org(pub u32);
pub struct Zone(pub u32);
pub mod alpha {
    pub struct Entity;
    impl Entity {
        pub fn secure_find(org: super::Org) -> u32 { org.0 }
    }
}
pub mod beta {
    pub struct Entity;
    impl Entity {
        pub fn secure_find(zone: super::Zone) -> u32 { zone.0 }
    }
}
"""


def test_a_method_written_with_its_types_module_is_that_modules_types(tmp_path: Path) -> None:
    """`alpha::Entity::secure_find` is alpha's, not every `Entity`'s: beta's taking a `Zone`
    does not bear out "`alpha::Entity::secure_find` takes a `Zone`"."""
    said = "`alpha::Entity::secure_find` takes a `Zone`."
    verdicts = _judged(tmp_path, _TWO_ENTITIES, said, kind=Kind.SIGNATURE)
    assert [v.state for v in verdicts] == [State.CONTRADICTED]


def test_a_step_in_a_later_clause_with_a_subject_of_its_own_is_not_the_openers() -> None:
    """ "`DeskOut::id_copy` returns the id, so `page_inner`, reached through `DeskOut::page`, …":
    the step is `page_inner`'s clause's, not held to `id_copy`."""
    said = (
        "`DeskOut::id_copy` returns the desk id, so `page_inner`, reached through `DeskOut::page`, builds it."
    )
    steps = [c for c in claims(said) if c.object == "DeskOut::page"]
    assert steps and all(c.scope == "" for c in steps)


def test_a_step_in_the_openers_own_clause_is_held_to_it() -> None:
    said = "`DeskOut::page` builds the iterator from the rows with the helper `page_inner(rows, limit)`."
    steps = [c for c in claims(said) if c.object == "page_inner"]
    assert steps and all(c.scope == "DeskOut::page" for c in steps)


_BEYOND = """pub struct Pool;
impl Pool {
    pub fn from_backend() -> Pool { Pool }
}
pub fn setup_queue() -> Pool { Pool::from_backend() }
pub fn migrate(pool: Pool) -> Pool { pool }
"""


def test_a_call_the_sentence_says_of_named_code_beyond_the_record_is_not_contradicted(tmp_path: Path) -> None:
    """ "When `setup_queue` builds the queue, it takes a `Pool` from `Pool::from_backend`": the
    record (`migrate`) makes no such call, but the function the sentence names does."""
    said = "When `setup_queue` builds the queue, it hands `migrate` a pool it got from `Pool::from_backend`."
    verdicts = _judged(tmp_path, _BEYOND, said, own="migrate")
    assert not [v for v in verdicts if v.state is State.CONTRADICTED]


def test_a_call_of_the_record_that_no_named_code_makes_is_still_contradicted(tmp_path: Path) -> None:
    said = "The pool then goes through `Pool::from_backend`."
    verdicts = _judged(tmp_path, _BEYOND, said, own="migrate")
    assert [v.claim.object for v in verdicts if v.state is State.CONTRADICTED] == ["Pool::from_backend"]


_TTL = """pub struct Cache;
impl Cache {
    pub fn set(&self, ttl: u64) {}
}
pub fn remember(cache: &Cache, hold_for: u64) {
    cache.set(hold_for * 2);
}
"""


def test_code_written_with_another_number_than_the_crates_is_contradicted(tmp_path: Path) -> None:
    """ "a TTL of `hold_for * 3`" where the crate writes `hold_for * 2`, and nowhere `* 3`."""
    verdicts = _judged(tmp_path, _TTL, "It stores the value with a TTL of `hold_for * 3`.")
    found = [v for v in verdicts if v.claim.kind is Kind.VALUE]
    assert [v.state for v in found] == [State.CONTRADICTED]
    assert "`hold_for * 2` at lib.rs:6" in found[0].message


def test_code_written_as_the_crate_writes_it_is_supported(tmp_path: Path) -> None:
    verdicts = _judged(tmp_path, _TTL, "It stores the value with a TTL of `hold_for*2`.")
    assert [v.state for v in verdicts if v.claim.kind is Kind.VALUE] == [State.SUPPORTED]


def test_code_the_crate_writes_with_several_numbers_is_not_judged(tmp_path: Path) -> None:
    """The crate writes `hold_for * 2` and `hold_for * 5`: which one `* 3` misquotes is unsaid."""
    rust = _TTL + "pub fn forget(cache: &Cache, hold_for: u64) {\n    cache.set(hold_for * 5);\n}\n"
    verdicts = _judged(tmp_path, rust, "It stores the value with a TTL of `hold_for * 3`.")
    assert [v.state for v in verdicts if v.claim.kind is Kind.VALUE] == [State.UNCHECKABLE]


_DROPPED_KEY = """pub struct Error;
impl Error {
    pub fn generic(_: &str) -> Error { Error }
    pub fn cache(_: u8) -> Error { Error }
}
pub struct Cache;
impl Cache {
    pub fn delete(&self, _: &str) -> Result<(), u8> { Ok(()) }
}
pub struct Secret;
impl Secret {
    pub fn key(&self) -> Result<u8, Error> { Err(Error::generic("unset")) }
}
pub fn drop_key(cache: &Cache, key: &str) -> Result<(), Error> {
    cache.delete(key).map_err(Error::cache)
}
"""


def test_a_parameter_named_like_a_function_is_no_call_of_it(tmp_path: Path) -> None:
    """`drop_key` passes its parameter `key` on; `Secret::key` is not reached through it, so
    the constructor only `Secret::key` builds is not what `drop_key` maps a failure with."""
    said = "`drop_key` calls `cache.delete`, mapping a failure with `Error::generic`."
    verdicts = _judged(tmp_path, _DROPPED_KEY, said, own="drop_key")
    assert [v.state for v in verdicts if v.claim.subject == "Error::generic"] == [State.CONTRADICTED]


_CONVERTED = """pub struct Store;
pub struct NoStore;
impl From<NoStore> for Store {
    fn from(_: NoStore) -> Store { Store }
}
pub fn new() -> Store {
    NoStore {}.into()
}
pub fn plain() -> Store {
    Store
}
"""


@pytest.mark.parametrize(
    ("said", "state"),
    [
        # the value built before the conversion to the type returned
        ("`new` returns `NoStore`.", State.UNCHECKABLE),
        ("`plain` returns `NoStore`.", State.CONTRADICTED),
    ],
)
def test_a_type_converted_into_the_one_returned_is_not_contradicted(
    tmp_path: Path, said: str, state: State
) -> None:
    """`new` builds a `NoStore` and returns it `into()` a `Store`: "returns `NoStore`" may
    speak of the value before its conversion; `plain` builds no `NoStore` at all."""
    verdicts = _judged(tmp_path, _CONVERTED, said, kind=Kind.SIGNATURE)
    assert [v.state for v in verdicts] == [state]


_MACRO_IMPL = """pub trait Prefixed {
    fn check_(&self) -> bool { true }
}
macro_rules! make_id {
    ($name:ident) => {
        pub struct $name;
        impl Prefixed for $name {}
        impl $name {
            pub fn validate(&self) -> bool { self.check_() }
        }
    };
}
make_id!(DeskId);
pub fn list_desks(id: DeskId) -> bool {
    id.validate()
}
"""


def test_a_call_only_a_macro_body_writes_is_not_contradicted(tmp_path: Path) -> None:
    """`check_` is called in the impl `make_id!` writes for each id type: no trace follows it, so
    "validating goes through `Prefixed::check_`" is left unjudged, not said to be unreached."""
    said = "Validating the id only checks its prefix through `Prefixed::check_`."
    verdicts = _judged(tmp_path, _MACRO_IMPL, said, own="list_desks")
    assert verdicts and all(v.state is not State.CONTRADICTED for v in verdicts)


_RELAYED = """pub struct Conn;
pub fn connect() -> Result<Conn, String> { Ok(Conn) }
pub fn open_pair() -> Result<Conn, String> {
    let conn = connect()?;
    Ok(conn)
}
pub fn start() -> Conn {
    open_pair().expect("can't connect")
}
"""


def test_a_function_said_to_propagate_a_failure_is_not_judged_by_its_callers(tmp_path: Path) -> None:
    """ "It opens a connection and propagates a failure with `?`", of `open_pair`: the failures of what
    `open_pair` calls, which it hands on; `start` unwrapping `open_pair`'s own result says
    nothing against it."""
    said = "Looking at `open_pair` itself, it takes nothing. It opens a connection and propagates a failure with `?`."
    verdicts = _judged(tmp_path, _RELAYED, said, own="start", kind=Kind.ERROR)
    assert verdicts and all(v.state is not State.CONTRADICTED for v in verdicts)


_RESEND = """pub struct Task(u64);
impl Task {
    pub fn new_task(id: u64) -> Task {
        Task(id)
    }
}
pub struct Producer;
impl Producer {
    pub fn send(&self, task: Task) -> Result<(), String> {
        let _ = task;
        Ok(())
    }
}
pub fn resend(producer: &Producer, id: u64) -> Result<(), String> {
    producer.send(Task::new_task(id))
}
"""


def test_a_call_built_in_the_arguments_of_a_called_function_is_not_its_step(tmp_path: Path) -> None:
    """ "Then `producer.send` is called with `Task::new_task(id)`": the task is built by the
    caller and handed to `send`; `send` is what is called, not who builds it."""
    verdicts = _judged(tmp_path, _RESEND, "Then `producer.send` is called with `Task::new_task(id)`.")
    assert [v for v in verdicts if v.state is State.CONTRADICTED] == []


_TWO_ENTRIES = """pub struct View;
impl View {
    pub fn render(found: bool) -> bool {
        !found
    }
}
pub struct Rows;
impl Rows {
    pub fn find_rows(id: u64) -> Vec<u64> {
        vec![id]
    }
}
pub fn purge(id: u64) -> usize {
    Rows::find_rows(id).len()
}
"""


def test_a_step_said_after_next_it_may_be_of_either_function_it_could_mean(tmp_path: Path) -> None:
    """ "`View::render` … . `purge` reads … . It resolves … . Next it queries `Rows::find_rows`":
    "Next it" may go back to `View::render` or on with `purge`; `purge` queries it, so no contradiction."""
    text = (
        "From then on `View::render` finds nothing. `purge` reads the path. It resolves the row the same way. "
        "Next it queries `Rows::find_rows` for the id."
    )
    verdicts = _judged(tmp_path, _TWO_ENTRIES, text, own="purge,View::render")
    assert [v for v in verdicts if v.state is State.CONTRADICTED] == []


_DEADLINE = """pub struct Config {
    pub pending_secs: u64,
}
pub struct QueueConfig {
    pub deadline_ms: u64,
}
fn queue_config(pending: u64) -> QueueConfig {
    QueueConfig { deadline_ms: pending }
}
pub fn open(cfg: &Config) -> QueueConfig {
    queue_config(cfg.pending_secs * 1000)
}
"""


def test_a_field_given_a_variable_may_come_from_what_the_caller_passed(tmp_path: Path) -> None:
    """`deadline_ms: pending`, a parameter its caller derives from `cfg.pending_secs`: "derives
    `deadline_ms` from `pending_secs`" is not contradicted by the variable's other name."""
    verdicts = _judged(tmp_path, _DEADLINE, "The queue config derives `deadline_ms` from `pending_secs`.")
    assert [v for v in verdicts if v.state is State.CONTRADICTED] == []


_CLIENT_ERRORS = """pub struct Error {
    code: u8,
}
impl Error {
    fn new(code: u8) -> Error {
        Error { code }
    }
    pub fn timeout() -> Error {
        Error::new(1)
    }
    pub fn generic() -> Error {
        Error::new(2)
    }
}
pub enum ClientError {
    TimedOut,
    Refused,
}
impl From<ClientError> for Error {
    fn from(e: ClientError) -> Error {
        match e {
            ClientError::TimedOut => Error::timeout(),
            ClientError::Refused => Error::generic(),
        }
    }
}
"""


def test_a_constructor_beside_its_sibling_is_not_said_to_be_built_by_it(tmp_path: Path) -> None:
    """ "… maps it through `Error::timeout`, while every other client error becomes
    `Error::generic`": the conversion builds both; `Error::timeout` builds no `Error::generic`,
    and is not what the text says does."""
    said = (
        "A client `TimedOut` gets the penalty because `From<ClientError> for Error` maps it through "
        "`Error::timeout`, while every other client error becomes `Error::generic`."
    )
    verdicts = _judged(tmp_path, _CLIENT_ERRORS, said)
    assert [v for v in verdicts if v.state is State.CONTRADICTED] == []


_LOGGING = """pub struct Store;
impl Store {
    pub fn drop_key(&self) -> Result<(), String> {
        Ok(())
    }
}
fn swallow(result: Result<(), String>) {
    if let Err(e) = result {
        tracing::error!(error = %e, "swallowing error");
    }
}
pub fn clear(store: &Store) {
    swallow(store.drop_key());
}
pub fn reset(store: &Store) {
    let _ = store.drop_key();
}
"""


def _logs_at(tmp_path: Path, said: str, own: str) -> list[State]:
    return [v.state for v in _judged(tmp_path, _LOGGING, said, own=own) if v.claim.says == "logs at"]


def test_a_level_logged_by_what_the_record_calls_directly_is_supported(tmp_path: Path) -> None:
    """`clear` hands the result to `swallow`, which logs with `tracing::error!`."""
    assert _logs_at(tmp_path, "A failed drop is only logged with `tracing::error!`.", "clear") == [
        State.SUPPORTED
    ]


def test_a_level_the_record_never_logs_at_is_contradicted(tmp_path: Path) -> None:
    """The helper logs with `tracing::error!`; "logged with `tracing::warn!`" is wrong."""
    assert _logs_at(tmp_path, "A failed drop is only logged with `tracing::warn!`.", "clear") == [
        State.CONTRADICTED
    ]


def test_logging_said_of_code_that_logs_nothing_is_contradicted(tmp_path: Path) -> None:
    """`reset` drops the error with `let _`: nothing it runs logs at all."""
    assert _logs_at(tmp_path, "A failed drop is logged with `tracing::error!`.", "reset") == [
        State.CONTRADICTED
    ]


def test_a_stop_inside_a_quoted_message_ends_no_sentence() -> None:
    """ "logs "Body is gone; most likely expired" with `warn!`": the quote's ";" and "." belong to
    the message, so the sentence and its quote stay whole."""
    from svix_flows.checks.claims.text import sentences

    text = 'It logs "Body is gone; most likely expired." with `warn!` and returns. Then it acks.'
    assert list(sentences(text)) == [
        'It logs "Body is gone; most likely expired." with `warn!` and returns.',
        "Then it acks.",
    ]
