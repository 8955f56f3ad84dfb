"""Figures for the pharmacokinetics chapter (all from the illustrative models in :mod:`ketcourse.science.pk`)."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from ketcourse.chapters.pharmacokinetics.content import COURSE_SCHEDULES
from ketcourse.engine.figures.output import FigureOutput
from ketcourse.engine.figures.style import add_axes, blank_figure, color, mark_illustrative, new_figure, plain_log_ticks
from ketcourse.engine.validate import one_of
from ketcourse.science import pk
from ketcourse.science import receptor as ph
from ketcourse.science.parameters import (
    ANAESTHESIA_BAND_NGML,
    ANAESTHETIC_INDUCTION_MG_PER_KG,
    ANALGESIA_BAND_NGML,
    ANTIDEPRESSANT_DOSE_MG_PER_KG,
    ANTIDEPRESSANT_INFUSION_MIN,
    ANTIDEPRESSANT_PEAK_NGML,
    DISSOCIATION_BAND_NGML,
    MEDIAN_RELAPSE_AFTER_COURSE_D,
    ROUTES,
    SINGLE_INFUSION_DURATION_D,
    Parameter,
)

#: The course's plasma-concentration bands (measured levels tabulated by Zanos 2018):
#: name -> (parameter, fill colour, label).
BANDS: dict[str, tuple[Parameter, str, str]] = {
    "analgesia": (ANALGESIA_BAND_NGML, "green", "analgesic dose"),
    "dissociation": (DISSOCIATION_BAND_NGML, "sky", "dissociation"),
    "anaesthesia": (ANAESTHESIA_BAND_NGML, "vermillion", "anaesthesia"),
}

#: Line colour of each route in the route figures.
ROUTE_COLOURS = {
    "iv": "black",
    "intranasal": "orange",
    "intranasal_esketamine": "purple",
    "sublingual": "green",
    "oral": "vermillion",
}

#: Routes offered by the explorer (the esketamine spray is left out: see the chapter).
EXPLORER_ROUTES = ("iv", "intranasal", "sublingual", "oral")

LOG_TICKS_NGML = (1, 3, 10, 30, 100, 300, 1000, 3000)


def standard_infusion() -> pk.Dose:
    """The literature's antidepressant infusion (see :func:`ketcourse.science.pk.standard_infusion`)."""
    return pk.standard_infusion()


def induction_bolus(dose_mg_per_kg: float = ANAESTHETIC_INDUCTION_MG_PER_KG.value) -> pk.Dose:
    """An IV induction dose given over 60 s (the label's rate), as a :class:`~ketcourse.science.pk.Dose`."""
    return pk.Dose(dose_mg_per_kg, "iv", 0.0, 1 / 60)


def explorer_dose(route: str, dose_mg_per_kg: float) -> pk.Dose:
    """The dose the explorer models: a 40-min infusion when intravenous, otherwise a single dose at time 0."""
    if route == "iv":
        return pk.Dose(dose_mg_per_kg, "iv", 0.0, ANTIDEPRESSANT_INFUSION_MIN.value / 60)
    return pk.Dose(dose_mg_per_kg, route)


def draw_bands(ax: Any, names: tuple[str, ...] = tuple(BANDS), *, log: bool = False, label_x: float = 0.995) -> None:
    """Shade plasma-concentration bands across ``ax`` and label them at the right edge.

    The analgesic-dose band overlaps the lower part of the dissociation band, so
    each label sits in the part of its band that the other does not cover.
    """
    for name in names:
        param, fill, label = BANDS[name]
        lo, hi = param.range
        ax.axhspan(lo, hi, color=color(fill), alpha=0.2, lw=0, zorder=0)
        bottom, top = lo, hi
        if name == "analgesia" and "dissociation" in names:
            top = DISSOCIATION_BAND_NGML.range[0]
        if name == "dissociation" and "analgesia" in names:
            bottom = ANALGESIA_BAND_NGML.range[1]
        y = float(np.sqrt(bottom * top)) if log else (bottom + top) / 2
        ax.text(
            label_x,
            y,
            f"{label} {lo:,.0f}–{hi:,.0f}",
            transform=ax.get_yaxis_transform(),
            ha="right",
            va="center",
            fontsize=8,
            color="#333333",
            zorder=1,
        )


def _log_conc_axis(ax: Any, low: float, high: float) -> None:
    ax.set_yscale("log")
    ax.set_ylim(low, high)
    plain_log_ticks(ax.yaxis, tuple(v for v in LOG_TICKS_NGML if low <= v <= high))


# --- Figure 1: the standard infusion, model against measurement ---------------
def infusion_peaks() -> dict[str, float]:
    """Peak (ng/mL) of the standard infusion in each model, and the measured peak it is compared with."""
    dose = standard_infusion()
    t = np.linspace(0, 4, 961)
    return {
        "one-compartment": pk.peak(t, pk.concentration(t, dose))[1],
        "two-compartment": pk.peak(t, pk.concentration_two_compartment(t, dose))[1],
        "measured": ANTIDEPRESSANT_PEAK_NGML.value,
    }


def infusion_figure() -> FigureOutput:
    """0.5 mg/kg over 40 min in the one- and two-compartment models, against the measured peak and levels."""
    dose = standard_infusion()
    t = np.linspace(0, 4, 961)
    c1 = pk.concentration(t, dose)
    c2 = pk.concentration_two_compartment(t, dose)
    t1, p1 = pk.peak(t, c1)
    _, p2 = pk.peak(t, c2)
    measured = ANTIDEPRESSANT_PEAK_NGML.value
    d_lo, d_hi = DISSOCIATION_BAND_NGML.range
    gap1, gap2 = (100 * (p / measured - 1) for p in (p1, p2))
    fig, ax = new_figure("wide")
    ax.axhspan(d_lo, d_hi, color=color("sky"), alpha=0.2, lw=0, zorder=0)
    ax.text(
        3.95,
        (d_lo + d_hi) / 2,
        f"measured during dissociation\n{d_lo:.0f}–{d_hi:.0f} ng/mL",
        ha="right",
        va="center",
        fontsize=8.5,
        color="#333333",
    )
    ax.axvspan(0, dose.duration_h, color=color("grey"), alpha=0.12, lw=0)
    ax.text(
        dose.duration_h / 2,
        285,
        f"infusion\n({60 * dose.duration_h:.0f} min)",
        ha="center",
        va="top",
        fontsize=8.5,
        color="#333333",
    )
    ax.plot(t, c1, color=color("blue"), lw=2.2, label=f"One-compartment model (peak {p1:.0f} ng/mL)")
    ax.plot(t, c2, color=color("orange"), lw=2.2, ls="--", label=f"Two-compartment model (peak {p2:.0f} ng/mL)")
    ax.plot([t1], [measured], "D", ms=9, color=color("black"), zorder=5, label=f"Measured peak ({measured:.0f} ng/mL)")
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 300)
    ax.set_xlabel("Time (h)")
    ax.set_ylabel("Plasma ketamine (ng/mL)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.62, 1.0), fontsize=8.5)
    mark_illustrative(fig)
    return FigureOutput(
        fig,
        "pk-infusion",
        caption=(
            f"Illustrative models of {dose.amount_mg_per_kg:g} mg/kg ketamine infused over {60 * dose.duration_h:.0f} "
            f"minutes, against measurement. The one-compartment model peaks at {p1:.0f} ng/mL, {abs(gap1):.0f}% "
            f"below the measured peak of about {measured:.0f} ng/mL (black diamond); the two-compartment model "
            f"peaks at {p2:.0f} ng/mL, {abs(gap2):.0f}% below it. The shaded band marks the {d_lo:.0f}–{d_hi:.0f} "
            "ng/mL measured during dissociation after the same infusion."
        ),
        alt=(
            "Line chart of plasma ketamine in ng/mL over 4 hours. During a grey 40-minute infusion period both "
            f"model curves rise, the solid blue one-compartment curve to {p1:.0f} ng/mL and the dashed orange "
            f"two-compartment curve to {p2:.0f} ng/mL, then fall to below 30 ng/mL by 4 hours. A black diamond at "
            f"the end of the infusion marks the measured peak of {measured:.0f} ng/mL, above both curves. A light "
            f"blue band from {d_lo:.0f} to {d_hi:.0f} ng/mL marks the levels measured during dissociation."
        ),
    )


# --- Figure 2: routes at the same mg/kg dose ----------------------------------
def routes_figure(dose_mg_per_kg: float = ANTIDEPRESSANT_DOSE_MG_PER_KG.value) -> FigureOutput:
    """Every route at the same weight-normalised dose: curves, and peak and AUC relative to IV."""
    t = np.linspace(0, 6, 1441)
    fig = blank_figure("tall")
    ax1, ax2 = add_axes(fig, 2, 1, gridspec_kw={"height_ratios": [3, 2]})
    peaks, aucs = {}, {}
    for key, route in ROUTES.items():
        dose = pk.Dose(dose_mg_per_kg, key)
        c = pk.concentration(t, dose)
        peaks[key] = pk.peak(t, c)[1]
        aucs[key] = pk.auc_ng_h_per_ml(dose)
        ax1.plot(t, c, color=color(ROUTE_COLOURS[key]), lw=2, label=route.name)
    ax1.set_xlim(0, 6)
    ax1.set_ylim(0, None)
    ax1.set_xlabel("Time (h)")
    ax1.set_ylabel("Plasma ketamine (ng/mL)")
    ax1.set_title(f"{dose_mg_per_kg:g} mg/kg by each route (IV as a bolus)")
    ax1.legend(loc="upper right", ncol=2, fontsize=8.5)
    keys = list(ROUTES)
    y = np.arange(len(keys))
    peak_pct = [100 * peaks[k] / peaks["iv"] for k in keys]
    auc_pct = [100 * aucs[k] / aucs["iv"] for k in keys]
    ax2.barh(y - 0.2, auc_pct, height=0.38, color=color("blue"), label="AUC (= bioavailability)")
    ax2.barh(y + 0.2, peak_pct, height=0.38, color=color("orange"), label="Peak concentration")
    ax2.set_yticks(y, [ROUTES[k].name for k in keys], fontsize=8.5)
    ax2.invert_yaxis()
    ax2.set_xlim(0, 105)
    ax2.set_xlabel("Relative to IV (%)")
    ax2.legend(loc="lower right", fontsize=8.5)
    mark_illustrative(fig)
    oral_peak, oral_auc = peak_pct[keys.index("oral")], auc_pct[keys.index("oral")]
    return FigureOutput(
        fig,
        "pk-routes",
        caption=(
            f"Illustrative one-compartment model of {dose_mg_per_kg:g} mg/kg given by each route. The area under "
            "the curve (AUC) relative to IV equals the bioavailability; the peak falls further than the AUC for "
            f"slowly absorbed routes (oral: AUC {oral_auc:.0f}% of IV, peak {oral_peak:.0f}%)."
        ),
        alt=(
            "Two panels. Top: five concentration curves over 6 hours for the same mg/kg dose. The intravenous curve "
            "starts highest and falls; the two intranasal curves peak at about half its height within about half "
            "an hour; sublingual and oral peak lowest and latest, oral at about "
            f"one hour. Bottom: paired horizontal bars per route showing AUC and peak as percent of intravenous; "
            f"for oral the AUC bar is {oral_auc:.0f}% and the peak bar {oral_peak:.0f}%."
        ),
    )


# --- Figure 3: anaesthetic induction vs antidepressant infusion -----------------
def induction_figure() -> FigureOutput:
    """An induction bolus vs the antidepressant infusion on a log concentration axis, with every band."""
    t = np.linspace(0, 3, 1801)
    minutes = 60 * t
    infusion = standard_infusion()
    high_dose = ANAESTHETIC_INDUCTION_MG_PER_KG.range[1]
    typical = ANAESTHETIC_INDUCTION_MG_PER_KG.value
    c_inf = pk.concentration_two_compartment(t, infusion)
    c_ind = pk.concentration_two_compartment(t, induction_bolus(typical))
    c_hi = pk.concentration_two_compartment(t, induction_bolus(high_dose))
    a_lo, a_hi = ANAESTHESIA_BAND_NGML.range
    p_ind, p_hi, p_inf = (pk.peak(t, c)[1] for c in (c_ind, c_hi, c_inf))
    hi_above = 60 * pk.time_above(t, c_hi, a_lo)
    fig, ax = new_figure("wide")
    draw_bands(ax, log=True)
    floor = 10.0
    ax.plot(
        minutes,
        np.maximum(c_hi, floor / 2),
        color=color("black"),
        lw=1.4,
        ls=":",
        label=f"{high_dose:g} mg/kg over 60 s (top of label range)",
    )
    ax.plot(
        minutes,
        np.maximum(c_ind, floor / 2),
        color=color("black"),
        lw=2.2,
        label=f"Induction: {typical:g} mg/kg over 60 s",
    )
    ax.plot(
        minutes,
        np.maximum(c_inf, floor / 2),
        color=color("blue"),
        lw=2.2,
        label=f"Antidepressant: {infusion.amount_mg_per_kg:g} mg/kg over {60 * infusion.duration_h:.0f} min",
    )
    _log_conc_axis(ax, floor, 5000)
    ax.set_xlim(0, 180)
    ax.set_xticks(range(0, 181, 30))
    ax.set_xlabel("Time (min)")
    ax.set_ylabel("Plasma ketamine (ng/mL, log scale)")
    ax.legend(loc="lower right", fontsize=8.5)
    mark_illustrative(fig)
    return FigureOutput(
        fig,
        "pk-induction",
        caption=(
            f"Illustrative two-compartment model: an induction dose of {typical:g} mg/kg peaks at about "
            f"{p_ind:,.0f} ng/mL, just short of the {a_lo:,.0f}–{a_hi:,.0f} ng/mL measured in anaesthesia after "
            f"1–2 mg/kg, so the model runs low in the first minutes after a rapid dose; the antidepressant infusion "
            f"peaks near {p_inf:.0f} ng/mL, about {p_ind / p_inf:.0f} times lower."
        ),
        alt=(
            "Line chart with a logarithmic concentration axis from 10 to 5,000 ng/mL over 180 minutes, with three "
            f"shaded bands: analgesic dose {ANALGESIA_BAND_NGML.range[0]:.0f} to {ANALGESIA_BAND_NGML.range[1]:.0f}, "
            f"dissociation {DISSOCIATION_BAND_NGML.range[0]:.0f} to {DISSOCIATION_BAND_NGML.range[1]:.0f} and "
            f"anaesthesia {a_lo:,.0f} to {a_hi:,.0f} ng/mL. The solid black induction curve jumps to about "
            f"{p_ind:,.0f} ng/mL within a minute, just below the anaesthesia band, and falls quickly; a dotted black "
            f"curve for {high_dose:g} mg/kg peaks at about {p_hi:,.0f} ng/mL, above the band, and stays above its "
            f"lower edge for about {hi_above:.0f} minutes. The blue antidepressant infusion rises slowly to about "
            f"{p_inf:.0f} ng/mL at "
            f"{60 * infusion.duration_h:.0f} minutes, inside the dissociation band."
        ),
    )


# --- Figure 4: a six-infusion course -------------------------------------------
def _course_grid(starts_h: list[float], horizon_h: float) -> np.ndarray:  # type: ignore[type-arg]
    pieces = [np.linspace(0, horizon_h, int(horizon_h * 2) + 1)]
    pieces += [np.linspace(s, s + 8, 481) for s in starts_h]
    grid = np.unique(np.concatenate(pieces))
    return grid[grid <= horizon_h]


def course_troughs(session_days: tuple[float, ...]) -> list[float]:
    """Model concentration (ng/mL) just before each infusion after the first, for a standard-infusion course."""
    doses = pk.course_doses(session_days)
    before = [d.start_h - 1e-6 for d in doses[1:]]
    return [float(v) for v in pk.concentration(before, doses)] if before else []


def _format_small(value: float) -> str:
    return "below 0.001 ng/mL" if value < 0.001 else f"{value:.2g} ng/mL"


def course_figure(schedule: str = "three_weekly") -> FigureOutput:
    """A six-infusion course by superposition, and three session schedules on one time line."""
    one_of(schedule, COURSE_SCHEDULES, "schedule")
    plan = COURSE_SCHEDULES[schedule]
    doses = pk.course_doses(plan.session_days)
    horizon_d = 49
    t = _course_grid([d.start_h for d in doses], 24 * horizon_d)
    c = pk.concentration(t, doses)
    peak_c = pk.peak(t, c)[1]
    trough = max(course_troughs(plan.session_days), default=0.0)
    fig = blank_figure("tall")
    ax1, ax2 = add_axes(fig, 2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    ax1.plot(t / 24, c, color=color("blue"), lw=1.4)
    ax1.set_ylim(0, 160)
    ax1.set_ylabel("Plasma ketamine (ng/mL)")
    ax1.set_title(f"Model of a course: {plan.short_label}")
    ax1.text(
        0.99,
        0.95,
        f"each infusion peaks near {peak_c:.0f} ng/mL;\nlevel just before the next one: {_format_small(trough)}",
        transform=ax1.transAxes,
        ha="right",
        va="top",
        fontsize=8.5,
    )
    rows = list(COURSE_SCHEDULES)
    week = SINGLE_INFUSION_DURATION_D.value
    for i, key in enumerate(rows):
        days = COURSE_SCHEDULES[key].session_days
        seed = key == "weeks_apart"
        ax2.plot(days, [i] * len(days), "o", ms=7, color=color("vermillion" if seed else "blue"))
        if seed:
            for d in days:
                ax2.barh(i, week, left=d, height=0.5, color=color("vermillion"), alpha=0.18, lw=0)
            ax2.text(
                days[1] + 1,
                i - 0.5,
                "shaded: about a week, how long one\ninfusion's benefit usually lasts",
                fontsize=8,
                va="center",
                color="#333333",
            )
        if key == schedule:
            relapse = days[-1] + MEDIAN_RELAPSE_AFTER_COURSE_D.value
            ax2.plot([relapse], [i], marker="|", ms=14, mew=2, color=color("black"))
            ax2.annotate(
                f"median relapse, {MEDIAN_RELAPSE_AFTER_COURSE_D.value:.0f} days after the course",
                (relapse, i),
                xytext=(6, 0),
                textcoords="offset points",
                fontsize=8,
                va="center",
            )
    ax2.set_yticks(range(len(rows)), [COURSE_SCHEDULES[k].short_label for k in rows], fontsize=8.5)
    ax2.set_ylim(len(rows) - 0.4, -0.6)
    ax2.set_xlim(-1, horizon_d)
    ax2.set_xlabel("Time (days)")
    mark_illustrative(fig)
    days_text = ", ".join(f"{d:g}" for d in plan.session_days)
    return FigureOutput(
        fig,
        f"pk-course-{schedule.replace('_', '-')}",
        caption=(
            f"Illustrative superposition model (top) of {len(doses)} infusions of {doses[0].amount_mg_per_kg:g} mg/kg "
            f"({plan.short_label}): "
            "each infusion is cleared within a day, so nothing accumulates between sessions. Below, session days "
            "of two published induction patterns and of the seed post's 'weeks apart' claim (placement of sessions "
            "within each week is illustrative)."
        ),
        alt=(
            "Two panels sharing a time axis in days. Top: narrow spikes of plasma ketamine, each about "
            f"{peak_c:.0f} ng/mL high, on days {days_text}, falling to zero between them. Bottom: three rows of "
            "dots marking session days: three a week for 12 days, twice weekly for 3 weeks, and three sessions "
            "three weeks apart, each of the last followed by a one-week shaded bar that leaves two-week gaps; a "
            f"tick marks the median relapse {MEDIAN_RELAPSE_AFTER_COURSE_D.value:.0f} days after the course."
        ),
    )


# --- Explorer frame -------------------------------------------------------------
EXPLORER_T_H = np.linspace(0, 6, 721)


def explorer_curve(route: str, dose: float) -> np.ndarray:  # type: ignore[type-arg]
    """Concentration (ng/mL) on :data:`EXPLORER_T_H`: the two-compartment model for IV, one compartment otherwise."""
    d = explorer_dose(route, dose)
    if route == "iv":
        return pk.concentration_two_compartment(EXPLORER_T_H, d)
    return pk.concentration(EXPLORER_T_H, d)


def draw_route_dose(fig: Figure, route: str, dose: float) -> None:
    """Concentration (with every band) and NMDA occupancy over 6 h for one route and mg/kg dose."""
    d = explorer_dose(route, dose)
    t = EXPLORER_T_H
    c = explorer_curve(route, dose)
    occ = 100 * ph.occupancy(c, "ng/mL")
    tp, cp = pk.peak(t, c)
    ax1, ax2 = add_axes(fig, 2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    draw_bands(ax1, log=True)
    floor = 1.0
    ax1.plot(t, np.maximum(c, floor / 2), color=color(ROUTE_COLOURS[route]), lw=2.2)
    ax1.plot([tp], [cp], "o", ms=7, color=color("black"), zorder=5)
    how = "over 40 min" if route == "iv" else "single dose"
    ax1.set_title(
        f"{ROUTES[route].name}, {dose:g} mg/kg ({how}): peak {cp:,.0f} ng/mL at {60 * tp:.0f} min; "
        f"AUC {pk.auc_ng_h_per_ml(d):,.0f} ng·h/mL",
        fontsize=9.5,
        loc="left",
    )
    _log_conc_axis(ax1, floor, 5000)
    ax1.set_ylabel("Plasma ketamine\n(ng/mL, log scale)")
    ax2.plot(t, occ, color=color(ROUTE_COLOURS[route]), lw=2.2)
    ax2.text(
        0.99,
        0.92,
        f"peak occupancy {float(np.max(occ)):.0f}%",
        transform=ax2.transAxes,
        ha="right",
        va="top",
        fontsize=8.5,
    )
    ax2.set_ylim(0, 100)
    ax2.set_xlim(0, 6)
    ax2.set_ylabel("NMDA receptors\noccupied (%)")
    ax2.set_xlabel("Time (h)")
    mark_illustrative(fig)
