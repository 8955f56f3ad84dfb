import json
import re

import pytest

from ketcourse.chapters.nmda.explorer import occupancy_explorer
from ketcourse.engine.explorers import Choice, Explorer, Slider, show
from ketcourse.engine.explorers.spec import frame_key
from ketcourse.engine.explorers.static import StaticExplorer
from ketcourse.engine.figures.style import add_axes

ALL_EXPLORERS = [occupancy_explorer]


def tiny_draw(fig, k, shape="line"):
    ax = add_axes(fig)
    ax.plot([0, 1], [0, k] if shape == "line" else [k, k])
    ax.set_xlabel("time (h)")


def tiny(**kw):
    args = dict(
        name="tiny",
        title="Tiny explorer",
        controls=(
            Slider("k", "Slope", "1/h", (1, 2, 3), 2),
            Choice("shape", "Shape", (("Line", "line"), ("Flat", "flat")), "line"),
        ),
        draw=tiny_draw,
        alt=lambda k, shape: f"A {shape} plot with slope {k} for testing",
        caption="A tiny test explorer.",
    )
    args.update(kw)
    return Explorer(**args)


@pytest.mark.parametrize("make", ALL_EXPLORERS, ids=lambda f: f.__name__)
def test_static_explorer_has_one_frame_per_combination(make):
    ex = make()
    static = StaticExplorer(ex)
    bundle = static._repr_mimebundle_()
    html = bundle["text/html"]
    payload = re.search(r'<script type="application/json" class="kc-frames"[^>]*>(.*?)</script>', html, re.S)
    frames = json.loads(payload.group(1))
    assert len(frames) == ex.n_frames
    for _key, frame in frames.items():
        assert frame["src"].startswith("data:image/png;base64,")
        assert len(frame["alt"].split()) >= 5
    # The default frame is shown (and is the PNG fallback) before any script runs.
    default = frames[frame_key(ex, ex.defaults())]
    assert f'src="{default["src"]}"' in html
    assert bundle["image/png"] in default["src"]
    # Different control values give different pictures.
    assert len({f["digest"] for f in frames.values()}) == len(frames)


def test_static_html_controls_and_ids_are_deterministic():
    ex = tiny()
    a, b = StaticExplorer(ex).to_html(), StaticExplorer(tiny()).to_html()
    assert a == b
    assert 'id="kc-exp-tiny"' in a
    assert 'type="range" id="kc-exp-tiny-k"' in a and 'max="2"' in a and 'value="1"' in a
    assert '<select id="kc-exp-tiny-shape"' in a


def test_live_explorer_redraws_on_change():
    live = show(tiny(), mode="live")
    before = live.image.value
    live.controls["k"].value = 3.0
    assert live.image.value != before
    assert "slope 3.0" in live.description.value
    assert live.last_redraw_ms > 0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(controls=()), "1 to 3 controls"),
        (dict(caption=""), "caption"),
        (dict(name="!!"), "at least one letter"),
        (dict(max_frames=2), "would pre-render 6 frames"),
    ],
)
def test_explorer_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        tiny(**kwargs)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: Slider("k", "K", "u", (1,), 1), "at least 2 values"),
        (lambda: Slider("k", "K", "u", (2, 1), 1), "increasing"),
        (lambda: Slider("k", "K", "u", (1, 2), 5), "default 5 is not one of"),
        (lambda: Slider("bad name", "K", "u", (1, 2), 1), "Python identifier"),
        (lambda: Choice("c", "C", (("A", 1),), 1), "at least 2 options"),
        (lambda: Choice("c", "C", (("A", 1), ("B", 2)), 3), "default 3 is not one of"),
    ],
)
def test_control_validation(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_unknown_control_value_and_mode():
    with pytest.raises(ValueError, match=r"unknown control\(s\) \['z'\]"):
        tiny().render({"z": 1})
    with pytest.raises(ValueError, match="unknown mode 'pdf'"):
        show(tiny(), mode="pdf")
    with pytest.raises(TypeError, match="needs an Explorer"):
        show("occupancy")  # type: ignore[arg-type]
