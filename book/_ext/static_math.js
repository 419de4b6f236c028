// Typesets TeX into MathJax's CommonHTML markup at build time, for book/_ext/static_math.py.
//
// Reads one JSON request per line on stdin and answers each with one JSON line on stdout:
//   {"math": [[tex, display], ...]}  ->  {"html": [markup, ...]}  or  {"error": message, "tex": tex}
//   {"stylesheet": true}             ->  {"css": the CommonHTML styles of every character used so far}
// The markup is what MathJax 3 puts in the page (with the assistive MathML that screen readers
// read); MathJax itself, its components and its fonts come from node_modules (npm ci).
'use strict';
const readline = require('readline');
const mathjax = require('mathjax');

const FONT_URL = process.argv[2];  // the woff fonts, relative to where the stylesheet is served

mathjax.init({
  // versionWarnings: the liteDOM adaptor carries no version number, which is no reason to warn
  loader: {load: ['input/tex', 'output/chtml', 'adaptors/liteDOM', 'a11y/assistive-mml'], versionWarnings: false},
  tex: {formatError: (jax, err) => { throw err; }},  // a TeX error is the build's error
  chtml: {fontURL: FONT_URL},
  startup: {typeset: false},
}).then((MathJax) => {
  const adaptor = MathJax.startup.adaptor;
  const answer = (value) => process.stdout.write(JSON.stringify(value) + '\n');
  readline.createInterface({input: process.stdin}).on('line', (line) => {
    const request = JSON.parse(line);
    if (request.stylesheet) {
      answer({css: adaptor.textContent(MathJax.chtmlStylesheet())});
      return;
    }
    const html = [];
    for (const [tex, display] of request.math) {
      try {
        html.push(adaptor.outerHTML(MathJax.tex2chtml(tex, {display})));
      } catch (err) {
        answer({error: String(err.message || err), tex});
        return;
      }
    }
    answer({html});
  });
}).catch((err) => {
  process.stderr.write(`MathJax failed to start: ${err.stack || err}\n`);
  process.exit(1);
});
