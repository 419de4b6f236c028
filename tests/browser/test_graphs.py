"""The graphs chapter in a real browser: move the sliders of its two static graph figures and check
that the boxes, the arrows' local derivatives, the box colours and the title show exactly the
numbers nnlib computes for the selected state (and the hand-derived ones for (a + b) * c)."""
from __future__ import annotations

import re

from nnlib.viz.graphs import X_EXAMPLE, fmt

from .helpers import figure_title, move_slider, open_book_page, slider_figures, slider_info, wait_until

PAGE = "book/graphs.html"
NUM = r"(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)"
SUM_TITLE = re.compile(rf"a = {NUM}, b = {NUM}, c = {NUM}:\s+e = a \+ b = {NUM},\s+f = e·c = {NUM}"
                       rf"backward step (\d+) of (\d+):")
X_SHOWN = fmt(X_EXAMPLE)  # the chain-rule chapter's a^[2], as the title shows it
NEURON_TITLE = re.compile(rf"w = {NUM}, b = {NUM}, x = {re.escape(X_SHOWN)}, y = 1:\s+z = {NUM},\s+a = {NUM},\s+C\u200b?0\u200b? = {NUM}"
                          rf"backward step (\d+) of (\d+):")

# What the figure shows, read from the drawn SVG: the text of trace 1 (value and gradient of each
# box: the trace whose every text holds 'grad'), the fill of each box (layout shapes) and the
# arrows' labels (annotations).
SHOWN_JS = """gd => ({
    boxes: Array.from(gd.querySelectorAll('.scatterlayer .trace'))
                .map(tr => Array.from(tr.querySelectorAll('.textpoint text')).map(t => t.textContent))
                .filter(texts => texts.length && texts.every(t => t.includes('grad')))[0],
    fills: Array.from(gd.querySelectorAll('.shapelayer path')).map(p => getComputedStyle(p).fill),
    edges: Array.from(gd.querySelectorAll('.annotation .annotation-text')).map(t => t.textContent),
})"""


def _rgb(colour):
    named = {"white": (255, 255, 255)}
    if colour in named:
        r, g, b = named[colour]
    else:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def _expected(view):
    from nnlib.viz import graphs as G

    return {
        "boxes": [t.replace("<br>", "") for t in G.node_texts(view)],
        "fills": [_rgb(c) for c in G.box_colours(view)],
        "edges": G.edge_texts(view),
    }


def _figure(page, pattern):
    for figure in slider_figures(page):
        if pattern.search(figure_title(figure)):
            return figure
    raise AssertionError(f"no figure on {PAGE} has a title matching {pattern.pattern!r}")


def _wait_title(page, figure, prefix, log):
    wait_until(page, "([gd, t]) => gd.querySelector('.gtitle').textContent.startsWith(t)",
               f"the title starting with {prefix!r}", arg=[figure.element_handle(), prefix], log=log,
               timeout_ms=10_000)


def test_sum_times_figure_shows_nnlib_numbers(site, open_page):
    from nnlib.viz.graphs import sum_times_view

    page, log = open_book_page(site, open_page, PAGE)
    figure = _figure(page, SUM_TITLE)
    info = slider_info(figure)
    assert [s["name"] for s in info] == ["a", "b", "c", "step"]
    labels = [s["labels"] for s in info]
    for steps, how in [((0, 6, 2, 1), "click"), ((5, 0, 6, 2), "drag"), ((3, 3, 0, 0), "click")]:
        for i, k in enumerate(steps):
            state = move_slider(page, figure, i, k, how=how, log=log)
        assert state == list(steps)
        a, b, c = (float(labels[i][k]) for i, k in enumerate(steps[:3]))
        step = int(labels[3][steps[3]])
        _wait_title(page, figure, f"a = {a:g}, b = {b:g}, c = {c:g}:", log)
        m = SUM_TITLE.search(figure_title(figure))
        assert m, figure_title(figure)
        # the title: by hand, e = a + b and f = e c
        assert [float(x) for x in m.groups()[:5]] == [a, b, c, a + b, (a + b) * c]
        assert (int(m.group(6)), int(m.group(7))) == (step, 3)
        view = sum_times_view(a, b, c, step)
        shown = figure.evaluate(SHOWN_JS)
        assert shown == _expected(view), (a, b, c, step)
        # by hand: once known, df/da = df/db = c and df/dc = a + b
        if step == 3:
            assert shown["boxes"][0] == f"{a:g}grad{c:g}" and shown["boxes"][3] == f"{c:g}grad{a + b:g}"
        if step == 0:
            assert all(t.endswith("grad?") for t in shown["boxes"])
    assert not log.problems(), log.problems()


def test_neuron_graph_figure_shows_nnlib_numbers(site, open_page):
    import numpy as np

    from nnlib import Network
    from nnlib.viz.graphs import neuron_graph_view

    page, log = open_book_page(site, open_page, PAGE)
    figure = _figure(page, NEURON_TITLE)
    info = slider_info(figure)
    assert [s["name"] for s in info] == ["w", "b", "step"]
    labels = [s["labels"] for s in info]
    for steps, how in [((8, 0, 6), "click"), ((0, 7, 3), "drag"), ((2, 4, 6), "click")]:
        for i, k in enumerate(steps):
            state = move_slider(page, figure, i, k, how=how, log=log)
        assert state == list(steps)
        w, b = float(labels[0][steps[0]]), float(labels[1][steps[1]])
        step = int(labels[2][steps[2]])
        _wait_title(page, figure, f"w = {fmt(w)}, b = {fmt(b)}, x = {X_SHOWN}, y = 1:", log)
        m = NEURON_TITLE.search(figure_title(figure))
        assert m, figure_title(figure)
        view = neuron_graph_view(w, b, step)
        assert m.groups()[2:5] == (fmt(view.value("z")), fmt(view.value("a")), fmt(view.value("C0")))
        assert (int(m.group(6)), int(m.group(7))) == (step, 6)
        shown = figure.evaluate(SHOWN_JS)
        assert shown == _expected(view), (w, b, step)
        if step == 6:  # every gradient shown; w's and b's are nnlib.Network's
            net = Network([1, 1])
            net.W[1][0, 0], net.b[1][0, 0] = w, b
            dW, db = net.gradients(np.array([[X_EXAMPLE]]), np.array([[1.0]]))
            assert shown["boxes"][0] == f"{w:g}grad{fmt(dW[1][0, 0])}"
            assert shown["boxes"][3] == f"{b:g}grad{fmt(db[1][0, 0])}"
    assert not log.problems(), log.problems()
