import pytest

from ketcourse.engine.mode import render_mode


def test_forced_modes(monkeypatch):
    monkeypatch.setenv("KETCOURSE_MODE", "live")
    assert render_mode() == "live"
    monkeypatch.setenv("KETCOURSE_MODE", "Static")
    assert render_mode() == "static"


def test_jupyter_server_kernel_is_live(monkeypatch):
    monkeypatch.delenv("KETCOURSE_MODE", raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/x/chapter.ipynb")
    assert render_mode() == "live"
    monkeypatch.delenv("JPY_SESSION_NAME")
    assert render_mode() == "static"


def test_bad_mode_named(monkeypatch):
    monkeypatch.setenv("KETCOURSE_MODE", "interactive")
    with pytest.raises(ValueError, match="KETCOURSE_MODE must be one of live, static, got 'interactive'"):
        render_mode()
