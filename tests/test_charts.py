from __future__ import annotations

import os
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from claimwatch.charts import SpreadPoint, render_spread, spread_figure, spread_svg
from claimwatch.errors import BadRequest

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def _points() -> list[SpreadPoint]:
    return [
        SpreadPoint(T0 + timedelta(days=1), "Radio Nord", "discussing"),
        SpreadPoint(T0, "Baltic Courier", "supporting", label="Troops to leave, says source"),
        SpreadPoint(T0 + timedelta(days=2), "Defence Ministry", "denying", label="Minister"),
        SpreadPoint(T0 + timedelta(days=3, hours=5), "Baltic Courier", "denying"),
        SpreadPoint(T0 + timedelta(days=4), "Eastern Wire", "unsure"),
    ]


def test_render_spread_png_written_with_png_signature(tmp_path: Path):
    out = render_spread(_points(), tmp_path / "spread.png", title="Troops leave")
    assert out == tmp_path / "spread.png"
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert [p.name for p in tmp_path.iterdir()] == ["spread.png"]  # no temp file left


def test_render_spread_svg_written_as_valid_xml(tmp_path: Path):
    out = render_spread(_points(), tmp_path / "spread.SVG", title="Troops leave")
    ET.fromstring(out.read_bytes())


def test_spread_svg_contains_each_outlet_name():
    svg = spread_svg(_points(), title="Troops leave")
    for name in ("Radio Nord", "Baltic Courier", "Defence Ministry", "Eastern Wire"):
        assert name in svg


def test_spread_svg_escapes_untrusted_text():
    evil = "<script>alert(1)</script>"
    points = [
        SpreadPoint(T0, evil, "supporting", label=f'{evil} & "quotes"'),
        SpreadPoint(T0 + timedelta(days=2), "Price $5 or $", "denying\x00", label="a\x07b"),
    ]
    svg = spread_svg(points, title=evil, marks=[(T0 + timedelta(days=1), evil)])
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "Price $5 or $" in svg  # drawn literally, not parsed as mathtext
    ET.fromstring(svg.encode())  # control characters dropped: still well-formed XML


def test_spread_svg_points_carry_tooltips():
    svg = spread_svg(_points(), title="Troops leave")
    root = ET.fromstring(svg.encode())
    titles = [el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}title")]
    assert titles[0] == "Troops leave"
    assert len(titles) == 1 + len(_points())
    assert any("Troops to leave, says source" in t and "Baltic Courier" in t for t in titles)


def test_render_spread_unsupported_suffix_is_bad_request(tmp_path: Path):
    with pytest.raises(BadRequest, match=r"unsupported chart format '\.gif': use \.png or \.svg"):
        render_spread(_points(), tmp_path / "spread.gif", title="t")
    assert not list(tmp_path.iterdir())


def test_render_spread_missing_folder_is_bad_request(tmp_path: Path):
    with pytest.raises(BadRequest, match="does not exist"):
        render_spread(_points(), tmp_path / "nope" / "spread.png", title="t")


def test_render_spread_failure_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "spread.png"
    out.write_bytes(b"old")

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("claimwatch.charts.os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        render_spread(_points(), out, title="t")
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["spread.png"]


@pytest.mark.parametrize("make", [spread_figure, spread_svg])
def test_spread_empty_points_raise_value_error(make):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="without points"):
        make([], title="t")


def test_spread_svg_is_deterministic():
    marks = [(T0 + timedelta(days=2), "first denial")]
    first = spread_svg(_points(), title="Troops leave", marks=marks)
    assert spread_svg(_points(), title="Troops leave", marks=marks) == first


def test_spread_svg_same_bytes_from_concurrent_threads():
    expected = spread_svg(_points(), title="t")
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(spread_svg(_points(), title="t")))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_spread_svg_naive_datetimes_are_utc():
    naive = [SpreadPoint(p.when.replace(tzinfo=None), p.outlet, p.stance) for p in _points()]
    aware = [SpreadPoint(p.when, p.outlet, p.stance) for p in _points()]
    assert spread_svg(naive, title="t") == spread_svg(aware, title="t")


def test_spread_svg_other_timezones_convert_to_utc():
    plus2 = timezone(timedelta(hours=2))
    shifted = [SpreadPoint(p.when.astimezone(plus2), p.outlet, p.stance) for p in _points()]
    aware = [SpreadPoint(p.when, p.outlet, p.stance) for p in _points()]
    assert spread_svg(shifted, title="t") == spread_svg(aware, title="t")


def test_spread_svg_marks_drawn_with_labels():
    marks = [(T0 + timedelta(days=2), "first denial"), (T0 + timedelta(days=2, hours=1), "NATO")]
    svg = spread_svg(_points(), title="t", marks=marks)
    assert "first denial" in svg
    assert "NATO" in svg


def test_spread_figure_rows_in_order_of_first_appearance():
    fig = spread_figure(_points(), title="t")
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == ["Baltic Courier", "Radio Nord", "Defence Ministry", "Eastern Wire"]
    bottom, top = ax.get_ylim()
    assert bottom > top  # first row (y = 0) drawn at the top


def test_spread_figure_grows_with_outlets():
    few = spread_figure(_points()[:2], title="t")
    many_points = [
        SpreadPoint(T0 + timedelta(hours=i), f"Outlet {i}", "supporting") for i in range(30)
    ]
    many = spread_figure(many_points, title="t")
    assert many.get_figheight() > few.get_figheight() + 5
    assert many.get_figwidth() == few.get_figwidth()


def test_spread_figure_unknown_stance_counts_as_discussing():
    fig = spread_figure(_points(), title="t")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["Supporting (1)", "Denying (2)", "Discussing (2)"]


def test_charts_import_and_render_write_nothing_to_home(tmp_path: Path):
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MPL", "XDG_"))}
    env |= {"HOME": str(home), "TMPDIR": str(tmp)}
    code = (
        "from datetime import datetime; from claimwatch.charts import SpreadPoint, spread_svg; "
        "spread_svg([SpreadPoint(datetime(2026, 1, 1), 'A', 'denying')], title='t')"
    )
    run = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert not list(home.iterdir())


def test_spread_svg_legend_can_be_renamed_and_stays_escaped():
    svg = spread_svg(
        _points(), title="Statements", labels={"supporting": "Asserting", "denying": "<b>No</b>"}
    )
    assert "Asserting (1)" in svg and "Supporting" not in svg
    assert "<b>No</b>" not in svg and "&lt;b&gt;No&lt;/b&gt; (2)" in svg
