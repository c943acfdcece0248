"""Bundle size and start-up time of the frozen app against a default PySide6 hello world."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "spaces_desktop.spec"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""

# Exits once its window is exposed: the same finish line as the app's --smoke-test.
HELLO_WORLD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv)
    label = QLabel("Hello, world")
    label.show()

    def quit_when_exposed():
        handle = label.windowHandle()
        if handle is not None and handle.isExposed():
            app.quit()

    timer = QTimer()
    timer.timeout.connect(quit_when_exposed)
    timer.start(5)
    sys.exit(app.exec())
    """
)


def pyinstaller(*args: str, cwd: Path) -> None:
    """Build quietly: PyInstaller prints a few INFO lines even at ERROR, shown only on failure."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR", *args]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        raise SystemExit(f"PyInstaller failed (exit {result.returncode})")


def folder_size(folder: Path) -> int:
    """Bytes of every file (symlinks counted as links, not their targets)."""
    total = 0
    for directory, _dirs, files in os.walk(folder):
        for name in files:
            total += (Path(directory) / name).lstat().st_size
    return total


def best_start(command: list[str], runs: int, env: dict[str, str]) -> float:
    """Fastest of ``runs`` wall times, in seconds; the process must exit 0."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="start-ups per program (best counts)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as temp:
        work = Path(temp)
        (work / "hello.py").write_text(HELLO_WORLD, encoding="utf-8")
        print("building the hello world with PyInstaller's defaults ...", flush=True)
        # fmt: skip on these calls keeps each option on one line with its value.
        pyinstaller(
            "--distpath", str(work / "dist"), "--workpath", str(work / "build-hello"),
            "--specpath", str(work), "hello.py", cwd=work,
        )  # fmt: skip
        print("building Spaces Desktop with packaging/spaces_desktop.spec ...", flush=True)
        pyinstaller(
            "--distpath", str(work / "dist"), "--workpath", str(work / "build-app"), str(SPEC),
            cwd=ROOT,
        )  # fmt: skip
        hello_dir = work / "dist" / "hello"
        app_dir = work / "dist" / "spaces-desktop"

        hello_size = folder_size(hello_dir)
        app_size = folder_size(app_dir)
        print(f"hello world bundle : {hello_size / 2**20:8.1f} MiB")
        print(f"spaces-desktop     : {app_size / 2**20:8.1f} MiB")
        print(f"size ratio (app / hello world, target <= 1.0): {app_size / hello_size:.2f}")

        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        env["SPACES_DESKTOP_HOME"] = str(work / "home")
        hello_time = best_start([str(hello_dir / f"hello{EXE_SUFFIX}")], args.runs, env)
        app_time = best_start(
            [str(app_dir / f"spaces-desktop{EXE_SUFFIX}"), "--smoke-test"], args.runs, env
        )
        print(f"hello world start  : {hello_time * 1000:8.0f} ms (best of {args.runs})")
        print(f"spaces-desktop     : {app_time * 1000:8.0f} ms (--smoke-test, best of {args.runs})")
        print(f"start-up ratio (app / hello world): {app_time / hello_time:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
