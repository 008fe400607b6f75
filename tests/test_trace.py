"""`trace`: call discovery from an entry point over the synthetic crate in fixtures/trace.

`api/orders.rs: create_order` calls one thing per resolution rule; each test checks one rule.
The rules that cross the queue, trait dispatch, conversions and callbacks each have a small
entry of their own (see the fixture's README), and their guarantees are cases in data: one
folder per case under fixtures/trace/cases/, its `expected.toml` naming the entry and the
edges that must (and must not) be there.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from svix_flows.catalog import SpanRef
from svix_flows.rust.checkout import Checkout
from svix_flows.rust.trace.calls import crate_of
from svix_flows.rust.trace.render import render, to_json
from svix_flows.rust.trace.walk import Trace, TraceNode, trace_flow

ROOT = Path(__file__).parent / "fixtures" / "trace"
CRATE = "server/svix-server/src"
ENTRY = ("api/orders.rs", "create_order")


@pytest.fixture(scope="module")
def checkout() -> Checkout:
    return Checkout(ROOT, CRATE)


@pytest.fixture(scope="module")
def deep(checkout: Checkout) -> Trace:
    return trace_flow(checkout, *ENTRY, depth=5)


def children(trace: Trace) -> dict[str, TraceNode]:
    """The entry's direct callees by `file:symbol` (the first edge to each)."""
    found: dict[str, TraceNode] = {}
    for child in trace.root.children:
        found.setdefault(child.step.key, child)
    return found


def reached(trace: Trace) -> set[str]:
    return {step.key for step in trace.order}


def unresolved(trace: Trace, reason: str) -> set[str]:
    return {item.call for item in trace.root.unresolved if item.reason == reason}


def test_use_group_with_self_alias_resolves(deep: Trace) -> None:
    """`use crate::core::{pricing::{self as price}}` makes `price::quote()` the pricing module's fn."""
    assert "core/pricing.rs:quote" in children(deep)


def test_self_path_reaches_inline_module(deep: Trace) -> None:
    """`use self::helpers::normalize` resolves into an inline `mod helpers { … }` of the same file."""
    assert "api/orders.rs:helpers::normalize" in children(deep)


def test_super_path_climbs_modules(deep: Trace) -> None:
    """`use super::super::util::fmt_id` climbs two modules and lands in util.rs."""
    assert "util.rs:fmt_id" in reached(deep)


def test_use_alias_of_function_in_mod_rs(deep: Trace) -> None:
    """`save_order as persist` is followed to db/store/mod.rs (a `foo/mod.rs` module)."""
    assert "db/store/mod.rs:save_order" in children(deep)


def test_module_tree_from_files(checkout: Checkout) -> None:
    """`foo.rs` and `foo/mod.rs` both make modules; lib.rs is the root; a stray mod.rs is an orphan."""
    crate = crate_of(checkout)
    assert crate.module_of_path(("core", "pricing")).file == "core/pricing.rs"
    assert crate.module_of_path(("db", "store")).file == "db/store/mod.rs"
    assert crate.root.file == "lib.rs"
    assert crate.by_file["mod.rs"].orphan


def test_orphan_file_is_traceable(checkout: Checkout) -> None:
    """A file no module declares can still be traced from, with `crate::` meaning the library."""
    trace = trace_flow(checkout, "mod.rs", "stray", depth=2)
    assert "util.rs:audit" in reached(trace)


def test_binary_calls_library_by_crate_name(checkout: Checkout) -> None:
    """In main.rs, `shop_server::api::…` (the package name) resolves into the library."""
    trace = trace_flow(checkout, "main.rs", "main", depth=2)
    assert "api/orders.rs:checkout_only" in reached(trace)


def test_type_new_resolves_to_associated_fn(deep: Trace) -> None:
    """`Quote::new(qty)` is the `new` of the `impl Quote` in core/pricing.rs."""
    assert "core/pricing.rs:Quote::new" in children(deep)


def test_receiver_typed_by_let_annotation(deep: Trace) -> None:
    """`let fixed: Quote = …; fixed.discount()` follows `Quote::discount`."""
    assert "core/pricing.rs:Quote::discount" in children(deep)


def test_receiver_typed_by_parameter(deep: Trace) -> None:
    """`cart: &Cart` makes `cart.checkout()` the method of `Cart`."""
    assert "core/mod.rs:Cart::checkout" in children(deep)


def test_receiver_typed_by_call_return_type(deep: Trace) -> None:
    """`let quote = price::quote(qty)` returns `Quote`, so `quote.total()` is `Quote::total`."""
    assert "core/pricing.rs:Quote::total" in children(deep)


def test_unique_method_name_with_unknown_receiver(deep: Trace) -> None:
    """`ledger.rebalance()` on a value of unknown type follows the crate's only `rebalance`."""
    assert "db/store/mod.rs:Ledger::rebalance" in children(deep)


def test_generic_callee_through_glob_import(deep: Trace) -> None:
    """`enqueue::<Job>(…)`, imported by `use crate::queue::*`, is queue/mod.rs's `enqueue`."""
    assert "queue/mod.rs:enqueue" in children(deep)


def test_conversion_into_follows_from_impl(deep: Trace) -> None:
    """`quote.into()` on a `Quote` follows the crate's `impl From<Quote> for OrderOut`."""
    assert "api/orders.rs:OrderOut::from" in children(deep)


def test_function_passed_by_name_is_an_edge(deep: Trace) -> None:
    """`.map_err(crate::util::to_error)` hands a crate function over: it is followed."""
    assert "util.rs:to_error" in children(deep)


def test_extractor_parameter_runs_from_request_parts(deep: Trace) -> None:
    """A handler parameter whose type implements `FromRequestParts` in the crate is an edge."""
    assert "core/mod.rs:Auth::from_request_parts" in children(deep)


def test_calls_inside_macros_are_listed_not_followed(deep: Trace) -> None:
    """`tracing::info!(…, crate::util::audit(id))`: listed as a macro call, not an edge."""
    assert any(call.endswith("audit()") for call in unresolved(deep, "macro"))
    assert "util.rs:audit" not in children(deep)


def test_external_crate_calls_are_listed(deep: Trace) -> None:
    """`serde_json::to_string` is listed as external, never resolved."""
    assert "serde_json::to_string()" in unresolved(deep, "external")


def test_trait_dispatch_is_listed_not_guessed(deep: Trace) -> None:
    """`notifier.notify()` on `&dyn Notifier` follows neither `Email` nor `Sms`."""
    assert "notifier.notify()" in unresolved(deep, "trait")
    assert not {"core/mod.rs:Email::notify", "core/mod.rs:Sms::notify"} & reached(deep)


def test_cycles_end_marked(deep: Trace) -> None:
    """`ping → pong → ping` ends with a node marked as a cycle."""
    pong = children(deep)["core/mod.rs:ping"].children[0]
    assert pong.step.symbol == "pong"
    assert pong.children[0].repeat == "cycle"


def test_repeated_callees_are_deduplicated(deep: Trace) -> None:
    """Two calls of `cart.checkout()` give one edge; a function reached twice is expanded once,
    the other occurrence says where (`seen` above or `nearer` the entry below)."""
    keys = [child.step.key for child in deep.root.children]
    assert keys.count("core/mod.rs:Cart::checkout") == 1
    occurrences = []
    stack = [deep.root]
    while stack:
        node = stack.pop()
        occurrences += [c for c in node.children if c.step.key == "queue/mod.rs:Job::new"]
        stack.extend(node.children)
    assert len(occurrences) >= 2
    assert [c.repeat for c in occurrences].count(None) == 1
    assert all(c.repeat in ("seen", "nearer") for c in occurrences if c.repeat is not None)


def test_depth_limits_the_walk(checkout: Checkout) -> None:
    """At --depth 1 the callees are shown but not expanded, and marked as cut."""
    trace = trace_flow(checkout, *ENTRY, depth=1)
    checkout_node = children(trace)["core/mod.rs:Cart::checkout"]
    assert checkout_node.children == [] and checkout_node.cut


def test_into_limits_following(checkout: Checkout) -> None:
    """`--into core` shows a db callee but does not follow it, nor put it in the span list."""
    trace = trace_flow(checkout, *ENTRY, depth=3, into=("core",))
    store = children(trace)["db/store/mod.rs:save_order"]
    assert store.outside
    assert "db/store/mod.rs:save_order" not in reached(trace)
    assert "core/pricing.rs:quote" in reached(trace)


def test_module_boundaries_are_marked(deep: Trace) -> None:
    """An edge from api::orders into core::pricing names the two modules."""
    assert children(deep)["core/pricing.rs:quote"].crosses == "api::orders -> core::pricing"
    assert "⇒ core/pricing.rs:quote" in render(deep, "tree")


def test_toml_spans_resolve_entry_first(checkout: Checkout, deep: Trace) -> None:
    """Every `--toml` span is a symbol path the span engine resolves, entry first."""
    import tomllib

    spans = tomllib.loads(render(deep, "toml"))["spans"]
    assert (spans[0]["file"], spans[0]["symbol"]) == ENTRY
    for span in spans:
        checkout.span(SpanRef(span["file"], span["symbol"]))


def test_json_edges_carry_signature_types(deep: Trace) -> None:
    """Each JSON edge names the callee's parameter and return types."""
    data = json.loads(render(deep, "json"))
    edge = next(e for e in data["edges"] if e["to"] == "core/pricing.rs:quote")
    assert (edge["args"], edge["returns"]) == (["u32"], "Quote")
    assert to_json(deep)["entry"] == "api/orders.rs:create_order"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "svix_flows", "--source", str(ROOT), "trace", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_prints_toml(isolated: Path) -> None:
    """The real entry point prints a spans list and exits 0."""
    done = _cli(*ENTRY, "--toml")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("spans = [\n")


def test_cli_refuses_a_non_function_entry(isolated: Path) -> None:
    """A struct as entry point: one line naming file and item, exit 1."""
    done = _cli("api/orders.rs", "OrderIn")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "OrderIn" in done.stderr and "struct" in done.stderr


def test_cli_refuses_two_formats(isolated: Path) -> None:
    """--toml with --json is a usage error, exit 2."""
    assert _cli(*ENTRY, "--toml", "--json").returncode == 2


def test_std_sounding_unique_name_is_not_guessed(deep: Trace) -> None:
    """`count.len()` on a value of unknown type is not taken for the crate's only `len`."""
    assert "db/store/mod.rs:Ledger::len" not in reached(deep)


# ---- rules across the queue, trait dispatch, conversions and callbacks ------------------


def _edges(checkout: Checkout, file: str, symbol: str, depth: int = 3) -> dict[str, TraceNode]:
    """Every edge of a trace by `file:symbol` of its callee (the first edge to each)."""
    return _tree_edges(trace_flow(checkout, file, symbol, depth=depth))


CASES = ROOT / "cases"


def _trace_cases() -> list[str]:
    return sorted(case.name for case in CASES.iterdir() if (case / "expected.toml").is_file())


@pytest.mark.parametrize("case", _trace_cases())
def test_rule_case_has_its_expected_edges(checkout: Checkout, case: str) -> None:
    """Each folder of fixtures/trace/cases is one guarantee of a rule (its comment says which):
    from `entry`/`symbol` at `depth`, every `[[edge]]` is in the tree, resolved `how` (never
    `how_not`) with `via` in what the rule saw; no `absent` callee is reached; every
    `[[unresolved]]` call is listed with its reason, and no `calls_not_followed` is an edge.
    A new case is a new folder."""
    expected = tomllib.loads((CASES / case / "expected.toml").read_text(encoding="utf-8"))
    trace = trace_flow(checkout, expected["entry"], expected["symbol"], depth=expected["depth"])
    edges = _tree_edges(trace)
    for edge in expected.get("edge", []):
        assert edge["to"] in edges, edge["to"]
        found = edges[edge["to"]]
        assert found.how == edge.get("how", found.how), edge["to"]
        assert found.how != edge.get("how_not"), edge["to"]
        assert edge.get("via", "") in found.via, edge["to"]
    assert not set(expected.get("absent", [])) & set(edges)
    for item in expected.get("unresolved", []):
        assert item["call"] in unresolved(trace, item["reason"]), item
    assert not {c.call for c in trace.root.children} & set(expected.get("calls_not_followed", []))


def _tree_edges(trace: Trace) -> dict[str, TraceNode]:
    """Every edge of a trace by `file:symbol` of its callee (the first edge to each)."""
    found: dict[str, TraceNode] = {}
    stack = [trace.root]
    while stack:
        node = stack.pop()
        for child in node.children:
            found.setdefault(child.step.key, child)
            stack.append(child)
    return found


def test_producer_reached_from_consumer_closes_a_cycle(checkout: Checkout) -> None:
    """The consumer's own `send` hops back to itself: marked as a cycle, not expanded again."""
    refund = _edges(checkout, "worker.rs", "handle")["worker.rs:refund"]
    hop = next(c for c in refund.children if c.how == "queue hop")
    assert hop.step.key == "worker.rs:handle" and hop.repeat == "cycle"


def test_default_body_resolves_self_against_the_implementor(checkout: Checkout) -> None:
    """`store.get()` runs the trait default for `DiskStore`, whose `self.get_raw()` is DiskStore's;
    `RamStore` overrides `get` and runs its own."""
    edges = _edges(checkout, "api/lookup.rs", "lookup")
    assert "kv/ram.rs:RamStore::get" in edges
    default = edges["kv/mod.rs:StoreBehavior::get"]
    assert [c.step.key for c in default.children] == ["kv/disk.rs:DiskStore::get_raw"]


def test_json_counts_resolution_kinds(checkout: Checkout) -> None:
    """`--json` counts the edges by how they were resolved."""
    data = to_json(trace_flow(checkout, "bus/mod.rs", "place", depth=3))
    assert data["resolutions"]["queue hop"] >= 1 and data["resolutions"]["generic bound"] == 2
    assert all(edge["how"] in data["resolutions"] for edge in data["edges"])


def test_original_entry_gains_no_edge_from_the_new_rules(deep: Trace) -> None:
    """The first fixture flow's edges are all resolved by the earlier rules: no new false edge."""
    kinds = {node.how for node in deep.root.children}
    assert kinds <= {"path", "unique name", "extractor", "reference", "conversion"}
    assert "notifier.notify()" in unresolved(deep, "trait")


def test_cli_format_option_prints_json_with_resolution_counts(isolated: Path) -> None:
    """`--format json` prints the trace as JSON, with the edges counted by resolution."""
    done = _cli("bus/mod.rs", "place", "--format", "json", "--depth", "3")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["resolutions"]["queue hop"] >= 1


def test_cli_format_and_a_different_alias_is_a_usage_error(isolated: Path) -> None:
    """`--format text --toml` asks for two formats: exit 2."""
    assert _cli(*ENTRY, "--format", "text", "--toml").returncode == 2


PARCELS = "api/parcels.rs"


def serde_edges(checkout: Checkout, symbol: str) -> dict[str, str]:
    """The entry's direct callees by symbol, each with how the edge was resolved."""
    traced = trace_flow(checkout, PARCELS, symbol, depth=1)
    return {child.step.symbol: child.how for child in traced.root.children}


def test_validating_extractor_runs_field_hooks_impls_and_custom_validators(checkout: Checkout) -> None:
    """A crate extractor whose `from_request` deserialises and calls `.validate()` links its type
    argument's `deserialize_with`, `with` module, hand-written `impl Deserialize` of a field's type
    and `#[validate(custom(function))]`, as serde and validator edges."""
    edges = serde_edges(checkout, "accept_parcel")
    assert edges["parse_weight"] == "serde"
    assert edges["grams::deserialize"] == "serde"
    assert edges["Zip::deserialize"] == "serde"
    assert edges["check_label"] == "validator"
    assert "check_unused" not in edges and "show_weight" not in edges


def test_json_response_runs_serialise_hooks_only(checkout: Checkout) -> None:
    """A function returning `Json<T>` links T's `serialize_with`, `with` module and `impl Serialize`."""
    edges = serde_edges(checkout, "show_parcel")
    assert {"show_weight", "grams::serialize", "Zip::serialize"} <= set(edges)
    assert "parse_weight" not in edges and "check_label" not in edges


def test_serde_json_calls_link_their_target_and_argument_types(checkout: Checkout) -> None:
    """`serde_json::from_str::<T>` deserialises T; `serde_json::to_string(x)` serialises x's type."""
    edges = serde_edges(checkout, "roundtrip")
    assert {"parse_weight", "Zip::deserialize", "show_weight", "Zip::serialize"} <= set(edges)


def test_plain_json_extractor_deserialises_without_validating(checkout: Checkout) -> None:
    """axum's `Json<T>` runs serde's hooks but not validator's custom functions."""
    edges = serde_edges(checkout, "unchecked_parcel")
    assert "parse_weight" in edges and "check_label" not in edges


def test_no_serde_edge_without_a_serde_site(checkout: Checkout) -> None:
    """A type only passed along, a header extractor and an untyped `from_str` run no hooks."""
    edges = serde_edges(checkout, "plain_only")
    assert set(edges) == {"Tenant::from_request_parts", "keep"}


# ---- calls inside macro arguments, closures, callbacks ------------------------------------


def test_other_macros_stay_listed_not_followed(checkout: Checkout) -> None:
    """`tracing::info!(…, audit(batch))` beside a `join!` and `select!`'s branches are not
    expressions: listed as macro calls, never edges."""
    trace = trace_flow(checkout, "runner.rs", "start_all", depth=1)
    assert "util.rs:audit" not in {c.step.key for c in trace.root.children}
    assert "audit()" in unresolved(trace, "macro")
    waiting = trace_flow(checkout, "runner.rs", "wait_either", depth=1)
    assert waiting.root.children == []


def test_a_function_is_expanded_where_it_is_nearest_the_entry(checkout: Checkout) -> None:
    """`warm_up` reaches `restock` first through `prepare` (at the depth limit) and then
    directly: it is expanded at the direct call, so `refill` is found at depth 2; the deeper
    occurrence says where it is expanded."""
    trace = trace_flow(checkout, "runner.rs", "warm_up", depth=2)
    assert "runner.rs:refill" in reached(trace)
    prepare = next(c for c in trace.root.children if c.step.symbol == "prepare")
    assert prepare.children[0].repeat == "nearer"
    assert "runner.rs:refill" not in reached(trace_flow(checkout, "runner.rs", "warm_up", depth=1))


def test_value_kept_in_the_crate_runs_no_callback(checkout: Checkout) -> None:
    """The same values handed to the crate's own functions, or handed out for a trait that is
    not one whose methods the library calls (`Display`), run no callback."""
    for entry in ("kept", "printed"):
        edges = _edges(checkout, "runner.rs", entry, depth=1)
        assert not {
            "runner.rs:SpanMaker::make_span",
            "runner.rs:Done::on_response",
            "runner.rs:Done::fmt",
        } & set(edges), entry


def test_closure_parameter_is_typed_by_the_iterator_it_maps(checkout: Checkout) -> None:
    """`totes.iter().filter(…).map(|t| t.stencil())` and `totes.last().map(|t| …)` with
    `totes: Vec<Tote>`: `t` is a `Tote`, so `stencil` is `Tote::stencil`."""
    for entry in ("stencils", "last_stencil"):
        edges = _edges(checkout, "runner.rs", entry, depth=1)
        assert edges["runner.rs:Tote::stencil"].how == "path", entry


def test_closure_parameter_of_a_foreign_item_is_not_a_crate_method(checkout: Checkout) -> None:
    """`names.iter().map(|t| t.stencil())` with `names: Vec<String>`: `t` is a `String`, so the
    crate's only `stencil` is not taken by its unique name."""
    trace = trace_flow(checkout, "runner.rs", "shouted", depth=1)
    assert "runner.rs:Tote::stencil" not in reached(trace)
