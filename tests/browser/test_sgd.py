"""The SGD chapter in the built book: its mini-batch explorer (nnlib/viz/js/sgd_explorer.js) is on
the page, draws its map and both panels, and trains live: it starts at the chapter's setting, and
a key press on the learning-rate slider, a batch size chosen and a rate typed (the exercise's
η = 4) each show nnlib.sgd's numbers; no linked-slider grid figure is left; nothing logs an error.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

from nnlib.viz import sgd as S

from .helpers import open_book_page, wait_until
from .sgd_checks import BATCH_LABEL, FIELD_LABEL, SLIDER_LABEL, assert_nnlib, lr_of_position, trained

PAGE = "book/sgd.html"
EXPLORER = ".nnjs-explorer"


def test_sgd_explorer_draws_and_trains_live(site, open_page):
    page, log = open_book_page(site, open_page, PAGE)
    wait_until(page, f"() => document.querySelectorAll('{EXPLORER}').length === 1 && "
               f"document.querySelector('{EXPLORER}').sgd !== undefined", "the SGD explorer being built", log=log)
    root = page.locator(EXPLORER)
    root.scroll_into_view_if_needed()
    root.evaluate("root => root.sgd.fieldReady")
    assert root.evaluate("root => root.sgd.field.length") == root.evaluate("root => root.sgd.canvas.width ** 2")
    shown = trained(page, root, log=log)
    assert (shown["batch_size"], shown["lr"]) == S.INITIAL
    assert_nnlib(shown)
    assert root.locator("svg.nnjs-sgd-costs polyline").count() == 2
    assert page.locator(".nnlib-keyboard-controls").count() == 0  # the old linked-slider grid is gone
    slider = root.get_by_label(SLIDER_LABEL, exact=True)
    slider.focus()
    before = int(slider.input_value())
    page.keyboard.press("ArrowRight")
    shown = trained(page, root, log=log)
    assert shown["lr"] == lr_of_position(before + 1) and shown["title"].startswith(f"B = {S.INITIAL[0]}, η = ")
    assert_nnlib(shown)
    root.get_by_label(BATCH_LABEL, exact=True).select_option("1")
    root.get_by_label(FIELD_LABEL, exact=True).fill("4")
    shown = trained(page, root, log=log)
    assert (shown["batch_size"], shown["lr"]) == (1, 4.0)
    assert_nnlib(shown)
    wait_until(page, "root => root.sgd.status.textContent.startsWith('B = 1, η = 4:')", "the announcement",
               arg=root.element_handle(), log=log)
    assert not log.problems(), log.problems()
