"""Input checks shared by the library: clear errors that name the bad value.

Every message is bounded in length: a long value is shown by its first
offending item (index, value and how many items are bad), never in full.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

T = TypeVar("T")

#: Largest number of points a model may put on a time grid (or loop over in Python).
#: Two million points take a few seconds and about 32 MB; anything larger is refused.
MAX_GRID_POINTS = 2_000_000

#: Longest ``repr`` of a value quoted in an error message.
MAX_REPR = 60

#: Array kinds accepted as numbers: integers, unsigned integers, floats, and objects
#: (converted one by one, e.g. ``fractions.Fraction``). Booleans, complex numbers,
#: strings and dates are refused.
_NUMERIC_KINDS = "iufO"


def short_repr(value: Any, limit: int = MAX_REPR) -> str:
    """``repr(value)``, cut to ``limit`` characters with ``...`` (arrays are summarised by shape)."""
    if isinstance(value, np.ndarray) and value.size > 8:
        return f"an array of shape {value.shape}"
    if isinstance(value, (list, tuple)) and len(value) > 8:
        return f"a {type(value).__name__} of {len(value)} items"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def first_offender(arr: NDArray[Any], mask: NDArray[np.bool_]) -> str:
    """Describe the first ``True`` item of ``mask``: its index, value and how many there are."""
    if arr.ndim == 0:
        return f"got {arr.item():g}"
    flat = int(np.argmax(mask.ravel()))
    index = flat if arr.ndim == 1 else tuple(int(i) for i in np.unravel_index(flat, arr.shape))
    count = int(np.count_nonzero(mask))
    return f"got {arr.ravel()[flat]:g} at index {index} ({count} of {arr.size} values)"


def as_float_array(
    value: ArrayLike, name: str, *, allow_negative: bool = False, allow_zero: bool = True
) -> NDArray[np.float64]:
    """Convert ``value`` to a float array, rejecting non-numbers, NaN and bad signs.

    Raises
    ------
    TypeError
        If ``value`` is not a real number or array of real numbers.
    ValueError
        If it contains NaN/inf, a negative value (unless allowed) or zero (unless allowed).
    """
    if isinstance(value, (str, bytes)) or value is None or isinstance(value, bool):
        raise TypeError(f"{name} must be a number or an array of numbers, got {short_repr(value)}")
    try:
        raw = np.asarray(value)
        if raw.dtype.kind not in _NUMERIC_KINDS:
            raise TypeError
        arr = np.asarray(raw, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{name} must be a number or an array of numbers, got {short_repr(value)}") from None
    bad = ~np.isfinite(arr)
    if np.any(bad):
        raise ValueError(f"{name} must be finite, {first_offender(arr, bad)}")
    if not allow_negative:
        neg = arr < 0
        if np.any(neg):
            raise ValueError(f"{name} must be >= 0, {first_offender(arr, neg)}")
    if not allow_zero:
        zero = arr == 0
        if np.any(zero):
            raise ValueError(f"{name} must be > 0, {first_offender(arr, zero)}")
    return arr


def _number(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {short_repr(value)}")
    try:
        return float(value)
    except OverflowError:  # an int too large for a float
        raise ValueError(f"{name} must be a finite number, got an integer of {len(str(value))} digits") from None


def positive_float(value: float, name: str) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number > 0."""
    out = _number(value, name)
    if not math.isfinite(out) or out <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return out


def nonnegative_float(value: float, name: str) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number >= 0."""
    out = _number(value, name)
    if not math.isfinite(out) or out < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return out


def fraction(value: float, name: str) -> float:
    """Return ``value`` as a float in [0, 1], or raise."""
    out = nonnegative_float(value, name)
    if out > 1:
        raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
    return out


def one_of(value: T, allowed: Iterable[T], name: str) -> T:
    """Return ``value`` if it is in ``allowed``, else raise ``ValueError`` listing the options."""
    options = list(allowed)
    if value not in options:
        listed = ", ".join(repr(o) for o in options)
        raise ValueError(f"unknown {name} {short_repr(value)}; allowed: {listed}")
    return value


def grid_points(span: float, step: float, what: str, unit: str = "") -> int:
    """Number of steps of size ``step`` needed to cover ``span`` (``span >= 0``, ``step > 0``).

    Raises
    ------
    ValueError
        If the grid would have more than :data:`MAX_GRID_POINTS` points; the message names the span,
        the step and the longest span that step allows.
    """
    u = f" {unit}" if unit else ""
    steps = span / step  # a float (inf for a tiny step), never an exception
    if not steps + 1 <= MAX_GRID_POINTS:
        longest = (MAX_GRID_POINTS - 1) * step
        raise ValueError(
            f"{what}: {span:g}{u} in steps of {step:g}{u} would need {steps + 1:.3g} points, more than the limit "
            f"of {MAX_GRID_POINTS:,}; use a larger step or at most {longest:.4g}{u}"
        )
    return math.ceil(steps)


def check_size(arr: NDArray[Any], name: str) -> None:
    """Refuse an array with more than :data:`MAX_GRID_POINTS` items (for models that loop over it)."""
    if arr.size > MAX_GRID_POINTS:
        raise ValueError(f"{name} has {arr.size:,} points, more than the limit of {MAX_GRID_POINTS:,}")


def finite_result(result: T, what: str) -> T:
    """Return ``result`` if every value in it is finite, else raise ``ValueError`` (the inputs overflowed).

    Call it on a result computed under ``np.errstate(over="ignore", invalid="ignore")``.
    """
    if not np.all(np.isfinite(np.asarray(result, dtype=float))):
        raise ValueError(f"{what} is too large to represent as a floating-point number; use smaller inputs")
    return result


#: Accepted spellings of each unit, mapped to the canonical name.
UNIT_SPELLINGS = {
    "ng/mL": "ng/mL",
    "ng/ml": "ng/mL",
    "ug/L": "ng/mL",
    "µg/L": "ng/mL",
    "uM": "µM",
    "µM": "µM",
    "μM": "µM",
    "umol/L": "µM",
    "µmol/L": "µM",
}
