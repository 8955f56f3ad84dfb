"""Declarative description of an explorer: controls, a model-backed draw function, alt text."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from matplotlib.figure import Figure

from ketcourse.engine.figures.output import check_text, slug


@dataclass(frozen=True)
class Slider:
    """A numeric control.

    Attributes
    ----------
    name : str
        Keyword passed to the draw function.
    label : str
        What the control sets.
    unit : str
        Unit of the value, shown beside it.
    values : sequence of float
        The values the control offers, increasing; the static book pre-renders
        one frame per value.
    default : float
        Starting value; must be one of ``values``.
    labels : tuple of str, optional
        Text shown for each value instead of "value unit", for steps that are
        named rather than measured (e.g. "All posts", "S0", ...).
    """

    name: str
    label: str
    unit: str
    values: tuple[float, ...]
    default: float
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"control name must be a Python identifier, got {self.name!r}")
        vals = tuple(float(v) for v in self.values)
        if len(vals) < 2:
            raise ValueError(f"slider {self.name!r} needs at least 2 values, got {len(vals)}")
        if any(not math.isfinite(v) for v in vals) or any(b <= a for a, b in itertools.pairwise(vals)):
            raise ValueError(f"slider {self.name!r} values must be finite and increasing, got {self.values!r}")
        object.__setattr__(self, "values", vals)
        if float(self.default) not in vals:
            raise ValueError(f"slider {self.name!r} default {self.default!r} is not one of its values {vals}")
        object.__setattr__(self, "default", float(self.default))
        if self.labels and len(self.labels) != len(vals):
            raise ValueError(
                f"slider {self.name!r} needs one label per value: {len(vals)} values, {len(self.labels)} labels"
            )

    @property
    def options(self) -> tuple[Any, ...]:
        return self.values

    def format(self, value: Any) -> str:
        """Value with its unit (e.g. ``"135 ng/mL"``), or its label when the slider has labels."""
        if self.labels:
            return self.labels[list(self.values).index(float(value))]
        return f"{value:g} {self.unit}".strip()


@dataclass(frozen=True)
class Choice:
    """A control that picks one of several labelled options.

    ``options`` maps the label shown to the value passed to the draw function.
    """

    name: str
    label: str
    options_map: tuple[tuple[str, Any], ...]
    default: Any

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"control name must be a Python identifier, got {self.name!r}")
        if len(self.options_map) < 2:
            raise ValueError(f"choice {self.name!r} needs at least 2 options")
        values = [v for _, v in self.options_map]
        if self.default not in values:
            raise ValueError(f"choice {self.name!r} default {self.default!r} is not one of {values}")

    @property
    def options(self) -> tuple[Any, ...]:
        return tuple(v for _, v in self.options_map)

    @property
    def unit(self) -> str:
        return ""

    def format(self, value: Any) -> str:
        """The label of ``value``."""
        for label, v in self.options_map:
            if v == value:
                return label
        raise ValueError(f"{value!r} is not an option of {self.name!r}")


Control = Slider | Choice


@dataclass(frozen=True)
class Explorer:
    """An interactive figure: controls, a draw function and a description.

    Attributes
    ----------
    name : str
        Identifier; gives deterministic HTML ids (``kc-exp-<name>``).
    title : str
        Heading shown above the controls.
    controls : tuple of Slider or Choice
        At most three controls; the static book pre-renders every combination.
    draw : callable
        ``draw(fig, **values)`` draws onto an empty figure. It calls the models
        and the plotting helpers; it computes no science of its own.
    alt : callable
        ``alt(**values)`` returns alt text for that frame.
    caption : str
        Caption shown under the explorer.
    figsize : str
        Size preset (see :data:`ketcourse.engine.figures.style.SIZES`).
    """

    name: str
    title: str
    controls: tuple[Control, ...]
    draw: Callable[..., None]
    alt: Callable[..., str]
    caption: str
    figsize: str = "wide"
    max_frames: int = field(default=60, repr=False)

    def __post_init__(self) -> None:
        slug(self.name)
        check_text(self.title, "title")
        check_text(self.caption, "caption", min_words=3)
        if not 1 <= len(self.controls) <= 3:
            raise ValueError(f"an explorer needs 1 to 3 controls, got {len(self.controls)}")
        names = [c.name for c in self.controls]
        if len(set(names)) != len(names):
            raise ValueError(f"control names must be unique, got {names}")
        if self.n_frames > self.max_frames:
            raise ValueError(
                f"explorer {self.name!r} would pre-render {self.n_frames} frames; "
                f"at most {self.max_frames} are allowed (offer fewer values)"
            )

    @property
    def id(self) -> str:
        return f"kc-exp-{slug(self.name)}"

    @property
    def n_frames(self) -> int:
        return math.prod(len(c.options) for c in self.controls)

    def defaults(self) -> dict[str, Any]:
        """The default value of every control."""
        return {c.name: c.default for c in self.controls}

    def combinations(self) -> Iterator[dict[str, Any]]:
        """Every combination of control values, in a fixed order."""
        for combo in itertools.product(*(c.options for c in self.controls)):
            yield {c.name: v for c, v in zip(self.controls, combo, strict=False)}

    def validate_values(self, values: dict[str, Any]) -> dict[str, Any]:
        """Check ``values`` names every control with one of its options."""
        unknown = set(values) - {c.name for c in self.controls}
        if unknown:
            raise ValueError(
                f"unknown control(s) {sorted(unknown)} for explorer {self.name!r}; "
                f"allowed: {[c.name for c in self.controls]}"
            )
        out = self.defaults()
        out.update(values)
        return out

    def render(
        self, values: dict[str, Any] | None = None, layout: list[tuple[float, float, float, float]] | None = None
    ) -> Figure:
        """Draw the figure for ``values`` (defaults for any control not given).

        ``layout``, from :func:`frozen_layout`, places the axes where an earlier
        frame had them, skipping the costly constrained-layout pass.
        """
        from ketcourse.engine.figures.style import blank_figure, house_style

        vals = self.validate_values(values or {})
        fig = blank_figure(self.figsize)
        with house_style():
            self.draw(fig, **vals)
        if layout is not None and len(layout) == len(fig.axes):
            fig.set_layout_engine("none")
            for ax, bounds in zip(fig.axes, layout, strict=False):
                ax.set_position(bounds)
        return fig

    def describe(self, values: dict[str, Any]) -> str:
        """Human-readable setting, e.g. ``"Plasma concentration: 135 ng/mL"``."""
        return "; ".join(f"{c.label}: {c.format(values[c.name])}" for c in self.controls)


def frame_key(explorer: Explorer, values: dict[str, Any]) -> str:
    """Key of a frame: the index of each control's value, joined by ``|``."""
    parts: Sequence[str] = [str(list(c.options).index(values[c.name])) for c in explorer.controls]
    return "|".join(parts)


def frozen_layout(fig: Figure) -> list[tuple[float, float, float, float]]:
    """Lay ``fig`` out once (constrained layout) and return each axes' position.

    Frames of one explorer share their axes structure, so later frames reuse
    these positions instead of solving the layout again (about 10x faster).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    return [tuple(ax.get_position().bounds) for ax in fig.axes]  # type: ignore[misc]
