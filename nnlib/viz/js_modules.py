"""Ship the page's ES modules (nnlib/viz/js) inside a notebook output, with no path to resolve.

An output's HTML is shown by the built book (a page under _build/html) and by JupyterLab (an
output area, whose page is JupyterLab's own): a relative `import "./x.js"` would resolve against
a different place in each. So module_script inlines the sources of the entry module and of every
module it imports (`from "./x.js"`, recursively), and a short loader turns them into modules in
the page: each becomes a Blob URL, dependencies first, with its `./x.js` specifiers replaced by
the Blob URLs of those dependencies. Nothing is fetched, so it works offline in both faces.

    html = '<div id="pg"></div>' + module_script("playground.js", "exports.mountPlayground(...)")
"""
import json
import re
from pathlib import Path

JS_DIR = Path(__file__).parent / "js"
# a static import or re-export of a sibling module: ... from "./x.js" (the specifier is group 2)
SIBLING_IMPORT = re.compile(r"""\b(?:import|export)\b[^;'"]*?\bfrom\s*(["'])\./([\w.-]+\.js)\1""")

LOADER_JS = """const urls = {};
for (const [name, parts] of modules) { // dependencies first: every ./x.js below is in urls already
  const code = parts.map((part, k) => (k % 2 ? JSON.stringify(urls[part]) : part)).join("");
  urls[name] = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
}
const exports = await import(urls[modules[modules.length - 1][0]]);"""


def split_imports(source):
    """source cut at its sibling import specifiers: [code, "x.js", code, "y.js", code, ...]; the
    specifiers (odd items, names without "./") are where the loader puts each dependency's URL."""
    parts, start = [], 0
    for match in SIBLING_IMPORT.finditer(source):
        quote_start, quote_end = match.start(1), match.end()
        parts += [source[start:quote_start], match.group(2)]
        start = quote_end
    return [*parts, source[start:]]


def module_parts(entry, folder=JS_DIR):
    """[(name, split_imports(source)), ...] for entry and every module it imports from folder,
    each after all it imports (entry last). A missing module or an import cycle raises ValueError."""
    ordered, visiting = {}, []

    def visit(name):
        if name in ordered:
            return
        if name in visiting:
            raise ValueError(f"import cycle among the page's modules: {' -> '.join([*visiting, name])}")
        path = Path(folder) / name
        if not path.is_file():
            importer = f" (imported by {visiting[-1]})" if visiting else ""
            raise ValueError(f"no module {name!r} in {folder}{importer}")
        visiting.append(name)
        parts = split_imports(path.read_text(encoding="utf8"))
        for dependency in parts[1::2]:
            visit(dependency)
        visiting.pop()
        ordered[name] = parts

    visit(entry)
    return list(ordered.items())


def script_safe_json(value):
    """JSON that can sit inside a <script> element: no "</" (which would end it) and no "<!--"."""
    return json.dumps(value).replace("</", "<\\/").replace("<!--", "<\\!--")


def module_script(entry, body, folder=JS_DIR):
    """A <script type="module"> that loads entry (a file of folder) and its imports from inlined
    sources through Blob URLs, then runs body, JavaScript in which `exports` is entry's module
    namespace (e.g. "exports.mountPlayground(root, config);")."""
    return (f'<script type="module">\nconst modules = {script_safe_json(module_parts(entry, folder))};\n'
            f"{LOADER_JS}\n{body}\n</script>")


def explorer_html(entry, mount, config, element_id, classes="nnjs-explorer", folder=JS_DIR):
    """An explorer as an output's HTML: an empty <div id=element_id> and the module_script of
    entry that builds it, calling entry's mount(root, config) with config (JSON-ready)."""
    return (f'<div id="{element_id}" class="{classes}"></div>\n'
            + module_script(entry, f"exports.{mount}(document.getElementById({json.dumps(element_id)}), "
                                   f"{script_safe_json(config)});", folder))
