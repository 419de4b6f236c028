"""The circles playground as a notebook output in a real JupyterLab (the venv's jupyter-lab, on
127.0.0.1, no token): a notebook cell `live_playground()` run with Shift+Enter shows the playground,
whose Step (mouse and keyboard) and Play train the chapter's run with nnlib's numbers (Play goes on
past the chapter's epochs until Pause), with no error in the page. (The HTML book's face is tested in test_circles.py and test_playground.py.)

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

import pytest

from .helpers import wait_until
from .nnjs_page import cell_output_in_jupyterlab

PG = "document.querySelector('.jp-OutputArea .nnjs-playground').parentElement.playground"


def test_the_playground_trains_as_a_notebook_output_in_jupyterlab(chromium_browser, tmp_path):
    from nnlib.viz import circles as cv

    errors = []
    with cell_output_in_jupyterlab(chromium_browser, tmp_path, "from nnlib.viz.playground_data import live_playground\n"
                                   "live_playground(lr=0.03)",
                                   f"() => document.querySelector('.jp-OutputArea .nnjs-playground') && {PG}",
                                   errors) as page:
        box = page.locator(".jp-OutputArea .nnjs-playground")
        box.get_by_role("button", name="Step").click()
        box.get_by_role("button", name="Step").focus()
        page.keyboard.press("Enter")
        steps = page.evaluate(f"() => [{PG}.epoch, {PG}.history.cost]")
        box.get_by_role("button", name="Play").click()
        wait_until(page, f"() => {PG}.epoch >= {cv.EPOCHS}", "Play past the chapter's last epoch", timeout_ms=120_000)
        box.get_by_role("button", name="Pause").click()
        run = page.evaluate(f"() => [{PG}.history.cost.slice(0, {cv.EPOCHS + 1}), "
                            f"{PG}.history.testAccuracy.slice(0, {cv.EPOCHS + 1})]")
    record = cv.train_circles(lr=0.03, seed=cv.MAIN["seed"])
    assert steps[0] == 2 and steps[1] == pytest.approx(record.train_cost[:3], rel=1e-9)
    assert run[0] == pytest.approx(record.train_cost, rel=1e-9) and run[1] == record.test_accuracy
    assert not errors, errors
