"""The batch chapter's static figure in a real browser: after moving its two sliders (lambda and
the number m of training examples), the title, the bars and their printed values and the shaded
decision region are exactly the numbers nnlib computes for that choice."""
from __future__ import annotations

import re

import numpy as np
import pytest

from .helpers import figure_title, move_slider, pages_containing, figures_with_sliders, slider_info, wait_for_plots, wait_until

SLIDER_NAMES = ["lam", "m"]
# The printed values on the bars, trace by trace, left to right.
BAR_TEXTS_JS = """gd => Array.from(gd.querySelectorAll('g.barlayer g.trace')).map(t =>
  Array.from(t.querySelectorAll('g.point')).map(p => {
    const s = p.querySelector('text'); return s ? s.textContent : null; }))"""


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_regularisation_figure_numbers_match_nnlib(site, open_page):
    from nnlib.viz import batch as bt

    found = []
    for page_path in pages_containing(site, "squared norms of the parameters"):
        page, log = open_page(page_path)
        wait_for_plots(page, log)
        for figure in figures_with_sliders(page, SLIDER_NAMES):
            found.append(page_path)
            labels = [s["labels"] for s in slider_info(figure)]
            assert [float(v) for v in labels[0]] == list(bt.LAMBDAS)
            assert [int(v) for v in labels[1]] == list(bt.TRAIN_SIZES)
            start_title = figure_title(figure)
            assert _plain(start_title) == _plain(bt.regularisation_title(bt.regularisation_state(*bt.START)))
            moves = [(0.1, 30, "click"), (10.0, 300, "drag"), (1.0, 100, "click"), (0.0, 300, "click")]
            for lam, m, how in moves:
                steps = [bt.LAMBDAS.index(lam), bt.TRAIN_SIZES.index(m)]
                for i, step in enumerate(steps):
                    state = move_slider(page, figure, i, step, how=how, log=log)
                assert state == steps
                r = bt.regularisation_state(lam, m)
                expected = _plain(bt.regularisation_title(r))
                wait_until(
                    page, "([gd, t]) => gd.querySelector('.gtitle').textContent.replace(/\\s+/g, ' ').trim() === t",
                    f"the title for lambda = {lam:g}, m = {m}", arg=[figure.element_handle(), expected],
                    log=log, timeout_ms=10_000,
                )
                if (lam, m) != bt.START:
                    assert figure_title(figure) != start_title
                data = figure.evaluate(
                    f"gd => [gd.data[{bt.T_NORMS}].y, gd.data[{bt.T_COSTS}].y, gd.data[{bt.T_REGION}].z,"
                    f" gd.data[{bt.T_OUTER}].x.length + gd.data[{bt.T_INNER}].x.length]")
                norms, costs, region, n_points = data
                assert norms == pytest.approx(list(r.weight_norms + r.bias_norms), abs=1e-4)
                assert costs == pytest.approx([r.train_cost, r.test_cost, r.penalty], abs=1e-4)
                assert np.array(region, dtype=float) == pytest.approx(r.region, abs=1e-3)
                assert n_points == m
                texts = figure.evaluate(BAR_TEXTS_JS)
                assert texts[0] == [f"{v:.1f}" for v in r.weight_norms + r.bias_norms]
                assert texts[1] == [f"{v:.3f}" for v in (r.train_cost, r.test_cost, r.penalty)]
        assert not log.problems(), log.problems()
    assert found, "no page has the regularisation figure (the batch chapter should)"
