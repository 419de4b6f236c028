"""What every self-check shares: the result object and the loop that runs a student's function.

A check never raises. It calls the student's function on several cases (fixed edge cases
and fresh random ones), compares with an independent reference and returns a
:class:`CheckResult` that reads well as the last expression of a notebook cell (HTML) and
as plain text.
"""
from __future__ import annotations

import copy
import html
import numbers
import os
import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..layer_list import LayerList

NOT_IMPLEMENTED = (
    "not implemented yet: replace the `raise NotImplementedError(...)` line in your "
    "function with your code"
)

PASS_COLOR, PASS_BG = "#1a7f37", "#eaf7ee"
FAIL_COLOR, FAIL_BG = "#b42318", "#fdeceb"


# --------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------
@dataclass
class FailedCase:
    """The first case a student's function got wrong."""

    label: str  # what the case is about, e.g. "square W_next: a missing transpose shows"
    index: int  # 1-based position among the check's cases
    inputs: dict  # argument name -> value, as passed to the function
    expected: Any = None
    got: Any = None
    hint: str = ""


@dataclass
class CheckResult:
    """Outcome of one self-check. Truthy when passed; displays itself in a notebook."""

    name: str
    passed: bool
    message: str
    n_cases: int = 0
    equation: str = ""
    case: FailedCase | None = None
    hint_text: str = field(default="", repr=False)  # hint when there is no case (e.g. not callable)

    def __bool__(self):
        return bool(self.passed)

    # convenient access to the first failing case
    @property
    def inputs(self):
        return None if self.case is None else self.case.inputs

    @property
    def expected(self):
        return None if self.case is None else self.case.expected

    @property
    def got(self):
        return None if self.case is None else self.case.got

    @property
    def hint(self):
        return self.case.hint if self.case is not None and self.case.hint else self.hint_text

    # ---- display ---------------------------------------------------------------------
    def title(self):
        if self.passed:
            return f"✓ passed: {self.name} ({self.n_cases} cases)"
        if self.case is not None:
            where = f"case {self.case.index} of {self.n_cases}"
            if self.case.label:
                where += f" ({self.case.label})"
            return f"✗ {self.name} failed on {where}"
        return f"✗ {self.name} failed"

    def __str__(self):
        lines = [self.title(), f"  {self.message}"]
        if self.case is not None:
            c = self.case
            lines.append("  inputs:")
            for k, v in c.inputs.items():
                lines.append(_indent(f"{k} = {format_value(v)}", 4))
            if c.expected is not None or c.got is not None:
                lines.append(_indent("expected:\n" + _indent(format_value(c.expected), 2), 2))
                lines.append(_indent("got:\n" + _indent(format_value(c.got), 2), 2))
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        if self.equation:
            lines.append(f"  equation: {self.equation}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self):
        e = html.escape
        color, bg = (PASS_COLOR, PASS_BG) if self.passed else (FAIL_COLOR, FAIL_BG)
        pre = 'style="margin:0;font-size:85%;white-space:pre;background:transparent"'
        cell = 'style="text-align:left;vertical-align:top;padding:2px 10px 2px 0"'
        out = [
            f'<div class="nnlib-check" style="border-left:6px solid {color};background:{bg};'
            f'padding:8px 12px;margin:6px 0;font-family:sans-serif;line-height:1.4">',
            f'<div style="font-weight:bold;color:{color}">{e(self.title())}</div>',
        ]
        if self.message:
            out.append(f"<div>{e(self.message)}</div>")
        c = self.case
        if c is not None:
            if c.inputs:
                out.append(f'<table style="margin-top:6px;border-collapse:collapse"><tr><th {cell}>input</th>'
                           f'<th {cell}>value</th></tr>')
                for k, v in c.inputs.items():
                    out.append(f"<tr><td {cell}><code>{e(str(k))}</code></td>"
                               f"<td {cell}><pre {pre}>{e(format_value(v))}</pre></td></tr>")
                out.append("</table>")
            if c.expected is not None or c.got is not None:
                out.append(f'<table style="margin-top:6px;border-collapse:collapse"><tr>'
                           f"<th {cell}>expected</th><th {cell}>got</th></tr><tr>"
                           f"<td {cell}><pre {pre}>{e(format_value(c.expected))}</pre></td>"
                           f"<td {cell}><pre {pre}>{e(format_value(c.got))}</pre></td></tr></table>")
        if self.hint:
            out.append(f'<div style="margin-top:6px"><b>Hint:</b> {e(self.hint)}</div>')
        if self.equation:
            out.append(f'<div style="margin-top:4px;font-size:85%;color:#555">'
                       f"Equation: {e(self.equation)}</div>")
        out.append("</div>")
        return "\n".join(out)


def _indent(text, n):
    pad = " " * n
    return "\n".join(pad + line for line in str(text).splitlines())


def format_value(v, precision=6):
    """A short, readable rendering of numbers, arrays and (nested) lists of arrays."""
    if v is None:
        return "None"
    if isinstance(v, Raised):
        return str(v)
    if isinstance(v, bool):
        return repr(v)
    if isinstance(v, numbers.Real) and not isinstance(v, np.ndarray):
        return _fmt_number(float(v))
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "fiub" and v.ndim == 0:
            return f"{_fmt_number(float(v))}  (0-d array)"
        with np.printoptions(precision=precision, suppress=False, linewidth=100, threshold=200):
            body = np.array2string(v, separator=", ") if v.dtype.kind in "fiub" else repr(v)
        return f"array, shape {v.shape}:\n{body}" if v.ndim >= 2 else f"array, shape {v.shape}: {body}"
    if isinstance(v, dict):
        return "\n".join(f"{k} = {format_value(x, precision)}" for k, x in v.items())
    if isinstance(v, LayerList):
        parts = [f"layers {v.first} to {v.last}:"]
        for l, x in enumerate(v, start=v.first):
            parts.append(_indent(f"{v.name}[{l}] {format_value(x, precision)}", 2))
        return "\n".join(parts)
    if isinstance(v, (list, tuple)):
        kind = "list" if isinstance(v, list) else "tuple"
        if len(v) == 0:
            return f"empty {kind}"
        if all(isinstance(x, numbers.Real) and not isinstance(x, np.ndarray) for x in v):
            return ("(" if kind == "tuple" else "[") + ", ".join(_fmt_number(float(x)) for x in v) + (
                ")" if kind == "tuple" else "]")
        parts = [f"{kind} of {len(v)}:"]
        for i, x in enumerate(v):
            parts.append(_indent(f"[{i}] {format_value(x, precision)}", 2))
        return "\n".join(parts)
    text = repr(v)
    return text if len(text) <= 300 else text[:300] + "…"


def _fmt_number(x):
    return f"{x:.8g}"


def describe_type(v):
    """'None', 'float', 'array of shape (2, 3)', 'list of 2', ... for messages."""
    if v is None:
        return "None"
    if isinstance(v, np.ndarray):
        return f"array of shape {v.shape}"
    if isinstance(v, (list, tuple)):
        return f"{type(v).__name__} of length {len(v)}"
    if isinstance(v, LayerList):
        return f"LayerList of layers {v.first} to {v.last}"
    return type(v).__name__


# --------------------------------------------------------------------------------------
# Running the student's function
# --------------------------------------------------------------------------------------
@dataclass
class Case:
    """One input set for a check: label, named inputs (passed positionally, in order) and expected."""

    label: str
    inputs: dict
    expected: Any = None


@dataclass
class Failure:
    """What an evaluator returns when the student's answer for a case is wrong."""

    message: str
    hint: str = ""
    got: Any = None
    expected: Any = None


class Raised:
    """Placeholder for 'got' when the student's function raised."""

    def __init__(self, exc):
        self.exc = exc

    def __str__(self):
        return f"raised {type(self.exc).__name__}: {self.exc}"


def fresh_rng():
    """A new generator seeded from the operating system: different cases on every run."""
    return np.random.default_rng(int.from_bytes(os.urandom(8), "little"))


def call_student(fn, args):
    """Call fn(*args) with numpy warnings silenced. Returns (value, None) or (None, exception)."""
    try:
        with np.errstate(all="ignore"):
            return fn(*args), None
    except Exception as exc:  # noqa: BLE001 - a check never raises; KeyboardInterrupt still stops it
        return None, exc


def where_raised(exc):
    """'line 3 in my_fn: return W @ d' for the innermost frame outside numpy, this package and
    the layer container (whose IndexError says what went wrong; the line to show is the student's)."""
    frames = traceback.extract_tb(exc.__traceback__)
    here = os.path.dirname(os.path.abspath(__file__))
    container = os.path.abspath(LayerList.__init__.__code__.co_filename)
    user = [f for f in frames if not os.path.abspath(f.filename).startswith(here)
            and os.path.abspath(f.filename) != container
            and "site-packages" not in f.filename and f"{os.sep}numpy{os.sep}" not in f.filename]
    if not user:
        return ""
    f = user[-1]
    line = f": `{f.line.strip()}`" if f.line else ""
    return f"line {f.lineno} in {f.name}{line}"


def exception_hint(exc, shape_hint=""):
    """A hint for common exceptions in students' numpy code."""
    text = str(exc)
    low = text.lower()
    if isinstance(exc, ValueError) and ("mismatch in its core dimension" in low or "not aligned" in low):
        return ("A matrix product got shapes that do not fit. " + (shape_hint or
                "Write the shape of each factor next to it: (a, b) @ (b, c) -> (a, c).")).strip()
    if isinstance(exc, ValueError) and "broadcast" in low:
        return ("Two arrays of different shapes were combined element-wise. " + (shape_hint or
                "Write the shape of each array next to it.")).strip()
    if isinstance(exc, TypeError) and ("only length-1" in low or "only size-1" in low
                                        or "0-dimensional arrays can be converted" in low):
        return ("A function from the `math` module (math.exp, ...) got an array. Use the numpy "
                "versions (np.exp, ...), which work element-wise on arrays.")
    if isinstance(exc, OverflowError):
        return ("math.exp overflowed for a large |z|. Use np.exp (it gives inf instead of raising) "
                "and a formula that stays finite, e.g. s = 1 / (1 + np.exp(-z)), then s * (1 - s).")
    if isinstance(exc, NameError):
        return ("A name used in your function is not defined. In a notebook, run the cell that "
                "defines it first (and check its spelling).")
    if isinstance(exc, AttributeError) and ("'float' object" in low or "'int' object" in low):
        return ("Your function got a plain number and used an array attribute on it. Use numpy "
                "functions (np.exp, np.asarray(z), ...) so it works for numbers and arrays alike.")
    if shape_hint and any(w in low for w in ("shape", "dimension", "aligned", "broadcast")):
        return shape_hint
    return ("Read the error message and the line it points to; calling your function on the "
            "inputs shown below reproduces it.")


def run_check(name, fn, cases, evaluate, equation, shape_hint=""):
    """Run fn on each case in order and stop at the first failure.

    evaluate(case, args, got) returns None when the answer is right, else a Failure. args are
    the (deep-copied) arguments after the call, so in-place updates and unwanted changes to the
    inputs are visible to it. Never raises.
    """
    n = len(cases)
    if not callable(fn):
        return CheckResult(
            name, False, f"expected a function, got {describe_type(fn)}.", n, equation,
            hint_text="Pass the function itself, without calling it: check(my_function), "
                      "not check(my_function()).")
    for i, case in enumerate(cases, 1):
        args = copy.deepcopy(list(case.inputs.values()))
        got, exc = call_student(fn, args)
        shown_inputs = dict(case.inputs)
        if isinstance(exc, NotImplementedError):
            return CheckResult(name, False, NOT_IMPLEMENTED, n, equation, hint_text=(
                "Each exercise starts with a stub that raises NotImplementedError; the check "
                "runs as soon as your function returns a value."))
        if exc is not None:
            hint = exception_hint(exc, shape_hint)
            if isinstance(exc, TypeError) and ("positional argument" in str(exc) or "keyword argument" in str(exc)):
                hint = (f"The check calls your function with {len(case.inputs)} arguments, as "
                        f"fn({', '.join(case.inputs)}): check the parameters in its `def` line.")
            where = where_raised(exc)
            msg = f"your function raised {type(exc).__name__}: {exc}"
            if where:
                msg += f" ({where})"
            return CheckResult(name, False, msg, n, equation, FailedCase(
                case.label, i, shown_inputs, case.expected, Raised(exc), hint))
        try:
            failure = evaluate(case, args, got)
        except Exception as err:  # noqa: BLE001 - e.g. an exotic return value we could not compare
            failure = Failure(f"could not compare your result with the expected one "
                              f"({type(err).__name__}: {err}); got {describe_type(got)}.", got=got)
        if failure is not None:
            return CheckResult(name, False, failure.message, n, equation, FailedCase(
                case.label, i, shown_inputs,
                case.expected if failure.expected is None else failure.expected,
                got if failure.got is None else failure.got, failure.hint))
    return CheckResult(name, True, f"your function agrees with the reference on all {n} cases.",
                       n, equation)


# --------------------------------------------------------------------------------------
# Comparing numbers
# --------------------------------------------------------------------------------------
def as_float_array(v):
    """np.asarray(v, float), or None when v is not numeric (None, a tuple of arrays, text, ...)."""
    if v is None:
        return None
    try:
        a = np.asarray(v, dtype=float)
    except (TypeError, ValueError):
        return None
    return a


def random_weights(rng, n_out, n_in):
    """A random (n_out, n_in) weight matrix, rounded to 4 decimals. A square one gets a strictly
    upper-triangular 1 added, so W and W^T differ clearly and a missing transpose shows."""
    W = np.round(rng.normal(0, 1, (n_out, n_in)), 4)
    if n_out == n_in:
        W = W + np.triu(np.full((n_in, n_in), 1.0), 1)
    return W


def as_number(v):
    """float(v) for a number or a one-element array, else None."""
    if isinstance(v, numbers.Real):
        return float(v)
    arr = as_float_array(v)
    if arr is None or arr.size != 1:
        return None
    return float(arr.reshape(()))


def shape_failure(what, expected_shape, got, extra_hint=""):
    """A Failure for a return value of the wrong type or shape, or None if the shape is right."""
    if got is None:
        return Failure(f"{what} is None; expected an array of shape {expected_shape}.",
                       "Did you forget the `return` statement?")
    a = as_float_array(got)
    if a is None:
        return Failure(f"{what} should be an array of numbers of shape {expected_shape}; "
                       f"got {describe_type(got)}.", extra_hint)
    if a.shape == tuple(expected_shape):
        return None
    hint = extra_hint
    if len(expected_shape) == 2 and a.shape == tuple(expected_shape)[::-1]:
        hint = ("Your result is transposed: its rows and columns are swapped. " + extra_hint).strip()
    elif len(expected_shape) == 2 and expected_shape[1] == 1 and a.shape == (expected_shape[0],):
        hint = ("It lost its column dimension: keep it with keepdims=True in np.sum(..., axis=1, "
                "keepdims=True), or reshape(-1, 1).")
    return Failure(f"{what} has shape {a.shape}, expected shape {tuple(expected_shape)}.", hint)


def close(got, expected, rtol, atol):
    got, expected = np.asarray(got, float), np.asarray(expected, float)
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol))


def all_close(gots, expecteds, rtol, atol):
    return len(gots) == len(expecteds) and all(close(g, x, rtol, atol) for g, x in zip(gots, expecteds))


def worst_mismatch(got, expected, rtol, atol, name=""):
    """'at [1, 2]: expected 0.1234, got 0.0617' for the entry that is furthest off."""
    got, expected = np.asarray(got, float), np.asarray(expected, float)
    bad = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    if not bad.any():
        return ""
    diff = np.where(bad, np.abs(np.nan_to_num(got - expected, nan=np.inf)), -1.0)
    idx = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    where = f"{name}[{', '.join(str(int(i)) for i in idx)}]" if idx else (name or "the value")
    return f"{where}: expected {_fmt_number(float(expected[idx]))}, got {_fmt_number(float(got[idx]))}"


def nonfinite_where(arrays, names):
    """Name of the first array holding NaN or inf, with the entry, or ''."""
    for a, nm in zip(arrays, names):
        a = np.asarray(a, float)
        if not np.all(np.isfinite(a)):
            idx = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
            at = f"{nm}[{', '.join(map(str, idx))}]" if idx else nm
            return f"{at} is {a[idx]}"
    return ""


def common_ratio(gots, expecteds, rtol=1e-4, atol=1e-9):
    """The number c with got = c * expected for every entry, if there is one (and c != 1), else None."""
    g = np.concatenate([np.ravel(np.asarray(x, float)) for x in gots])
    x = np.concatenate([np.ravel(np.asarray(x, float)) for x in expecteds])
    if g.shape != x.shape or not np.all(np.isfinite(g)):
        return None
    xx = float(x @ x)
    if xx < 1e-20:
        return None
    c = float(g @ x) / xx
    if abs(c - 1) < 1e-6 or not np.allclose(g, c * x, rtol=rtol, atol=atol):
        return None
    return c


def ratio_hint(c, m=None):
    """Words for a constant factor between the student's answer and the right one."""
    if c is None:
        return ""
    if abs(c) < 1e-12:
        return "Every number you returned is 0: the function seems to return zeros."
    txt = f"Every number you returned is {c:.4g} times the right one"
    if abs(c - 0.5) < 1e-3:
        return txt + (": a factor 2 is missing. The loss has no 1/2, C_0 = (a - y)^2, so its "
                      "derivative is 2 (a - y).")
    if abs(c - 2) < 1e-3:
        return txt + ": there is an extra factor 2."
    if abs(c + 1) < 1e-3:
        return txt + ": the sign is wrong. It is a - y (prediction minus target), not y - a."
    if m is not None and m > 1 and abs(c - m) < 1e-3 * m:
        return txt + f" (m = {m}): the 1/m of the average over the m examples is missing."
    if m is not None and m > 1 and abs(c - 1 / m) < 1e-3 / m:
        return txt + f" (1/m with m = {m}): you divide by m once too often."
    return txt + "."


def elementwise_failure(case, args, got, symbol, inplace_hint, overflow_hint):
    """What every check of an element-wise function fn(z) tests before the values themselves.

    The result must have z's shape (a single number for a single z), z must be left unchanged
    and every entry must be finite. Returns (Failure or None, the result as a float array).
    """
    (z_in,) = case.inputs.values()
    expected = case.expected
    fail = shape_failure("your result", np.shape(expected), got)
    if fail is not None and np.ndim(expected) == 0 and as_float_array(got) is not None:
        fail = Failure(f"for a single number z your function should return a single number "
                       f"(shape ()); got {describe_type(got)}.",
                       "Avoid wrapping the result in a list or np.array([...]).")
    if fail is not None:
        return fail, None
    g = as_float_array(got)
    if not np.array_equal(np.asarray(args[0]), np.asarray(z_in)):
        return Failure("your function changed its input z in place.", inplace_hint), g
    bad = nonfinite_where([g], [symbol])
    if bad:
        return Failure(f"your function returned NaN or inf: {bad}.", overflow_hint), g
    return None, g


def constant_hint(g):
    """A hint when every entry of the result is the same number (it ignores z)."""
    if g.size > 1 and np.all(np.abs(g - g.ravel()[0]) < 1e-12):
        return "Every entry you returned is the same number: the result must depend on z."
    return ""
