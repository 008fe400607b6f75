"""Ctrl-C that never lands inside the import of a compiled extension.

A KeyboardInterrupt raised while a C extension initialises (orjson's init imports other
modules and does not expect them to fail) can crash the interpreter with SIGSEGV instead of
stopping it: the draft survives either way, but the operator sees a crash, and a crash is
never a normal way out. While any import is in progress the interrupt is put off by a few
milliseconds, and raised as soon as the import is done.
"""

from __future__ import annotations

import signal
from types import FrameType

_RETRY_SECONDS = 0.005


def defer_during_imports() -> None:
    """Install the SIGINT handler (and the SIGALRM that re-delivers a deferred interrupt)."""
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return  # someone chose otherwise (an embedding program, a test runner): leave it
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGALRM, _interrupt)


def stop_deferring() -> None:
    """At the end of a run: a deferred interrupt not yet delivered is dropped (the work it
    would have stopped is done), so no alarm outlives the handlers that take it."""
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, signal.SIG_IGN)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    if _importing(frame):
        signal.setitimer(signal.ITIMER_REAL, _RETRY_SECONDS)
        return
    raise KeyboardInterrupt


def _importing(frame: FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False
