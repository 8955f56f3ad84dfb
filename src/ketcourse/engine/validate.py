"""Input checks shared by the library: clear errors that name the bad value."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

T = TypeVar("T")


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
        raise TypeError(f"{name} must be a number or an array of numbers, got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if not allow_negative and np.any(arr < 0):
        bad = arr[arr < 0].flat[0]
        raise ValueError(f"{name} must be >= 0, got {bad:g}")
    if not allow_zero and np.any(arr == 0):
        raise ValueError(f"{name} must be > 0, got 0")
    return arr


def positive_float(value: float, name: str) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    out = float(value)
    if not math.isfinite(out) or out <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return out


def nonnegative_float(value: float, name: str) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    out = float(value)
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
        raise ValueError(f"unknown {name} {value!r}; allowed: {listed}")
    return value


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
