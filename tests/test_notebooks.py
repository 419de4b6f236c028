"""Every notebook in _toc.yml runs top to bottom without an error.

This is the kernel face of the book (a reader running the notebook in Jupyter or on Binder);
the HTML build executes them too, but this says which notebook and cell failed. How long each
takes is measured by benchmarks/notebooks.py (against the 20 s budget), not asserted here.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

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


def test_toc_has_notebooks():
    assert toc_notebooks(), "_toc.yml lists no notebook"


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
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{notebook} failed:\n{exc}", pytrace=False)
