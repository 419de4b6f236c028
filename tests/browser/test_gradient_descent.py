"""The gradient-descent chapter in the built book: its explorer (nnlib/viz/js/neuron_explorers.js)
is on the page and draws; a named start, a dragged start, the arrow keys, a typed learning rate,
the step slider and Step show the path and the numbers nnlib.descent computes (descent_view),
including the exercise's eta = 10 from P; nothing logs an error.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

from .helpers import open_book_page, wait_until
from .neuron_explorer_checks import assert_descent_nnlib, drag_point, read_descent

PAGE = "book/gradient_descent.html"
EXPLORER = ".nnjs-explorer"


def test_descent_explorer_matches_nnlib(site, open_page):
    from nnlib.viz import gradient_descent as gd

    page, log = open_book_page(site, open_page, PAGE)
    wait_until(page, f"() => document.querySelectorAll('{EXPLORER}').length === 1 && "
               f"document.querySelector('{EXPLORER}').explorer !== undefined", "the descent explorer", log=log)
    root = page.locator(EXPLORER)
    root.scroll_into_view_if_needed()
    root.evaluate("root => root.explorer.fieldReady")
    shown = read_descent(root)
    v = shown["view"]
    assert (v["lr"], v["w0"], v["b0"], v["k"]) == (gd.DEFAULT["lr"], *gd.STARTS["P"], gd.N_STATIC)
    assert_descent_nnlib(shown)
    assert root.locator("canvas").count() == 1 and root.locator("svg polyline").count() >= 2  # map, path, costs
    root.get_by_role("button", name="start plateau (0, -7.5)").click()
    assert_descent_nnlib(read_descent(root))
    drag_point(page, root, 3.1, -5.4, gd.STARTS["plateau"])
    shown = read_descent(root)
    assert abs(shown["view"]["w0"] - 3.1) <= 0.03 and abs(shown["view"]["b0"] + 5.4) <= 0.03
    assert_descent_nnlib(shown)
    root.evaluate("root => root.explorer.handle.focus()")
    page.keyboard.press("ArrowLeft")
    after_key = read_descent(root)
    assert after_key["view"]["w0"] == round(shown["view"]["w0"] - 0.1, 2)
    assert_descent_nnlib(after_key)
    assert after_key["status"] == after_key["readout"] != shown["readout"]
    # the exercise ex-gd-above: eta = 10 from P, stepped from 0
    root.get_by_role("button", name="start P (1, -1)").click()
    root.get_by_label("learning rate η", exact=True).fill("10")
    root.get_by_label("step k", exact=True).fill("0")
    root.get_by_role("button", name="Step").click()
    shown = read_descent(root)
    assert (shown["view"]["lr"], shown["view"]["k"]) == (10.0, 1)
    assert_descent_nnlib(shown)
    assert not log.problems(), log.problems()
