"""The graphs chapter in the built book: its two graph explorers (nnlib/viz/js/graph_explorer.js,
(a + b) * c and the one-neuron loss) are on the page, draw their graphs and compute live: an input
dragged with the mouse or moved with the arrow keys, the backward pass stepped, they show nnlib's
numbers and texts (graph_view, node_texts, edge_texts, box_colours, explorer_title); the page has
no linked-slider graph figure left and logs no error.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

from nnlib.viz import graphs as G

from .graph_explorer_checks import INPUTS, assert_nnlib, drag_input, read
from .helpers import open_book_page, slider_figures, wait_until

PAGE = "book/graphs.html"
EXPLORER = ".nnjs-explorer"


def test_explorers_draw_and_follow_drags_keys_and_steps(site, open_page):
    page, log = open_book_page(site, open_page, PAGE)
    wait_until(page, f"() => document.querySelectorAll('{EXPLORER}').length === 2 && Array.from("
               f"document.querySelectorAll('{EXPLORER}')).every(r => r.graphExplorer !== undefined)",
               "the two graph explorers being built", log=log)
    roots = page.locator(EXPLORER)
    sum_root, neuron_root = roots.nth(0), roots.nth(1)
    # they draw: a box per node, an arrow per edge; they start as the chapter says, the backward pass done
    for root, kind, n_nodes, n_edges, start in [
            (sum_root, "sum", 5, 4, [G.A_EXAMPLE, G.B2_EXAMPLE, G.C_EXAMPLE]),
            (neuron_root, "neuron", 9, 8, [G.W_EXAMPLE, G.B_EXAMPLE])]:
        root.scroll_into_view_if_needed()
        assert root.locator(".nnjs-gx-box").count() == n_nodes
        assert root.locator(".nnjs-gx-diagram line").count() == 2 * n_edges  # each arrow and its highlight
        assert root.locator(".nnjs-gx-diagram").bounding_box()["width"] > 300
        shown = read(root)
        assert shown["inputs"] == list(INPUTS[kind]) and shown["values_now"] == start
        assert all(assert_nnlib(shown).known)  # the last step, as the kernel's app starts
    assert slider_figures(page) == []  # the linked-slider figures are gone
    # (a + b) * c: the exercise's move, a from 3 to -3, by dragging; the steps from the start
    drag_input(page, sum_root, 0, -3.0)
    sum_root.get_by_role("button", name="reset the backward pass").click()
    for step in range(1, 4):
        sum_root.get_by_role("button", name="step ▶").click()
        assert read(sum_root)["step"] == step
        assert_nnlib(read(sum_root))
    # the neuron: b by the arrow keys, w by a drag
    neuron_root.locator(".nnjs-gx-input").nth(1).focus()
    before = read(neuron_root)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    shown = read(neuron_root)
    assert abs(shown["values_now"][1] - (G.B_EXAMPLE + 0.2)) < 1e-12
    assert shown["readout"] != before["readout"] and shown["status"].endswith(shown["readout"])
    view = assert_nnlib(shown)
    assert view.grad("w") < 0 and view.grad("b") < 0  # the exercise's signs
    drag_input(page, neuron_root, 0, -2.0)
    neuron_root.get_by_role("button", name="the chapter's inputs").click()
    assert read(neuron_root)["values_now"] == [G.W_EXAMPLE, G.B_EXAMPLE]
    assert not log.problems(), log.problems()
