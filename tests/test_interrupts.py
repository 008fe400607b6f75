"""Ctrl-C is delivered after an import in progress, never inside it (a compiled extension's
init that meets a KeyboardInterrupt can crash the interpreter instead of stopping it)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path


def run_python(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "slow_module.py").write_text(
        textwrap.dedent("""
        import os, signal, time
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C arrives in the middle of this import
        time.sleep(0.05)
        FINISHED = True
    """)
    )
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    """Python takes Ctrl-C only when it starts with SIGINT at its default, which a runner in
    the background (SIGINT ignored) would not pass on."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_an_interrupt_during_an_import_lands_after_it(tmp_path):
    """The module finishes importing, then KeyboardInterrupt is raised in the caller."""
    result = run_python(
        """
        import sys
        sys.path.insert(0, ".")
        from svix_flows.interrupts import defer_during_imports
        defer_during_imports()
        try:
            import slow_module
            import time
            time.sleep(1)
            print("not interrupted")
        except KeyboardInterrupt:
            print("interrupted after import:", sys.modules["slow_module"].FINISHED)
    """,
        tmp_path,
    )
    assert result.stdout.strip() == "interrupted after import: True", result.stderr


def test_without_the_handler_the_interrupt_lands_inside_the_import(tmp_path):
    """The baseline the handler changes: Python raises inside the module being imported."""
    result = run_python(
        """
        import sys
        sys.path.insert(0, ".")
        try:
            import slow_module
        except KeyboardInterrupt:
            print("interrupted inside:", "slow_module" in sys.modules)
    """,
        tmp_path,
    )
    assert result.stdout.strip() == "interrupted inside: False", result.stderr


def test_a_deferred_interrupt_never_outlives_the_run(tmp_path):
    """Once the command is done, a pending re-delivery is dropped: no stray SIGALRM kills the
    process while it exits."""
    result = run_python(
        """
        import signal
        from svix_flows.interrupts import defer_during_imports, stop_deferring
        defer_during_imports()
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        stop_deferring()
        import time
        time.sleep(0.1)
        print("exited cleanly")
    """,
        tmp_path,
    )
    assert result.returncode == 0 and result.stdout.strip() == "exited cleanly", result.stderr
