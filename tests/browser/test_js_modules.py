"""nnlib.viz.js_modules in a real browser: a page holding only module_script's output (no js
folder next to it) loads the twin of nnlib through Blob URLs and computes nnlib's numbers, twice
on one page, requesting nothing but the page itself and logging no error.

Needs Chromium and Playwright, not the built book.
"""
from __future__ import annotations

import numpy as np

from nnlib import Network
from nnlib.viz.js_modules import module_script

from .helpers import wait_until
from .nnjs_page import serve_folder, watch

BODY = """const net = new exports.Network({sizes: [2, 3, 1], hidden: "tanh", theta: %s});
(window.results ??= []).push(net.forward(exports.Matrix.fromRows(%s)).toRows());"""


def test_module_script_runs_the_twin_from_inlined_sources(chromium_browser, tmp_path):
    net = Network([2, 3, 1], hidden="tanh", seed=4)
    X = np.random.default_rng(5).normal(size=(2, 6))
    body = BODY % (net.get_params().tolist(), X.tolist())
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Modules</title></head><body>\n'
        + module_script("index.js", body) + "\n" + module_script("index.js", body) + "\n</body></html>\n",
        encoding="utf8")
    errors, requests = [], []
    with serve_folder(tmp_path) as base_url:
        context = chromium_browser.new_context()
        page = context.new_page()
        watch(page, errors, requests)
        try:
            page.goto(base_url, wait_until="load")
            wait_until(page, "() => (window.results || []).length === 2", "both scripts computing")
            results = page.evaluate("window.results")
        finally:
            context.close()
    for aL in results:
        np.testing.assert_allclose(aL, net.forward(X), rtol=1e-12, atol=0)
    assert [url for url in requests if "favicon" not in url] == [base_url], requests
    assert not errors, errors
