"""What one student costs a JupyterHub: peak memory and CPU time of each notebook's kernel.

    .venv/bin/python benchmarks/hub_sizing.py            # the student notebooks (make student)
    .venv/bin/python benchmarks/hub_sizing.py --teacher  # the teacher notebooks (with solutions)

Each notebook runs top to bottom in a fresh Python kernel (as a student's "Run All" does); a last
cell, added for the measurement, asks the kernel for its own resource usage (getrusage): the peak
resident memory (ru_maxrss) and the CPU time it used, its children included. An idle kernel is
measured first, for comparison. Numbers depend on the machine; the table says which one.
"""
import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nnlib.student import make_student_notebooks  # noqa: E402

MEASURE = """\
import json, resource
_self, _children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"peak_mib": max(_self.ru_maxrss, _children.ru_maxrss) / 1024,
                  "cpu_s": _self.ru_utime + _self.ru_stime + _children.ru_utime + _children.ru_stime}))
"""


def measure(path, workdir):
    """(wall seconds, kernel CPU seconds, kernel peak MiB) of running one notebook in a fresh kernel."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(MEASURE))
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}})
    start = time.perf_counter()
    client.execute()
    wall = time.perf_counter() - start
    text = "".join(o.text for o in nb.cells[-1].outputs if o.output_type == "stream" and o.name == "stdout")
    usage = json.loads([line for line in text.splitlines() if line.startswith("{")][-1])
    return wall, usage["cpu_s"], usage["peak_mib"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teacher", action="store_true", help="measure the teacher notebooks in book/")
    parser.add_argument("notebooks", nargs="*", help="chapter names (default: every chapter)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.teacher:
            paths = sorted((ROOT / "book").glob("*.ipynb"))
        else:
            paths = make_student_notebooks(ROOT / "book", tmp)
        if args.notebooks:
            paths = [p for p in paths if p.stem in args.notebooks]
        idle = tmp / "idle.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")]), idle)
        print(f"Kernel of each {'teacher' if args.teacher else 'student'} notebook, run top to bottom; "
              f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
        print(f"{'notebook':22s} {'wall s':>7s} {'CPU s':>7s} {'peak MiB':>9s}")
        rows = [("(idle kernel)", *measure(idle, tmp))]
        print(f"{rows[0][0]:22s} {rows[0][1]:7.1f} {rows[0][2]:7.1f} {rows[0][3]:9.0f}", flush=True)
        for path in paths:
            row = (path.stem, *measure(path, tmp))
            rows.append(row)
            print(f"{row[0]:22s} {row[1]:7.1f} {row[2]:7.1f} {row[3]:9.0f}", flush=True)
        chapters = rows[1:]
        worst = max(chapters, key=lambda r: r[3])
        print(f"largest peak: {worst[3]:.0f} MiB ({worst[0]}); CPU for every chapter once: "
              f"{sum(r[2] for r in chapters):.0f} s; the most CPU for one chapter: "
              f"{max(r[2] for r in chapters):.0f} s ({max(chapters, key=lambda r: r[2])[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
