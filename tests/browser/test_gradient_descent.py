"""The gradient-descent chapter in a real browser: its static figure, moved with the mouse (learning
rate, start, step), shows exactly the path and the numbers nnlib computes for the selection; its
exercises work.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

import re

from .helpers import figure_title, figures_with_sliders, move_slider, open_book_page, slider_info, wait_until

PAGE = "book/gradient_descent.html"
NUM = r"(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)"
# made by nnlib.viz.gradient_descent.descent_title
TITLE = re.compile(rf"η = {NUM}, start \({NUM}, {NUM}\), step (\d+) of (\d+):\s+w = {NUM},\s+b = {NUM},\s+"
                   rf"C = {NUM},\s+\|∇C\| = {NUM}")
READ = """(gd, idx) => Object.fromEntries(Object.entries(idx).map(([name, i]) => [name, {
    x: Array.from(gd.data[i].x || []), y: Array.from(gd.data[i].y || [])}]))"""


def _open_figure(site, open_page):
    page, log = open_book_page(site, open_page, PAGE)
    figures = figures_with_sliders(page, ["lr", "start", "k"])
    assert len(figures) == 1, f"expected one gradient-descent figure on {PAGE}, found {len(figures)}"
    return page, log, figures[0]


def test_descent_figure_numbers_match_nnlib(site, open_page):
    from nnlib.viz import gradient_descent as gd

    page, log, figure = _open_figure(site, open_page)
    labels = [s["labels"] for s in slider_info(figure)]
    assert [float(v) for v in labels[0]] == list(gd.LR_VALUES)
    assert labels[1] == list(gd.STARTS)
    assert labels[2] == [str(k) for k in range(gd.N_STATIC + 1)]
    start_title = figure_title(figure)
    assert TITLE.search(start_title), start_title
    traces = {"path": gd.T_PATH, "now": gd.T_NOW, "cost": gd.T_COST, "start": gd.T_START}
    # (lr step, start step, k, how): eta = 10 from P at step 7; the plateau with eta = 30; the far
    # valley with eta = 0.3 at step 0; eta = 100 from "reversed" at the last step
    moves = [(4, 0, 7, "click"), (5, 3, 20, "drag"), (1, 2, 0, "click"), (6, 1, gd.N_STATIC, "drag")]
    for lr_step, start_step, k, how in moves:
        move_slider(page, figure, 0, lr_step, how=how, log=log)
        move_slider(page, figure, 1, start_step, how=how, log=log)
        state = move_slider(page, figure, 2, k, how=how, log=log)
        assert state == [lr_step, start_step, k]
        lr, start = gd.LR_VALUES[lr_step], list(gd.STARTS)[start_step]
        w0, b0 = gd.STARTS[start]
        prefix = f"η = {lr:g}, start ({w0:g}, {b0:g}), step {k} of {gd.N_STATIC}:"
        wait_until(page, "([gd, t]) => gd.querySelector('.gtitle').textContent.startsWith(t)",
                   f"the title showing {prefix}", arg=[figure.element_handle(), prefix], log=log, timeout_ms=10_000)
        title = figure_title(figure)
        assert title != start_title
        m = TITLE.search(title)
        assert m, f"unexpected title {title!r}"
        v = gd.descent_view(lr, w0, b0, gd.N_STATIC, k)
        assert m.groups()[5:] == tuple(gd.fmt(x) for x in (v.w[-1], v.b[-1], v.costs[-1], v.grad_norm)), (
            f"title {title!r} vs nnlib: {v.w[-1]}, {v.b[-1]}, {v.costs[-1]}, {v.grad_norm}")
        drawn = figure.evaluate(READ, traces)
        assert len(drawn["path"]["x"]) == k + 1 == len(drawn["cost"]["y"])
        assert max(abs(a - b) for a, b in zip(drawn["path"]["x"], v.w)) < 1e-4
        assert max(abs(a - b) for a, b in zip(drawn["path"]["y"], v.b)) < 1e-4
        assert max(abs(a - b) for a, b in zip(drawn["cost"]["y"], v.costs)) < 1e-4
        assert drawn["start"]["x"] == [w0] and drawn["start"]["y"] == [b0]
        assert abs(drawn["now"]["x"][0] - v.w[-1]) < 1e-4 and abs(drawn["now"]["y"][0] - v.b[-1]) < 1e-4
    assert not log.problems(), log.problems()

