"""Binder and JupyterHub install requirements.txt and nothing else: prove that is enough.

A fresh virtual environment gets `pip install -r requirements.txt` (which also installs nnlib
from this repository) and then runs a chapter notebook with `jupyter execute`.
"""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(cmd, cwd=ROOT, timeout=900):
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.mark.heavy(2)
def test_requirements_alone_run_a_chapter(tmp_path):
    venv = tmp_path / "binder-venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check",
         "-r", "requirements.txt"])
    import_check = run([python, "-c", "import nnlib, nnlib.viz, nnlib.checks; print(nnlib.__file__)"])
    assert str(ROOT / "nnlib") in import_check.stdout
    notebook = tmp_path / "pipeline.ipynb"
    notebook.write_bytes((ROOT / "book" / "pipeline.ipynb").read_bytes())
    run([venv / "bin" / "jupyter", "execute", "--inplace", str(notebook)], cwd=tmp_path)
    assert '"output_type": "error"' not in notebook.read_text()
