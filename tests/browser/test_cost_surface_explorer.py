"""The cost-surface explorer (nnlib/viz/js/cost_surface.js) on a standalone page: the reader drags
the point on the contour map (or moves it with the arrow keys or the number fields) and the
readout, the arrow, the fit and the descent path show nnlib's numbers for that point, computed
live in the page; the map's field is nnlib's cost; controls are labelled and keyboard operable;
an update takes well under a frame; the page logs no error.

Needs Chromium and Playwright, not the built book: the test writes the page from
cost_surface_explorer()'s own HTML (module sources inlined) and serves it.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.viz import cost_surface as cs

from .cost_surface_checks import RTOL, assert_nnlib, drag_and_check, number, read, set_fields
from .helpers import wait_until
from .nnjs_page import insert_as_jupyterlab, serve_folder, watch, write_output_area_page


@pytest.fixture(scope="module")
def explorer(chromium_browser, tmp_path_factory):
    """(page, root, errors): a page holding only cost_surface_explorer()'s output, the explorer's
    root element, and every error the page logs."""
    folder = tmp_path_factory.mktemp("cost_surface")
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Cost surface</title></head><body>\n'
        + cs.cost_surface_explorer()._repr_html_() + "\n</body></html>\n", encoding="utf8")
    errors = []
    with serve_folder(folder) as base_url:
        context = chromium_browser.new_context(viewport={"width": 1100, "height": 800})
        page = context.new_page()
        watch(page, errors)
        page.goto(base_url, wait_until="load")
        wait_until(page, "() => document.querySelector('.nnjs-explorer').costSurface !== undefined",
                   "the explorer being built")
        root = page.locator(".nnjs-explorer")
        root.evaluate("root => root.costSurface.fieldReady")
        try:
            yield page, root, errors
        finally:
            context.close()


def test_starts_at_P_with_nnlibs_numbers(explorer):
    page, root, errors = explorer
    shown = read(root)
    assert (shown["w"], shown["b"], shown["lr"]) == (*cs.START, 2.0)
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]  # a screen reader hears the start
    assert not errors, errors


def test_dragging_the_point_shows_nnlibs_numbers_at_random_points(explorer):
    page, root, errors = explorer
    rng = np.random.default_rng(14)
    for w_to, b_to in zip(rng.uniform(*cs.W_RANGE, 12), rng.uniform(*cs.B_RANGE, 12)):
        drag_and_check(page, root, w_to, b_to)
    assert not errors, errors


def test_arrow_keys_move_the_point(explorer):
    """Tab from the last number field to the point: it shows its focus; the arrows move it by 0.1,
    with Shift by 0.01, and it stops at the map's edge."""
    page, root, errors = explorer
    set_fields(root, 1.0, -1.0, 2.0)
    assert root.evaluate("root => document.activeElement === root.costSurface.handle")
    focus = root.evaluate("""root => { const h = root.costSurface.handle;
        return [getComputedStyle(h).outlineStyle, getComputedStyle(root.costSurface.ring).visibility]; }""")
    assert focus == ["solid", "visible"], f"no visible focus on the point: {focus}"
    for key, times in (("ArrowRight", 3), ("ArrowUp", 2), ("Shift+ArrowDown", 3), ("ArrowLeft", 1)):
        for _ in range(times):
            page.keyboard.press(key)
    shown = read(root)
    assert (shown["w"], shown["b"]) == (1.2, -0.83)
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    for _ in range(10):
        page.keyboard.press("ArrowUp")
    assert read(root)["b"] == cs.B_RANGE[1]
    assert not errors, errors


@pytest.mark.parametrize("w, b, lr", [(1.0, -1.0, 0.5), (1.0, -1.0, 10.0), (1.0, -1.0, 20.0), (-1.5, -7.25, 5.0),
                                      (0.0, 0.0, 1.0), (4.37, -2.05, 3.3)])
def test_number_fields_set_the_point_and_the_learning_rate(explorer, w, b, lr):
    page, root, errors = explorer
    shown = set_fields(root, w, b, lr)
    assert (shown["w"], shown["b"], shown["lr"]) == (w, b, lr)
    assert_nnlib(shown)
    assert shown["status"] == shown["readout"]
    assert not errors, errors


def test_a_value_out_of_range_is_named_and_changes_nothing(explorer):
    page, root, errors = explorer
    before = read(root)
    field = root.get_by_label("learning rate η", exact=True)
    field.fill("-3")
    after = read(root)
    assert after["readout"].startswith("learning rate η: ") and "from 0.01 to 50" in after["readout"], after["readout"]
    assert after["state"] == before["state"] and after["path"] == before["path"]
    field.fill(number(before["lr"]))
    assert read(root)["readout"] == before["readout"]
    assert not errors, errors


def test_the_map_is_nnlibs_cost(explorer):
    """The field behind the contour lines is nnlib's cost at each pixel's centre (random pixels),
    drawn in many shades."""
    page, root, errors = explorer
    n, field = root.evaluate("root => [root.costSurface.canvas.width, Array.from(root.costSurface.field)]")
    field = np.array(field).reshape(n, n)
    (w0, w1), (b0, b1) = cs.W_RANGE, cs.B_RANGE
    for i, j in np.random.default_rng(3).integers(0, n, size=(25, 2)):
        w, b = w0 + (j + 0.5) / n * (w1 - w0), b1 - (i + 0.5) / n * (b1 - b0)
        assert field[i, j] == pytest.approx(cs.surface_point(w, b).cost, rel=RTOL)
    assert field.min() >= cs.lowest_point()[2]
    colours = root.evaluate("""root => { const c = root.costSurface.canvas;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, seen = new Set();
        for (let k = 0; k < d.length; k += 4) seen.add(d[k] * 65536 + d[k + 1] * 256 + d[k + 2]);
        return seen.size; }""")
    assert colours > 100, f"the map shows only {colours} colours"
    assert not errors, errors


def test_controls_are_labelled_and_an_update_takes_under_a_frame(explorer):
    page, root, errors = explorer
    unlabelled = root.evaluate("""el => Array.from(el.querySelectorAll('input, select, button'))
        .filter(c => !(c.labels && c.labels.length && c.labels[0].textContent.trim())).map(c => c.outerHTML)""")
    assert unlabelled == [], unlabelled
    assert root.locator("[aria-live]").count() == 1
    assert root.evaluate("root => root.costSurface.handle.getAttribute('aria-label')").startswith("the point (w, b)")
    assert root.locator("[role=img][aria-label]").count() == 3  # the field, the fit, the cost per step
    times = root.evaluate("""root => { const cs = root.costSurface, t = [];
        for (let k = 0; k < 200; k++) { const s = performance.now();
            cs.moveTo(-2 + 8 * ((k * 0.37) % 1), -8 + 8 * ((k * 0.61) % 1)); t.push(performance.now() - s); }
        return t.sort((a, b) => a - b); }""")
    assert times[len(times) // 2] < 16, f"median update {times[len(times) // 2]:.1f} ms"
    assert not errors, errors


def test_the_output_works_as_jupyterlab_inserts_it(chromium_browser, tmp_path):
    """JupyterLab shows a trusted text/html output by setting it as an element's innerHTML and then
    replacing each <script> by a fresh copy (its attributes and text), which the browser runs. The
    explorer's output, inserted that way into a page with nothing next to it, builds, and a drag
    shows nnlib's numbers; nothing but the page is requested."""
    write_output_area_page(tmp_path)
    errors, requests = [], []
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            insert_as_jupyterlab(page, cs.cost_surface_explorer(0.5, -3.0, 4.0)._repr_html_())
            wait_until(page, "() => document.querySelector('#output .nnjs-explorer').costSurface", "the explorer")
            root = page.locator("#output .nnjs-explorer")
            assert (read(root)["w"], read(root)["b"], read(root)["lr"]) == (0.5, -3.0, 4.0)
            drag_and_check(page, root, 3.3, -5.1)
        finally:
            context.close()
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors
