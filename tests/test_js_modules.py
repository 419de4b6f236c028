"""nnlib.viz.js_modules: the page's modules inlined in dependency order, their sibling imports cut
out for the loader, bad module graphs named. (The loader itself runs in a browser in
tests/browser/test_js_modules.py.)"""
import json

import pytest

from nnlib.viz.js_modules import JS_DIR, explorer_html, module_parts, module_script, split_imports


def test_split_imports_cuts_at_every_sibling_specifier_and_nowhere_else():
    source = ('import { A } from "./a.js";\nimport {\n  B,\n  C,\n} from \'./b-c.js\';\n'
              'export { D } from "./d.js";\nimport x from "lib";\nconst s = "from ./e.js";\n')
    parts = split_imports(source)
    assert parts[1::2] == ["a.js", "b-c.js", "d.js"]
    # put back with the specifiers quoted as before, the source is unchanged
    quotes = ['"', "'", '"']
    assert "".join(p if k % 2 == 0 else f"{quotes[k // 2]}./{p}{quotes[k // 2]}" for k, p in enumerate(parts)) == source


def test_module_parts_put_every_module_after_its_imports():
    parts = module_parts("playground.js")
    names = [name for name, _ in parts]
    assert names[-1] == "playground.js" and len(set(names)) == len(names)
    for position, (name, pieces) in enumerate(parts):
        assert all(names.index(dependency) < position for dependency in pieces[1::2]), name
    assert {"matrix.js", "network.js", "activations.js", "costs.js"} <= set(names)
    assert "".join(parts[0][1]) == (JS_DIR / names[0]).read_text(encoding="utf8")


def test_a_missing_module_or_a_cycle_is_named(tmp_path):
    (tmp_path / "a.js").write_text('import { b } from "./b.js";\nexport const a = 1;\n')
    with pytest.raises(ValueError, match=r"no module 'b.js' in .* \(imported by a.js\)"):
        module_parts("a.js", tmp_path)
    (tmp_path / "b.js").write_text('import { a } from "./a.js";\nexport const b = 2;\n')
    with pytest.raises(ValueError, match=r"import cycle among the page's modules: a.js -> b.js -> a.js"):
        module_parts("a.js", tmp_path)


def test_module_script_cannot_be_ended_early_by_a_source(tmp_path):
    (tmp_path / "m.js").write_text('export const tag = "</script><!-- not a comment";\n')
    script = module_script("m.js", "console.log(exports.tag);", tmp_path)
    inner = script.removeprefix('<script type="module">').removesuffix("</script>")
    assert "</" not in inner and "<!--" not in inner
    modules = inner.split("const modules = ", 1)[1].split(";\n", 1)[0]
    assert json.loads(modules.replace("<\\!--", "<!--")) == [["m.js", ['export const tag = "</script><!-- not a comment";\n']]]


def test_explorer_html_mounts_the_config_on_its_element(tmp_path):
    (tmp_path / "m.js").write_text("export function mount(root, config) { root.config = config; }\n")
    html = explorer_html("m.js", "mount", {"label": "</script>", "x": [1.5]}, "ex-1", folder=tmp_path)
    div, script = html.split("\n", 1)
    assert div == '<div id="ex-1" class="nnjs-explorer"></div>'
    assert script == module_script("m.js", 'exports.mount(document.getElementById("ex-1"), '
                                           '{"label": "<\\/script>", "x": [1.5]});', tmp_path)
