"""The cost-surface chapter in a real browser: its static figure, moved with the mouse, shows
exactly nnlib's numbers for the selected (w, b); its 3-D panel draws; its exercises work.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

import re

from .helpers import figure_title, move_slider, open_book_page, slider_figures, slider_info, wait_until

PAGE = "book/cost_surface.html"
NUM = r"(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)"
# made by nnlib.viz.cost_surface._title
TITLE = re.compile(rf"w = {NUM}, b = {NUM}:\s+C = {NUM},\s+∂C/∂w = {NUM},\s+∂C/∂b = {NUM},\s+\|∇C\| = {NUM}")
READ_TRACES = """(gd, idx) => Object.fromEntries(Object.entries(idx).map(([name, i]) => [name, {
    x: Array.from(gd.data[i].x || []), y: Array.from(gd.data[i].y || []),
    z: Array.from(gd.data[i].z || []), customdata: Array.from(gd.data[i].customdata || [])}]))"""


def _open_figure(site, open_page):
    page, log = open_book_page(site, open_page, PAGE)
    figures = [f for f in slider_figures(page) if TITLE.search(figure_title(f))]
    assert len(figures) == 1, f"expected one cost-surface figure on {PAGE}, found {len(figures)}"
    return page, log, figures[0]


def test_cost_surface_figure_numbers_match_nnlib(site, open_page):
    """Move w and b independently, with clicks and drags; after each move the title, the point on
    the surface and on the map, the arrow and the fitted curve are nnlib's for the chosen values."""
    from nnlib.viz import cost_surface as cs

    page, log, figure = _open_figure(site, open_page)
    info = slider_info(figure)
    assert [s["name"] for s in info] == ["w", "b"]
    labels = {s["name"]: s["labels"] for s in info}
    assert len(labels["w"]) == len(cs.W_VALUES) and len(labels["b"]) == len(cs.B_VALUES)
    start_title = figure_title(figure)
    assert start_title.startswith(f"w = {cs.START[0]:g}, b = {cs.START[1]:g}:")
    traces = {"point3d": cs.T_POINT3D, "arrow": cs.T_ARROW, "point2d": cs.T_POINT2D,
              "curve": cs.T_CURVE, "outputs": cs.T_OUTPUTS}
    # (w step, b step, how): w = 4, b = -6; then only b moves; the origin; the plateau (0, -8)
    moves = [(12, 4, "click"), (12, 13, "drag"), (4, 16, "drag"), (4, 0, "click")]
    for w_step, b_step, how in moves:
        move_slider(page, figure, 0, w_step, how=how, log=log)
        state = move_slider(page, figure, 1, b_step, how=how, log=log)
        assert state == [w_step, b_step]
        w, b = float(labels["w"][w_step]), float(labels["b"][b_step])
        wait_until(page, "([gd, t]) => gd.querySelector('.gtitle').textContent.startsWith(t)",
                   f"the title showing w = {w:g}, b = {b:g}",
                   arg=[figure.element_handle(), f"w = {w:g}, b = {b:g}:"], log=log, timeout_ms=10_000)
        title = figure_title(figure)
        assert title != start_title
        m = TITLE.search(title)
        assert m, f"unexpected title {title!r}"
        p = cs.surface_point(w, b)
        shown = m.groups()
        assert (float(shown[0]), float(shown[1])) == (w, b), title
        assert shown[2:] == tuple(cs.fmt(v) for v in (p.cost, p.dC_dw, p.dC_db, p.grad_norm)), (
            f"title {title!r} vs nnlib at w={w}, b={b}: {p.cost}, {p.dC_dw}, {p.dC_db}, {p.grad_norm}")
        drawn = figure.evaluate(READ_TRACES, traces)
        assert drawn["point2d"]["x"] == [w] and drawn["point2d"]["y"] == [b]
        assert drawn["point3d"]["x"] == [w] and drawn["point3d"]["y"] == [b]
        assert abs(drawn["point3d"]["customdata"][0] - p.cost) < 1e-4
        assert abs(drawn["point3d"]["z"][0] - (p.cost + cs.LIFT)) < 1e-4
        ax, ay = drawn["arrow"]["x"], drawn["arrow"]["y"]
        assert (ax[0], ay[0]) == (w, b)
        assert abs(ax[1] - (w + cs.ARROW_LENGTH * p.descent[0])) < 2e-4
        assert abs(ay[1] - (b + cs.ARROW_LENGTH * p.descent[1])) < 2e-4
        assert max(abs(u - v) for u, v in zip(drawn["curve"]["y"], p.fit.curve)) < 1e-4
        assert max(abs(u - v) for u, v in zip(drawn["outputs"]["y"], p.fit.outputs)) < 1e-4
    assert not log.problems(), log.problems()


def test_cost_surface_draws_its_3d_panel_and_describes_itself(site, open_page):
    page, log, figure = _open_figure(site, open_page)
    wait_until(page, "gd => gd.querySelector('.gl-container canvas') !== null",
               "the 3-D surface drawing its WebGL canvas", arg=figure.element_handle(), log=log)
    box = figure.locator(".gl-container canvas").first.bounding_box()
    assert box["width"] > 200 and box["height"] > 200, box
    label = figure.get_attribute("aria-label")
    assert "cost" in label and "contour map" in label and "lowest point" in label
    assert not log.problems(), log.problems()



def test_descent_path_figure_follows_the_learning_rate(site, open_page):
    """The descent figure: moving its learning-rate slider redraws the path and the cost per step
    with nnlib's numbers, and the title names the learning rate."""
    from nnlib.viz import cost_surface as cs

    page, log = open_book_page(site, open_page, PAGE)
    figures = [f for f in slider_figures(page) if figure_title(f).startswith("learning rate η")]
    assert len(figures) == 1, f"expected one descent-path figure on {PAGE}, found {len(figures)}"
    figure = figures[0]
    labels = slider_info(figure)[0]["labels"]
    assert [float(v) for v in labels] == list(cs.DESCENT_LRS)
    for step, how in ((len(labels) - 1, "click"), (0, "drag"), (3, "click")):
        move_slider(page, figure, 0, step, how=how, log=log)
        lr = cs.DESCENT_LRS[step]
        wait_until(page, "([gd, t]) => gd.querySelector('.gtitle').textContent.startsWith(t)",
                   f"the title showing η = {lr:g}", arg=[figure.element_handle(), f"learning rate η = {lr:g},"],
                   log=log, timeout_ms=10_000)
        drawn = figure.evaluate(READ_TRACES, {"path": cs.T_PATH, "cost": cs.T_PATH_COST})
        path = cs.descent_path(*cs.START, lr)
        assert max(abs(u - v) for u, v in zip(drawn["path"]["x"], path.w)) < 1e-4
        assert max(abs(u - v) for u, v in zip(drawn["path"]["y"], path.b)) < 1e-4
        assert max(abs(u - v) for u, v in zip(drawn["cost"]["y"], path.cost)) < 1e-4
    assert not log.problems(), log.problems()
