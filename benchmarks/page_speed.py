"""How long each page of the built book takes to be ready, against the text-only intro page.

    .venv/bin/python benchmarks/page_speed.py [--site _build/html] [--loads 3] [PAGE ...]

A page is *ready* when its HTML is parsed, every plotly figure on the first screen (the
1280x900 view the page opens in) has drawn its SVG (a figure with linked sliders also has its
sliders wired: ``data-nnlib-state`` is set) and every maths element of the page has been typeset
by MathJax. Figures further down are drawn as the reader scrolls towards them, a screen ahead
(nnlib/viz/renderer.py); the column "all figures" is the time until every figure of the page is
drawn when the reader jumps to the end at once (each is brought into view in turn), for reference. The page itself records the moment (``performance.now()``,
from the start of navigation), polled every 5 ms by a script Playwright adds before the page's
own scripts.

Each page is loaded ``--loads`` times (default 3), each time in a fresh browser context, so
with a cold cache; the loads go round the pages in turn (page 1, 2, ..., then again), so a
burst of load from other programs on the machine hits every page alike. The table gives each
page's median, and its ratio to the median of ``book/intro.html`` (the book's text-only page)
measured in the same run. Target: every chapter <= 1.5x the intro, and no page's own HTML over
1 MB.

The site is served from 127.0.0.1 by this process and opened in Debian's /usr/bin/chromium
through Playwright (as the browser tests do); `make test` installs both.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, HOST, discover_pages  # noqa: E402

YARDSTICK = "book/intro.html"
TARGET_RATIO = 1.5
MAX_HTML_BYTES = 1_000_000
TIMEOUT_MS = 90_000

# Added to every page before its own scripts: records when the page is ready.
READY_JS = """
(() => {
  function ready() {
    if (document.readyState === 'loading') return false;
    for (const gd of document.querySelectorAll('.plotly-graph-div')) {
      if (gd.getBoundingClientRect().top >= window.innerHeight) continue;  // below the first screen
      if (!gd.querySelector('svg.main-svg')) return false;
      const sliders = gd.layout && gd.layout.sliders;
      if (sliders && sliders.length && !gd.hasAttribute('data-nnlib-state')) return false;
    }
    for (const m of document.querySelectorAll('.math')) {
      if (!m.querySelector('mjx-container')) return false;
    }
    return true;
  }
  (function poll() {
    if (ready()) { window.__pageReadyMs = performance.now(); } else { setTimeout(poll, 5); }
  })();
})();
"""


# After the page is ready: bring each figure into view in turn until all are drawn; the moment, in ms.
ALL_FIGURES_JS = """async () => {
  for (const gd of document.querySelectorAll('.plotly-graph-div')) {
    gd.scrollIntoView();
    while (!gd.querySelector('svg.main-svg')) await new Promise(r => setTimeout(r, 5));
  }
  return performance.now();
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a browser context closed while a font was still coming: not the page's problem


def serve(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer((HOST, 0), handler)
    threading.Thread(target=server.serve_forever, name="book-http", daemon=True).start()
    return server, f"http://{HOST}:{server.server_address[1]}/"


def load_once(browser, url: str) -> dict:
    """One cold load of url: {ready_ms, transferred} (bytes over the network, the HTML included)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(READY_JS)
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function("() => window.__pageReadyMs !== undefined", timeout=TIMEOUT_MS, polling=50)
        ready_ms = page.evaluate("() => window.__pageReadyMs")
        all_ms = page.evaluate(ALL_FIGURES_JS)
        transferred = page.evaluate(
            """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                     .reduce((s, e) => s + (e.encodedBodySize || 0), 0)"""
        )
        return {"ready_ms": ready_ms, "all_ms": all_ms, "transferred": transferred}
    finally:
        context.close()


def measure(site: Path, pages: list[str], loads: int) -> dict[str, list[dict]]:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    results: dict[str, list[dict]] = {p: [] for p in pages}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for round_ in range(loads):
                    for page in pages:
                        results[page].append(load_once(browser, base + page))
                    print(f"  round {round_ + 1}/{loads} done", file=sys.stderr)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def table(site: Path, results: dict[str, list[dict]]) -> tuple[str, list[str]]:
    base = statistics.median(r["ready_ms"] for r in results[YARDSTICK])
    lines = [
        f"{'page':<32} {'own HTML':>9} {'loaded':>8} {'ready (median)':>15} {'loads (ms)':>22} {'x intro':>8}"
        f" {'all figures':>12}",
    ]
    failures = []
    for page, runs in results.items():
        times = [r["ready_ms"] for r in runs]
        med = statistics.median(times)
        ratio = med / base
        html = (site / page).stat().st_size
        loaded = statistics.median(r["transferred"] for r in runs)
        flags = []
        if page.startswith("book/") and ratio > TARGET_RATIO:
            flags.append(f"over {TARGET_RATIO}x")
        if html > MAX_HTML_BYTES:
            flags.append("HTML over 1 MB")
        failures += [f"{page}: {f}" for f in flags]
        lines.append(
            f"{page:<32} {html / 1e3:>7.0f}kB {loaded / 1e6:>6.1f}MB {med:>12.0f} ms "
            f"{' / '.join(f'{t:.0f}' for t in times):>22} {ratio:>7.2f}x"
            f" {statistics.median(r['all_ms'] for r in runs):>9.0f} ms"
            + (f"  <- {', '.join(flags)}" if flags else "")
        )
    return "\n".join(lines), failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "_build" / "html", help="the built book (default _build/html)")
    parser.add_argument("--loads", type=int, default=3, help="cold loads per page (default 3)")
    parser.add_argument("pages", nargs="*", help="pages to measure, relative to the site (default: every page)")
    args = parser.parse_args()
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        sys.exit(f"no built book in {site}: run `make book` first")
    if not CHROMIUM.is_file():
        sys.exit(f"{CHROMIUM} is missing: install Debian's chromium (or run `make test` once)")
    # index.html is only a redirect to the intro; search and genindex are Sphinx's own pages.
    pages = args.pages or [p for p in discover_pages(site) if p.startswith("book/")]
    if YARDSTICK not in pages:
        pages.insert(0, YARDSTICK)
    print(f"page readiness: {site}, {args.loads} cold loads per page, yardstick {YARDSTICK}", file=sys.stderr)
    load_before = os.getloadavg()[0]
    results = measure(site, pages, args.loads)
    text, failures = table(site, results)
    print(text)
    # Other programs slow every page alike (the loads go round the pages) but add noise.
    print(f"\n(load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, {os.cpu_count()} CPUs)")
    if failures:
        print("targets missed (chapters <= 1.5x the intro, own HTML <= 1 MB):")
        print("\n".join(f"  {f}" for f in failures))
    else:
        print("every chapter is within 1.5x of the intro page, and no page's own HTML is over 1 MB")


if __name__ == "__main__":
    main()
