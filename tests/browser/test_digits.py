"""The digits chapter in the built book: its digit explorer (nnlib/viz/js/digit_explorer.js) is
there, draws the image and the bars, and shows nnlib's numbers at the start; choosing a digit, a
typed noise, a key press on the noise slider and a pixel drawn with the keyboard change it, each
time to nnlib's numbers (digit_state); the linked-slider figure it replaces is gone; nothing logs
an error.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

from .digit_explorer_checks import READY, assert_nnlib, choose, read, type_noise
from .helpers import figures_with_sliders, open_book_page, wait_until

PAGE = "book/digits.html"
EXPLORER = ".nnjs-explorer"


def test_the_explorer_draws_and_follows_digits_noise_keys_and_the_pencil(site, open_page):
    from nnlib.viz import digits as dg

    page, log = open_book_page(site, open_page, PAGE)
    wait_until(page, f"() => document.querySelectorAll('{EXPLORER}').length === 1 && ({READY})()",
               "the digit explorer being built", log=log)
    root = page.locator(EXPLORER)
    picked = dg.picked_examples()
    shown = read(root)
    assert (shown["index"], shown["noise"], shown["drawn"]) == (picked[0], 0, False)
    assert_nnlib(shown)
    assert root.locator("svg.nnjs-dg-outputs .nnjs-dg-bar").count() == 10  # the bars are drawn
    assert root.locator("svg.nnjs-dg-image rect[fill]").count() >= 64  # and the image's pixels
    # the static figure with two sliders over a grid is gone
    assert not figures_with_sliders(page, ["example", "noise"])
    choose(root, picked[-1])  # a misclassified digit
    shown = type_noise(root, 0.35)
    assert "wrong" in shown["readout"]
    assert_nnlib(shown)
    root.get_by_label("noise σ (slider)", exact=True).focus()
    page.keyboard.press("ArrowRight")
    shown = read(root)
    assert shown["noise"] == 0.36 and shown["status"] == shown["readout"]
    assert_nnlib(shown)
    root.locator("[role=slider]").focus()  # the pencil's cursor on the image, at the top left
    for key in ("ArrowRight", "ArrowLeft", "Space"):  # ink on the top-left pixel, blank in every digit
        page.keyboard.press(key)
    shown = read(root)
    assert shown["drawn"] and shown["pixels"][0] == 1 and "drawn on" in shown["readout"]
    assert_nnlib(shown)
    assert not log.problems(), log.problems()
