"""The circles playground as a notebook output in a real JupyterLab (the venv's jupyter-lab, on
127.0.0.1, no token): a notebook cell `live_playground()` run with Shift+Enter shows the playground,
whose Step (mouse and keyboard) and Play train the chapter's run with nnlib's numbers, with no
error in the page. (The HTML book's face is tested in test_circles.py and test_playground.py.)

Needs Chromium, Playwright and jupyter-lab, not the built book.
"""
from __future__ import annotations

import nbformat
import pytest

from .helpers import wait_until
from .nnjs_page import jupyter_lab

PG = "document.querySelector('.jp-OutputArea .nnjs-playground').parentElement.playground"


def test_the_playground_trains_as_a_notebook_output_in_jupyterlab(chromium_browser, tmp_path):
    from nnlib.viz import circles as cv

    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                 "language": "python"}})
    notebook.cells = [nbformat.v4.new_code_cell("from nnlib.viz.playground_data import live_playground\n"
                                                "live_playground(lr=0.03)")]
    nbformat.write(notebook, tmp_path / "playground.ipynb")
    errors = []
    with jupyter_lab(tmp_path) as url:
        context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(f"uncaught exception: {e}"))
        page.on("console", lambda m: errors.append(f"console error: {m.text}") if m.type == "error" else None)
        try:
            page.goto(url + "lab/tree/playground.ipynb", timeout=120_000)
            page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor", timeout=120_000)
            wait_until(page, "() => document.querySelector('.jp-StatusBar-Widget') && "
                             "/[|] Idle/.test(document.body.innerText)", "the kernel starting", timeout_ms=120_000)
            page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").first.click()
            page.keyboard.press("Shift+Enter")
            wait_until(page, f"() => document.querySelector('.jp-OutputArea .nnjs-playground') && {PG}",
                       "the playground in the cell's output", timeout_ms=120_000)
            box = page.locator(".jp-OutputArea .nnjs-playground")
            box.get_by_role("button", name="Step").click()
            box.get_by_role("button", name="Step").focus()
            page.keyboard.press("Enter")
            steps = page.evaluate(f"() => [{PG}.epoch, {PG}.history.cost]")
            box.get_by_role("button", name="Play").click()
            wait_until(page, f"() => {PG}.epoch === {cv.EPOCHS} && !{PG}.playing", "Play to the last epoch",
                       timeout_ms=120_000)
            run = page.evaluate(f"() => [{PG}.history.cost, {PG}.history.testAccuracy]")
        except AssertionError:
            page.screenshot(path=str(tmp_path / "jupyterlab.png"))
            raise
        finally:
            context.close()
    record = cv.train_circles(lr=0.03, seed=cv.MAIN["seed"])
    assert steps[0] == 2 and steps[1] == pytest.approx(record.train_cost[:3], rel=1e-9)
    assert run[0] == pytest.approx(record.train_cost, rel=1e-9) and run[1] == record.test_accuracy
    assert not errors, errors
