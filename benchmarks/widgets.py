"""Time every interactive's update: what runs when a reader moves a control of a live app.

For each app, the update is called with a sequence of different control values (as a reader
dragging a slider produces), and the median and worst time per call are printed, against the
target of a median <= 30 ms on this machine.

    .venv/bin/python benchmarks/widgets.py
"""
import itertools
import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from nnlib.viz import (activation_cost, batch, chain_rule, circles, cost_surface, delta_rule, digits,  # noqa: E402
                       gradient_checking, gradient_descent, graphs, neuron, sgd)
from nnlib.viz.figure_view import FigureView  # noqa: E402

TARGET_MS = 30.0


def value_sequence(controls, n=40, seed=0):
    """n random settings of the controls {name: (values, initial_index, label)}."""
    rng = np.random.default_rng(seed)
    return [{name: spec[0][rng.integers(len(spec[0]))] for name, spec in controls.items()} for _ in range(n)]


CHAIN_VIEW = FigureView()


def chain_update(**values):
    """What the chain-rule live app does on a move: recompute with nnlib, send it to its view."""
    CHAIN_VIEW.show(chain_rule.chain_figure_dict(**values, nudge="w2", delta=0.3))


def controls_of(app):
    """{name: (values, 0, name)}: every value each slider of a LiveApp can take."""
    controls = {}
    for name, slider in app.sliders.items():
        if hasattr(slider, "options"):
            values = list(slider.options)
        else:
            values = list(np.arange(slider.min, slider.max + slider.step / 2, slider.step))
        controls[name] = (values, 0, name)
    return controls


def app_entry(app):
    return app.show, controls_of(app)


def playground_update():
    """The circles playground redraws while it trains: time one redraw per recorded snapshot."""
    app, record = circles.playground_app(), circles.main_run()
    snapshots = list(range(len(record.params)))
    return (lambda k: app.redraw(record.network_at(k), record, record.snapshot_epochs[-1]),
            {"k": (snapshots, 0, "snapshot")})


CHAIN_CONTROLS = {p: (np.round(np.linspace(*chain_rule.LIVE_RANGE, 121), 2), 0, p) for p in chain_rule.PARAMS}

# name -> (update function, controls). For apps built on nnlib.viz.LiveApp the update is
# app.show(**values): what a slider move triggers, the figure's notebook output included.
APPS = {
    "pipeline: one neuron": (neuron.neuron_app().show, neuron._controls(2.0, -4.0)),
    "cost surface: w and b": (
        cost_surface.cost_surface_app().show,
        cost_surface._controls(*cost_surface.START, cost_surface.W_FINE, cost_surface.B_FINE)),
    "chain rule: 3-link chain": (chain_update, CHAIN_CONTROLS),
    "graphs: (a + b) x c": (graphs.sum_times_app().show, graphs.sum_times_controls()),
    "graphs: one-neuron graph": (graphs.neuron_graph_app().show, graphs.neuron_graph_controls()),
    "delta rule: 2-3-2 diagram": (delta_rule.delta_app().show, delta_rule.live_controls()),
    "batch: regularisation": (batch.regularisation_app().show, batch._live_controls(*batch.START)),
    "activations and costs": (activation_cost.act_cost_app().show, activation_cost.act_cost_controls()),
    "gradient checking": (gradient_checking.check_app().show, gradient_checking.check_controls()),
    "gradient descent: path": app_entry(gradient_descent.descent_app()),
    "sgd: batch size and rate": app_entry(sgd.sgd_app()),
    "digits: one test digit": app_entry(digits.digit_app()),
    "circles: playground redraw": playground_update(),
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
    for name, (update, controls) in APPS.items():
        median, worst = time_update(update, value_sequence(controls))
        verdict = "ok" if median <= TARGET_MS else "SLOW"
        failed += verdict != "ok"
        print(f"  {name:<55} median {median:7.2f} ms   worst {worst:7.2f} ms   {verdict}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
