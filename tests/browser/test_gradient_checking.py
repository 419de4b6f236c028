"""The gradient-checking chapter's static figure in a real browser: after moving its three sliders
(backprop, ε, λ), the title, the dots of every parameter and the marker on the ε curve show exactly
the numbers nnlib computes for that choice."""
from __future__ import annotations

import numpy as np
import pytest

from .helpers import figure_title, move_slider, pages_containing, figures_with_sliders, slider_info, wait_for_plots, wait_until

SLIDER_NAMES = ["impl", "eps", "lam"]


def test_gradient_check_figure_numbers_match_nnlib(site, open_page):
    from nnlib.viz import gradient_checking as gc

    found = []
    for page_path in pages_containing(site, "largest relative error against"):
        page, log = open_page(page_path)
        wait_for_plots(page, log)
        for figure in figures_with_sliders(page, SLIDER_NAMES):
            found.append(page_path)
            labels = [s["labels"] for s in slider_info(figure)]
            assert labels == [gc.IMPL_LABELS, gc.EPS_LABELS, [str(v) for v in gc.LAMBDAS]]
            start_title = figure_title(figure)
            assert start_title == gc.check_title(gc.check_state("correct", 1e-5, 0))
            moves = [("missing transpose", "1e-03", 1, "click"), ("bias regularised", "1e-05", 0, "drag"),
                     ("bias regularised", "1e-05", 1, "click"), ("= for +=", "1e-13", 1, "click")]
            for name, eps, lam, how in moves:
                steps = [gc.NAMES.index(name), labels[1].index(eps), labels[2].index(str(lam))]
                for i, step in enumerate(steps):
                    state = move_slider(page, figure, i, step, how=how, log=log)
                assert state == steps
                s = gc.check_state(name, eps, lam)
                expected = gc.check_title(s)
                wait_until(page, "([gd, t]) => gd.querySelector('.gtitle').textContent === t",
                           f"the title for {name}, eps = {eps}, lambda = {lam}",
                           arg=[figure.element_handle(), expected], log=log, timeout_ms=10_000)
                # every dot: (parameter index, log10 relative error), as plotted
                dots = figure.evaluate(f"gd => [{','.join(str(t) for t in gc.T_GROUPS)}]"
                                       ".map(t => [gd.data[t].x, gd.data[t].y])")
                shown = np.empty(len(s.errors))
                for xs, ys in dots:
                    shown[np.asarray(xs, int)] = ys
                assert shown == pytest.approx(np.log10(np.maximum(s.errors, gc.DISPLAY_FLOOR)), abs=1e-3)
                marker = figure.evaluate(f"gd => [gd.data[{gc.T_MARKER}].x[0], gd.data[{gc.T_MARKER}].y[0]]")
                assert marker == pytest.approx([np.log10(float(eps)), np.log10(s.max_error)], abs=1e-3)
                curve = figure.evaluate(f"gd => gd.data[{gc.T_CURVE}].y")
                assert curve == pytest.approx(np.log10(np.maximum(s.curve, gc.DISPLAY_FLOOR)), abs=1e-3)
            assert figure_title(figure) != start_title
        assert not log.problems(), log.problems()
    assert found, "no page has the gradient-checking figure (the gradient-checking chapter should)"
