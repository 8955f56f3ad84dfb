"""Explorers for the chapter on appraising popular claims."""

from __future__ import annotations

from ketcourse.chapters.appraisal import content as ap
from ketcourse.chapters.appraisal.figures import draw_claim_evidence
from ketcourse.engine.explorers.spec import Explorer, Slider

#: Positions of the seed slider: 0 is every post, then S0–S4.
SEED_STEPS: tuple[str | None, ...] = (None, *ap.SEEDS)


def seed_for_step(step: float) -> str | None:
    """The seed post at slider step ``step`` (``None`` for "All posts")."""
    index = int(step)
    if index != step or not 0 <= index < len(SEED_STEPS):
        raise ValueError(f"seed step must be an integer from 0 to {len(SEED_STEPS) - 1}, got {step!r}")
    return SEED_STEPS[index]


def _draw(fig, step: float) -> None:  # type: ignore[no-untyped-def]
    draw_claim_evidence(fig, seed_for_step(step))


def _alt(step: float) -> str:
    seed = seed_for_step(step)
    shown = ap.claims_for_seed(seed)
    above = sum(1 for c in shown if c.gap > 0)
    who = "all five seed posts" if seed is None else f"seed post {seed}"
    ids = ", ".join(str(c.number) for c in shown)
    return (
        f"Scatter of claim strength against evidence strength with {who} highlighted: {len(shown)} claims "
        f"(numbers {ids}), of which {above} sit above the dashed diagonal where the wording outruns the evidence."
    )


def seed_explorer() -> Explorer:
    """Step through the seed posts and see where each post's claims fall against the evidence."""
    return Explorer(
        name="appraisal-seeds",
        title="Explore: where does each seed post's wording stand against the evidence?",
        controls=(
            Slider(
                "step",
                "Seed post",
                "",
                tuple(range(len(SEED_STEPS))),
                0,
                labels=tuple("All posts" if s is None else f"{s}: {ap.SEEDS[s]}" for s in SEED_STEPS),
            ),
        ),
        draw=_draw,
        alt=_alt,
        caption=(
            "Claims of the chosen post are coloured by verdict; the others are greyed out but stay in place. "
            "Scores are the course's judgement on the 0–3 scales in the text."
        ),
        figsize="tall",
    )


__all__ = ["SEED_STEPS", "seed_explorer", "seed_for_step"]
