"""How long each chapter notebook takes to run top to bottom (kernel start included).

Target: at most 20 s per notebook on this machine (2 cores).

    .venv/bin/python benchmarks/notebooks.py
"""
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_notebooks import toc_notebooks  # noqa: E402  (the toc reader the tests use)

BUDGET_S = 20.0


def main():
    print(f"notebooks run top to bottom with nbclient (target <= {BUDGET_S:g} s each)")
    slow = 0
    for notebook in toc_notebooks():
        path = ROOT / notebook
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, kernel_name="python3", timeout=120,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        seconds = time.perf_counter() - start
        slow += seconds > BUDGET_S
        print(f"  {notebook:<30} {seconds:6.1f} s   {'ok' if seconds <= BUDGET_S else 'SLOW'}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
