"""Every notebook in _toc.yml runs top to bottom without an error, each within a time budget.

This is the kernel face of the book (a reader running the notebook in Jupyter or on Binder);
the HTML build executes them too, but this says which notebook and cell failed, and how long
each took. Times are printed and written to _build/notebook-times.json.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

REPO = Path(__file__).resolve().parents[1]
TOC = REPO / "_toc.yml"
BUDGET_S = 20.0  # per notebook, kernel start included
CELL_TIMEOUT_S = 120
TIMES_FILE = REPO / "_build" / "notebook-times.json"


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


def _record(notebook: str, seconds: float) -> None:
    TIMES_FILE.parent.mkdir(parents=True, exist_ok=True)
    times = {}
    if TIMES_FILE.is_file():
        try:
            times = json.loads(TIMES_FILE.read_text(encoding="utf8"))
        except ValueError:
            times = {}
    times[notebook] = round(seconds, 2)
    TIMES_FILE.write_text(json.dumps(times, indent=1, sort_keys=True) + "\n", encoding="utf8")


@pytest.mark.parametrize("notebook", toc_notebooks())
def test_notebook_runs(notebook, record_property):
    path = REPO / notebook
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_S,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},  # run from the notebook's folder
    )
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{notebook} failed:\n{exc}", pytrace=False)
    seconds = time.perf_counter() - start
    record_property("seconds", round(seconds, 2))
    _record(notebook, seconds)
    print(f"{notebook}: executed in {seconds:.1f} s")
    assert seconds <= BUDGET_S, (
        f"{notebook} took {seconds:.1f} s to run top to bottom (kernel start included); the budget "
        f"is {BUDGET_S:.0f} s per notebook. Precompute less, or move slow work into nnlib and cache it."
    )
