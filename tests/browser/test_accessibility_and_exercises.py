"""Figures are described, keyboard-operable and readable without colour; exercises are numbered
and their solutions hidden."""
import collections
import json
import re
from pathlib import Path

from .helpers import PLOT, discover_pages, figure_state, slider_figures, wait_for_plots, wait_until

# Every notebook in book/ is a chapter with exercises, except the closing page that sums the loop up.
CHAPTERS = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "book").glob("*.ipynb") if p.stem != "summary")
# Parts I-III set at least four exercises a chapter; the short tour "Start here" sets three.
MIN_EXERCISES = {"pipeline": 3}


def test_every_figure_has_a_text_alternative(site, loaded_page, page_path):
    page, log = loaded_page
    n = wait_for_plots(page, log)
    for i in range(n):
        label = page.locator(PLOT).nth(i).get_attribute("aria-label")
        assert label and len(label) > 20, f"{page_path}: figure {i} has no alt text (aria-label)"


FIGURE_SPEC = re.compile(r'<script type="application/json" id="[^"]+-spec">(.*?)</script>', re.S)


def curve_style(trace):
    """What tells a curve apart besides its colour: how it is drawn, its dash, its marker symbol."""
    mode = trace.get("mode", "lines")
    return (mode,
            (trace.get("line") or {}).get("dash", "solid") if "lines" in mode else None,
            (trace.get("marker") or {}).get("symbol", "circle") if "markers" in mode else None)


def test_colour_is_never_the_only_difference_between_curves(site, page_path):
    """In each panel of each figure, the curves in the legend differ in line dash or marker symbol,
    or carry their own text labels, not only in colour (WCAG 2.1, 1.4.1; colour-blind readers)."""
    html = (site / page_path).read_text(encoding="utf8")
    problems = []
    for k, spec in enumerate(FIGURE_SPEC.findall(html)):
        panels = collections.defaultdict(list)
        for trace in json.loads(spec)["data"]:
            shown = trace.get("showlegend", True) is not False and trace.get("visible", True) is True
            if trace.get("type", "scatter") == "scatter" and shown and "text" not in trace.get("mode", "lines"):
                panels[trace.get("xaxis", "x"), trace.get("yaxis", "y")].append(trace)
        for panel, traces in panels.items():
            by_style = collections.defaultdict(list)
            for trace in traces:
                by_style[curve_style(trace)].append(trace.get("name"))
            problems += [f"figure {k}, panel {panel}: {names} differ only in colour"
                         for names in by_style.values() if len(names) > 1]
    assert not problems, f"{page_path}:\n  " + "\n  ".join(problems)


def test_static_sliders_work_from_the_keyboard(site, loaded_page, page_path):
    """Each slider has a range input after its figure: Tab to it, press arrow keys."""
    page, log = loaded_page
    wait_for_plots(page, log)
    for figure in slider_figures(page):
        inputs = figure.locator("xpath=following-sibling::div[@class='nnlib-keyboard-controls'][1]//input")
        n_sliders = len(figure_state(figure))
        assert inputs.count() == n_sliders, f"{page_path}: {inputs.count()} keyboard inputs for {n_sliders} sliders"
        for i in range(n_sliders):
            before = figure_state(figure)
            key = "ArrowLeft" if before[i] > 0 else "ArrowRight"
            inputs.nth(i).focus()
            page.keyboard.press(key)
            expected = list(before)
            expected[i] += -1 if key == "ArrowLeft" else 1
            wait_until(
                page, "([gd, s]) => gd.getAttribute('data-nnlib-state') === s",
                f"state {expected} after {key} on keyboard input {i}",
                arg=[figure.element_handle(), str(expected).replace(" ", "")], log=log, timeout_ms=10_000,
            )
            active = figure.evaluate(f"gd => gd.layout.sliders[{i}].active")
            assert active == expected[i], "the plotly slider must follow the keyboard input"
    assert not log.problems(), log.problems()


def test_every_chapter_has_numbered_exercises_hidden_solutions_and_passing_self_checks(site, open_page):
    """Every chapter (each notebook in book/ but the closing summary): at least four exercises (the
    opening tour: three) with distinct numbers, each solution hidden until its title is clicked, a
    coding solution, and every self-check on the page reporting a pass (the teacher's version
    contains the solutions)."""
    pages = discover_pages(site)
    for chapter in CHAPTERS:
        page_path = f"book/{chapter}.html"
        assert page_path in pages, f"{page_path} is not in the built book"
        page, log = open_page(page_path)
        titles = page.locator(".exercise .admonition-title").all_text_contents()
        assert len(titles) >= MIN_EXERCISES.get(chapter, 4), f"{page_path}: {titles}"
        numbers = [re.search(r"Exercise\s+(\d+(?:\.\d+)*)", t) for t in titles]
        assert all(numbers), titles
        assert len({n.group(1) for n in numbers}) == len(titles), f"{page_path}: exercise numbers must be distinct"
        solutions = page.locator(".solution")
        assert solutions.count() >= len(titles), f"{page_path}: {solutions.count()} solutions for {len(titles)} exercises"
        for i in range(solutions.count()):
            solution = solutions.nth(i)
            body = solution.locator(".admonition-title ~ *").first
            assert not body.is_visible(), f"{page_path}: solution {i} is visible before the reader asks"
            solution.locator(".admonition-title").first.click()
            wait_until(page, "el => el.offsetParent !== null", f"{page_path}: solution {i} opening",
                       arg=body.element_handle(), log=log, timeout_ms=5_000)
        assert page.locator(".solution pre").count() >= 1, f"{page_path}: no coding solution"
        text = page.locator("body").inner_text()
        assert text.count("✓ passed: check_") >= 1, f"{page_path}: no self-check reported a pass"
        assert "✗" not in text, f"{page_path}: a self-check failed"
        assert not log.problems(), log.problems()


def test_every_exercise_in_the_teachers_guide_links_to_its_anchor(site, open_page):
    """The guide's table links each exercise ({ref}); every link lands on that exercise's anchor."""
    page, log = open_page("book/teachers.html")
    hrefs = page.locator("a[href*='#ex-']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    exercise_ids = set()
    for chapter in CHAPTERS:
        exercise_ids |= set(re.findall(r'id="(ex-[\w-]+)"', (site / "book" / f"{chapter}.html").read_text("utf8")))
    linked = set()
    for href in hrefs:
        target, anchor = href.split("#", 1)
        html = (site / "book" / target).read_text("utf8")
        assert f'id="{anchor}"' in html, f"teachers.html links {href}, but {target} has no id {anchor}"
        linked.add(anchor)
    assert exercise_ids, "no exercise anchors found in the chapters"
    assert exercise_ids <= linked, f"exercises missing from the teacher's guide: {sorted(exercise_ids - linked)}"
    page.goto(page.url.rsplit("/", 1)[0] + "/" + hrefs[0])
    assert page.locator(f"[id='{hrefs[0].split('#', 1)[1]}']").count() == 1
    assert not log.problems(), log.problems()
