"""Explorer for the pharmacokinetics chapter: route and mg/kg dose -> concentration and NMDA occupancy."""

from __future__ import annotations

import numpy as np

from ketcourse.chapters.pharmacokinetics.content import FAVA2018_ARMS
from ketcourse.chapters.pharmacokinetics.figures import EXPLORER_ROUTES, EXPLORER_T_H, draw_route_dose, explorer_curve
from ketcourse.engine.explorers.spec import Choice, Explorer, Slider
from ketcourse.science import pk
from ketcourse.science import receptor as ph
from ketcourse.science.parameters import ANAESTHETIC_INDUCTION_MG_PER_KG, ANTIDEPRESSANT_DOSE_MG_PER_KG, ROUTES

#: Doses offered (mg/kg): the four arms of the dose-ranging trial and the usual IV induction dose.
EXPLORER_DOSES_MG_PER_KG: tuple[float, ...] = tuple(
    sorted({d for d, _ in FAVA2018_ARMS} | {ANAESTHETIC_INDUCTION_MG_PER_KG.value})
)


def _route_label(route: str) -> str:
    return "Intravenous, 40-min infusion" if route == "iv" else ROUTES[route].name


def _alt(route: str, dose: float) -> str:
    c = explorer_curve(route, dose)
    tp, cp = pk.peak(EXPLORER_T_H, c)
    occ = 100 * float(np.max(ph.occupancy(c, "ng/mL")))
    return (
        f"Two panels over 6 hours for {dose:g} mg/kg, {_route_label(route).lower()}. Top: plasma "
        f"ketamine on a log scale peaks at about {cp:,.0f} ng/mL after {60 * tp:.0f} minutes, drawn over shaded "
        "analgesic-dose, dissociation and anaesthesia bands. Bottom: NMDA-receptor occupancy peaks at about "
        f"{occ:.0f}%."
    )


def _draw(fig, route: str, dose: float) -> None:  # type: ignore[no-untyped-def]
    draw_route_dose(fig, route, dose)


def route_dose_explorer() -> Explorer:
    """Pick a route and a literature mg/kg dose; see plasma concentration against the bands and NMDA occupancy."""
    return Explorer(
        name="pk-route-dose",
        title="Explore: route, dose, plasma level and receptor occupancy",
        controls=(
            Choice("route", "Route", tuple((_route_label(r), r) for r in EXPLORER_ROUTES), "iv"),
            Slider(
                "dose",
                "Dose",
                "mg/kg",
                EXPLORER_DOSES_MG_PER_KG,
                ANTIDEPRESSANT_DOSE_MG_PER_KG.value,
            ),
        ),
        draw=_draw,
        alt=_alt,
        caption=(
            "Illustrative models: intravenous infusions use the two-compartment model, which comes closest to the "
            "measured peak; other routes a one-compartment model with each route's average bioavailability and "
            "absorption rate. Occupancy from the Hill model of the NMDA chapter. Real people vary widely, and these "
            "curves are not a guide to dosing anyone."
        ),
        figsize="tall",
    )
