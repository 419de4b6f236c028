"""Per-layer arrays indexed by the book's layer number.

The book numbers the layers 0..L: a^[0] = X is the input, and W^[l], b^[l], z^[l], a^[l],
delta^[l], dW^[l], db^[l] belong to layer l = 1..L. A LayerList is indexed by that number, so
code reads like the equations (eqs. (forward), (delta-back), (grad-W)):

    z[l] = W[l] @ a[l - 1] + b[l]          for l = 1..L
    dW[l] = delta[l] @ a[l - 1].T          for l = L..1

net.W, net.b, trace.z, back.delta, back.dW, back.db and the (dW, db) of net.gradients hold layers
1..L; trace.a holds layers 0..L. As with a Python list, -1 is the last layer and negative indices
count from the end; len() is the number of layers held, and iterating yields them in order,
the lowest first (a^[0] first for trace.a). Index 0 of a list that starts at layer 1 is an error:
there is no W^[0].

Assigning to an entry of a list of parameter views (net.W, net.b, gradient buffers) copies into
the parameter vector, with the shape checked; in other lists it stores the new entry.
"""
import numpy as np


class LayerList:
    """The arrays name^[first], ..., name^[last] of consecutive layers, indexed by layer number.

    name: the symbol in the book ("W", "z", "delta", ...), used in error messages;
    first: the number of the first layer held (1, or 0 for the activations a^[0..L]);
    views: True when the entries are views into a parameter vector (net.theta or a gradient
    vector): assigning an entry then copies into it instead of replacing it.
    """

    def __init__(self, name, arrays, first=1, views=False):
        self.name = name
        self.first = first
        self.views = views
        self._items = list(arrays)

    @classmethod
    def empty(cls, name, L, first=1):
        """A list for layers first..L (1..L unless told) with nothing in it yet, to fill as name[l] = ..."""
        return cls(name, [None] * (L - first + 1), first)

    @property
    def last(self):
        """The number of the last layer held (L for a full network)."""
        return self.first + len(self._items) - 1

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def _position(self, l):
        """Where layer l sits in the underlying Python list; clear errors for layers that do not exist."""
        if isinstance(l, slice):
            raise TypeError(f"{self.name} is indexed by one layer number at a time, e.g. {self.name}[1]; "
                            f"for a Python list of all layers use list({self.name})")
        if isinstance(l, bool) or not isinstance(l, (int, np.integer)):
            raise TypeError(f"{self.name} is indexed by a layer number, e.g. {self.name}[1]; "
                            f"got {type(l).__name__} {l!r}")
        l, n = int(l), len(self._items)
        if -n <= l < 0:
            return n + l
        if self.first <= l <= self.last:
            return l - self.first
        numbered = f"layers are numbered {self.first}..L, here {self.first}..{self.last}"
        if l == 0:
            raise IndexError(f"{numbered}: there is no {self.name}^[0]; the input is a^[0] = X")
        raise IndexError(f"{numbered}: there is no {self.name}^[{l}] (negative indices count "
                         f"from the end, -1 is layer {self.last})")

    def __getitem__(self, l):
        return self._items[self._position(l)]

    def __setitem__(self, l, value):
        i = self._position(l)
        if not self.views:
            self._items[i] = value
            return
        target = self._items[i]
        value = np.asarray(value, dtype=float)
        if value.shape != target.shape:
            raise ValueError(f"{self.name}[{self.first + i}] needs an array of shape {target.shape}; "
                             f"got shape {value.shape}")
        target[...] = value

    def assign_all(self, values, label):
        """Copy a whole list of arrays (layer 1 first) into the parameters, shapes checked first.

        label: how the caller wrote the list, e.g. "net.W", for the error messages.
        """
        try:
            values = list(values)
        except TypeError:
            raise ValueError(f"{label} must be a list of {len(self)} arrays, one per layer; got "
                             f"{type(values).__name__}") from None
        if len(values) != len(self):
            raise ValueError(f"{label} needs {len(self)} arrays, one per layer; got {len(values)}")
        arrays = [np.asarray(v, dtype=float) for v in values]
        for l, (target, value) in enumerate(zip(self._items, arrays), start=self.first):
            if value.shape != target.shape:
                raise ValueError(f"{label}[{l}] needs an array of shape {target.shape}; "
                                 f"got shape {value.shape}")
        for target, value in zip(self._items, arrays):
            target[...] = value

    def __repr__(self):
        entries = ",\n".join(f" {self.name}[{l}] = {item!r}".replace("\n", "\n ")
                             for l, item in enumerate(self._items, start=self.first))
        return f"LayerList(\n{entries})"


def in_layer_order(values, L, name):
    """A student's per-layer values as a Python list, layer 1 first.

    values: a LayerList, a list or tuple (layer 1 first), or a dict keyed by the layer numbers
    1..L (dW = {} and then dW[l] = ... reads like the equations in plain Python).
    """
    if isinstance(values, dict):
        if sorted(values, key=str) != sorted(range(1, L + 1), key=str):
            raise ValueError(f"{name}: a dict of layers needs the keys 1..{L}, the layer numbers; "
                             f"got the keys {sorted(values, key=str)}")
        return [values[l] for l in range(1, L + 1)]
    return list(values)
