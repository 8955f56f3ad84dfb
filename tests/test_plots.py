import base64

import numpy as np
import pytest
from matplotlib.colors import to_hex

from ketcourse.chapters.nmda import figures as nmda
from ketcourse.engine.figures.output import FigureOutput, check_alt, figure_digest
from ketcourse.engine.figures.style import PALETTE, is_marked_illustrative, new_figure

FIGURES = [nmda.occupancy_figure, nmda.enantiomer_figure, nmda.use_dependence_figure, nmda.disinhibition_schematic]
MODEL_FIGURES = [nmda.occupancy_figure, nmda.enantiomer_figure, nmda.use_dependence_figure]


@pytest.fixture(scope="module", params=FIGURES, ids=lambda f: f.__name__)
def output(request) -> FigureOutput:
    return request.param()


def test_bundle_has_png_html_with_alt_and_caption(output):
    bundle = output._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG")
    html = bundle["text/html"]
    assert f'id="kc-fig-{output.name}"' in html
    assert f'alt="{output.alt[:30]}' in html.replace("&#x27;", "'")
    assert "<figcaption>" in html
    assert output.digest in bundle["text/plain"]


def test_white_background_and_labelled_axes(output):
    fig = output.figure
    assert to_hex(fig.get_facecolor()) == "#ffffff"
    for ax in fig.axes:
        if ax.axison:
            assert ax.get_xlabel() or ax.get_ylabel(), f"{output.name}: unlabelled axes"
            assert to_hex(ax.get_facecolor()) == "#ffffff"


def test_axis_labels_carry_units(output):
    for ax in output.figure.axes:
        for label in (ax.get_xlabel(), ax.get_ylabel()):
            if label:
                assert "(" in label and ")" in label, f"{output.name}: label {label!r} has no unit"


def test_lines_use_palette(output):
    allowed = {v.lower() for v in PALETTE.values()}
    for ax in output.figure.axes:
        for line in ax.get_lines():
            assert to_hex(line.get_color()) in allowed, f"{output.name}: colour {line.get_color()} off-palette"


@pytest.mark.parametrize("make", MODEL_FIGURES, ids=lambda f: f.__name__)
def test_model_figures_are_marked_illustrative(make):
    out = make()
    assert is_marked_illustrative(out.figure)
    assert "llustrative" in out.caption


def test_occupancy_caption_quotes_model_values():
    from ketcourse.science import receptor
    from ketcourse.science.parameters import DISSOCIATION_BAND_NGML

    low, high = DISSOCIATION_BAND_NGML.range
    expected = f"{float(receptor.occupancy(low, 'ng/mL')):.0%}–{float(receptor.occupancy(high, 'ng/mL')):.0%}"
    out = nmda.occupancy_figure()
    assert expected.replace("%–", "–") in out.caption or expected in out.caption, (expected, out.caption)


def test_digest_changes_with_data_and_is_stable():
    fig1, ax1 = new_figure()
    ax1.plot([0, 1], [0, 1])
    fig2, ax2 = new_figure()
    ax2.plot([0, 1], [0, 1.1])
    assert figure_digest(fig1) != figure_digest(fig2)
    fig3, ax3 = new_figure()
    ax3.plot(np.array([0, 1]), np.array([0, 1.0]))
    assert figure_digest(fig1) == figure_digest(fig3)


@pytest.mark.parametrize("alt", ["figure", "Figure.", "a plot", "", "   "])
def test_generic_alt_text_rejected(alt):
    with pytest.raises(ValueError, match="alt text"):
        check_alt(alt)


def test_figure_output_validates_arguments():
    fig, _ = new_figure()
    with pytest.raises(TypeError, match="matplotlib Figure"):
        FigureOutput("not a figure", "x", "a caption here", "a long enough alt text here")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="caption"):
        FigureOutput(fig, "x", "", "a long enough alt text here")
    with pytest.raises(ValueError, match="name needs at least one letter"):
        FigureOutput(fig, "!!", "a caption here", "a long enough alt text here")
    with pytest.raises(ValueError, match="unknown figure size 'huge'"):
        new_figure("huge")
