"""book/_ext/static_math.py: the maths of a page typeset at build time (node, and MathJax from
book/_ext/node_modules, which `make test` installs before the tests)."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from sphinx.errors import ExtensionError  # noqa: E402

import static_math  # noqa: E402

BODY = (
    '<p>A sum <span class="math notranslate nohighlight">\\(a &lt; b_{[l]}\\)</span> and</p>\n'
    '<div class="math notranslate nohighlight" id="equation-back">\n'
    '<span class="eqno">(3)<a class="headerlink" href="#equation-back">#</a></span>\\[\n'
    '\\delta^{[l]} = \\frac{\\partial C_0}{\\partial z^{[l]}}\n\\]</div>\n<p>end</p>'
)


@pytest.fixture(scope="module")
def mathjax():
    process = static_math.MathJaxProcess()
    yield process
    process.close()


def test_each_formula_becomes_mathjax_markup_with_mathml(mathjax):
    body, n = static_math.typeset("page", BODY, mathjax)
    assert n == 2
    assert "\\(" not in body and "\\[" not in body
    assert body.count("<mjx-container") == 2 and body.count('display="true"') >= 1
    # the hidden MathML a screen reader reads: "<" unescaped for TeX, then written as MathML
    assert "<mo>&lt;</mo>" in body and "<mi>δ</mi>" in body
    # the equation number and its link stay, before the formula
    assert body.index('<span class="eqno">(3)') < body.index('<mjx-container class="MathJax" jax="CHTML" display')
    assert body.startswith("<p>A sum <span") and body.endswith("</div>\n<p>end</p>")


def test_a_page_without_maths_is_unchanged(mathjax):
    assert static_math.typeset("page", "<p>no maths</p>", mathjax) == ("<p>no maths</p>", 0)


def test_a_tex_error_names_the_page_and_the_formula(mathjax):
    bad = '<span class="math notranslate nohighlight">\\(\\frac{1}{\\)</span>'
    with pytest.raises(ExtensionError, match=r"(?s)page book/x: Missing close brace.*in: \\frac\{1\}\{"):
        static_math.typeset("book/x", bad, mathjax)
    # the process goes on serving the next page
    assert static_math.typeset("page", BODY, mathjax)[1] == 2


def test_the_stylesheet_holds_the_fonts_of_what_was_typeset(mathjax):
    static_math.typeset("page", BODY, mathjax)
    css = mathjax.ask({"stylesheet": True})["css"]
    assert "@font-face" in css and static_math.FONT_URL in css
    assert "mjx-c1D6FF" in css  # the italic delta of the formula above
