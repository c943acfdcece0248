"""Start-up cost of ``python -m spaces_desktop --smoke-test`` against a bare PySide6 window.

Both run in this same invocation, best of N each, so the ratio does not depend on the
machine. Targets: at most 1.5x the wall time and 1.3x the peak memory (RSS).

Both sides start with warm bytecode caches: one untimed run of each with
PYTHONDONTWRITEBYTECODE removed writes the ``.pyc`` files, which is what an installed
app has. Without it every timed run of the app would recompile its own modules while
PySide6's (installed) modules are already compiled, an unfair comparison; the timed runs
keep this environment as it is and only read those caches.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))

BARE_WINDOW = """
import sys, time
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1200, 800)
window.show()
deadline = time.monotonic() + 15
while not (window.windowHandle() and window.windowHandle().isExposed()):
    if time.monotonic() > deadline:
        sys.exit(1)
    app.processEvents()
    time.sleep(0.005)
print("smoke-test ok", flush=True)
"""


def _measure(command: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """Wall seconds, CPU seconds (user + system), peak RSS (MB) and seconds to the window.

    The last is when the child printed "smoke-test ok" (its window exposed): start-up
    without the interpreter's and Qt's teardown, which the wall time includes.
    """
    started = time.perf_counter()
    shown: float | None = None
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        # Read to the end first: a child blocked on a full pipe would never exit.
        lines = []
        for line in process.stdout or ():
            if shown is None and b"smoke-test ok" in line:
                shown = time.perf_counter() - started
            lines.append(line)
        output = b"".join(lines).decode()
        # wait4 rather than wait(): it also returns the child's CPU time and peak RSS.
        _pid, status, usage = os.wait4(process.pid, 0)
        # Popen's own wait() on leaving the block must not reap the pid a second time.
        process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if process.returncode != 0 or shown is None:
        raise SystemExit(f"{command} failed: {output!r}")
    # ru_maxrss is in kilobytes on Linux and bytes on macOS.
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / divisor, shown


def _best(command: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    runs = [_measure(command, env) for _ in range(RUNS)]
    wall, cpu, rss, shown = (min(column) for column in zip(*runs, strict=True))
    return wall, cpu, rss, shown


def main() -> int:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SPACES_DESKTOP_HOME=home)
        env.pop("SPACES_TOKEN", None)
        script = Path(home, "bare_window.py")
        script.write_text(BARE_WINDOW, encoding="utf-8")
        bare_command = [sys.executable, str(script)]
        app_command = [sys.executable, "-m", "spaces_desktop", "--smoke-test"]
        # One untimed warm-up each: warm file cache, and .pyc files written for both.
        warm_env = dict(env)
        warm_env.pop("PYTHONDONTWRITEBYTECODE", None)
        _measure(bare_command, warm_env)
        _measure(app_command, warm_env)
        bare_wall, bare_cpu, bare_rss, bare_shown = _best(bare_command, env)
        app_wall, app_cpu, app_rss, app_shown = _best(app_command, env)
    print(f"best of {RUNS} runs (wall time is noisy when other work shares the CPU; CPU is not)")
    print(
        "bytecode caches warm on both sides (one untimed run each without "
        "PYTHONDONTWRITEBYTECODE wrote the .pyc files)"
    )
    print(
        f"bare PySide6 window: {bare_wall * 1000:7.0f} ms wall {bare_cpu * 1000:6.0f} ms CPU"
        f"  {bare_rss:6.1f} MB peak RSS"
    )
    print(
        f"spaces_desktop     : {app_wall * 1000:7.0f} ms wall {app_cpu * 1000:6.0f} ms CPU"
        f"  {app_rss:6.1f} MB peak RSS"
    )
    print(f"wall time ratio    : {app_wall / bare_wall:5.2f}x (target <= 1.5x)")
    print(
        f"to window exposed  : {app_shown / bare_shown:5.2f}x "
        f"({bare_shown * 1000:.0f} ms bare, {app_shown * 1000:.0f} ms app; "
        "the wall time adds the exit after it)"
    )
    print(f"CPU time ratio     : {app_cpu / bare_cpu:5.2f}x")
    print(f"peak memory ratio  : {app_rss / bare_rss:5.2f}x (target <= 1.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
