"""The gradient-checking chapter in the built book: its explorer (nnlib/viz/js/gradient_check.js)
is there, draws and shows nnlib's numbers at the start; choosing a backprop by name, switching L2,
dragging the star on the ε plot, a key press on it and a typed ε change it, each time to nnlib's
numbers; the linked-slider figure it replaces is gone; nothing logs an error.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

import numpy as np

from .gradient_check_checks import assert_nnlib, choose, drag_eps, read, type_eps
from .helpers import figures_with_sliders, open_book_page, wait_until

PAGE = "book/gradient_checking.html"
EXPLORER = ".nnjs-explorer"


def test_the_explorer_draws_and_follows_choices_drags_and_keys(site, open_page):
    page, log = open_book_page(site, open_page, PAGE)
    wait_until(page, f"() => document.querySelectorAll('{EXPLORER}').length === 1 && "
               f"document.querySelector('{EXPLORER}').gradientCheck !== undefined",
               "the gradient-check explorer being built", log=log)
    root = page.locator(EXPLORER)
    shown = read(root)
    assert (shown["name"], shown["state"]["eps"], shown["lam"]) == ("correct", 1e-5, False)
    assert_nnlib(shown)
    assert shown["marks"] == 24 and root.locator("polyline.nnjs-gc-line").count() >= 2  # drawn
    # the static figure with three sliders over a grid is gone
    assert not figures_with_sliders(page, ["impl", "eps", "lam"])
    choose(root, "bias regularised", 1)
    assert_nnlib(drag_eps(page, root, -4.0))
    before = read(root)["readout"]
    page.keyboard.press("ArrowLeft")  # the star has the focus after a drag
    shown = read(root)
    assert np.log10(shown["state"]["eps"]) < -4.1 and shown["readout"] != before
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    choose(root, "missing transpose", 0)
    assert_nnlib(type_eps(root, 1e-13))
    assert not log.problems(), log.problems()
