"""The package's layout keeps its promises: no import cycle, one importer of each foreign library.

Every import is read from the source (module level and inside functions alike), so a cycle that
only shows when a command runs is caught here, not by a user.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "svix_flows"


@cache
def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@cache
def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package modules `name` imports anywhere in its source."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(_parsed(path)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def test_no_module_imports_itself_through_others() -> None:
    """No import cycle among the package's modules, counting imports inside functions."""
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target) :] + [target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_tree_sitter_is_imported_by_rust_syntax_only() -> None:
    """tree-sitter and its Rust grammar are imported in one module, `rust/syntax.py`."""
    importers = set()
    for name, path in _modules().items():
        for node in ast.walk(_parsed(path)):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            if any(n.split(".")[0] in ("tree_sitter", "tree_sitter_rust") for n in names):
                importers.add(name)
    assert importers == {"svix_flows.rust.syntax"}


def test_typer_is_imported_by_the_cli_only() -> None:
    """typer is the command line's alone: core modules never import it."""
    importers = {
        name
        for name, path in _modules().items()
        if any(
            (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "typer" for a in node.names))
            or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "typer")
            for node in ast.walk(_parsed(path))
        )
    }
    assert importers == {"svix_flows.cli"}


# The layers, lowest first: a module imports its own layer or a lower one, never a higher one
# (imports inside functions count). `base` holds the leaves every layer shares: the error
# family, text helpers, the package's resources, the one file discipline (`files`), the
# content cache, the catalog and where things are found.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",
        (
            "svix_flows",
            "errors",
            "text",
            "resources",
            "interrupts",
            "files",
            "cache",
            "catalog",
            "workspace",
            "git",
            "editor",
            "pager",
        ),
    ),
    ("rust", ("rust",)),  # the Rust engine, the only code that reads Rust
    ("records", ("records",)),  # the record format: assemble, parse, the finding codes
    ("checks", ("checks",)),  # what is wrong with a record
    ("corpus", ("corpus",)),  # storage only: provenance, drafts, flows.lock
    ("project", ("project",)),  # the catalog, corpus and checkout one command works on
    ("ops", ("ops",)),  # the operations, one per command (export/ and flowmap/ among them)
    ("cli", ("cli", "output", "__main__")),  # typer and rendering for people and machines
)


def _layer(name: str) -> int:
    top = name.split(".")[1] if "." in name else name
    for index, (_, tops) in enumerate(LAYERS):
        if top in tops:
            return index
    raise AssertionError(f"{name}: in no layer of LAYERS; add it to one")


def test_every_module_has_a_layer() -> None:
    """Each module of the package sits in one layer of LAYERS (a new top-level module is placed)."""
    for name in _modules():
        _layer(name)


def test_layers_point_one_way() -> None:
    """No module imports one of a higher layer: rust, records, checks, corpus, project, ops, cli."""
    modules = _modules()
    upward = sorted(
        f"{name} ({LAYERS[_layer(name)][0]}) imports {target} ({LAYERS[_layer(target)][0]})"
        for name, path in modules.items()
        for target in _imports(name, path, modules)
        if _layer(target) > _layer(name)
    )
    assert upward == []


def test_rust_items_are_read_in_rust_only() -> None:
    """No module outside `rust/` spells a pattern for Rust item headers (`fn|struct|enum…`):
    the prose checks take the crate's names from `rust/names.py`, never read Rust themselves."""
    readers = {
        name
        for name, path in _modules().items()
        if not name.startswith("svix_flows.rust") and "fn|struct|enum" in path.read_text(encoding="utf-8")
    }
    assert readers == set()


def test_rust_keyword_lists_are_spelled_in_rust_words_only() -> None:
    """The list of Rust's keywords is written once, in `rust/words.py`: a module that needs it
    imports it (a second copy drifts)."""
    spelled = {
        name
        for name, path in _modules().items()
        if '"unsafe",\n        "use",' in path.read_text(encoding="utf-8")
    }
    assert spelled == {"svix_flows.rust.words"}


def _string_constants(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def test_std_type_and_crate_lists_are_spelled_in_rust_words_only() -> None:
    """No module but `rust/words.py` spells a list of Rust's std types, smart pointers or crates
    at module level (`frozenset({"Arc", "Box", …})`): each list is defined once there and the
    others import it or derive theirs from it."""
    from svix_flows.rust import words

    known = words.STD_TYPES | words.SMART_POINTERS | words.STD_CRATES | words.PRELUDE | words.SERDE_CRATES
    spelled = sorted(
        f"{name}:{node.lineno}"
        for name, path in _modules().items()
        if name != "svix_flows.rust.words"
        for node in _parsed(path).body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        and node.value is not None
        and len(_string_constants(node.value) & known) >= 2
    )
    assert spelled == []


def test_fsync_and_flock_are_called_in_files_only() -> None:
    """The one file discipline lives in `files.py`: no other module calls `os.fsync` or
    `fcntl.flock` (a second copy of the durable-write or lock steps drifts)."""
    callers = {
        name
        for name, path in _modules().items()
        if any(
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and (node.value.id, node.attr) in (("os", "fsync"), ("fcntl", "flock"))
            for node in ast.walk(_parsed(path))
        )
    }
    assert callers <= {"svix_flows.files"}
