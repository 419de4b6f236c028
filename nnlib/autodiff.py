"""A scalar reverse-mode automatic differentiation: the computational graph of the book's
chapter "Computational graphs and backprop blocks" (eqs. (graph-local) and (graph-backward)).

A Value holds one number, ``data``. Every operation on Values makes a new Value that records
its ``parents`` (the Values it was computed from) and, next to each parent, the ``local``
derivative d(this)/d(parent), computed in the forward step. ``root.backward()`` then visits
the graph from ``root`` back to its leaves and applies the chain rule at every node,

    grad(parent) += local * grad(node),      starting from grad(root) = 1,        (graph-backward)

so that afterwards ``v.grad`` is d(root)/d(v) for every Value ``v`` in root's graph. A Value
used by several later nodes collects one term from each of them (the sum above).

    >>> a, b, c = Value(3.0, "a"), Value(1.0, "b"), Value(-2.0, "c")
    >>> f = (a + b) * c
    >>> f.backward()
    >>> f.data, a.grad, b.grad, c.grad
    (-8.0, -2.0, -2.0, 4.0)

``backward()`` first sets the grad of every node of root's graph to 0, so calling it twice
gives the same numbers (nothing accumulates between calls). To differentiate a sum of two
results, differentiate the sum: ``(C1 + C2).backward()``.

Plain numbers mix with Values (``2 * a``, ``a - 1``): they become leaf Values labelled by
their value. The idea and the shape of this file follow micrograd (A. Karpathy).
"""
import math
import numbers
from typing import NamedTuple


def _number(x, what):
    """x as a finite float, or a clear TypeError / ValueError."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        hint = " To give a Value a name, pass it as label: Value(2.0, label='a')." if isinstance(x, str) else ""
        if hasattr(x, "shape"):
            hint = " A Value holds one number; for arrays use nnlib.Network or nnlib.layers."
        raise TypeError(f"{what} must be a real number; got {type(x).__name__} {x!r}.{hint}")
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"{what} must be a finite number; got {x}")
    return x


class GraphNode(NamedTuple):
    """One node of a drawn graph: its label, the operation that made it, its value and gradient."""

    label: str
    op: str  # "" for a leaf, else "+", "-", "*", "/", "neg", "**2", "sigmoid", "relu", "tanh", "exp", "log"
    data: float
    grad: float


class GraphEdge(NamedTuple):
    """An edge parent -> child (node indices), carrying the local derivative d(child)/d(parent)."""

    parent: int
    child: int
    local: float


class Value:
    """One number in a computational graph, with the gradient d(root)/d(this) after root.backward().

    Local derivative rules (eq. (graph-local)), d(result)/d(operand):
      a + b      1 and 1                 a - b    1 and -1            -a   -1
      a * b      b and a                 a / b    1/b and -a/b^2
      a ** n     n a^(n-1)  (n a plain number)
      sigmoid    s (1 - s), s = sigmoid(a)       tanh   1 - t^2, t = tanh(a)
      relu       1 if a > 0 else 0 (0 at the kink)
      exp        e^a                     log      1/a
    """

    __slots__ = ("data", "grad", "parents", "local", "op", "label")
    __array_ufunc__ = None  # numpy arrays must not try to combine element-wise with a Value

    def __init__(self, data, label="", *, parents=(), local=(), op=""):
        self.data = _number(data, "data")
        if not isinstance(label, str):
            raise TypeError(f"label must be a string such as 'a'; got {type(label).__name__} {label!r}")
        if len(parents) != len(local):
            raise ValueError(f"need one local derivative per parent; got {len(parents)} parents "
                             f"and {len(local)} local derivatives")
        self.grad = 0.0
        self.parents = tuple(parents)
        self.local = tuple(float(d) for d in local)
        self.op = op
        self.label = label

    def __repr__(self):
        name = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{name})"

    def named(self, label):
        """Give this Value a label (shown when its graph is drawn); returns the Value itself."""
        if not isinstance(label, str):
            raise TypeError(f"label must be a string such as 'e'; got {type(label).__name__} {label!r}")
        self.label = label
        return self

    # --- building the graph: each operation with its local derivative(s) -------------------
    @staticmethod
    def _wrap(other):
        """A Value for other: itself, or a leaf for a plain number (None if other is neither)."""
        if isinstance(other, Value):
            return other
        if isinstance(other, numbers.Real) and not isinstance(other, bool):
            return Value(other, f"{float(other):g}")
        return None

    def _result(self, data, op, parents, local):
        if not (math.isfinite(data) and all(math.isfinite(d) for d in local)):
            what = "the result" if not math.isfinite(data) else "its local derivative"
            raise OverflowError(
                f"{op} of {', '.join(f'{p.data:g}' for p in parents)}: {what} is too large for a "
                f"float. Use smaller numbers.")
        return Value(data, parents=parents, local=local, op=op)

    def __add__(self, other):
        """a + b; local derivatives 1 and 1."""
        other = self._wrap(other)
        if other is None:
            return NotImplemented
        return self._result(self.data + other.data, "+", (self, other), (1.0, 1.0))

    def __radd__(self, other):
        other = self._wrap(other)
        return NotImplemented if other is None else other + self

    def __sub__(self, other):
        """a - b; local derivatives 1 and -1."""
        other = self._wrap(other)
        if other is None:
            return NotImplemented
        return self._result(self.data - other.data, "-", (self, other), (1.0, -1.0))

    def __rsub__(self, other):
        other = self._wrap(other)
        return NotImplemented if other is None else other - self

    def __neg__(self):
        """-a; local derivative -1."""
        return self._result(-self.data, "neg", (self,), (-1.0,))

    def __mul__(self, other):
        """a * b; local derivatives b (for a) and a (for b)."""
        other = self._wrap(other)
        if other is None:
            return NotImplemented
        return self._result(self.data * other.data, "*", (self, other), (other.data, self.data))

    def __rmul__(self, other):
        other = self._wrap(other)
        return NotImplemented if other is None else other * self

    def __truediv__(self, other):
        """a / b; local derivatives 1/b and -a/b^2."""
        other = self._wrap(other)
        if other is None:
            return NotImplemented
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by a Value equal to 0 (in {self.data:g} / {other.data:g})")
        a, b = self.data, other.data
        try:
            data, local = a / b, (1.0 / b, -a / b / b)
        except OverflowError:
            data, local = math.inf, (math.inf, math.inf)
        return self._result(data, "/", (self, other), local)

    def __rtruediv__(self, other):
        other = self._wrap(other)
        return NotImplemented if other is None else other / self

    def __pow__(self, n):
        """a ** n for a plain number n; local derivative n a^(n-1)."""
        if isinstance(n, Value):
            raise TypeError("the exponent must be a plain number (a ** 2), not a Value: "
                            "for a variable exponent write (b * a.log()).exp()")
        n = _number(n, "the exponent")
        a = self.data
        if a == 0.0 and n < 0:
            raise ZeroDivisionError(f"0 ** {n:g}: a negative power of 0 is undefined")
        if a < 0.0 and not n.is_integer():
            raise ValueError(f"({a:g}) ** {n:g}: a non-integer power of a negative number is not a real number")
        try:
            data, local = a ** n, (n * a ** (n - 1) if n != 0 else 0.0)
        except OverflowError:
            data, local = math.inf, math.inf
        except ZeroDivisionError:  # 0 ** n with 0 < n < 1: the slope is infinite at 0
            raise ValueError(f"0 ** {n:g}: the derivative n a^(n-1) is infinite at a = 0") from None
        return self._result(data, f"**{n:g}", (self,), (local,))

    def __rpow__(self, other):
        raise TypeError("the exponent must be a plain number: number ** Value is not supported; "
                        "write (Value * log(number)).exp() instead")

    def sigmoid(self):
        """sigma(a) = 1 / (1 + e^(-a)); local derivative sigma(a) (1 - sigma(a))."""
        a = self.data
        s = 1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a))
        return self._result(s, "sigmoid", (self,), (s * (1.0 - s),))

    def tanh(self):
        """tanh(a); local derivative 1 - tanh(a)^2."""
        t = math.tanh(self.data)
        return self._result(t, "tanh", (self,), (1.0 - t * t,))

    def relu(self):
        """max(0, a); local derivative 1 if a > 0 else 0 (we take 0 at the kink a = 0)."""
        positive = self.data > 0
        return self._result(self.data if positive else 0.0, "relu", (self,), (1.0 if positive else 0.0,))

    def exp(self):
        """e^a; local derivative e^a."""
        try:
            e = math.exp(self.data)
        except OverflowError:
            e = math.inf
        return self._result(e, "exp", (self,), (e,))

    def log(self):
        """ln a for a > 0; local derivative 1/a."""
        if self.data <= 0:
            raise ValueError(f"log needs a positive number; got {self.data:g}")
        return self._result(math.log(self.data), "log", (self,), (1.0 / self.data,))

    # --- going backward ----------------------------------------------------------------------
    def topological_order(self):
        """Every Value this one depends on (itself included), each after all of its parents.

        Iterative depth-first search, so a long chain does not hit Python's recursion limit.
        """
        order, seen, stack = [], {id(self)}, [(self, iter(self.parents))]
        while stack:
            node, parents = stack[-1]
            for p in parents:
                if id(p) not in seen:
                    seen.add(id(p))
                    stack.append((p, iter(p.parents)))
                    break
            else:
                stack.pop()
                order.append(node)
        return order

    def backward(self):
        """Set v.grad = d(self)/d(v) for every Value v of this graph (the chain rule).

        All grads of the graph are first set to 0 and grad(self) to 1; then each node, from
        self back to the leaves, adds local * grad(node) to the grad of each of its parents.
        A node is visited only after every node that uses it, so its grad is complete then.
        """
        order = self.topological_order()
        for v in order:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):
            for p, d in zip(v.parents, v.local):
                p.grad += d * v.grad

    def graph(self):
        """(nodes, edges) of this Value's graph, for drawing: nodes in topological order
        (a list of GraphNode; self is last), edges as GraphEdge(parent index, child index, local)."""
        order = self.topological_order()
        index = {id(v): i for i, v in enumerate(order)}
        nodes = [GraphNode(v.label, v.op, v.data, v.grad) for v in order]
        edges = [GraphEdge(index[id(p)], i, d) for i, v in enumerate(order) for p, d in zip(v.parents, v.local)]
        return nodes, edges
