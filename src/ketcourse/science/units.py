"""Concentration units: ng/mL and µM, converted through ketamine's molecular weight."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ketcourse.engine.validate import UNIT_SPELLINGS, as_float_array, one_of, short_repr
from ketcourse.science.parameters import MOLECULAR_WEIGHT

UNIT_ALIASES = UNIT_SPELLINGS
"""Accepted spellings of each concentration unit, mapped to the canonical name."""


def canonical_unit(unit: str) -> str:
    """Return the canonical spelling (``"ng/mL"`` or ``"µM"``) of a concentration unit.

    Raises
    ------
    ValueError
        If ``unit`` is not a known spelling of ng/mL or µM.
    """
    if not isinstance(unit, str):
        raise TypeError(f"unit must be a string such as 'ng/mL' or 'µM', got {short_repr(unit)}")
    one_of(unit, UNIT_ALIASES, "concentration unit")
    return UNIT_ALIASES[unit]


def ngml_to_um(conc_ngml: ArrayLike) -> NDArray[np.float64]:
    """Convert a ketamine concentration from ng/mL to µM.

    1 ng/mL = 1 µg/L; dividing by the molecular weight (g/mol) gives µmol/L.
    """
    arr = as_float_array(conc_ngml, "concentration (ng/mL)")
    return arr / MOLECULAR_WEIGHT.value


def um_to_ngml(conc_um: ArrayLike) -> NDArray[np.float64]:
    """Convert a ketamine concentration from µM to ng/mL.

    Raises ``ValueError`` if the result would not fit in a float (above about 7.5e305 µM).
    """
    arr = as_float_array(conc_um, "concentration (µM)")
    with np.errstate(over="ignore"):
        out = arr * MOLECULAR_WEIGHT.value
    if not np.all(np.isfinite(out)):
        big = float(np.max(arr))
        raise ValueError(f"concentration (µM) {big:g} is too large to express in ng/mL")
    return out


def to_um(conc: ArrayLike, unit: str) -> NDArray[np.float64]:
    """Return ``conc`` (given in ``unit``, ng/mL or µM) in µM."""
    if canonical_unit(unit) == "µM":
        return as_float_array(conc, "concentration (µM)")
    return ngml_to_um(conc)


def to_ngml(conc: ArrayLike, unit: str) -> NDArray[np.float64]:
    """Return ``conc`` (given in ``unit``, ng/mL or µM) in ng/mL."""
    if canonical_unit(unit) == "ng/mL":
        return as_float_array(conc, "concentration (ng/mL)")
    return um_to_ngml(conc)
