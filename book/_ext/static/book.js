/* The book's own page script (book/_ext/book_style.py adds it, deferred, to every page). */
(function () {
  'use strict';

  // A display formula wider than the column scrolls sideways (the theme makes each one a
  // scroll container). A keyboard user can scroll only what can take the focus (WCAG 2.1.1,
  // axe-core's scrollable-region-focusable), so a formula that overflows joins the tab order.
  // Measured when the browser is idle once the page is loaded (the maths is typeset at build
  // time, book/_ext/static_math.py; where MathJax runs in the page, once it has typeset it),
  // and again after a resize; the html element's data-wide-math says it is done.
  function markWideMath() {
    document.querySelectorAll('div.math mjx-container').forEach(function (math) {
      if (math.scrollWidth > math.clientWidth + 1) {
        math.setAttribute('tabindex', '0');
      } else if (math.getAttribute('tabindex') === '0') {
        math.removeAttribute('tabindex');
      }
    });
    document.documentElement.setAttribute('data-wide-math', 'marked');
  }

  function whenIdle(fn) {
    if (window.requestIdleCallback) { window.requestIdleCallback(fn, {timeout: 1000}); } else { setTimeout(fn, 200); }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var mathjax = window.MathJax;
    if (mathjax && mathjax.startup && mathjax.startup.promise) {
      mathjax.startup.promise.then(function () { whenIdle(markWideMath); });
    } else {
      whenIdle(markWideMath);
    }
    var timer = null;
    window.addEventListener('resize', function () {
      clearTimeout(timer);
      timer = setTimeout(markWideMath, 250);
    });
  });
})();
