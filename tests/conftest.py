"""Shared by the whole suite: the student edition's build, and the order tests start in.

`make test` runs pytest-xdist with --dist loadgroup: tests marked
@pytest.mark.xdist_group("student-edition") run on one worker. `make test` builds the student
edition beside the book; a run without it builds it there once (`make student-book`, executing
every student notebook) for all of them, while the other worker goes on with the rest. Heavy
tests (@pytest.mark.heavy(minutes), minutes their rough length on this machine) start first,
longest first, so that no long test is left running alone at the end. The Binder test's
install, which mostly waits for the package index and the disk, starts in the background with
the session (see tests/test_binder_env.py).
"""
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

from test_binder_env import PRESTARTED, start_install

ROOT = Path(__file__).resolve().parents[1]
STUDENT_EDITION = ROOT / "_build" / "student-edition"
BINDER_INSTALL = pytest.StashKey()


def pytest_configure(config):
    config.addinivalue_line("markers", "heavy(minutes): a long test; started before the others, longest first")


def minutes(item):
    marker = item.get_closest_marker("heavy")
    return marker.args[0] if marker else 0


def pytest_collection_modifyitems(config, items):
    items.sort(key=minutes, reverse=True)  # stable: the others keep their order


def runs_binder_test(config):
    """Whether this run includes tests/test_binder_env.py (a run filtered by -k or -m: unknown, no)."""
    if config.option.keyword or config.option.markexpr:
        return False
    binder_test = ROOT / "tests" / "test_binder_env.py"
    return any(binder_test.is_relative_to((config.invocation_params.dir / arg.split("::")[0]).resolve())
               for arg in config.args)


def pytest_sessionstart(session):
    """Start the Binder test's install now when this run includes the test. Under pytest-xdist the
    controller starts it before the workers, which find it through the environment."""
    config = session.config
    if hasattr(config, "workerinput") or not runs_binder_test(config):
        return
    folder = Path(tempfile.mkdtemp(prefix="binder-env-"))
    os.environ[PRESTARTED] = str(folder)
    config.stash[BINDER_INSTALL] = (start_install(folder), folder)


def pytest_sessionfinish(session):
    install, folder = session.config.stash.get(BINDER_INSTALL, (None, None))
    if install is None:
        return
    if install.poll() is None:  # the run ended before the test waited for it
        os.killpg(install.pid, signal.SIGTERM)
        install.wait()
    shutil.rmtree(folder, ignore_errors=True)


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
