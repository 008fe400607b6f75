"""A scripted editor that types the request into the draft, saves, then waits like an operator
thinking, until a signal comes.

argv[1]: the draft. FAULT_READY: a file it creates, holding its pid, once the request is saved.
FAULT_TYPED / FAULT_THINK: the texts. FAULT_ON_INT=finish: Ctrl-C is the editor's own key (as in
vim or nano): it types the reasoning, saves and exits 0; otherwise SIGINT and SIGHUP kill it.
"""

import os
import signal
import sys
import time

path = sys.argv[1]


def save(old: str, new: str) -> None:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    temp = path + ".editor-swap"
    with open(temp, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new, 1))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


interrupted = []
if os.environ.get("FAULT_ON_INT") == "finish":
    signal.signal(signal.SIGINT, lambda *_: interrupted.append(1))
else:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # die of it quietly, as a C program does
save("TODO: write the request here.", os.environ["FAULT_TYPED"])
with open(os.environ["FAULT_READY"] + ".tmp", "w") as handle:
    handle.write(str(os.getpid()))
os.replace(os.environ["FAULT_READY"] + ".tmp", os.environ["FAULT_READY"])
deadline = time.monotonic() + 30
while not interrupted and time.monotonic() < deadline:
    time.sleep(0.01)
if interrupted:
    save("TODO: write the reasoning here.", os.environ["FAULT_THINK"])
    sys.exit(0)
sys.exit(5)  # never signalled: the test failed to deliver its signal
