"""History chapter: the event and status tables, their figures, the status explorer and the exercise checks."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.colors import to_hex

from ketcourse.chapters.history import checks as check
from ketcourse.chapters.history import content as history
from ketcourse.chapters.history import figures
from ketcourse.chapters.history.explorer import STATUS_YEARS, status_explorer
from ketcourse.engine import quiz
from ketcourse.engine.explorers.spec import frame_key
from ketcourse.engine.explorers.static import StaticExplorer
from ketcourse.engine.figures.output import FigureOutput
from ketcourse.engine.figures.style import PALETTE, blank_figure, is_marked_illustrative
from ketcourse.science.parameters import KETAMINE_POTENCY_VS_PCP

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), flags=re.MULTILINE)
)
YEARS = st.integers(min_value=history.YEAR_RANGE[0], max_value=history.YEAR_RANGE[1])


# --- the event table ---------------------------------------------------------
def test_events_are_chronological_with_unique_ids():
    positions = [e.decimal_year for e in history.EVENTS]
    assert positions == sorted(positions)
    ids = [e.id for e in history.EVENTS]
    assert len(ids) == len(set(ids))


def test_every_row_cites_existing_bib_keys():
    for e in history.EVENTS:
        assert e.sources, e.id
        assert set(e.sources) <= BIB_KEYS, f"{e.id}: {set(e.sources) - BIB_KEYS}"
    assert history.all_sources() <= BIB_KEYS
    assert KETAMINE_POTENCY_VS_PCP.source in BIB_KEYS


def test_key_dates_match_the_sources():
    assert history.event("synthesis").year == 1962
    first = history.event("first-human-study")
    assert (first.year, first.month, first.day) == (1964, 8, 3)
    assert history.event("fda-approval").year == 1970
    assert history.event("who-essential").year == 1985
    sched = history.event("schedule-iii")
    assert (sched.year, sched.month, sched.day) == (1999, 8, 12)
    assert history.event("berman-trial").year == 2000
    esk = history.event("esketamine-trd-us")
    assert (esk.year, esk.month, esk.day) == (2019, 3, 5)
    # EU-wide marketing authorisation date on the EMA EPAR (the press release is dated a day later).
    assert (history.event("esketamine-eu").month, history.event("esketamine-eu").day) == (12, 18)
    emergency = history.event("esketamine-eu-emergency")
    assert (emergency.year, emergency.month, emergency.day) == (2021, 2, None)
    assert (history.event("esketamine-suicidal").year, history.event("esketamine-suicidal").month) == (2020, 8)
    mono = history.event("esketamine-monotherapy")
    assert (mono.year, mono.month, mono.day) == (2025, 1, None)  # sources disagree on the day


def test_decimal_year_is_the_middle_of_the_stated_period():
    assert history.event("synthesis").decimal_year == pytest.approx(1962.5)
    # 3 Aug 1964 (leap year): 213 days precede 1 August, so the day's middle is (213 + 2 + 0.5) / 366.
    assert history.event("first-human-study").decimal_year == pytest.approx(1964 + 215.5 / 366)
    # January 2025: the middle of a 31-day month in a 365-day year.
    assert history.event("esketamine-monotherapy").decimal_year == pytest.approx(2025 + 15.5 / 365)


def test_date_text_keeps_the_sources_precision():
    assert history.event("synthesis").date_text == "1962"
    assert history.event("first-human-study").date_text == "3 Aug 1964"
    assert history.event("esketamine-monotherapy").date_text == "Jan 2025"


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(theme="war"), ValueError, "unknown theme 'war'"),
        (dict(sources=()), ValueError, "needs at least one source key"),
        (dict(month=None, day=3), ValueError, "has a day but no month"),
        (dict(month=2, day=30), ValueError, "day is out of range"),
    ],
)
def test_bad_event_rows_are_rejected(kwargs, error, match):
    row = dict(id="x", year=1970, month=1, day=1, theme="medical", label="L", detail="D", sources=("domino2010",))
    row.update(kwargs)
    with pytest.raises(error, match=match):
        history.Event(**row)


# --- lookups and year arithmetic --------------------------------------------
def test_years_between_hand_values_and_sign():
    assert history.years_between("synthesis", "first-human-study") == 2
    assert history.years_between("first-human-study", "fda-approval") == 6
    assert history.years_between("berman-trial", "esketamine-trd-us") == 19
    assert history.years_between("fda-approval", "first-human-study") == -6


def test_unknown_event_id_names_the_options():
    with pytest.raises(ValueError, match=r"unknown event id 'nope'; allowed: 'synthesis'"):
        history.event("nope")
    with pytest.raises(ValueError, match="unknown event id"):
        history.years_between("synthesis", "nope")


def test_events_filter_by_theme_and_years():
    esk = history.events("esketamine")
    assert [e.id for e in esk] == [
        "esketamine-trd-us",
        "esketamine-eu",
        "esketamine-suicidal",
        "esketamine-eu-emergency",
        "esketamine-monotherapy",
    ]
    assert {e.id for e in history.events(start=1999, end=2000)} == {"schedule-iii", "berman-trial"}
    assert history.events() == history.EVENTS


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: history.events("war"), ValueError, "unknown theme 'war'"),
        (lambda: history.events(start=2000, end=1990), ValueError, r"start \(2000\) must not be after end"),
        (lambda: history.events(start=1999.5), TypeError, "start must be a whole calendar year"),
        (lambda: history.statuses_in_force("1999"), TypeError, "year must be a whole calendar year"),
        (lambda: history.statuses_in_force(True), TypeError, "year must be a whole calendar year"),
        (lambda: history.us_schedule(1800), ValueError, "year must be between 1950 and 2100, got 1800"),
        (lambda: history.latest_event(2200), ValueError, "year must be between 1950 and 2100"),
        (lambda: history.us_depression_status("psilocybin", 2020), ValueError, "unknown product 'psilocybin'"),
        (lambda: history.us_depression_status("esketamine", 20.19), TypeError, "whole calendar year"),
    ],
)
def test_bad_inputs_raise_named_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_statuses_in_force_by_year():
    assert history.statuses_in_force(1969) == ()
    assert [s.id for s in history.statuses_in_force(1970)] == ["us-anaesthetic"]
    assert [s.id for s in history.statuses_in_force(1999)] == ["us-anaesthetic", "who-eml", "us-schedule-iii"]
    assert len(history.statuses_in_force(2019)) == 5
    assert len(history.statuses_in_force(history.STATUS_AS_OF)) == len(history.STATUSES)
    assert history.STATUS_AS_OF == 2025


@given(YEARS, YEARS)
def test_statuses_only_accumulate(a, b):
    early, late = sorted((a, b))
    assert set(history.statuses_in_force(early)) <= set(history.statuses_in_force(late))


@given(YEARS)
def test_us_schedule_is_a_known_schedule_and_matches_1999(year):
    result = history.us_schedule(year)
    assert result in history.US_SCHEDULES
    assert (result == "Schedule III") == (year >= 1999)


def test_us_depression_status():
    assert history.us_depression_status("esketamine", 2018) == "unavailable"
    assert history.us_depression_status("esketamine", 2019) == "approved"
    assert history.us_depression_status("racemic ketamine", 1969) == "unavailable"
    assert history.us_depression_status("racemic ketamine", 2024) == "off-label"
    assert set(history.OFF_LABEL_SOURCES) <= BIB_KEYS


def test_latest_event():
    assert history.latest_event(1961) is None
    assert history.latest_event(1964).id == "first-human-study"
    assert history.latest_event(2025).id == "esketamine-monotherapy"


def test_statuses_are_in_order_of_starting():
    starts = [s.start.decimal_year for s in history.STATUSES]
    assert starts == sorted(starts)
    assert all(set(s.sources) <= BIB_KEYS for s in history.STATUSES)


# --- figures -------------------------------------------------------------------
FIGURES = [figures.timeline_figure, figures.family_figure, figures.enantiomer_figure, figures.status_figure]


@pytest.fixture(scope="module", params=FIGURES, ids=lambda f: f.__name__)
def output(request) -> FigureOutput:
    return request.param()


def test_figures_have_caption_alt_and_unit_labels(output):
    assert len(output.alt.split()) >= 20, output.name
    assert len(output.caption.split()) >= 10, output.name
    for ax in output.figure.axes:
        if ax.axison:
            assert ax.get_xlabel() or ax.get_ylabel(), output.name
        for label in (ax.get_xlabel(), ax.get_ylabel()):
            if label:
                assert "(" in label and ")" in label, f"{output.name}: {label!r} has no unit"
    assert output.png.startswith(b"\x89PNG")


def test_figure_colours_are_from_the_palette(output):
    allowed = {v.lower() for v in PALETTE.values()}
    for ax in output.figure.axes:
        for line in ax.get_lines():
            if len(line.get_xdata()):
                assert to_hex(line.get_color()) in allowed, output.name


def test_model_figure_is_marked_illustrative_and_data_figures_are_not():
    out = figures.enantiomer_figure()
    assert is_marked_illustrative(out.figure)
    assert "illustrative" in out.caption.lower()
    for make in (figures.timeline_figure, figures.status_figure):
        assert not is_marked_illustrative(make().figure)


def test_timeline_draws_one_marker_per_event_from_the_table():
    out = figures.timeline_figure()
    (ax,) = out.figure.axes
    drawn = sorted(float(line.get_xdata()[0]) for line in ax.get_lines() if len(line.get_xdata()))
    assert drawn == pytest.approx([e.decimal_year for e in history.EVENTS])
    texts = [t.get_text() for t in ax.texts]
    for e in history.EVENTS:
        assert any(e.label in t for t in texts), e.label


def test_family_figure_quotes_the_parameters():
    out = figures.family_figure()
    assert "1/10" in out.caption
    assert "46" in out.alt


def test_status_chart_highlights_the_chosen_year():
    fig = blank_figure("tall")
    figures.draw_status(fig, 2000)
    title = fig.axes[0].get_title()
    n = len(history.STATUSES)
    assert f"3 of {n} in force" in title and "Schedule III" in title and "First placebo-controlled" in title
    assert "not federally controlled" in figures.status_alt(1990)
    assert f"0 of {n} had begun" in figures.status_alt(1962)


def test_label_limitation_on_suicide_is_complete():
    detail = history.event("esketamine-suicidal").detail
    assert "prevent suicide or to reduce suicidal ideation or behaviour" in detail


# --- explorer ------------------------------------------------------------------
def test_status_explorer_frames():
    ex = status_explorer()
    assert ex.n_frames == len(STATUS_YEARS) <= 30
    assert list(STATUS_YEARS) == sorted(set(STATUS_YEARS))
    default = ex.defaults()["year"]
    assert default != STATUS_YEARS[-1], "the default must not be the slider's last value"
    alts = {ex.alt(**values) for values in ex.combinations()}
    assert len(alts) == ex.n_frames


def test_status_explorer_static_frames_are_distinct():
    ex = status_explorer()
    html = StaticExplorer(ex).to_html()
    payload = re.search(r'<script type="application/json" class="kc-frames"[^>]*>(.*?)</script>', html, re.S)
    frames = json.loads(payload.group(1))
    assert len(frames) == ex.n_frames
    assert len({f["digest"] for f in frames.values()}) == len(frames)
    assert frame_key(ex, ex.defaults()) in frames


# --- quiz and exercise checks ----------------------------------------------------
def test_quiz_bank():
    bank = quiz.load_bank("history")
    assert len(bank.questions) >= 8
    for q in bank.questions:
        assert set(q.references) <= BIB_KEYS, q.id


def test_exercise_solutions_are_correct():
    assert check.task_1(history.years_between("first-human-study", "fda-approval")).passed
    assert check.task_1((6, "years")).passed
    assert check.task_2("not federally controlled").passed
    assert check.task_3(1 / KETAMINE_POTENCY_VS_PCP.value).passed
    assert check.task_4("off-label").passed
    assert check.task_5(" ".join(["word"] * 45)).passed


@pytest.mark.parametrize(
    "task, answer, message",
    [
        (check.task_1, 8, "you counted from the 1962 synthesis"),
        (check.task_1, -6, "the sign is reversed"),
        (check.task_1, (6, "days"), "Units: you gave days"),
        (check.task_2, "Schedule III", "only since 1999"),
        (check.task_2, "Schedule I", "is not one of the options"),
        (check.task_3, 0.1, "that is ketamine relative to PCP"),
        (check.task_4, "approved", "approved product for depression is esketamine"),
    ],
)
def test_typical_wrong_answers_get_specific_feedback(task, answer, message):
    fb = task(answer)
    assert fb.status == "incorrect"
    assert message in fb.message
