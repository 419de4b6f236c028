"""Helpers for the real-browser tests: page discovery, skip-or-fail, the per-page problem log,
and generic helpers for plotly figures made with nnlib.viz.linked_sliders_figure (read the
state, move a slider with the mouse). Later chapters' figures reuse these.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]
# The built site; BOOK_HTML points the tests at another build (e.g. a scratch copy).
SITE = Path(os.environ.get("BOOK_HTML") or REPO / "_build" / "html").resolve()
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HOST = "127.0.0.1"
# Folders of the built site that hold assets, not pages.
NOT_PAGES = {"_static", "_vendor", "_sources", "_images", "_downloads", ".doctrees", "jupyter_execute"}

# Console errors that are allowed, by their exact text, each with the reason. Keep this empty
# unless the cause is an upstream bug that cannot be fixed in this repository.
ALLOWED_CONSOLE_ERRORS: dict[str, str] = {}

IN_CI = os.environ.get("CI", "").lower() == "true"


def missing(reason: str) -> None:
    """Skip locally; fail in CI (CI=true), where a skipped browser test would hide a broken setup."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run, so this is a failure)", pytrace=False)
    pytest.skip(reason)


def discover_pages(site: Path = SITE) -> list[str]:
    """Every built page, as a path relative to the site root (posix), sorted."""
    if not (site / "index.html").is_file():
        return []
    pages = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site)
        if rel.parts[0] in NOT_PAGES:
            continue
        pages.append(rel.as_posix())
    return sorted(pages)


def pages_containing(site: Path, text: str) -> list[str]:
    """The built pages whose HTML contains text (e.g. a figure's title or a class name)."""
    return [p for p in discover_pages(site) if text in (site / p).read_text(encoding="utf8")]


MISSING_SITE = "<book not built>"


@dataclass
class PageLog:
    """Everything that went wrong while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = []
        out += [f"console error: {t}" for t in self.console_errors if t not in ALLOWED_CONSOLE_ERRORS]
        out += [f"uncaught exception: {t}" for t in self.page_errors]
        out += [f"failed request: {t}" for t in self.failed_requests]
        out += [f"request to another host: {t}" for t in self.external_requests]
        return out


def _is_external(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about", "javascript"):
        return False
    return parsed.hostname != HOST


# --- helpers for figures ---------------------------------------------------------------------

PLOT = ".plotly-graph-div"


def wait_until(page, js: str, what: str, arg=None, log: PageLog | None = None, timeout_ms: int = 20_000):
    """page.wait_for_function, but a timeout fails with `what` and whatever the page logged."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(js, arg=arg, timeout=timeout_ms)
    except PlaywrightTimeout:
        details = log.problems() if log is not None else []
        raise AssertionError(
            f"{page.url}: {what} did not happen within {timeout_ms / 1000:g} s"
            + "".join(f"\n  {d}" for d in details)
        ) from None


def wait_for_mathjax(page, log: PageLog | None = None, timeout_ms: int = 20_000) -> bool:
    """Wait until the page's maths is typeset: at build time (book/_ext/static_math.py), or by
    MathJax where the page loads it. Returns whether the page has maths."""
    has_mathjax = page.evaluate("() => !!document.querySelector('script[src*=\"mathjax\"]')")
    if has_mathjax:
        wait_until(page, "() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                   "MathJax loading", log=log, timeout_ms=timeout_ms)
        page.evaluate("() => MathJax.startup.promise.then(() => true)")
    return page.locator(".math").count() > 0


def wait_for_plots(page, log: PageLog | None = None, timeout_ms: int = 20_000) -> int:
    """Scroll to every plotly figure on the page, as a reader going down the page would (a figure
    is drawn when it comes within a screen of the view), and wait until each has drawn its SVG;
    then back to the top. Returns the number of figures."""
    figures = page.locator(PLOT)
    n = figures.count()
    for i in range(n):
        figure = figures.nth(i)
        if figure.evaluate("d => d.querySelector('svg.main-svg') !== null"):
            continue
        figure.scroll_into_view_if_needed()
        wait_until(page, "d => d.querySelector('svg.main-svg') !== null", f"drawing plotly figure {i + 1} of {n}",
                   arg=figure.element_handle(), log=log, timeout_ms=timeout_ms)
    if n:
        page.evaluate("window.scrollTo(0, 0)")
    return n


def slider_figures(page):
    """Locators of the plotly figures that have sliders."""
    figures = page.locator(PLOT)
    return [figures.nth(i) for i in range(figures.count()) if figures.nth(i).locator("g.slider-container").count()]


def open_book_page(site: Path, open_page, path: str):
    """Open `path`, which must be in the built book (missing() if not), and wait for its plots: (page, log)."""
    if path not in discover_pages(site):
        missing(f"{path} is not in the built book (is {path.removesuffix('.html')} in the toc?)")
    page, log = open_page(path)
    wait_for_plots(page, log)
    return page, log


def figures_with_sliders(page, names):
    """Locators of the plotly figures whose sliders have exactly these names, in this order."""
    return [f for f in slider_figures(page) if [s["name"] for s in slider_info(f)] == list(names)]


def figure_state(figure):
    """The linked-sliders state (one step index per slider) the figure's script last applied."""
    raw = figure.get_attribute("data-nnlib-state")
    return None if raw is None else json.loads(raw)


def figure_title(figure) -> str:
    title = figure.locator(".gtitle")
    return title.first.text_content() if title.count() else ""


def slider_info(figure) -> list[dict]:
    """[{name, labels, prefix}] for each slider of the figure, in layout order."""
    return figure.evaluate(
        """gd => (gd.layout.sliders || []).map(s => ({
               name: s.name,
               labels: s.steps.map(t => t.label),
               prefix: (s.currentvalue && s.currentvalue.prefix) || ''}))"""
    )


def move_slider(page, figure, slider: int, step: int, how: str = "click", log: PageLog | None = None,
                timeout_ms: int = 10_000):
    """Move slider number `slider` of `figure` to step `step` with the mouse, as a reader would.

    how="click" clicks the rail at that step's tick; how="drag" drags the grip there.
    Waits until the figure's data-nnlib-state shows the new step and returns the new state.
    """
    group = figure.locator("g.slider-group").nth(slider)
    ticks = group.locator("rect.slider-tick-rect")
    assert 0 <= step < ticks.count(), f"slider {slider} has {ticks.count()} steps, no step {step}"
    group.scroll_into_view_if_needed()
    tick = ticks.nth(step).bounding_box()
    rail = group.locator("rect.slider-rail-touch-rect").bounding_box()
    x, y = tick["x"] + tick["width"] / 2, rail["y"] + rail["height"] / 2
    if how == "click":
        page.mouse.click(x, y)
    elif how == "drag":
        grip = group.locator("rect.slider-grip-rect").bounding_box()
        page.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
        page.mouse.down()
        page.mouse.move(x, y, steps=12)
        page.mouse.up()
    else:
        raise ValueError(f"how must be 'click' or 'drag', not {how!r}")
    wait_until(
        page,
        """([gd, i, k]) => { const s = gd.getAttribute('data-nnlib-state');
                             return s !== null && JSON.parse(s)[i] === k; }""",
        f"data-nnlib-state showing step {step} of slider {slider} after a {how}",
        arg=[figure.element_handle(), slider, step], log=log, timeout_ms=timeout_ms,
    )
    return figure_state(figure)
