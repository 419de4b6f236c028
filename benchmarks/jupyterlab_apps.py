"""The kernel face end to end: in a real JupyterLab, from a key press on an app's slider to its new
figure drawn (issue 14's target: <= 100 ms).

    .venv/bin/python benchmarks/jupyterlab_apps.py [--presses N] [APP ...]

One JupyterLab (the venv's, on 127.0.0.1, as tests/browser/nnjs_page.py starts it) serves a
notebook per app, each opened in Chromium with a cell such as `from nnlib.viz.neuron import
neuron_app; neuron_app()` run. The app's first slider takes the focus, and each press of the right
or left arrow key (alternately, so the slider goes back and forth between two values) is timed in
the page, from the key going down to the app's figure redrawn in place by its figure view
(nnlib/viz/figure_view.py, which says so with a "figure-drawn" event) and painted. That is the
whole path: the widget's message to the kernel, nnlib's computation, the figure's JSON back, and
plotly.js redrawing it. benchmarks/widgets.py times the kernel's part alone. The table gives each
app's median and worst time. Each app gets a notebook and a JupyterLab workspace of its own.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import nbformat  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, wait_until  # noqa: E402
from tests.browser.nnjs_page import jupyter_lab  # noqa: E402

TARGET_MS = 100.0
# (name, the cell that shows the app): each chapter's kernel face
APPS = [
    ("neuron_app", "from nnlib.viz.neuron import neuron_app\nneuron_app()"),
    ("cost_surface_app", "from nnlib.viz.cost_surface import cost_surface_app\ncost_surface_app()"),
    ("descent_app", "from nnlib.viz.gradient_descent import descent_app\ndescent_app()"),
    ("chain_app", "from nnlib.viz.chain_rule import chain_app\nchain_app()"),
    ("sum_times_app", "from nnlib.viz.graphs import sum_times_app\nsum_times_app()"),
    ("neuron_graph_app", "from nnlib.viz.graphs import neuron_graph_app\nneuron_graph_app()"),
    ("delta_app", "from nnlib.viz.delta_rule import delta_app\ndelta_app()"),
    ("regularisation_app", "from nnlib.viz.batch import regularisation_app\nregularisation_app()"),
    ("act_cost_app", "from nnlib.viz.activation_cost import act_cost_app\nact_cost_app()"),
    ("check_app", "from nnlib.viz.gradient_checking import check_app\ncheck_app()"),
    ("sgd_app", "from nnlib.viz.sgd import sgd_app\nsgd_app()"),
    ("digit_app", "from nnlib.viz.digits import digit_app\ndigit_app()"),
]
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


def time_app(browser, url, folder, name, source, presses):
    """[ms per key press] for one app."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, folder / f"{name}.ipynb")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        # a workspace of its own, reset: the page shows this notebook only, not the ones before
        page.goto(url + f"lab/workspaces/{name}/tree/{name}.ipynb?reset", timeout=120_000)
        page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor", timeout=120_000)
        wait_until(page, "() => /[|] Idle/.test(document.body.innerText)", "the kernel starting", timeout_ms=120_000)
        page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").first.click()
        page.keyboard.press("Shift+Enter")
        page.wait_for_selector(f"{FIGURE} .main-svg", timeout=120_000)
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
    finally:
        context.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=10)
    parser.add_argument("apps", nargs="*", help="app names (default: all)")
    args = parser.parse_args(argv)
    apps = [(n, s) for n, s in APPS if not args.apps or n in args.apps]
    print(f"{'app':<20} {'median':>9} {'worst':>9}   target <= {TARGET_MS:g} ms, {args.presses} presses each")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p, jupyter_lab(Path(tmp)) as url:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, source in apps:
            try:
                times = time_app(browser, url, Path(tmp), name, source, args.presses)
            except Exception as exc:  # one app failing to run does not hide the others' figures
                print(f"{name:<20} failed: {str(exc).splitlines()[0][:90]}")
                continue
            median, worst = statistics.median(times), max(times)
            flag = "" if worst <= TARGET_MS else "  <- over target"
            print(f"{name:<20} {median:7.0f} ms {worst:7.0f} ms{flag}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
