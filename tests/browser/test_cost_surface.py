"""The cost-surface chapter in the built book: its two explorers (nnlib/viz/js/cost_surface.js)
compute live in the page; dragged with the mouse, moved with the arrow keys and typed into, they
show nnlib's numbers, including the descent costs the prose states for each learning rate; the
page loads no plotly.js and no WebGL surface (its 3-D view is a still SVG); nothing logs an error.

Run after building the book (see conftest.py); BOOK_HTML points at another build.
"""
from __future__ import annotations

import numpy as np

from nnlib.viz import cost_surface as cs

from .cost_surface_checks import assert_nnlib, drag_and_check, read, set_fields
from .helpers import open_book_page, wait_until

PAGE = "book/cost_surface.html"
EXPLORER = ".nnjs-explorer"


def _open_explorers(site, open_page):
    """(page, log, [root, root]): the page and its two explorers, built and their maps drawn.
    The second explorer's map waits until it is near the view: the page does not compute it while it loads."""
    page, log = open_book_page(site, open_page, PAGE)
    wait_until(page, f"() => document.querySelectorAll('{EXPLORER}').length === 2 && Array.from("
               f"document.querySelectorAll('{EXPLORER}')).every(el => el.costSurface !== undefined)",
               "both cost-surface explorers being built", log=log)
    roots = [page.locator(EXPLORER).nth(i) for i in range(2)]
    assert roots[1].evaluate("root => root.costSurface.field === undefined")
    for root in roots:  # a map is computed when it comes near the view
        root.scroll_into_view_if_needed()
        root.evaluate("root => root.costSurface.fieldReady")
    return page, log, roots


def test_explorers_start_at_P_and_follow_drags_and_keys(site, open_page):
    """The first explorer starts at P with eta = 2, the second (the learning-rate section) with
    eta = 0.5. Each point, dragged to random places and moved with the arrow keys, shows nnlib's
    numbers; the page is light: no plotly.js, no WebGL canvas, no linked-slider figure."""
    page, log, roots = _open_explorers(site, open_page)
    for root, lr in zip(roots, (2.0, 0.5)):
        shown = read(root)
        assert (shown["w"], shown["b"], shown["lr"]) == (*cs.START, lr)
        assert_nnlib(shown)
    assert page.evaluate("() => window.Plotly === undefined && !document.querySelector('script[src*=\"plotly\"]')")
    assert page.locator(".plotly-graph-div, .gl-container, .nnlib-keyboard-controls").count() == 0
    rng = np.random.default_rng(15)
    for root in roots:
        for w_to, b_to in zip(rng.uniform(*cs.W_RANGE, 5), rng.uniform(*cs.B_RANGE, 5)):
            drag_and_check(page, root, w_to, b_to)
        lr = read(root)["lr"]
        set_fields(root, *cs.START, lr)  # and Tab from the last field to the point
        assert root.evaluate("root => document.activeElement === root.costSurface.handle")
        for key in ("ArrowLeft", "ArrowLeft", "ArrowDown", "Shift+ArrowUp"):
            page.keyboard.press(key)
        shown = read(root)
        assert (shown["w"], shown["b"], shown["lr"]) == (round(cs.START[0] - 0.2, 2), round(cs.START[1] - 0.09, 2), lr)
        assert_nnlib(shown)
        assert shown["status"] == shown["readout"]
    assert not log.problems(), log.problems()


def test_the_learning_rates_of_the_prose(site, open_page):
    """Typed into the second explorer, the learning rates the prose discusses give, from P, the
    descent paths and the final costs of nnlib.viz.cost_surface.descent_path that it glues; a value
    out of range is named and changes nothing."""
    page, log, (_, root) = _open_explorers(site, open_page)
    for lr in (0.5, 2.0, 5.0, 10.0, 20.0):
        shown = set_fields(root, *cs.START, lr)
        assert shown["lr"] == lr
        assert_nnlib(shown)
        assert shown["readout"].endswith(f"→ {cs.fmt(cs.descent_path(*cs.START, lr).cost[-1])}.")
    field = root.get_by_label("learning rate η", exact=True)
    field.fill("0")
    assert read(root)["readout"].startswith("learning rate η: ")
    assert read(root)["lr"] == 20.0
    assert not log.problems(), log.problems()


def test_explorers_and_the_picture_describe_themselves(site, open_page):
    page, log, roots = _open_explorers(site, open_page)
    picture = page.locator(".nnlib-surface-picture svg[role=img]")
    assert picture.count() == 1 and "lowest point" in picture.get_attribute("aria-label")
    assert picture.bounding_box()["width"] > 300
    for root in roots:
        assert root.locator("[aria-live]").count() == 1
        labels = root.locator("[role=img][aria-label]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
        assert len(labels) == 3 and any("lines of equal cost" in t for t in labels), labels
        assert "lowest point" in root.locator(".nnjs-cs-map").get_attribute("aria-label")
    assert not log.problems(), log.problems()
