"""Reading and driving the digit explorer (nnlib/viz/js/digit_explorer.js) in a browser, and
checking what it shows against nnlib.viz.digits.digit_state; shared by the standalone-page test
(test_digit_explorer.py) and the built-book test (test_digits.py).

An explorer is given as a Playwright locator of its root element (class nnjs-explorer), which
holds the explorer object as root.digitExplorer.
"""
from __future__ import annotations

import numpy as np

from nnlib.viz import digits as dg

RTOL = 1e-9
READY = "() => document.querySelector('.nnjs-explorer') && document.querySelector('.nnjs-explorer').digitExplorer"
# everything the explorer shows, from its root element
READ = """root => { const e = root.digitExplorer, c = e.controls;
    return {state: e.state, pixels: e.pixels, drawn: e.drawn, noise: e.noise, index: e.example.index,
            readout: e.readout.textContent, status: e.status.textContent,
            fields: [c.example.value, c.noiseSlider.value, c.noise.value],
            values: Array.from(e.outputsSvg.querySelectorAll('.nnjs-dg-value')).map(t => t.textContent),
            fills: e.cells.map(r => r.getAttribute('fill')),
            cursor: [e.cursor.row, e.cursor.col, e.cursorEl.getAttribute('aria-valuenow')],
            hidden_bars: e.hiddenSvgs.map(s => Array.from(s.querySelectorAll('.nnjs-dg-bar'))
                .map(r => Number(r.getAttribute('height'))))}; }"""


def read(root) -> dict:
    return root.evaluate(READ)


def number(x):
    """x as JavaScript's String(x) prints the explorer's 2-decimal noise (0, 0.3, 0.37, 1)."""
    return f"{x:g}"


def _close(shown, expected, what):
    np.testing.assert_allclose(shown, expected, rtol=RTOL, atol=1e-15, err_msg=what)


def relative_error(shown) -> float:
    """The largest relative difference between the page's numbers and digit_state's."""
    s = dg.digit_state(shown["index"], shown["noise"], pixels=shown["pixels"])
    pairs = [(shown["state"]["outputs"], s.outputs), (shown["state"]["hidden"][0], s.hidden1),
             (shown["state"]["hidden"][1], s.hidden2), ([shown["state"]["cost"]], [s.cost])]
    return max(float(np.max(np.abs(np.subtract(a, b)) / np.maximum(np.abs(b), 1e-300))) for a, b in pairs)


def assert_nnlib(shown):
    """Everything the explorer shows for its (digit, noise, drawing) is nnlib's digit_state for the
    page's pixels: the image, both hidden layers, the outputs and C_0 to 1e-9 relative, the target,
    the prediction, the readout (digit_title), the printed output values, the controls, the pixels'
    shades; without a drawing the pixels are the test digit's."""
    s = dg.digit_state(shown["index"], shown["noise"], pixels=shown["pixels"])
    st = shown["state"]
    if not shown["drawn"]:
        assert shown["pixels"] == dg.digits_data().X_test[:, s.index].tolist()
    _close(st["image"], s.image, "image a[0]")
    _close(st["hidden"][0], s.hidden1, "a[1]")
    _close(st["hidden"][1], s.hidden2, "a[2]")
    _close(st["outputs"], s.outputs, "outputs a[3]")
    _close(st["cost"], s.cost, "C_0")
    assert st["target"] == s.target.tolist()
    assert (st["index"], st["label"], st["prediction"]) == (s.index, s.label, s.prediction)
    _close(st["confidence"], s.confidence, "confidence")
    assert shown["readout"] == dg.digit_title(s, shown["drawn"]).replace("<br>", "; ")
    assert shown["values"] == dg.output_texts(s)
    assert shown["fields"] == [str(s.index), number(s.noise), number(s.noise)], shown["fields"]
    shades = [f"rgb({g},{g},{g})" for g in np.round(255 * (1 - s.image)).astype(int)]
    assert shown["fills"] == shades
    for heights, a in zip(shown["hidden_bars"], (s.hidden1, s.hidden2)):
        assert len(heights) == 16 and np.all(np.diff(heights) * np.diff(a) >= -1e-9)  # taller bar, larger a
    return s


def choose(root, index):
    """Choose test digit #index in the select, as a reader does."""
    root.get_by_label("test digit", exact=True).select_option(str(index))
    return read(root)


def type_noise(root, noise):
    """Type the noise into its number field."""
    root.get_by_label("noise σ", exact=True).fill(number(noise))
    return read(root)


def cell_centre(root, row, col):
    """The page coordinates of pixel (row, col)'s centre."""
    return root.evaluate("""(root, [row, col]) => { const n = root.digitExplorer.side;
        const r = root.digitExplorer.cells[row * n + col].getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2]; }""", [row, col])


def draw_stroke(page, root, cells):
    """Press on the first pixel of cells [(row, col), ...] and drag through the others."""
    x, y = cell_centre(root, *cells[0])
    page.mouse.move(x, y)
    page.mouse.down()
    for row, col in cells[1:]:
        page.mouse.move(*cell_centre(root, row, col), steps=3)
    page.mouse.up()
    return read(root)
