"""The built book in headless Chromium: every page opens cleanly and offline, MathJax renders,
every plotly figure draws, and the static figures' sliders change what the figures show.
Each page is loaded once for the per-page tests (the loaded_page fixture), in this order.

Run after `make book` (make test does both). See conftest.py for the fixtures and helpers.
"""
from __future__ import annotations

import re

import pytest

from .helpers import (
    MISSING_SITE,
    PLOT,
    discover_pages,
    figure_state,
    figure_title,
    move_slider,
    slider_figures,
    slider_info,
    wait_for_mathjax,
    wait_for_plots,
    wait_until,
)

def _page_text_has(site, page_path, needle):
    return needle in (site / page_path).read_text(encoding="utf8")


def test_pages_discovered(site):
    pages = discover_pages(site)
    assert "index.html" in pages, pages
    # The chapters: every page built from a source in the toc (Sphinx writes them all).
    chapters = [p for p in pages if p not in ("index.html", "search.html", "genindex.html")]
    assert len(chapters) >= 2, f"expected the intro and at least one chapter, found {chapters}"


def test_page_opens_cleanly(site, loaded_page, page_path):
    """No console error, no uncaught exception, no failed request, nothing from another host."""
    page, log = loaded_page
    notes = []
    for wait in (wait_for_mathjax, wait_for_plots):
        try:
            wait(page)
        except AssertionError as exc:
            notes.append(str(exc).splitlines()[0])
    # Fonts and widget modules load lazily; let the network settle before judging.
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    problems = log.problems() + notes
    assert not problems, f"{page_path}:\n  " + "\n  ".join(problems)


def test_favicon_is_served(site, open_page):
    page, _ = open_page("index.html")
    hrefs = page.eval_on_selector_all("link[rel~='icon']", "ls => ls.map(l => l.href)")
    assert hrefs, "the pages declare no favicon"
    for href in hrefs:
        assert page.request.get(href).ok, f"favicon {href} is not served"
    # the root redirect page has no icon link, so a browser may ask for /favicon.ico
    root_icon = page.request.get(page.url.split("/book/")[0] + "/favicon.ico")
    assert root_icon.ok and root_icon.body()[:4] == b"\x00\x00\x01\x00", "no /favicon.ico at the site root"


def test_mathjax_rendered(site, loaded_page, page_path):
    """Every formula is typeset (at build time, book/_ext/static_math.py) without a TeX error, in
    MathJax's fonts, with the hidden MathML that a screen reader reads."""
    page, log = loaded_page
    if not wait_for_mathjax(page, log):
        return
    report = page.evaluate(
        """() => {
            const maths = Array.from(document.querySelectorAll('.math'));
            return {
                total: maths.length,
                unrendered: maths.filter(m => !m.querySelector('mjx-container'))
                                 .map(m => m.textContent.slice(0, 80)),
                errors: Array.from(document.querySelectorAll('mjx-merror'))
                             .map(e => e.getAttribute('data-mjx-error') || e.textContent),
                containers: document.querySelectorAll('mjx-container').length,
                unread: maths.filter(m => !m.querySelector('mjx-assistive-mml > math'))
                             .map(m => m.textContent.slice(0, 80)),
            };
        }"""
    )
    assert report["containers"] >= report["total"] > 0
    assert not report["unrendered"], f"{page_path}: math left as raw TeX: {report['unrendered'][:5]}"
    assert not report["errors"], f"{page_path}: MathJax errors: {report['errors'][:5]}"
    assert not report["unread"], f"{page_path}: maths without MathML for screen readers: {report['unread'][:5]}"
    # A formula below the first screen is laid out only as it comes near the view (book.css), and
    # its fonts load then: show the first one.
    fonts = page.evaluate("""() => {
        document.querySelector('mjx-container').scrollIntoView();
        return new Promise(requestAnimationFrame).then(() => document.fonts.ready).then(() => {
            window.scrollTo(0, 0);
            return Array.from(document.fonts).filter(f => f.family.startsWith('MJX')).map(f => [f.family, f.status]);
        });
    }""")
    assert any(status == "loaded" for _, status in fonts), f"{page_path}: no MathJax font loaded: {fonts}"
    assert not [f for f in fonts if f[1] == "error"], f"{page_path}: MathJax fonts failed: {fonts}"


def test_math_is_present_where_expected(site):
    """The intro (the book's root page) and at least one chapter typeset math."""
    pages = [p for p in discover_pages(site) if p not in ("index.html", "search.html", "genindex.html")]
    with_math = [p for p in pages if _page_text_has(site, p, 'class="math')]
    assert len(with_math) >= 2, f"expected math on the intro and the chapters, found it on {with_math}"


def test_no_control_characters(site, page_path):
    r"""A control character in a page is nearly always a TeX command eaten by a non-raw Python
    string ("\frac" in a plain string is a form feed and "rac"); MathJax then typesets it
    wrongly or fails."""
    html = (site / page_path).read_text(encoding="utf8")
    found = {}
    for i, c in enumerate(html):
        if ord(c) < 32 and c not in "\t\n\r":
            found.setdefault(f"\\x{ord(c):02x}", html[max(0, i - 30):i + 30])
    # A tab is fine in code blocks but not in TeX ("\tfrac", "\times", "\theta" in a plain string).
    for tex in re.findall(r'<(?:span|div) class="math[^"]*">(.*?)</(?:span|div)>', html, re.S):
        if "\t" in tex:
            found.setdefault("tab in math", tex[:80])
    assert not found, f"{page_path}: control characters, with their context: {found}"


def test_code_cells_show_no_solution_markers(site, page_path):
    """The solution cells show the teacher's code without # BEGIN/END SOLUTION (book/_ext/
    solution_markers.py); the code between them is still there."""
    html = (site / page_path).read_text(encoding="utf8")
    cells = re.findall(r'<div class="cell_input docutils container">(.*?)</pre>', html, re.S)
    assert not [c for c in cells if "BEGIN SOLUTION" in c or "END SOLUTION" in c], f"{page_path}: markers shown"


def test_plotly_figures_drawn(site, loaded_page, page_path):
    page, log = loaded_page
    html = (site / page_path).read_text(encoding="utf8") if page_path != MISSING_SITE else ""
    n_html = html.count('class="plotly-graph-div"')
    n = wait_for_plots(page, log)
    assert n == n_html, f"{page_path}: {n_html} figures in the HTML, {n} in the page"
    if not n:
        return
    # plotly.js comes from the site, exactly once, and no figure embeds its own copy.
    scripts = page.eval_on_selector_all("script[src*='plotly']", "ss => ss.map(s => s.src)")
    assert len(scripts) == 1, f"{page_path}: plotly.js loaded {len(scripts)} times: {scripts}"
    assert html.count("plotly.js v") == 0, f"{page_path}: a figure embeds plotly.js itself"
    for i in range(n):
        figure = page.locator(PLOT).nth(i)
        assert figure.locator("svg.main-svg").count() >= 1, f"{page_path}: figure {i} has no SVG"
        assert figure.bounding_box()["height"] > 100, f"{page_path}: figure {i} is collapsed"


def test_widgets_static_output(site, loaded_page, page_path):
    """Every embedded widget view the HTML carries is rendered by the widget manager."""
    page, log = loaded_page
    n_views = page.locator("script[type='application/vnd.jupyter.widget-view+json']").count()
    if not n_views:
        return
    wait_until(
        page,
        """() => Array.from(document.querySelectorAll(
                   "script[type='application/vnd.jupyter.widget-view+json']"))
                 .every(s => s.previousElementSibling &&
                             s.previousElementSibling.classList.contains('widget-subarea') &&
                             s.previousElementSibling.children.length > 0)""",
        "rendering every widget view", log=log,
    )


def test_every_slider_changes_its_figure(site, loaded_page, page_path):
    """Each slider of each static (linked-sliders) figure, moved with the mouse, changes the
    figure's state and its title. (It moves controls, so it is the module's last test of a page.)"""
    page, log = loaded_page
    wait_for_plots(page, log)
    for figure in slider_figures(page):
        sliders = slider_info(figure)
        state = figure_state(figure)
        assert state is not None, f"{page_path}: a figure with sliders has no data-nnlib-state"
        assert len(state) == len(sliders)
        for i, s in enumerate(sliders):
            before_state, before_title = figure_state(figure), figure_title(figure)
            target = 0 if before_state[i] != 0 else len(s["labels"]) - 1
            how = "drag" if i % 2 else "click"
            after_state = move_slider(page, figure, i, target, how=how, log=log)
            expected = list(before_state)
            expected[i] = target
            assert after_state == expected, f"{page_path}: slider {s['name']} ({how})"
            if before_title:
                wait_until(
                    page, "([gd, t]) => gd.querySelector('.gtitle').textContent !== t",
                    f"the title changing after moving slider {s['name']}",
                    arg=[figure.element_handle(), before_title], log=log, timeout_ms=10_000,
                )
    assert not log.problems(), log.problems()
