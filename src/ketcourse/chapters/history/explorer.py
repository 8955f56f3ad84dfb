"""Explorer for the chapter *What ketamine is*: regulatory status year by year."""

from __future__ import annotations

from matplotlib.figure import Figure

from ketcourse.chapters.history import content as history
from ketcourse.chapters.history.figures import draw_status, status_alt
from ketcourse.engine.explorers.spec import Explorer, Slider

#: Years the explorer offers: each year in which an approval or control began, plus a few turning points.
STATUS_YEARS: tuple[int, ...] = tuple(
    sorted({e.year for e in history.EVENTS if e.theme in ("origins", "medical", "control", "esketamine")})
)


def _draw(fig: Figure, year: float) -> None:
    draw_status(fig, int(year))


def _alt(year: float) -> str:
    return status_alt(int(year))


def status_explorer() -> Explorer:
    """Move through the years and see which approvals and controls were in force."""
    default = history.event("fda-approval").year
    return Explorer(
        name="history-status",
        title="Explore: what was ketamine's legal and medical status in a given year?",
        controls=(Slider("year", "End of year", "", STATUS_YEARS, default),),
        draw=_draw,
        alt=_alt,
        caption=(
            "Bars are solid once an approval or control has begun and faint before. The status is read at the "
            "end of each calendar year; national rules outside the US and EU are not shown."
        ),
        figsize="tall",
    )
