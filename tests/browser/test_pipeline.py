"""The pipeline chapter in the built book: its explorer (nnlib/viz/js/neuron_explorers.js) is on
the page, draws, and dragged, moved with the arrow keys and typed into shows nnlib's numbers
(neuron_fit: the cost, both partial derivatives, the curve and the outputs); nothing logs an error.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

from .helpers import open_book_page, wait_until
from .neuron_explorer_checks import assert_neuron_nnlib, drag_point, read_neuron

PAGE = "book/pipeline.html"
EXPLORER = ".nnjs-explorer"


def test_neuron_explorer_follows_drags_keys_and_typing(site, open_page):
    page, log = open_book_page(site, open_page, PAGE)
    wait_until(page, f"() => document.querySelectorAll('{EXPLORER}').length === 1 && "
               f"document.querySelector('{EXPLORER}').explorer !== undefined", "the neuron explorer", log=log)
    root = page.locator(EXPLORER)
    root.scroll_into_view_if_needed()
    root.evaluate("root => root.explorer.fieldReady")
    shown = read_neuron(root)
    assert (shown["w"], shown["b"]) == (2.0, -4.0)
    assert_neuron_nnlib(shown)
    assert root.locator("svg polyline").count() >= 1 and root.locator("canvas").count() == 1  # the curve, the map
    drag_point(page, root, 4.3, -7.2, (2.0, -4.0))
    shown = read_neuron(root)
    assert abs(shown["w"] - 4.3) <= 0.03 and abs(shown["b"] + 7.2) <= 0.03
    assert_neuron_nnlib(shown)
    root.evaluate("root => root.explorer.handle.focus()")
    before = read_neuron(root)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    shown = read_neuron(root)
    assert (shown["w"], shown["b"]) == (round(before["w"] + 0.1, 2), round(before["b"] + 0.1, 2))
    assert_neuron_nnlib(shown)
    assert shown["status"] == shown["readout"] != before["readout"]
    root.get_by_label("bias b", exact=True).fill("-3.5")  # the exercise ex-predict-bias
    root.get_by_label("weight w", exact=True).fill("2")
    shown = read_neuron(root)
    assert (shown["w"], shown["b"]) == (2.0, -3.5)
    assert_neuron_nnlib(shown)
    assert not log.problems(), log.problems()
