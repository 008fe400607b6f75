"""`check` runs the claims check over the catalog's prose: a contradicted claim of a flow's entry
is a problem naming the entry, and a claim about a crate function that is neither a span of the
flow nor said to be outside it is a missing span (on the claims fixtures' synthetic crate)."""

from __future__ import annotations

from pathlib import Path

from svix_flows.catalog import load_catalog
from svix_flows.ops.check import check_catalog
from svix_flows.rust.checkout import Checkout

CHECKOUT = Path(__file__).parent / "fixtures" / "claims" / "checkout"


def _checked(facts: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(kind, message) of each claims problem of `check`, with `facts` as notice_creation's facts."""
    catalog = load_catalog(CHECKOUT / "flows.toml")
    if facts:
        flows = tuple(
            flow._replace(description="", facts=facts) if flow.id == "notice_creation" else flow
            for flow in catalog.flows
        )
        catalog = catalog._replace(flows=flows)
    report = check_catalog(catalog, Checkout(CHECKOUT, catalog.source.root), None)
    return [(p.kind, p.message) for p in report.problems if p.kind in ("claim-contradicted", "missing-span")]


def _fact(text: str) -> tuple[str, ...]:
    return ("`create_notice` hands the body to `create_notice_inner` (v1/endpoints/notice.rs:57-68).", text)


def test_the_true_catalog_has_no_claims_problem() -> None:
    """The fixture catalog, true as written, draws no contradicted claim and no missing span."""
    assert _checked() == []


def test_a_false_call_in_a_fact_is_a_problem_naming_the_entry() -> None:
    """A fact saying a span calls what it never reaches: one problem, `facts[2]`, with the line."""
    (problem,) = _checked(_fact("`DeskApp::active_routes` calls `TaskProducer::send` (core/desk_app.rs:73)."))
    assert problem[0] == "claim-contradicted"
    assert problem[1].startswith("facts[2]: ") and "core/desk_app.rs:73" in problem[1]


def test_a_claim_about_a_function_outside_the_spans_is_a_missing_span() -> None:
    """A judged claim whose subject is a crate function the flow does not show: missing span."""
    problems = _checked(_fact("`schedule_retry` calls `TaskProducer::send` (worker.rs:145-155)."))
    assert [kind for kind, _ in problems] == ["missing-span"]
    assert "`schedule_retry` (worker.rs:145)" in problems[0][1]


def test_a_function_said_to_be_outside_the_flow_is_not_a_missing_span() -> None:
    """The same claim with "(outside this flow)" in its entry draws nothing."""
    text = "`schedule_retry` (outside this flow) calls `TaskProducer::send` (worker.rs:145-155)."
    assert _checked(_fact(text)) == []


def test_check_counts_the_claims_it_judged() -> None:
    """The report says how many claims of the prose were judged."""
    catalog = load_catalog(CHECKOUT / "flows.toml")
    report = check_catalog(catalog, Checkout(CHECKOUT, catalog.source.root), None)
    assert report.claims > 0
