"""The batch chapter's figures in a real browser.

- The regularisation figure: after moving its two sliders (lambda and the run), the title, the bars
  and their printed values, the shaded decision region and the training points are exactly the
  numbers nnlib computes for that choice.
- The figure over the ten runs: its mean lines and bands are the means, lowest and highest runs of
  nnlib's trainings, and its bottom row compares each run with itself at lambda = 0."""
from __future__ import annotations

import re

import numpy as np
import pytest

from .helpers import (figure_title, figures_with_sliders, move_slider, open_book_page, slider_info,
                      wait_until)

PAGE = "book/batch.html"
SLIDER_NAMES = ["lam", "run"]
# The printed values on the bars, trace by trace, left to right.
BAR_TEXTS_JS = """gd => Array.from(gd.querySelectorAll('g.barlayer g.trace')).map(t =>
  Array.from(t.querySelectorAll('g.point')).map(p => {
    const s = p.querySelector('text'); return s ? s.textContent : null; }))"""


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_regularisation_figure_numbers_match_nnlib(site, open_page):
    from nnlib.viz import batch as bt

    page, log = open_book_page(site, open_page, PAGE)
    figures = figures_with_sliders(page, SLIDER_NAMES)
    assert len(figures) == 1, f"{PAGE} should have one figure with sliders {SLIDER_NAMES}"
    figure = figures[0]
    runs = list(bt.RUNS)
    labels = [s["labels"] for s in slider_info(figure)]
    assert [float(v) for v in labels[0]] == list(bt.LAMBDAS)
    assert [int(v) for v in labels[1]] == runs
    start_title = figure_title(figure)
    assert _plain(start_title) == _plain(bt.regularisation_title(bt.regularisation_state(*bt.START)))
    moves = [(0.1, 3, "click"), (3.0, 9, "drag"), (1.0, 5, "click"), (0.0, 9, "click")]
    for lam, run, how in moves:
        steps = [bt.LAMBDAS.index(lam), runs.index(run)]
        for i, step in enumerate(steps):
            state = move_slider(page, figure, i, step, how=how, log=log)
        assert state == steps
        r = bt.regularisation_state(lam, run)
        expected = _plain(bt.regularisation_title(r))
        wait_until(
            page, "([gd, t]) => gd.querySelector('.gtitle').textContent.replace(/\\s+/g, ' ').trim() === t",
            f"the title for lambda = {lam:g}, run {run}", arg=[figure.element_handle(), expected],
            log=log, timeout_ms=10_000,
        )
        if (lam, run) != bt.START:
            assert figure_title(figure) != start_title
        data = figure.evaluate(
            f"gd => [gd.data[{bt.T_NORMS}].y, gd.data[{bt.T_COSTS}].y, gd.data[{bt.T_REGION}].z,"
            f" Array.from(gd.data[{bt.T_OUTER}].x), Array.from(gd.data[{bt.T_INNER}].x)]")
        norms, costs, region, outer_x, inner_x = data
        assert norms == pytest.approx(list(r.weight_norms + r.bias_norms), abs=1e-4)
        assert costs == pytest.approx([r.train_cost, r.test_cost, r.penalty], abs=1e-4)
        assert np.array(region, dtype=float) == pytest.approx(r.region, abs=1e-3)
        X, Y = bt.training_set(run)
        # the run's own points (precomputed states keep 4 decimals: nnlib.viz.static.DECIMALS)
        assert outer_x == pytest.approx(list(X[0, Y[0] == 0]), abs=1e-4)
        assert inner_x == pytest.approx(list(X[0, Y[0] == 1]), abs=1e-4)
        texts = figure.evaluate(BAR_TEXTS_JS)
        assert texts[0] == [f"{v:.1f}" for v in r.weight_norms + r.bias_norms]
        assert texts[1] == [f"{v:.3f}" for v in (r.train_cost, r.test_cost, r.penalty)]
    assert not log.problems(), log.problems()


def test_runs_figure_shows_mean_and_range_of_the_runs(site, open_page):
    from nnlib.viz import batch as bt

    page, log = open_book_page(site, open_page, PAGE)
    title = _plain(bt.regularisation_bands_figure().layout.title.text)
    traces = page.evaluate(
        """t => Array.from(document.querySelectorAll('.plotly-graph-div'))
                 .filter(gd => gd.layout && gd.layout.title &&
                               gd.layout.title.text.replace(/\\s+/g, ' ').trim() === t)
                 .map(gd => gd.data.map(d => ({name: d.name, x: Array.from(d.x), y: Array.from(d.y)})))""",
        title)
    assert len(traces) == 1, f"{PAGE} should show the figure over the runs ({title!r}) once"
    by_name = {d["name"]: d for d in traces[0]}
    fields = {"train cost": ("train_cost", 1), "test cost": ("test_cost", 1),
              "test accuracy": ("test_accuracy", 100)}
    for name, (field, scale) in fields.items():
        spreads = [bt.spread(field, lam) for lam in bt.LAMBDAS]
        assert by_name[name]["x"] == [f"{lam:g}" for lam in bt.LAMBDAS]
        assert by_name[name]["y"] == pytest.approx([scale * s.mean for s in spreads], abs=1e-5)
        lows = [d for n, d in by_name.items() if n.startswith(f"{name}: lowest")]
        highs = [d for n, d in by_name.items() if n.startswith(f"{name}: highest")]
        assert lows[0]["y"] == pytest.approx([scale * s.lo for s in spreads], abs=1e-5)
        assert highs[0]["y"] == pytest.approx([scale * s.hi for s in spreads], abs=1e-5)
    change = by_name["change in test cost: highest of 10 runs"]["y"]
    spreads = [bt.spread("test_cost", lam).values - bt.spread("test_cost", 0.0).values for lam in bt.LAMBDAS]
    assert change == pytest.approx([s.max() for s in spreads], abs=1e-5)
    assert not log.problems(), log.problems()
