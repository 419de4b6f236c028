"""Figures are described and keyboard-operable; exercises are numbered and their solutions hidden."""
import re

from .helpers import PLOT, discover_pages, figure_state, slider_figures, wait_for_plots, wait_until

EXERCISE_PAGE = "book/pipeline.html"


def test_every_figure_has_a_text_alternative(site, open_page, page_path):
    page, log = open_page(page_path)
    n = wait_for_plots(page, log)
    for i in range(n):
        label = page.locator(PLOT).nth(i).get_attribute("aria-label")
        assert label and len(label) > 20, f"{page_path}: figure {i} has no alt text (aria-label)"


def test_static_sliders_work_from_the_keyboard(site, open_page, page_path):
    """Each slider has a range input after its figure: Tab to it, press arrow keys."""
    page, log = open_page(page_path)
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


def test_exercises_are_numbered_and_solutions_hidden_until_asked(site, open_page):
    assert EXERCISE_PAGE in discover_pages(site)
    page, log = open_page(EXERCISE_PAGE)
    titles = page.locator(".exercise .admonition-title").all_text_contents()
    assert len(titles) >= 3, titles
    numbers = [re.search(r"Exercise\s+(\d+(?:\.\d+)*)", t) for t in titles]
    assert all(numbers), titles
    assert len({n.group(1) for n in numbers}) == len(titles), "exercise numbers must be distinct"
    solutions = page.locator(".solution")
    assert solutions.count() >= 3
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        body = solution.locator(".admonition-title ~ *").first
        assert not body.is_visible(), f"solution {i} is visible before the reader asks"
        solution.locator(".admonition-title").first.click()
        wait_until(page, "el => el.offsetParent !== null", f"solution {i} opening",
                   arg=body.element_handle(), log=log, timeout_ms=5_000)
    # the coding exercise's solution contains code, and its self-check reported a pass
    assert page.locator(".solution pre").count() >= 1
    assert "passed" in page.locator("body").inner_text()
    assert not log.problems(), log.problems()


def test_exercises_can_be_linked(site, open_page):
    page, log = open_page("book/teachers.html")
    links = page.locator("a[href*='pipeline.html#ex-']")
    assert links.count() >= 3
    href = links.first.get_attribute("href")
    page.goto(page.url.rsplit("/", 1)[0] + "/" + href)
    anchor = href.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").count() == 1
