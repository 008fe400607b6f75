"""`trace`: call discovery from an entry point over the synthetic crate in fixtures/trace.

Every guarantee of the form "from this entry, at this depth, this callee is (or is not) an edge"
is a case in data: one folder per case under fixtures/trace/cases/, named for the guarantee,
whose `expected.toml` opens with a comment saying it in words. A new case is a new folder.

    entry = "api/orders.rs"        # file of the entry function, under the crate
    symbol = "create_order"        # its symbol path
    depth = 1                      # --depth; at 1 the edges are the entry's direct callees
    absent = ["util.rs:audit"]     # callees that must be no edge anywhere in the tree
    no_other_edges = true          # optional: the [[edge]] tables are all the tree's edges
    calls_not_followed = ["x()"]   # calls that must not be an edge from the entry itself

    [[edge]]                       # an edge that must be in the tree (any depth)
    to = "core/pricing.rs:quote"   # callee as `file:symbol`
    how = "path"                   # optional: how it was resolved
    how_not = "callback"           # optional: how it must not have been resolved
    via = "From<Quote> for X"      # optional: part of what the rule saw

    [[unresolved]]                 # a call of the entry listed, not followed
    call = "serde_json::to_string()"
    reason = "external"            # external, std, macro, trait, …

The tests in code check what is not one edge: the module tree, where a function is expanded,
cycle and repeat markers, the --depth and --into limits, the text, TOML and JSON outputs, the
resolution counts and the command line.
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


def test_module_tree_from_files(checkout: Checkout) -> None:
    """`foo.rs` and `foo/mod.rs` both make modules; lib.rs is the root; a stray mod.rs is an orphan."""
    crate = crate_of(checkout)
    assert crate.module_of_path(("core", "pricing")).file == "core/pricing.rs"
    assert crate.module_of_path(("db", "store")).file == "db/store/mod.rs"
    assert crate.root.file == "lib.rs"
    assert crate.by_file["mod.rs"].orphan


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


# ---- traces of the entries that cross the queue, trait dispatch and callbacks ------------


def _edges(checkout: Checkout, file: str, symbol: str, depth: int = 3) -> dict[str, TraceNode]:
    """Every edge of a trace by `file:symbol` of its callee (the first edge to each)."""
    return _tree_edges(trace_flow(checkout, file, symbol, depth=depth))


CASES = ROOT / "cases"


def _trace_cases() -> list[str]:
    return sorted(case.name for case in CASES.iterdir() if (case / "expected.toml").is_file())


@pytest.mark.parametrize("case", _trace_cases())
def test_rule_case_has_its_expected_edges(checkout: Checkout, case: str) -> None:
    """Each folder of fixtures/trace/cases is one guarantee of a rule (its comment says which),
    in the format the module's docstring describes."""
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
    if expected.get("no_other_edges", False):
        assert set(edges) == {edge["to"] for edge in expected.get("edge", [])}
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


def test_a_function_is_expanded_where_it_is_nearest_the_entry(checkout: Checkout) -> None:
    """`warm_up` reaches `restock` first through `prepare` (at the depth limit) and then
    directly: it is expanded at the direct call, so `refill` is found at depth 2; the deeper
    occurrence says where it is expanded."""
    trace = trace_flow(checkout, "runner.rs", "warm_up", depth=2)
    assert "runner.rs:refill" in reached(trace)
    prepare = next(c for c in trace.root.children if c.step.symbol == "prepare")
    assert prepare.children[0].repeat == "nearer"
    assert "runner.rs:refill" not in reached(trace_flow(checkout, "runner.rs", "warm_up", depth=1))


def test_calls_starting_at_one_byte_are_listed_innermost_first() -> None:
    """The calls of a chain all start at its first byte; the query lists them innermost first
    every time (tree-sitter's own order follows memory layout, and made trace output vary)."""
    from svix_flows.rust.syntax import captures, parse, query

    chain = "".join(f".m{i}()" for i in range(10))
    root = parse(f"fn f() {{ start(){chain}; }}".encode()).root_node
    for _ in range(5):
        callees = captures(query("(call_expression) @call"), root)["call"]
        assert [len(node.text or b"") for node in callees] == sorted(
            len(node.text or b"") for node in callees
        )
