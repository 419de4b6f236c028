"""When nnlib's figures are drawn in a page that is still arriving (nnlib/viz/renderer.py): a
figure in the view at once, one a screen below the view only once the page is parsed, so that
loading plotly.js and drawing it does not hold up the text and the first screen.

The page is served in two parts with a pause between them, so it stays "loading" for a while;
it loads plotly.js on demand as the book does (offline_assets.LOAD_PLOTLY_JS).
"""
from __future__ import annotations

import http.server
import json
import sys
import threading
import time

import plotly.graph_objects as go

from nnlib.viz.renderer import figure_html

from .helpers import HOST, REPO, missing, wait_until

sys.path.insert(0, str(REPO / "book" / "_ext"))
from offline_assets import LOAD_PLOTLY_JS, NODE_MODULES, PLOTLY_CARTESIAN  # noqa: E402

PLOTLY_JS = NODE_MODULES / PLOTLY_CARTESIAN / "plotly-cartesian.min.js"
PAUSE_S = 6  # between the two parts of the page
VIEW = {"width": 1280, "height": 900}


def _figure(name):
    fig = go.Figure(go.Scatter(x=[0, 1, 2], y=[1, 0, 2], name=name))
    return figure_html(fig.update_layout(height=300, title=name).to_dict())


def _page_parts():
    head = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Figures</title><script>'
            + LOAD_PLOTLY_JS.replace("{src}", json.dumps("/plotly.js")) + "</script></head><body>\n")
    # the first figure is in the view; the second starts 1.4 screens down, within a screen of it
    first = (head + '<div id="in-view">' + _figure("in view") + "</div>\n"
             + '<div style="height:1000px"></div>\n<div id="below">' + _figure("below") + "</div>\n")
    return first.encode(), b"<p>The rest of the page.</p>\n</body></html>\n"


class _Handler(http.server.BaseHTTPRequestHandler):
    parts = None

    def do_GET(self):  # noqa: N802 - the base class's name
        if self.path == "/plotly.js":
            body = PLOTLY_JS.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path != "/":
            self.send_error(404)
            return
        first, rest = self.parts
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(first) + len(rest)))
        self.end_headers()
        self.wfile.write(first)
        self.wfile.flush()
        time.sleep(PAUSE_S)
        self.wfile.write(rest)

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def test_a_figure_below_the_view_waits_until_the_page_is_parsed(chromium_browser):
    if not PLOTLY_JS.is_file():
        missing(f"{PLOTLY_JS} is missing: run `make book` (npm ci in book/_ext)")
    handler = type("Handler", (_Handler,), {"parts": _page_parts()})
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    threading.Thread(target=server.serve_forever, name="figure-loading", daemon=True).start()
    context = chromium_browser.new_context(viewport=VIEW)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"http://{HOST}:{server.server_address[1]}/", wait_until="commit")
        drawn = "id => document.querySelector('#' + id + ' svg.main-svg') !== null"
        wait_until(page, f"() => ({drawn})('in-view')", "the figure in the view being drawn while the page loads",
                   timeout_ms=PAUSE_S * 1000)
        page.wait_for_timeout(300)  # time for the figure below to be drawn, were it drawn at once
        state = page.evaluate(f"() => [document.readyState, ({drawn})('below')]")
        assert state == ["loading", False], f"[readyState, figure below drawn] = {state}"
        wait_until(page, f"() => ({drawn})('below')", "the figure below being drawn once the page is parsed",
                   timeout_ms=2 * PAUSE_S * 1000)
        assert page.evaluate("document.readyState") != "loading"
        assert not errors, errors
    finally:
        context.close()
        server.shutdown()
        server.server_close()
