"""The kernel face end to end: in a real JupyterLab, from a key press on an app's slider to its new
figure drawn (issue 14's target: <= 100 ms).

    .venv/bin/python benchmarks/jupyterlab_apps.py [--presses N] [APP ...]

One JupyterLab (the venv's, on 127.0.0.1, shared as the tests share it: tests/browser/nnjs_page.py)
serves a notebook per app (tests/figure_views.py lists them), each opened in Chromium with a cell
such as `from nnlib.viz.neuron import neuron_app; neuron_app()` run. The app's first slider takes the focus, and each press of the right
or left arrow key (alternately, so the slider goes back and forth between two values) is timed in
the page, from the key going down to the app's figure redrawn in place by its figure view
(nnlib/viz/figure_view.py, which says so with a "figure-drawn" event) and painted. That is the
whole path: the widget's message to the kernel, nnlib's computation, the figure's JSON back, and
plotly.js redrawing it. benchmarks/widgets.py times the kernel's part alone. The table gives each
app's median and worst time. Each app gets a notebook and a JupyterLab workspace of its own, and
its kernel is shut down before the next.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.nnjs_page import cell_output_in_jupyterlab  # noqa: E402
from tests.figure_views import LIVE_APPS  # noqa: E402

TARGET_MS = 100.0
FIGURE = ".jp-OutputArea .js-plotly-plot"
HANDLE = ".jp-OutputArea .widget-slider .noUi-handle"
# Records when the app's figure view last finished drawing ("figure-drawn", on the plot element)
# and when a key last went down. Installed before the first press, so no redraw can come before
# its listener.
WATCH_JS = """() => {
  window.__drawnAt = -1;
  document.querySelector('%s').addEventListener('figure-drawn', () => { window.__drawnAt = performance.now(); });
  window.addEventListener('keydown', () => { window.__keyDown = performance.now(); }, true);
}""" % FIGURE
# Resolves with the ms from the last key down to the figure drawn anew and painted (one more
# animation frame); null if that does not come within 30 s (the press moved nothing).
DRAWN_JS = """() => new Promise(resolve => {
  (function check() {
    const ms = performance.now() - window.__keyDown;
    if (window.__drawnAt > window.__keyDown)
      requestAnimationFrame(() => resolve(performance.now() - window.__keyDown));
    else if (ms > 30000) resolve(null);
    else requestAnimationFrame(check);
  })();
})"""


def time_app(browser, folder, module, name, presses):
    """[ms per key press] for one app."""
    source = f"from nnlib.viz.{module} import {name}\n{name}()"
    ready = f"() => !!document.querySelector('{FIGURE} .main-svg')"
    with cell_output_in_jupyterlab(browser, folder / name, source, ready, errors=[]) as page:
        page.evaluate(WATCH_JS)
        page.locator(HANDLE).first.focus()
        times = []
        for k in range(presses + 2):  # the first two warm up
            page.keyboard.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
            ms = page.evaluate(DRAWN_JS)
            if ms is None:
                raise AssertionError(f"no figure drawn within 30 s of press {k + 1}")
            if k >= 2:
                times.append(ms)
        return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=10)
    parser.add_argument("apps", nargs="*", help="app names (default: all)")
    args = parser.parse_args(argv)
    apps = [(module, name) for module, name in LIVE_APPS if not args.apps or name in args.apps]
    print(f"{'app':<20} {'median':>9} {'worst':>9}   target <= {TARGET_MS:g} ms, {args.presses} presses each")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for module, name in apps:
            (Path(tmp) / name).mkdir()  # the app's notebook is named after it
            try:
                times = time_app(browser, Path(tmp), module, name, args.presses)
            except Exception as exc:  # one app failing to run does not hide the others' figures
                print(f"{name:<20} failed: {str(exc).splitlines()[0][:90]}")
                continue
            median, worst = statistics.median(times), max(times)
            flag = "" if worst <= TARGET_MS else "  <- over target"
            print(f"{name:<20} {median:7.0f} ms {worst:7.0f} ms{flag}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
