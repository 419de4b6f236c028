"""The chain-rule chapter in the built book: its explorer (nnlib/viz/js/chain_rule.js) is there,
draws, and computes live in the page: choosing a parameter keeps the values, dragging its value and
the nudge and pressing the arrow keys change what it shows, always nnlib's numbers; the page's
linked-slider figure is gone; nothing logs an error.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

from nnlib.viz import chain_rule as cr

from .chain_rule_checks import assert_nnlib, drag_nudge, drag_value, read
from .helpers import open_book_page, wait_until

PAGE = "book/chain_rule.html"
EXPLORER = ".nnjs-explorer"


def test_the_explorer_draws_and_follows_drags_and_keys(site, open_page):
    page, log = open_book_page(site, open_page, PAGE)
    wait_until(page, f"() => document.querySelectorAll('{EXPLORER}').length === 1 && "
               f"document.querySelector('{EXPLORER}').chainExplorer !== undefined", "the chain-rule explorer being built",
               log=log)
    root = page.locator(EXPLORER)
    root.scroll_into_view_if_needed()
    shown = read(root)
    assert (shown["values"], shown["param"], shown["delta"]) == (cr.DEFAULTS, "w1", 0.5)
    assert_nnlib(shown)
    points = root.evaluate("root => root.chainExplorer.curveLine.getAttribute('points').split(' ').length")
    assert points == cr.CURVE_POINTS
    assert page.locator(".nnlib-keyboard-controls").count() == 0  # no linked-slider figure left
    # choose b1 (it keeps its value, -2), drag it and the nudge, then the arrow keys on each handle
    root.get_by_label("parameter p", exact=True).select_option("b1")
    assert read(root)["values"] == cr.DEFAULTS
    assert_nnlib(drag_value(page, root, 3.0))
    assert_nnlib(drag_nudge(page, root, -0.4))
    before = read(root)
    root.evaluate("root => root.chainExplorer.valueHandle.focus()")
    page.keyboard.press("ArrowLeft")
    root.evaluate("root => root.chainExplorer.nudgeHandle.focus()")
    page.keyboard.press("Shift+ArrowRight")
    shown = read(root)
    assert shown["values"]["b1"] == round(before["values"]["b1"] - 0.1, 2)
    assert shown["delta"] == round(before["delta"] + 0.01, 2)
    assert shown["readout"] != before["readout"] and shown["status"] == shown["readout"]
    assert_nnlib(shown)
    assert not log.problems(), log.problems()
