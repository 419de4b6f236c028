"""The activation-and-cost chapter in the built book: its explorer (nnlib/viz/js/activation_cost.js)
is there, computes live in the page and shows nnlib's numbers at the start; choosing the
activation and the cost by name, dragging z[1] on a plot, a key press on its handle and a typed y
change it, each time to nnlib's numbers; the linked-slider figure it replaces is gone; nothing
logs an error.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

from .activation_cost_checks import assert_nnlib, choose, drag_and_check, read, set_fields
from .helpers import figures_with_sliders, open_book_page, wait_until

PAGE = "book/activations_costs.html"
EXPLORER = ".nnjs-explorer"


def test_the_explorer_draws_and_follows_choices_drags_and_keys(site, open_page):
    page, log = open_book_page(site, open_page, PAGE)
    wait_until(page, f"() => document.querySelectorAll('{EXPLORER}').length === 1 && "
               f"document.querySelector('{EXPLORER}').activationCost !== undefined",
               "the activation-and-cost explorer being built", log=log)
    root = page.locator(EXPLORER)
    shown = read(root)
    assert (shown["activation"], shown["cost"], shown["z"], shown["y"]) == ("sigmoid", "quadratic", 3.0, 0.0)
    assert_nnlib(shown)
    assert root.locator("svg.nnjs-ac-panel path").count() >= 4  # the curves are drawn
    # the static figure with four sliders over a grid is gone
    assert not figures_with_sliders(page, ["activation", "cost", "z", "y"])
    choose(root, "relu", "cross_entropy")
    set_fields(root, -2.0, 1.0)
    shown = read(root)
    assert shown["state"]["g_prime"] == 0 and shown["state"]["delta_hidden"] == 0  # the prose's dead ReLU
    assert_nnlib(shown)
    choose(root, "leaky_relu", "quadratic")
    drag_and_check(page, root, "g", 1.5)
    before = read(root)["readout"]
    page.keyboard.press("ArrowRight")  # the handle has the focus after a drag
    shown = read(root)
    assert shown["z"] == 1.6 and shown["readout"] != before
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    assert not log.problems(), log.problems()
