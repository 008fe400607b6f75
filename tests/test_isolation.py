"""The isolation of tests/conftest.py: every variable the tool reads is cleared for every test.

The names the tool reads are found by scanning its source (the whole package, subpackages
included) and the modules of the libraries that decide how it renders (rich's console, typer's
help and error output), so a new variable cannot slip past the isolation unnoticed.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
from pathlib import Path

import pytest

import svix_flows
from conftest import CLEARED_NAMES, CLEARED_PREFIXES, KEPT, decided, isolate

PACKAGE = Path(svix_flows.__file__).parent
LIBRARIES = ("rich.console", "typer.main", "typer.core", "typer.rich_utils")
ENVIRONMENTS = {"environ", "_environ", "env", "environment"}
ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*\Z")


def _receiver(node: ast.AST) -> str | None:
    """The last name of `os.environ`, `self._environ`, `env` or `git.environment()`."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def _strings(node: ast.AST, loops: dict[str, list[str]]) -> set[str]:
    """The names a key stands for: a literal, a tuple of them, or a loop variable over one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, (ast.Tuple, ast.List)):
        return set().union(*(_strings(element, loops) for element in node.elts))
    if isinstance(node, ast.Name):
        return set(loops.get(node.id, ()))
    return set()


def environment_reads(source: str) -> set[str]:
    """The variables a module reads: `environ.get/[]/in`, `getenv`, a typer `envvar=`, also
    through a mapping called env, and through a loop over literal names (`for name in ("VISUAL", …)`)."""
    tree = ast.parse(source)
    loops: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name):
            loops.setdefault(node.target.id, []).extend(_strings(node.iter, {}))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = _receiver(node.func)
            reads = called == "getenv" or (
                called in {"get", "pop", "setdefault"}
                and isinstance(node.func, ast.Attribute)
                and _receiver(node.func.value) in ENVIRONMENTS
            )
            if reads and node.args:
                names |= _strings(node.args[0], loops)
            for keyword in node.keywords:
                if keyword.arg == "envvar":
                    names |= _strings(keyword.value, loops)
        elif isinstance(node, ast.Subscript) and _receiver(node.value) in ENVIRONMENTS:
            names |= _strings(node.slice, loops)
        elif isinstance(node, ast.Compare) and isinstance(node.ops[0], (ast.In, ast.NotIn)):
            if _receiver(node.comparators[0]) in ENVIRONMENTS:
                names |= _strings(node.left, loops)
    return {name for name in names if ENV_NAME.match(name)}


def package_reads(root: Path) -> dict[str, set[str]]:
    """Every module under `root`, at any depth, with the variables it reads."""
    reads = {}
    for path in sorted(root.rglob("*.py")):
        found = environment_reads(path.read_text(encoding="utf-8"))
        if found:
            reads[path.relative_to(root).as_posix()] = found
    return reads


def library_reads() -> dict[str, set[str]]:
    reads = {}
    for module in LIBRARIES:
        origin = importlib.util.find_spec(module).origin
        reads[module] = environment_reads(Path(origin).read_text(encoding="utf-8"))
    return reads


def test_the_scan_finds_what_the_tool_is_known_to_read():
    """The source scan is not vacuous: it finds the catalog and checkout variables (typer
    `envvar=`), the editor variables (a loop over names) and the cache root (`env.get`)."""
    found = set().union(*package_reads(PACKAGE).values())
    assert {"SVIX_FLOWS_SOURCE", "SVIX_FLOWS_CATALOG", "VISUAL", "EDITOR", "XDG_CACHE_HOME"} <= found


def test_the_scan_finds_what_rich_and_typer_are_known_to_read():
    """The library scan is not vacuous: it finds rich's colour and terminal size variables."""
    found = set().union(*library_reads().values())
    assert {"NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM"} <= found


def test_the_scan_walks_subpackages(tmp_path):
    """A variable read by a module moved into a subpackage, at any depth, is still found."""
    module = tmp_path / "pkg" / "engine" / "storage" / "paths.py"
    module.parent.mkdir(parents=True)
    module.write_text('import os\n\ndef root(env=os.environ):\n    return env["SVIX_FLOWS_HOME"]\n')
    assert package_reads(tmp_path / "pkg") == {"engine/storage/paths.py": {"SVIX_FLOWS_HOME"}}


def test_every_variable_the_tool_reads_is_decided_by_the_isolation():
    """No module of svix_flows reads a variable that the isolation leaves to the operator
    (PATH, inherited on purpose, aside)."""
    missed = {
        f"{module}: {name}"
        for module, names in package_reads(PACKAGE).items()
        for name in names
        if not decided(name)
    }
    assert not missed, "clear these in tests/conftest.py"


def test_every_variable_rich_and_typer_read_is_decided_by_the_isolation():
    """No variable that changes how rich or typer render (colour, width, terminal) is left to
    the operator."""
    missed = {
        f"{module}: {name}"
        for module, names in library_reads().items()
        for name in names
        if not decided(name)
    }
    assert not missed, "clear these in tests/conftest.py"


def test_the_variables_kept_for_the_suite_are_never_read_by_the_tool():
    """SVIX_FLOWS_SOAK survives the isolation only because svix-flows itself never reads it."""
    found = set().union(*package_reads(PACKAGE).values())
    assert not found & KEPT


def test_isolation_clears_the_operators_variables_and_sets_only_home_and_cache(tmp_path):
    """With every cleared variable set to a real value, the isolation leaves none of them but
    the cache root, which it points, like HOME, into the test's own directory."""
    operator = dict.fromkeys(CLEARED_NAMES, "operator")
    operator |= {f"{prefix}SAMPLE": "operator" for prefix in CLEARED_PREFIXES}
    operator |= {"SVIX_FLOWS_SOURCE": "/path/to/svix-webhooks", "EDITOR": "vim", "TERM": "xterm-256color"}
    operator["XDG_CACHE_HOME"] = "/path/to/cache"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in operator.items():
            patch.setenv(name, value)
        isolate(patch, tmp_path)
        left = {name: os.environ[name] for name in operator if name in os.environ}
        assert left == {"XDG_CACHE_HOME": str(tmp_path / "cache")}
        assert os.environ["HOME"] == str(tmp_path / "home")


def test_a_subprocess_inherits_the_isolation(tmp_path):
    """A process a test starts without an explicit env sees the test's HOME and cache, not the
    operator's."""
    import subprocess
    import sys

    script = "import os; print(os.environ['HOME']); print(os.environ['XDG_CACHE_HOME'])"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == [str(tmp_path / "home"), str(tmp_path / "cache")]


def test_undoing_a_tests_monkeypatch_keeps_the_isolation(monkeypatch, tmp_path):
    """`monkeypatch.undo()` in a test takes back the test's own patches, not the isolation
    (the fault suite undoes its fault injection mid-test)."""
    monkeypatch.setenv("EDITOR", "vim")
    monkeypatch.undo()
    assert "EDITOR" not in os.environ
    assert os.environ["HOME"] == str(tmp_path / "home")
    assert os.environ["XDG_CACHE_HOME"] == str(tmp_path / "cache")
