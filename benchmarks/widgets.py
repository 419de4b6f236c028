"""Time every interactive's update: what runs when a reader moves a control of a live app.

For each app, the update is called with a sequence of different control values (as a reader
dragging a slider produces), and the median and worst time per call are printed, against the
target of a median <= 30 ms on this machine.

    .venv/bin/python benchmarks/widgets.py
"""
import contextlib
import io
import itertools
import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import plotly.io as pio  # noqa: E402

import nnlib.viz.widgets  # noqa: E402
from nnlib import viz  # noqa: E402
from nnlib.viz import neuron  # noqa: E402

# What display() costs in a kernel: turning the figure into the mime bundle sent to Jupyter.
nnlib.viz.widgets.display = lambda fig: pio.renderers["nnlib"].to_mimebundle(fig.to_dict())

TARGET_MS = 30.0


def value_sequence(controls, n=40, seed=0):
    """n random settings of the controls {name: (values, initial_index, label)}."""
    rng = np.random.default_rng(seed)
    return [{name: spec[0][rng.integers(len(spec[0]))] for name, spec in controls.items()} for _ in range(n)]


# name -> (a function making the live app, the app's controls). Each chapter adds its apps here.
# What is timed is app.show(**values): the update a slider move triggers, display included.
APPS = {
    "pipeline: one neuron": (viz.neuron_app, neuron._controls(2.0, -4.0)),
}


def time_update(update, settings, warmup=3):
    for values in itertools.islice(itertools.cycle(settings), warmup):
        update(**values)
    times = []
    for values in settings:
        start = time.perf_counter()
        update(**values)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times), max(times)


def main():
    print(f"widget updates, median and worst of 40 calls with different values (target: median <= {TARGET_MS:g} ms)")
    failed = 0
    for name, (make_app, controls) in APPS.items():
        with contextlib.redirect_stdout(io.StringIO()):  # Output.clear_output prints outside a kernel
            median, worst = time_update(make_app().show, value_sequence(controls))
        verdict = "ok" if median <= TARGET_MS else "SLOW"
        failed += verdict != "ok"
        print(f"  {name:<55} median {median:7.2f} ms   worst {worst:7.2f} ms   {verdict}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
