"""Shared by the whole suite: the student edition's build, and the order tests start in.

`make test` runs pytest-xdist with --dist loadgroup: tests marked
@pytest.mark.xdist_group("student-edition") run on one worker, which builds the student edition
once (`make student-book`, executing every student notebook) for all of them, while the other
worker goes on with the rest. Heavy tests (@pytest.mark.heavy(minutes), minutes their rough
length on this machine) start first, longest first, so that no long test is left running alone
at the end.
"""
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STUDENT_EDITION = ROOT / "_build" / "student-edition"


def pytest_configure(config):
    config.addinivalue_line("markers", "heavy(minutes): a long test; started before the others, longest first")


def minutes(item):
    marker = item.get_closest_marker("heavy")
    return marker.args[0] if marker else 0


def pytest_collection_modifyitems(config, items):
    items.sort(key=minutes, reverse=True)  # stable: the others keep their order


@pytest.fixture(scope="session")
def student_edition():
    """The built student edition (its tree; HTML in _build/html, executed notebooks in
    _build/jupyter_execute); built here with `make student-book` when its HTML is missing."""
    if not (STUDENT_EDITION / "_build" / "html" / "index.html").exists():
        done = subprocess.run(["make", "--no-print-directory", "student-book"], cwd=ROOT,
                              capture_output=True, text=True, timeout=3600)
        log = done.stdout + done.stderr
        assert done.returncode == 0, f"make student-book failed:\n{log[-8000:]}"
        assert "NOTE: the class settings in _config.yml are placeholders" in done.stdout
    return STUDENT_EDITION
