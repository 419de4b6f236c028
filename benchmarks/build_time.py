"""Time a clean build of the book, exactly as `make book` builds it.

    .venv/bin/python benchmarks/build_time.py [--runs N]

Removes _build, runs `jupyter-book build . --all -W -n --keep-going` from the venv that runs
this script, and prints the wall-clock seconds of each run and the best. Needs the npm packages (`make book` installs
them). Every notebook is executed during the build, so this includes their run time.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "_build"


def jupyter_book() -> str:
    exe = Path(sys.executable).with_name("jupyter-book")
    if exe.is_file():
        return str(exe)
    found = shutil.which("jupyter-book")
    if not found:
        sys.exit("jupyter-book not found: run this with the venv's python (.venv/bin/python) after `make book`")
    return found


def clean_build() -> float:
    shutil.rmtree(BUILD, ignore_errors=True)
    cmd = [jupyter_book(), "build", ".", "--all", "-W", "-n", "--keep-going"]
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-5000:])
        sys.exit(f"the build failed (exit {result.returncode}); see the output above")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="clean builds to time (default 1)")
    args = parser.parse_args()
    times = []
    for i in range(args.runs):
        seconds = clean_build()
        times.append(seconds)
        print(f"clean build {i + 1}/{args.runs}: {seconds:.1f} s")
    print(f"book clean build time: {min(times):.1f} s (best of {len(times)})")


if __name__ == "__main__":
    main()
