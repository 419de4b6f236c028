"""Every notebook in _toc.yml runs top to bottom without an error, under a second floating-point
configuration.

This is the kernel face of the book (a reader running the notebook in Jupyter or on Binder).
The HTML build executes the notebooks with this machine's BLAS kernels; here each runs with
OpenBLAS forced onto other kernels (tests/fp_config.py), so the last bits of every sum differ, as
they would on another machine, and every claim check in the notebook must hold there too. How
long each takes is measured by benchmarks/notebooks.py, not asserted here.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from fp_config import second_fp_config

REPO = Path(__file__).resolve().parents[1]
TOC = REPO / "_toc.yml"
CELL_TIMEOUT_S = 120


def _toc_files(node) -> list[str]:
    """Every `root`/`file` entry of a jb-book (or jb-article) toc, in reading order."""
    found = []
    if isinstance(node, dict):
        for key in ("root", "file"):
            if isinstance(node.get(key), str):
                found.append(node[key])
        for key in ("parts", "chapters", "sections"):
            for child in node.get(key, []) or []:
                found += _toc_files(child)
    elif isinstance(node, list):
        for child in node:
            found += _toc_files(child)
    return found


def toc_notebooks() -> list[str]:
    toc = yaml.safe_load(TOC.read_text(encoding="utf8"))
    notebooks = []
    for entry in _toc_files(toc):
        path = REPO / entry
        candidates = [path] if path.suffix else [path.with_suffix(".ipynb"), path.with_suffix(".md")]
        existing = [c for c in candidates if c.is_file()]
        assert existing, f"_toc.yml lists {entry!r} but no such file exists"
        if existing[0].suffix == ".ipynb":
            notebooks.append(existing[0].relative_to(REPO).as_posix())
    return notebooks


# A few SGD steps on a 64-16-16-10 network, printed to the last bit.
BITS_PROBE = """
import numpy as np, nnlib
rng = np.random.default_rng(0)
X, Y = rng.random((64, 200)), nnlib.one_hot(rng.integers(0, 10, 200), 10)
net = nnlib.Network([64, 16, 16, 10], seed=0)
nnlib.sgd(net, X, Y, epochs=3, batch_size=10, lr=3.0)
print(net.theta.tobytes().hex())
"""


def test_second_fp_config_changes_the_last_bits():
    """The second configuration is not inert: the same training ends on different bits."""
    def run(env):
        out = subprocess.run([sys.executable, "-c", BITS_PROBE], env={**os.environ, **env},
                             capture_output=True, text=True, check=True)
        return out.stdout
    assert run({}) != run(second_fp_config()), f"{second_fp_config()} computes the same bits as the default"


def test_toc_has_notebooks():
    assert toc_notebooks(), "_toc.yml lists no notebook"


@pytest.mark.heavy(0.5)
@pytest.mark.parametrize("notebook", toc_notebooks())
def test_notebook_runs(notebook):
    path = REPO / notebook
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_S,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},  # run from the notebook's folder
    )
    try:
        client.execute(env={**os.environ, **second_fp_config()})
    except CellExecutionError as exc:
        pytest.fail(f"{notebook} failed under {second_fp_config()}:\n{exc}", pytrace=False)


def test_cells_the_book_hides_are_collapsed_in_jupyterlab():
    """A reader who opens a chapter in JupyterLab or on Binder sees its checks and glue cells
    (tagged remove-cell: the web book leaves them out) folded away, as the web book shows it."""
    open_cells = []
    for notebook in toc_notebooks():
        for cell in nbformat.read(REPO / notebook, as_version=4).cells:
            folded = cell.metadata.get("jupyter", {})
            if "remove-cell" in cell.metadata.get("tags", []) and not (
                    folded.get("source_hidden") is True and folded.get("outputs_hidden") is True):
                open_cells.append(f"{notebook}: cell {cell.get('id')}: {cell.source.splitlines()[:1]}")
    assert not open_cells, ("cells left out of the web book but open in JupyterLab (set their metadata "
                            "jupyter.source_hidden and jupyter.outputs_hidden to true):\n" + "\n".join(open_cells))
