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

# Every side ends alike: a 1200x800 window shown, and "smoke-test ok" once it is exposed
# (what --smoke-test prints), so the times compare the same moment.
SHOW_AND_WAIT = """
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

BARE_WINDOW = """
import sys, time
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
"""


# The same kinds and numbers of widgets as the app's window (form, invitee table, date-time
# fields, zone and delivery combos, tabs over a text browser, buttons, splitter, scroll
# area), built by plain PySide6 code with no app code at all: what a window of this content
# costs in PySide6 before any of ours runs. It is not a target, it shows where the
# app's time goes: PySide6 builds each Qt class's Python enums the first time a class is
# touched, and Qt initialises each kind of widget on its first use.
SAME_WIDGETS_WINDOW = """
import sys, time
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QCompleter, QDateTimeEdit, QFormLayout, QFrame,
    QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMainWindow, QMenu,
    QPlainTextEdit, QProgressBar, QPushButton, QScrollArea, QSplitter, QTabBar,
    QTableView, QTextBrowser, QToolButton, QVBoxLayout, QWidget,
)
app = QApplication(sys.argv[:1])
window = QMainWindow()

def group(title, inner):
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(inner)
    return box

def buttons(*names):
    row = QHBoxLayout()
    for name in names:
        row.addWidget(QPushButton(name))
    return row

def menu_button(text, *items):
    button = QToolButton()
    button.setText(text)
    menu = QMenu(button)
    for item in items:
        menu.addAction(item)
    button.setMenu(menu)
    return button

space = QWidget()
space_form = QFormLayout(space)
space_form.addRow("Title:", QLineEdit())
space_form.addRow("", QLabel("title problem")); space_form.itemAt(2).widget().hide()
space_form.addRow("Description:", QPlainTextEdit())
invitees = QWidget()
invitee_layout = QVBoxLayout(invitees)
model = QStandardItemModel(0, 3)
model.setHorizontalHeaderLabels(["Type", "Invitee", "Role"])
table = QTableView()
table.setModel(model)
invitee_layout.addWidget(table)
invitee_row = buttons("Add", "Remove", "Paste list...", "Import CSV...")
invitee_row.addWidget(menu_button("Set role", "Admin", "Member", "Guest"))
invitee_layout.addLayout(invitee_row)
invitee_layout.addWidget(QLabel("No invitees yet"))
when = QWidget()
when_grid = QGridLayout(when)
for row, name in enumerate(("Start:", "End:")):
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
    when_grid.addWidget(QLabel(name), row, 0)
    when_grid.addWidget(edit, row, 1)
    when_grid.addWidget(QLabel("1 h"), row, 2)
zone = QComboBox()
zone.setEditable(True)
zone.addItem("Europe/Berlin")
zone.setCompleter(QCompleter(["Europe/Berlin"]))
when_grid.addWidget(QLabel("Time zone:"), 2, 0)
when_grid.addWidget(zone, 2, 1)
length = QComboBox()
length.addItems(["15 min", "30 min", "1 h", "2 h", "8 h"])
when_grid.addWidget(length, 2, 2)
when_grid.addWidget(QCheckBox("No fixed time"), 3, 1)
when_grid.addWidget(QLabel("Sent as 2027-03-14T09:00:00.000Z"), 4, 1)
form = QWidget()
form_layout = QVBoxLayout(form)
for title, inner in (("Space", space), ("Invitees", invitees), ("When", when)):
    form_layout.addWidget(group(title, inner))
scroll = QScrollArea()
scroll.setWidgetResizable(True)
scroll.setWidget(form)
banner = QFrame()
banner_row = QHBoxLayout(banner)
banner_row.addWidget(QLabel("Offline sandbox: nothing is sent to Avaya Spaces."))
banner_row.addWidget(QPushButton("Action"))
banner_row.addWidget(QToolButton())
left = QWidget()
left_layout = QVBoxLayout(left)
left_layout.addWidget(banner)
left_layout.addWidget(scroll, 1)
delivery = QWidget()
delivery_form = QFormLayout(delivery)
for name, items in (("Invitation:", ["Spaces emails", "HTML", "Outlook"]),
                    ("Invite mode:", ["Join link", "Straight in"]),
                    ("Language:", ["English", "Deutsch"])):
    combo = QComboBox()
    combo.addItems(items)
    delivery_form.addRow(name, combo)
act_as = QLineEdit()
delivery_form.addRow("Act as:", act_as)
act_as.hide()
rule = QFrame()
rule.setFrameShape(QFrame.Shape.HLine)
create_row = QHBoxLayout()
busy = QProgressBar()
busy.setRange(0, 0)
busy.hide()
create_row.addWidget(busy)
create_row.addStretch(1)
create_row.addWidget(QPushButton("Create space"))
delivery_box = group("Delivery", delivery)
delivery_box.layout().addWidget(rule)
delivery_box.layout().addLayout(create_row)
preview = QWidget()
preview_layout = QVBoxLayout(preview)
tabs = QTabBar()
for name in ("Invitation", "HTML source", "Plain text"):
    tabs.addTab(name)
preview_layout.addWidget(tabs)
browser = QTextBrowser()
browser.setOpenLinks(False)
preview_layout.addWidget(browser, 1)
copy_row = buttons("Copy for Outlook", "Copy HTML", "Copy text", "Copy join link", "Open space")
copy_row.addWidget(menu_button("Save as", ".html", ".ics", ".eml"))
preview_layout.addLayout(copy_row)
preview_layout.addWidget(QLabel("Nothing copied yet"))
right = QWidget()
right_layout = QVBoxLayout(right)
right_layout.addWidget(delivery_box)
right_layout.addWidget(group("Invitation", preview), 1)
splitter = QSplitter(Qt.Orientation.Horizontal)
side = QWidget()
side.hide()
for column in (side, left, right):
    splitter.addWidget(column)
central = QWidget()
central_layout = QVBoxLayout(central)
top = QHBoxLayout()
top.addWidget(QLabel("Connected to the built-in sandbox"))
central_layout.addLayout(top)
central_layout.addWidget(splitter, 1)
window.setCentralWidget(central)
"""


Measured = tuple[float, float, float, float]


def _measure(command: list[str], env: dict[str, str]) -> Measured:
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


def _best_in_turn(commands: dict[str, list[str]], env: dict[str, str]) -> dict[str, Measured]:
    """Each column's best over RUNS rounds, every round running each command once in turn,
    so that a machine slowing down during the run slows every side alike."""
    runs: dict[str, list[Measured]] = {name: [] for name in commands}
    for _ in range(RUNS):
        for name, command in commands.items():
            runs[name].append(_measure(command, env))
    best: dict[str, Measured] = {}
    for name, measured in runs.items():
        wall, cpu, rss, shown = (min(column) for column in zip(*measured, strict=True))
        best[name] = (wall, cpu, rss, shown)
    return best


def main() -> int:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SPACES_DESKTOP_HOME=home)
        env.pop("SPACES_TOKEN", None)
        bare_script = Path(home, "bare_window.py")
        bare_script.write_text(BARE_WINDOW + SHOW_AND_WAIT, encoding="utf-8")
        widgets_script = Path(home, "same_widgets_window.py")
        widgets_script.write_text(SAME_WIDGETS_WINDOW + SHOW_AND_WAIT, encoding="utf-8")
        commands = {
            "bare PySide6 window": [sys.executable, str(bare_script)],
            "same widgets, no app code": [sys.executable, str(widgets_script)],
            "spaces_desktop": [sys.executable, "-m", "spaces_desktop", "--smoke-test"],
        }
        # One untimed warm-up each: warm file cache, and .pyc files written for all.
        warm_env = dict(env)
        warm_env.pop("PYTHONDONTWRITEBYTECODE", None)
        for command in commands.values():
            _measure(command, warm_env)
        results = _best_in_turn(commands, env)
    print(
        f"best of {RUNS} rounds, each running every side once in turn "
        "(wall time is noisy when other work shares the CPU; CPU is not)"
    )
    print(
        "bytecode caches warm on every side (one untimed run each without "
        "PYTHONDONTWRITEBYTECODE wrote the .pyc files)"
    )
    for name, (wall, cpu, rss, shown) in results.items():
        print(
            f"{name:26}: {wall * 1000:5.0f} ms wall {cpu * 1000:5.0f} ms CPU "
            f"{shown * 1000:5.0f} ms to window exposed {rss:6.1f} MB peak RSS"
        )
    bare_wall, bare_cpu, bare_rss, bare_shown = results["bare PySide6 window"]
    floor_wall, _floor_cpu, floor_rss, floor_shown = results["same widgets, no app code"]
    app_wall, app_cpu, app_rss, app_shown = results["spaces_desktop"]
    print(f"wall time ratio    : {app_wall / bare_wall:5.2f}x (target <= 1.5x)")
    print(
        f"to window exposed  : {app_shown / bare_shown:5.2f}x "
        "(the wall time adds the exit after it)"
    )
    print(f"CPU time ratio     : {app_cpu / bare_cpu:5.2f}x")
    print(f"peak memory ratio  : {app_rss / bare_rss:5.2f}x (target <= 1.3x)")
    print(
        f"same widgets vs bare: {floor_wall / bare_wall:5.2f}x wall, "
        f"{floor_shown / bare_shown:5.2f}x to exposed, {floor_rss / bare_rss:5.2f}x memory "
        "(what this window's content costs in PySide6 alone; not a target)"
    )
    print(
        f"app vs same widgets : {app_wall / floor_wall:5.2f}x wall, "
        f"{app_shown / floor_shown:5.2f}x to exposed, {app_rss / floor_rss:5.2f}x memory "
        "(what the app's own code adds)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
