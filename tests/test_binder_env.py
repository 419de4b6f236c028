"""Binder and JupyterHub install requirements.txt and nothing else: prove that is enough.

A fresh virtual environment gets `pip install -r requirements.txt` (which also installs nnlib
from this repository) and then runs a chapter notebook with `jupyter execute`.

The install spends most of its minutes waiting for the package index and the disk, so a run that
includes this test starts it in the background as the session starts (tests/conftest.py) and the
test, run later, waits for it; a run with -k or -m installs when the test runs.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRESTARTED = "NNBOOK_BINDER_ENV"  # the directory of the install started with the session
INSTALL_TIMEOUT_S = 900


def run(cmd, cwd=ROOT, timeout=INSTALL_TIMEOUT_S):
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def start_install(folder):
    """Start making folder/binder-venv as Binder would, in the background: a fresh venv, then
    `pip install -r requirements.txt`. Its output goes to folder/install.log and its exit status,
    when it ends, to folder/install.rc."""
    folder = Path(folder)
    script = ('"$0" -m venv "$1/binder-venv" && "$1/binder-venv/bin/python" -m pip install --quiet --no-compile '
              '--disable-pip-version-check -r requirements.txt; echo $? > "$1/install.rc.part" && '
              'mv "$1/install.rc.part" "$1/install.rc"')
    with open(folder / "install.log", "wb") as log:
        return subprocess.Popen(["bash", "-c", script, sys.executable, str(folder)], cwd=ROOT, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)


def wait_for_install(folder, timeout=INSTALL_TIMEOUT_S):
    """The venv of start_install(folder) once its install has ended; fail with its log if it failed."""
    folder, deadline = Path(folder), time.monotonic() + timeout
    while not (folder / "install.rc").exists():
        assert time.monotonic() < deadline, f"the install did not end in {timeout} s:\n" + (
            folder / "install.log").read_text()[-3000:]
        time.sleep(1)
    status = int((folder / "install.rc").read_text())
    assert status == 0, f"python -m venv + pip install -r requirements.txt failed ({status}):\n" + (
        folder / "install.log").read_text()[-6000:]
    return folder / "binder-venv"


def test_requirements_alone_run_a_chapter(tmp_path):
    folder = os.environ.get(PRESTARTED)
    if folder is None:
        folder = tmp_path
        start_install(folder).wait(timeout=INSTALL_TIMEOUT_S)
    venv = wait_for_install(folder)
    python = venv / "bin" / "python"
    import_check = run([python, "-c", "import nnlib, nnlib.viz, nnlib.checks; print(nnlib.__file__)"])
    assert str(ROOT / "nnlib") in import_check.stdout
    notebook = tmp_path / "pipeline.ipynb"
    notebook.write_bytes((ROOT / "book" / "pipeline.ipynb").read_bytes())
    run([venv / "bin" / "jupyter", "execute", "--inplace", str(notebook)], cwd=tmp_path)
    assert '"output_type": "error"' not in notebook.read_text()
