"""Fast, accessible pages.

How fast a page is ready is measured by a benchmark (benchmarks/page_speed.py), not asserted
here: a timing depends on the machine and its load. These tests check what makes a page fast,
page by page (what it loads), and what makes it accessible: axe-core's WCAG 2.1 A/AA audit with
no serious or critical violation, a readout for screen readers on every figure with sliders,
and every control reachable by keyboard with a visible focus.

Tests that only read the page share one load of it (loaded_page); the test that moves the
figures' controls comes last.
"""
from __future__ import annotations

import json
import re

from .helpers import REPO, figure_title, missing, slider_figures, slider_info, wait_for_mathjax, wait_for_plots, wait_until

AXE_JS = REPO / "book" / "_ext" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The trace types the cartesian build of plotly.js draws (plotly.js-cartesian-dist-min's README).
CARTESIAN_TRACES = {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
                    "image", "pie", "scatter", "scatterternary", "violin"}
SPEC = re.compile(r'<script type="application/json" id="[0-9a-f-]+-spec">(.*?)</script>', re.S)
SCRIPT_SRC = re.compile(r"<script\b([^>]*)\bsrc=\"([^\"]+)\"([^>]*)>")
MAX_HTML_BYTES = 1_000_000


def _scripts(html: str) -> list[tuple[str, str]]:
    """[(src without its ?query, the tag's other attributes)] of every <script src=...> of a page."""
    return [(m.group(2).split("?")[0], m.group(1) + m.group(3)) for m in SCRIPT_SRC.finditer(html)]


def test_page_loads_only_what_it_shows(site, page_path):
    """plotly.js once and on demand, in its smallest build that draws the page's figures; no
    widget manager, require.js or widget state without a widget view; no fontawesome.js; maths
    typeset at build time (book/_ext/static_math.py), so MathJax only where the widget manager
    needs it, as its components, without the menu."""
    html = (site / page_path).read_text(encoding="utf8")
    scripts = _scripts(html)
    plotly = [(src, attrs) for src, attrs in scripts if "/plotly/" in src]
    specs = [json.loads(s) for s in SPEC.findall(html)]
    n_figures = html.count('class="plotly-graph-div"')
    assert len(specs) == n_figures, f"{page_path}: {n_figures} figures but {len(specs)} figure specs"
    if n_figures:
        types = {t.get("type", "scatter") for spec in specs for t in spec["data"]}
        expected = "plotly-cartesian.min.js" if types <= CARTESIAN_TRACES else "plotly.min.js"
        assert not plotly, f"{page_path}: plotly.js is loaded on demand, not by a script tag: {plotly}"
        on_demand = re.findall(r'window\.nnlibLoadPlotly = .*?s\.src = "([^"]+)";', html, re.S)
        assert [src.rsplit("/", 1)[1] for src in on_demand] == [expected], (
            f"{page_path}: trace types {sorted(types)} need {expected} once, on demand: {on_demand}")
    else:
        assert not plotly, f"{page_path} has no figure but loads {plotly}"
    if "application/vnd.jupyter.widget-view+json" not in html:
        assert "application/vnd.jupyter.widget-state+json" not in html, f"{page_path}: widget state without a widget view"
        widget_js = [src for src, _ in scripts if "require.js" in src or "html-manager" in src]
        assert not widget_js, f"{page_path} shows no widget but loads {widget_js}"
    assert not [s for s, _ in scripts if "fontawesome" in s], f"{page_path} loads fontawesome.js"
    mathjax = [src for src, _ in scripts if "/mathjax/" in src]
    assert all(src.endswith("/mathjax/startup.js") for src in mathjax), f"{page_path}: MathJax from {mathjax}"
    if "application/vnd.jupyter.widget-view+json" not in html:
        assert not mathjax and "window.MathJax" not in html, f"{page_path} loads MathJax: {mathjax}"
    has_maths = 'class="math notranslate nohighlight"' in html
    assert has_maths == bool(re.search(r'<link [^>]*href="[^"]*_static/static-math\.css', html)), (
        f"{page_path}: static-math.css must be linked exactly where there are formulas")


def test_figures_below_the_first_screens_are_drawn_when_the_reader_scrolls_to_them(site, open_page):
    """A figure more than a screen below the view is not drawn while the page loads (that is what
    keeps a page with many figures fast); scrolling to it draws it, and printing draws them all."""
    page, log = open_page("book/digits.html")
    wait_for_mathjax(page, log)
    figures = page.locator("div.plotly-graph-div")
    far = page.evaluate("""() => Array.from(document.querySelectorAll('div.plotly-graph-div'))
        .map(gd => gd.getBoundingClientRect().top > 2.5 * window.innerHeight)""")
    assert sum(far) >= 2, f"digits.html should have figures far down the page: {far}"
    first_far = far.index(True)
    page.wait_for_timeout(1000)  # time enough for a figure that is drawn at load to be drawn
    drawn = figures.evaluate_all("gds => gds.map(gd => gd.querySelector('svg.main-svg') !== null)")
    assert not any(d for d, f in zip(drawn, far) if f), f"figures far below the view were drawn at load: {drawn}"
    figures.nth(first_far).scroll_into_view_if_needed()
    wait_until(page, "gd => gd.querySelector('svg.main-svg') !== null", "the figure drawn once scrolled to",
               arg=figures.nth(first_far).element_handle(), log=log)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    wait_until(page, "() => Array.from(document.querySelectorAll('div.plotly-graph-div'))"
                     ".every(gd => gd.querySelector('svg.main-svg') !== null)", "every figure drawn for printing", log=log)
    assert not log.problems(), log.problems()


# The blocks of a chapter's text (children of a section, see book/_ext/static/book.css) that hold
# an element, in the page's order.
TEXT_BLOCKS_JS = ("Array.from(document.querySelectorAll('.bd-article section > :not(section)'))"
                  ".filter(b => b.firstElementChild)")
# Each block as [laid out lazily, has a script, its top in screens from the top of the page, laid out now].
BLOCKS_JS = f"""() => {TEXT_BLOCKS_JS}.map(b => [
    getComputedStyle(b).contentVisibility === 'auto', !!b.querySelector('script'),
    (b.getBoundingClientRect().top + window.scrollY) / window.innerHeight,
    b.firstElementChild.checkVisibility({{contentVisibilityAuto: true}})])"""


def test_text_far_below_the_view_is_laid_out_when_the_reader_scrolls_to_it(site, open_page):
    """A chapter's blocks of text more than three screens below the view are not laid out while the
    page loads (content-visibility: auto), which keeps a long chapter about as fast as a short
    page; scrolling to one lays it out. A block with a script (a figure, an explorer) is always
    laid out: its script measures it."""
    page, log = open_page("book/delta_rule.html")
    blocks = page.evaluate(BLOCKS_JS)
    assert not [b for b in blocks if b[0] and b[1]], "a block with a script is laid out lazily"
    assert all(shown for _, _, top, shown in blocks if top < 1), "the first screen is not all laid out"
    far = [i for i, (lazy, _, top, _) in enumerate(blocks) if lazy and top > 3]
    assert len(far) >= 20, f"delta_rule.html should have blocks of text far down the page: {blocks}"
    assert not [i for i in far if blocks[i][3]], "blocks of text far below the view were laid out at load"
    page.evaluate(f"i => {TEXT_BLOCKS_JS}[i].scrollIntoView()", far[-1])
    wait_until(page, f"i => ({BLOCKS_JS})()[i][3]", "the block scrolled to being laid out", arg=far[-1], log=log)
    assert not log.problems(), log.problems()


# Pages whose own HTML is over 1 MB, each with the reason; the list may only shrink (a page
# that gets under 1 MB fails the test until it is taken off).
OVER_1_MB: dict[str, str] = {}


def test_page_html_is_under_1_mb(site, page_path):
    size = (site / page_path).stat().st_size
    if page_path in OVER_1_MB:
        assert size > MAX_HTML_BYTES, f"{page_path} is {size / 1e6:.2f} MB now: take it off OVER_1_MB"
        return
    assert size <= MAX_HTML_BYTES, f"{page_path} is {size / 1e6:.2f} MB of HTML (at most 1 MB)"


def test_no_serious_or_critical_axe_violations(site, loaded_page, page_path):
    """axe-core (pinned in book/_ext/package.json, injected from node_modules) finds no serious or
    critical violation of WCAG 2.1 A/AA once the page's figures and maths are drawn."""
    if not AXE_JS.is_file():
        missing(f"{AXE_JS} is missing: run `make book` (npm ci in book/_ext installs axe-core)")
    page, log = loaded_page
    if wait_for_mathjax(page, log):
        # book.js gives wide display formulas (they scroll sideways) a place in the tab order
        wait_until(page, "() => document.documentElement.hasAttribute('data-wide-math')",
                   "book.js marking the wide formulas", log=log)
    wait_for_plots(page, log)
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        """async tags => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, impact: v.impact,
                            nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
        }""",
        WCAG_TAGS,
    )
    report = [f"{v['id']} ({v['impact']}): " + "; ".join(v["nodes"][:3]) for v in violations]
    assert not violations, f"{page_path}:\n  " + "\n  ".join(report)


# Every element a keyboard can act on, in the page's content and its header.
CONTROLS = "a[href], button, input, select, textarea, summary, [tabindex]"


def test_every_control_is_reachable_by_keyboard_with_a_visible_focus(site, loaded_page, page_path):
    """Every visible control can take the keyboard focus (it is in the tab order) and shows it:
    an outline or a box shadow while it has the focus, and it is not transparent then."""
    page, log = loaded_page
    wait_for_plots(page, log)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")  # end states at once
    page.keyboard.press("Tab")  # the keyboard is in use: focus() then shows the :focus-visible style
    checked, problems = page.evaluate(
        r"""selector => {
            const out = [];
            let checked = 0;
            const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
                                  && !el.closest('[inert], [aria-hidden="true"]');
            for (const el of document.querySelectorAll(selector)) {
                if (!visible(el) || el.disabled) continue;
                if (el.getAttribute('tabindex') === '-1' && !el.matches('a[href], button, input, select, textarea, summary')) continue;
                const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                             (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
                if (el.tabIndex < 0) { out.push(name + ': not in the tab order'); continue; }
                checked += 1;
                el.focus({focusVisible: true});
                if (document.activeElement !== el) { out.push(name + ': cannot take the focus'); continue; }
                const s = getComputedStyle(el);
                const transparent = c => /^rgba\(.*,\s*0\)$/.test(c) || c === 'transparent';
                const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1 && !transparent(s.outlineColor);
                const shadow = s.boxShadow !== 'none' && !/^rgba\([^)]*,\s*0\)/.test(s.boxShadow);
                let opacity = 1;
                for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
                if (!(outline || shadow)) out.push(name + ': no visible focus (no outline, no box shadow)');
                else if (opacity < 0.5) out.push(name + ': transparent while focused (opacity ' + opacity + ')');
            }
            document.activeElement.blur();
            return [checked, out];
        }""",
        CONTROLS,
    )
    assert checked >= 3, f"{page_path}: only {checked} controls found (the header alone has more)"
    assert not problems, f"{page_path}:\n  " + "\n  ".join(problems[:20])


def _readout(figure):
    return figure.evaluate(
        """gd => { const id = gd.getAttribute('aria-describedby'); const r = id && document.getElementById(id);
                   return r ? {text: r.textContent, live: r.getAttribute('aria-live')} : null; }""")


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def _missing_numbers(title: str, readout: str) -> list[str]:
    """The numbers the figure's title shows that the readout does not state."""
    return [n for n in NUMBER.findall(title) if n not in readout]


def test_figures_with_sliders_have_a_live_readout_that_follows_the_keyboard(site, loaded_page, page_path):
    """Each figure with sliders is described by an aria-live readout stating every slider's value
    and the numbers of the figure's title; moving a slider from the keyboard (its range input,
    arrow keys) updates the readout to the new value and the new title's numbers."""
    page, log = loaded_page
    wait_for_plots(page, log)
    for figure in slider_figures(page):
        sliders = slider_info(figure)
        names = [s["prefix"].removesuffix(" = ") for s in sliders]
        state = json.loads(figure.get_attribute("data-nnlib-state"))
        readout = _readout(figure)
        assert readout is not None, f"{page_path}: a figure with sliders has no readout (aria-describedby)"
        assert readout["live"] == "polite", readout
        for name, s, i in zip(names, sliders, state):
            assert f"{name} = {s['labels'][i]}" in readout["text"], (name, readout)
        assert not _missing_numbers(figure_title(figure), readout["text"]), (figure_title(figure), readout)
        inputs = figure.locator("xpath=following-sibling::div[@class='nnlib-keyboard-controls'][1]//input")
        last = len(sliders) - 1
        key, step = ("ArrowLeft", state[last] - 1) if state[last] > 0 else ("ArrowRight", state[last] + 1)
        inputs.nth(last).focus()
        page.keyboard.press(key)
        want = f"{names[last]} = {sliders[last]['labels'][step]}"
        wait_until(
            page, "([gd, want]) => document.getElementById(gd.getAttribute('aria-describedby'))"
                  ".textContent.includes(want)",
            f"the readout stating {want} after {key}", arg=[figure.element_handle(), want], log=log,
            timeout_ms=10_000,
        )
        title = figure_title(figure)
        assert not _missing_numbers(title, _readout(figure)["text"]), (title, _readout(figure))
    assert not log.problems(), log.problems()
