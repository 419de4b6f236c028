"""The gradient-check explorer (nnlib/viz/js/gradient_check.js) on a standalone page: the reader
chooses the backprop by name, moves ε on a log scale (slider by keys and mouse, typed value, the
star on the ε plot dragged or moved by keys) and switches L2, and every number the explorer shows
is nnlib's (check_state, analytic_flat, numerical_flat), computed live in the page by the twin of
nnlib and the twins of the planted bugs; the page logs no error; the output works as JupyterLab
inserts it.

Needs Chromium and Playwright, not the built book: the test writes the page from
check_explorer()'s own HTML (module sources inlined) and serves it.
"""
from __future__ import annotations

import numpy as np
import pytest

from nnlib import Network
from nnlib.planted_bugs import IMPLEMENTATIONS
from nnlib.viz import gradient_checking as gc

from .gradient_check_checks import assert_nnlib, choose, drag_eps, read, type_eps
from .helpers import missing, wait_until
from .nnjs_page import insert_as_jupyterlab, serve_folder, watch, write_output_area_page
from .test_page_speed_and_axe import AXE_JS, WCAG_TAGS

READY = "() => document.querySelector('.nnjs-explorer').gradientCheck !== undefined"
WORST = []  # the largest relative difference to nnlib seen by each test


@pytest.fixture(scope="module")
def explorer(chromium_browser, tmp_path_factory):
    """(page, root, errors): a page holding only check_explorer()'s output, the explorer's root
    element, and every error the page logs."""
    folder = tmp_path_factory.mktemp("gradient_check")
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Gradient checking</title></head>'
        "<body>\n" + gc.check_explorer()._repr_html_() + "\n</body></html>\n", encoding="utf8")
    errors = []
    with serve_folder(folder) as base_url:
        context = chromium_browser.new_context(viewport={"width": 1100, "height": 900})
        page = context.new_page()
        watch(page, errors)
        page.goto(base_url, wait_until="load")
        wait_until(page, READY, "the explorer being built")
        try:
            yield page, page.locator(".nnjs-explorer"), errors
        finally:
            context.close()


def test_starts_at_the_chapters_check_with_nnlibs_numbers(explorer):
    page, root, errors = explorer
    shown = read(root)
    assert (shown["name"], shown["state"]["eps"], shown["lam"]) == ("correct", 1e-5, False)
    assert shown["options"] == list(IMPLEMENTATIONS)  # every option labelled by its name
    WORST.append(assert_nnlib(shown))
    assert shown["status"] == shown["readout"]
    assert shown["state"]["verdict"] == gc.VERDICTS["agree"]
    assert not errors, errors


def test_every_backprop_and_lambda_at_random_dragged_eps(explorer):
    """Each implementation with L2 off and on, then the star dragged to a random ε: every number is
    nnlib's; the readout is announced when the drag ends."""
    page, root, errors = explorer
    rng = np.random.default_rng(14)
    for name in gc.NAMES:
        for lam in gc.LAMBDAS:
            choose(root, name, lam)
            shown = drag_eps(page, root, float(rng.uniform(-12.9, -1.1)))
            WORST.append(assert_nnlib(shown))
            assert shown["status"] == shown["readout"]
            assert root.evaluate("root => document.activeElement === root.gradientCheck.handle")
    assert not errors, errors


def test_threshold_labels_sit_right_of_both_plots(explorer):
    """The dashed lines' labels (1e-7 agree, 1e-2 bug) lie right of each plot's frame, inside its
    panel, so no mark or curve can cover them, whatever the backprop, lambda and eps."""
    page, root, errors = explorer
    for name in gc.NAMES:
        for lam in gc.LAMBDAS:
            choose(root, name, lam)
            panels = root.evaluate("""root => Object.values(root.gradientCheck.panels).map(p => {
                const box = (el) => { const b = el.getBBox(); return {x: b.x, y: b.y, width: b.width, height: b.height}; };
                return {width: Number(p.svg.getAttribute('width')), frame: box(p.content.querySelector('rect')),
                        labels: Array.from(p.content.querySelectorAll('.nnjs-gc-threshold'))
                            .map(t => [t.textContent, box(t)])}; })""")
            assert len(panels) == 2
            for panel in panels:
                right = panel["frame"]["x"] + panel["frame"]["width"]
                assert [text for text, _ in panel["labels"]] == ["1e-7", "agree", "1e-2", "bug"]
                for text, box in panel["labels"]:
                    assert right < box["x"] and box["x"] + box["width"] <= panel["width"], (name, lam, text, box)
    assert not errors, errors


def test_typed_eps_at_random_choices(explorer):
    page, root, errors = explorer
    rng = np.random.default_rng(15)
    for _ in range(10):
        choose(root, str(rng.choice(gc.NAMES)), int(rng.choice(gc.LAMBDAS)))
        eps = float(f"{10 ** rng.uniform(-13, -1):.3e}")
        shown = type_eps(root, eps)
        assert shown["state"]["eps"] == eps
        WORST.append(assert_nnlib(shown))
        assert shown["status"] == shown["readout"]
    before = read(root)
    shown = type_eps(root, "1e-20")  # out of range: a message, nothing changed
    assert shown["state"] == before["state"]
    assert shown["readout"].startswith("ε: enter a number from 1e-13 to 1e-1")
    assert not errors, errors


def test_keyboard_alone_moves_every_control(explorer):
    """Select, checkbox, ε slider and the star, by keys only; the star shows its focus; the slider
    runs as the plot's ε axis: right is a larger ε."""
    page, root, errors = explorer
    choose(root, "correct", 0)
    type_eps(root, 1e-5)
    root.get_by_label("backprop", exact=True).focus()
    page.keyboard.press("ArrowDown")  # 1/m for 2/m
    slider = root.locator("input[type=range]")
    slider.focus()
    star_x = "root => root.gradientCheck.handle.transform.baseVal[0].matrix.e"
    x_before = root.evaluate(star_x)
    for _ in range(30):
        page.keyboard.press("ArrowRight")
    shown = read(root)
    assert root.evaluate(star_x) > x_before  # the slider runs as the plot's ε axis: right is larger
    assert shown["name"] == "1/m for 2/m"
    assert shown["state"]["eps"] == pytest.approx(10 ** -4.7, rel=1e-9)
    WORST.append(assert_nnlib(shown))
    root.locator("input[type=checkbox]").focus()
    page.keyboard.press("Space")
    assert read(root)["lam"]
    root.evaluate("root => root.gradientCheck.handle.focus()")
    focus = root.evaluate("""root => { const e = root.gradientCheck;
        return [getComputedStyle(e.handle).outlineStyle, getComputedStyle(e.ring).visibility]; }""")
    assert focus == ["solid", "visible"], f"no visible focus on the star: {focus}"
    for key, times in (("ArrowLeft", 8), ("Shift+ArrowRight", 3), ("ArrowUp", 1)):
        for _ in range(times):
            page.keyboard.press(key)
    shown = read(root)
    assert np.log10(shown["state"]["eps"]) == pytest.approx(-4.7 - 2 + 0.03 + 0.25, abs=1e-9)
    assert shown["lam"] and shown["handle"][2:] == ["slider", "0"]
    WORST.append(assert_nnlib(shown))
    assert shown["status"] == shown["readout"]
    page.keyboard.press("Home")
    assert read(root)["state"]["eps"] == pytest.approx(1e-13)
    WORST.append(assert_nnlib(read(root)))
    page.keyboard.press("End")
    assert read(root)["state"]["eps"] == pytest.approx(1e-1)
    WORST.append(assert_nnlib(read(root)))
    box = slider.bounding_box()
    page.mouse.click(box["x"] + 0.5 * box["width"], box["y"] + box["height"] / 2)
    shown = read(root)
    assert abs(np.log10(shown["state"]["eps"]) + 7) < 0.3
    WORST.append(assert_nnlib(shown))
    assert not errors, errors


def test_the_correct_loop_equals_the_twins_backprop(explorer):
    """The explorer's 'correct' (planted_bugs' loop over the examples, in the page) equals the twin's
    vectorised backprop (network.js, Network.gradient) for both lambdas, as nnlib's two do."""
    page, root, errors = explorer
    loop, twin = root.evaluate("""root => { const e = root.gradientCheck;
        return [e.config.lambdas.map(l => Array.from(e.analytic('correct', l).g)),
                e.nets.map(net => Array.from(net.gradient(e.X, e.Y)))]; }""")
    net, _, _ = gc._problem(0)
    marked = Network(list(net.sizes), hidden="sigmoid", output="sigmoid", cost="quadratic", seed=0)
    marked.set_params(np.arange(net.n_params, dtype=float))  # theta's position of each parameter
    order = gc._flat(marked.W, marked.b).astype(int)  # ... in the explorer's flat layout
    for lam, g_loop, g_twin in zip(gc.LAMBDAS, loop, twin):
        np.testing.assert_allclose(g_loop, np.asarray(g_twin)[order], rtol=1e-12, atol=0)
        np.testing.assert_allclose(g_loop, gc._flat(*gc._problem(lam)[0].gradients(*gc._problem(lam)[1:])), rtol=1e-9)
    assert not errors, errors


def test_the_verdict_knows_where_eps_spoils_the_check(explorer):
    """A correct backprop at ε = 1e-13 is round-off and at 1e-1 truncation, not a bug; a planted bug
    at 1e-5 is a bug."""
    page, root, errors = explorer
    choose(root, "correct", 0)
    assert type_eps(root, 1e-13)["state"]["verdict"] == gc.VERDICTS["round_off"]
    assert type_eps(root, 1e-1)["state"]["verdict"] == gc.VERDICTS["truncation"]
    choose(root, "missing transpose", 0)
    shown = type_eps(root, 1e-5)
    assert shown["state"]["verdict"] == gc.VERDICTS["bug"]
    WORST.append(assert_nnlib(shown))
    assert not errors, errors


def test_an_update_takes_under_a_frame(explorer):
    page, root, errors = explorer
    times = root.evaluate("""root => { const e = root.gradientCheck, t = [];
        for (let k = 0; k < 40; k++) { const t0 = performance.now(); e.moveTo(10 ** (-12 + k * 0.27)); t.push(performance.now() - t0); }
        return t.sort((a, b) => a - b); }""")
    assert times[len(times) // 2] < 16, f"median update {times[len(times) // 2]:.1f} ms"
    print("largest differences to nnlib:", {k: f"{max(w[k] for w in WORST):.2e}" for k in WORST[0]})
    assert not errors, errors


def test_axe_finds_no_serious_violation(explorer):
    """axe-core (book/_ext's pinned copy, as the built-page audit uses) finds no serious or critical
    violation of WCAG 2.1 A/AA in the explorer."""
    page, root, errors = explorer
    if not AXE_JS.is_file():
        missing(f"{AXE_JS} is missing: run `make book` (npm ci in book/_ext installs axe-core)")
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate("""async tags => (await axe.run('.nnjs-explorer', {runOnly: {type: 'tag', values: tags}}))
        .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""", WCAG_TAGS)
    assert violations == [], violations
    assert not errors, errors


def test_the_output_works_as_jupyterlab_inserts_it(chromium_browser, tmp_path):
    """JupyterLab shows a trusted text/html output by innerHTML and fresh copies of its scripts: the
    explorer builds, starts where asked, and a drag shows nnlib's numbers; nothing else is requested."""
    write_output_area_page(tmp_path)
    errors, requests = [], []
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            insert_as_jupyterlab(page, gc.check_explorer("bias regularised", 1e-6, 1)._repr_html_())
            wait_until(page, "() => document.querySelector('#output .nnjs-explorer').gradientCheck", "the explorer")
            root = page.locator("#output .nnjs-explorer")
            shown = read(root)
            assert (shown["name"], shown["state"]["eps"], shown["lam"]) == ("bias regularised", 1e-6, True)
            assert_nnlib(shown)
            assert_nnlib(drag_eps(page, root, -3.2))
        finally:
            context.close()
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors
