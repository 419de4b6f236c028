"""The page's JavaScript twin of nnlib (nnlib/viz/js) in a real browser, for tests and benchmarks.

serve_folder serves a folder from 127.0.0.1 on a free port (a daemon thread); open_nnjs opens a
page of that server and imports the twin's modules as window.nn, so page.evaluate can call
nn.Network, nn.Matrix, ... directly; write_playground_page writes a standalone page with the
circles playground (nnlib/viz/js/playground.js) into a folder, for serve_folder to serve;
jupyter_lab runs a real JupyterLab server on a folder, and cell_output_in_jupyterlab opens a
notebook of this process's shared one in a browser and runs a cell there, for tests of an output
in a notebook.
"""
from __future__ import annotations

import atexit
import contextlib
import functools
import http.server
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import nbformat

from nnlib.viz.playground_data import playground_html

from .helpers import HOST, REPO, missing, wait_until

NNJS = REPO / "nnlib" / "viz" / "js"
JUPYTER_LAB = Path(sys.executable).with_name("jupyter-lab")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def end_headers(self):
        # Cross-origin isolated pages get performance.now() to 5 microseconds instead of 100
        # (benchmarks/js_speed.py times updates well below a millisecond).
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@contextlib.contextmanager
def serve_folder(folder: Path):
    """Serve folder over HTTP from 127.0.0.1; yields the base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve-{folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def watch(page, errors: list, requests: list | None = None) -> None:
    """Append the page's uncaught exceptions and console errors to errors; with requests, every URL
    it asks for (blob: URLs aside) to requests, else its failed requests to errors. /favicon.ico
    is answered with 204 (the served folders have none)."""
    page.on("pageerror", lambda e: errors.append(f"uncaught exception: {e}"))
    page.on("console", lambda m: errors.append(f"console error: {m.text}") if m.type == "error" else None)
    if requests is None:
        page.on("requestfailed", lambda r: errors.append(f"failed request: {r.url}"))
    else:
        page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("blob:") else None)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))


def write_output_area_page(folder: Path) -> None:
    """folder/index.html: an empty page with one <div id="output">, for insert_as_jupyterlab."""
    (folder / "index.html").write_text('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                                       '<title>Output area</title></head><body><div id="output"></div></body></html>\n',
                                       encoding="utf8")


def insert_as_jupyterlab(page, html: str) -> None:
    """Put an output's HTML into #output as JupyterLab inserts a trusted HTML output: innerHTML,
    then a fresh copy of each script (scripts set through innerHTML do not run)."""
    page.evaluate("""html => { const area = document.getElementById('output');
        area.innerHTML = html;
        for (const old of area.querySelectorAll('script')) {
            const script = document.createElement('script');
            for (const {name, value} of old.attributes) script.setAttribute(name, value);
            script.textContent = old.textContent;
            old.replaceWith(script);
        } }""", html)


def open_nnjs(context, base_url: str, errors: list):
    """A new page of context at base_url (serving NNJS) with the twin imported as window.nn.

    Uncaught exceptions and console errors of the page are appended to errors.
    """
    page = context.new_page()
    watch(page, errors)
    page.goto(base_url, wait_until="load")
    page.evaluate("async url => { window.nn = await import(url); }", base_url + "index.js")
    return page


def write_playground_page(folder: Path, config: dict) -> None:
    """folder/index.html: the playground built from config (playground_data.playground_config()),
    its modules inlined as in the book; folder/js, a link to NNJS, lets a test import them too."""
    (folder / "js").symlink_to(NNJS, target_is_directory=True)
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Playground</title></head><body>\n'
        + playground_html(config) + "\n</body></html>\n", encoding="utf8")


def _free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(folder: Path):
    """A JupyterLab server for folder on a free port of 127.0.0.1; yields its URL (ending in /)."""
    if not JUPYTER_LAB.is_file():
        missing(f"{JUPYTER_LAB} is missing: pip install -r requirements.txt")
    port = _free_port()
    log = open(folder / "jupyter-lab.log", "w")
    server = subprocess.Popen(
        [str(JUPYTER_LAB), "--no-browser", f"--ip={HOST}", f"--port={port}", f"--notebook-dir={folder}",
         "--IdentityProvider.token=", "--ServerApp.password=", "--allow-root",
         # its own workspace: a shared one reopens another test's notebook here (a 404 in the page)
         f"--LabApp.workspaces_dir={folder / 'workspaces'}"],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}/"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "api", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    raise AssertionError(f"jupyter-lab exited:\n{(folder / 'jupyter-lab.log').read_text()}")
                time.sleep(1)
        else:
            raise AssertionError("jupyter-lab did not answer within 2 minutes")
        yield url
    finally:
        server.terminate()
        server.wait(30)
        log.close()


_SHARED_LAB = {}


def shared_jupyter_lab() -> tuple[Path, str]:
    """(folder, URL) of one JupyterLab server for this process's tests (started at the first call,
    stopped when the process exits): each start costs several seconds."""
    if not _SHARED_LAB:
        folder = Path(tempfile.mkdtemp(prefix="jupyterlab-"))
        server = jupyter_lab(folder)
        _SHARED_LAB.update(folder=folder, url=server.__enter__())
        atexit.register(server.__exit__, None, None, None)
    return _SHARED_LAB["folder"], _SHARED_LAB["url"]


def _shut_down_kernels(url: str, context) -> None:
    """Stop every kernel of the server (the test's notebook's), so none computes on; with the
    browser context's XSRF cookie, as JupyterLab's own requests (a context that never reached
    JupyterLab has none, and started no kernel)."""
    xsrf = next((c["value"] for c in context.cookies(url) if c["name"] == "_xsrf"), None)
    if xsrf is None:
        return
    headers = {"X-XSRFToken": xsrf, "Cookie": f"_xsrf={xsrf}"}
    with urllib.request.urlopen(url + "api/sessions", timeout=10) as answer:
        sessions = json.load(answer)
    for session in sessions:
        request = urllib.request.Request(url + f"api/sessions/{session['id']}", method="DELETE", headers=headers)
        urllib.request.urlopen(request, timeout=30).close()


@contextlib.contextmanager
def cell_output_in_jupyterlab(browser, folder: Path, source: str, ready: str, errors: list):
    """A page of a real JupyterLab (this process's shared_jupyter_lab) with a notebook of one code
    cell, source, run with Shift+Enter; yields the page once the JavaScript expression ready is
    true (the output is there). The notebook is named after folder (the test's own) and opens in
    a workspace of its own, so no other test's notebook comes back. The page's uncaught
    exceptions, console errors and HTTP errors go to errors; a check that fails inside leaves a
    screenshot, folder/jupyterlab.png. Its kernel is shut down at the end."""
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                 "language": "python"}})
    notebook.cells = [nbformat.v4.new_code_cell(source)]
    served, url = shared_jupyter_lab()
    name = folder.name
    nbformat.write(notebook, served / f"{name}.ipynb")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch(page, errors)
    page.on("response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    try:
        page.goto(url + f"lab/workspaces/{name}/tree/{name}.ipynb?reset", timeout=120_000)
        page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor", timeout=120_000)
        wait_until(page, "() => document.querySelector('.jp-StatusBar-Widget') && "
                         "/[|] Idle/.test(document.body.innerText)", "the kernel starting", timeout_ms=120_000)
        page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").first.click()
        page.keyboard.press("Shift+Enter")
        wait_until(page, ready, "the cell's output", timeout_ms=120_000)
        yield page
    except AssertionError:
        page.screenshot(path=str(folder / "jupyterlab.png"))
        raise
    finally:
        _shut_down_kernels(url, context)
        context.close()
