"""The delta-rule chapter in the built book: its explorer (nnlib/viz/js/delta_rule.js) is on the
page, draws the chapter's network, and computes live: a weight dragged with the mouse or moved
with the arrow keys, the example and the backward step changed, it shows nnlib's numbers and
texts (delta_view, node_texts, edge_texts, delta_title); the page has no linked-slider figure
left and logs no error.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

from nnlib.viz import delta_rule as dr

from .delta_rule_checks import EDGES, assert_nnlib, chapter_weight, drag_weight, read
from .helpers import open_book_page, wait_until

PAGE = "book/delta_rule.html"
EXPLORER = ".nnjs-explorer"


def test_explorer_draws_and_follows_drags_keys_and_steps(site, open_page):
    page, log = open_book_page(site, open_page, PAGE)
    wait_until(page, f"() => document.querySelectorAll('{EXPLORER}').length === 1 && "
               f"document.querySelector('{EXPLORER}').deltaRule !== undefined", "the delta-rule explorer being built",
               log=log)
    root = page.locator(EXPLORER)
    root.scroll_into_view_if_needed()
    # it draws: a line and a label per weight, a circle and a box per neuron, the layers named
    assert root.locator(".nnjs-dr-diagram line").count() >= len(EDGES)
    assert root.locator(".nnjs-dr-weight").count() == len(EDGES)
    assert root.locator(".nnjs-dr-diagram circle").count() == sum(dr.SIZES)
    assert root.locator(".nnjs-dr-diagram").bounding_box()["width"] > 500
    shown = read(root)
    assert (shown["example"], shown["step"]) == (1, 0)  # as the chapter's cell asks
    assert shown["weights"] == [chapter_weight(*e) for e in EDGES]
    assert_nnlib(shown)
    assert page.locator(".plotly-graph-div").count() == 0  # the linked-slider figure is gone
    # the backward pass, step by step, then a drag and the arrow keys
    following = root.get_by_role("button", name="next step")
    for step in range(1, len(dr.STEPS)):
        following.click()
        assert read(root)["step"] == step
    drag_weight(page, root, EDGES.index((2, 1, 2)), 2.0)  # the chapter's "set w[2]_12 to 2"
    v = assert_nnlib(read(root))
    assert abs(v.delta[2][0]) < abs(dr.delta_view(1).delta[2][0]) / 5  # as the prose says
    handle = root.locator(".nnjs-dr-weight").nth(EDGES.index((1, 2, 1)))
    handle.focus()
    before = read(root)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    shown = read(root)
    assert shown["weights"][EDGES.index((1, 2, 1))] == round(chapter_weight(1, 2, 1) - 0.2, 2)
    assert shown["readout"] != before["readout"] and shown["status"].endswith(shown["readout"])
    assert_nnlib(shown)
    root.get_by_label("example", exact=True).select_option("3")
    assert_nnlib(read(root))
    root.get_by_role("button", name="reset the weights").click()
    assert read(root)["weights"] == [chapter_weight(*e) for e in EDGES]
    assert not log.problems(), log.problems()
