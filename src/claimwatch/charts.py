"""Spread charts: when each outlet carried a claim, and with which stance.

One row per outlet (earliest first appearance on top), time across, a marker per report
coloured *and* shaped by stance (Okabe-Ito: colour-blind safe, readable in greyscale), and
dashed lines for events such as the first denial. Pure: no store, no network, no pyplot:
``Figure`` with the Agg / SVG canvases. Matplotlib's defaults plus our style (fixed SVG
hash salt, text kept as text) apply under one lock, so web-server threads do not interfere.
Outlet names, labels and titles are untrusted: control characters are dropped, ``$`` is
escaped (never mathtext) and every SVG text and tooltip is XML-escaped.
"""

from __future__ import annotations

import math
import os
import re
import sys
import tempfile
import textwrap
import threading
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

from claimwatch.errors import BadRequest


def _private_mpl_dir() -> str:
    """A per-user matplotlib config/cache folder outside $HOME that only we can write."""
    uid = getattr(os, "getuid", lambda: None)()
    path = Path(tempfile.gettempdir()) / f"claimwatch-mpl-{uid if uid is not None else 'user'}"
    try:
        path.mkdir(mode=0o700, exist_ok=True)
        st = path.lstat()
        if path.is_symlink() or (uid is not None and (st.st_uid != uid or st.st_mode & 0o077)):
            raise PermissionError(path)
    except OSError:
        return tempfile.mkdtemp(prefix="claimwatch-mpl-")
    return str(path)


if "matplotlib" not in sys.modules and "MPLCONFIGDIR" not in os.environ:
    os.environ["MPLCONFIGDIR"] = _private_mpl_dir()

from matplotlib import dates as mdates  # noqa: E402
from matplotlib import style as mstyle  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

__all__ = ["STANCE_STYLE", "Marks", "SpreadPoint", "render_spread", "spread_figure", "spread_svg"]

STANCES = ("supporting", "denying", "discussing")
_Kw = dict[str, Any]
# Okabe-Ito vermillion / blue, and a neutral grey; shapes differ too (greyscale, print).
STANCE_STYLE: dict[str, _Kw] = {
    "supporting": {"color": "#D55E00", "marker": "o", "size": 58, "label": "Supporting"},
    "denying": {"color": "#0072B2", "marker": "X", "size": 78, "label": "Denying"},
    "discussing": {"color": "#8C8C8C", "marker": "D", "size": 34, "label": "Discussing"},
}
# svg.hashsalt: same input, same SVG bytes; svg.fonttype none: real, selectable <text>
_RC: _Kw = {"svg.hashsalt": "claimwatch", "svg.fonttype": "none", "font.size": 9.5}
_RC |= {"axes.edgecolor": "#555555", "xtick.color": "#333333", "ytick.color": "#222222"}
_INK, _MUTED = "#1A1A1A", "#5F5F5F"
_DOT: _Kw = {"edgecolors": "white", "linewidths": 0.7, "alpha": 0.92, "zorder": 3}
_MARK_LINE: _Kw = {"color": "#333333", "linestyle": (0, (4, 3)), "linewidth": 1, "zorder": 2}
_MARK_BOX: _Kw = {"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}
_MARK_TEXT: _Kw = {"va": "top", "fontsize": 8, "color": "#222222", "bbox": _MARK_BOX, "zorder": 4}
_LEGEND: _Kw = {"loc": "lower left", "bbox_to_anchor": (0.004, 1.0), "frameon": False}
_LEGEND |= {"fontsize": 9, "handletextpad": 0.3, "columnspacing": 1.6}
_MAX_NAME, _MAX_LABEL = 42, 300
_ROW_IN, _BASE_IN, _WIDTH_IN, _MAX_HEIGHT_IN = 0.36, 2.1, 10.0, 60.0
_LOCK = threading.RLock()
_ZERO_FMT = ["", "%Y", "%b", "%d %b", "%H:%M", "%H:%M"]
_OFFSET_FMT = ["", "%Y", "%b %Y", "%d %b %Y", "%d %b %Y", "%d %b %Y %H:%M"]
_EMPTY = "cannot draw a spread chart without points: the claim has no dated reports yet"
Marks = Sequence[tuple[datetime, str]]  # (when, label), e.g. (first denial, "first denial")
Labels = Mapping[str, str]  # stance -> legend text, where the default words do not fit
_XMarks = list[tuple[float, str]]


@dataclass(frozen=True)
class SpreadPoint:
    """One report: an outlet carried the claim at ``when`` with ``stance``."""

    when: datetime  # timezone-aware; naive is taken as UTC
    outlet: str  # display name
    stance: str  # "supporting" | "denying" | "discussing" (anything else: discussing)
    label: str | None = None  # speaker or headline, shown as the SVG tooltip


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _clean(text: object, limit: int) -> str:
    """Untrusted text made safe to draw: no control characters, bounded, no mathtext."""
    chars = (" " if unicodedata.category(c)[0] in "CZ" else c for c in str(text))
    flat = " ".join("".join(chars).split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat


def _tex_safe(text: str) -> str:
    return text.replace("$", r"\$")


def _day(d: datetime) -> str:
    return f"{d.day} {d:%b %Y}"


def _prepare(points: Iterable[SpreadPoint]) -> list[SpreadPoint]:
    """Points with UTC times, known stances and drawable text."""
    prepared = []
    for p in points:
        stance = str(p.stance).strip().lower()
        outlet = _clean(p.outlet, _MAX_NAME) or "(unknown outlet)"
        label = _clean(p.label, _MAX_LABEL) if p.label else None
        stance = stance if stance in STANCES else "discussing"
        prepared.append(SpreadPoint(_utc(p.when), outlet, stance, label or None))
    if not prepared:
        raise ValueError(_EMPTY)
    return prepared


@contextmanager
def _styled() -> Iterator[None]:
    """Matplotlib defaults plus ours (no rc file applies), one render at a time; a glyph
    missing from the shipped fonts (say CJK in PNG) is drawn as a box, not an error."""
    with _LOCK, mstyle.context(["default", _RC]), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield


def _levels(marks: _XMarks, x0: float, x1: float, axes_in: float) -> list[tuple[int, bool]]:
    """A text row, and a side of its line, per mark label, so that labels do not overlap."""
    per_in = (x1 - x0) / max(axes_in, 1.0)
    ends: list[float] = []
    placed = []
    for x, text in marks:
        width = (len(text) * 4.9 + 10) / 72 * per_in
        right = x + width <= x1
        start, end = (x, x + width) if right else (x - width, x)
        level = next((i for i, e in enumerate(ends) if e < start), len(ends))
        if level == len(ends):
            ends.append(end)
        ends[level] = end
        placed.append((level, right))
    return placed


def _date_axis(ax: Axes, lo: datetime, hi: datetime) -> None:
    days = (hi - lo).total_seconds() / 86400
    if 2 <= days <= 75:
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=math.ceil(days / 11), tz=UTC))
        ax.xaxis.set_minor_locator(mdates.DayLocator(tz=UTC))
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda v, _pos: f"{mdates.num2date(v, tz=UTC):%d %b}".lstrip("0"))
        )
    else:
        locator = mdates.AutoDateLocator(tz=UTC, minticks=4, maxticks=11)
        fmt = {"zero_formats": _ZERO_FMT, "offset_formats": _OFFSET_FMT}
        concise = mdates.ConciseDateFormatter(locator, tz=UTC, **fmt)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(concise)


def _draw_points(
    ax: Axes, pts: list[SpreadPoint], rows: dict[str, int], tooltips: bool
) -> list[str]:
    """One collection per stance (fast for thousands of points); returns the tooltips."""
    tips: list[str] = []
    for stance in STANCES:
        group = [p for p in pts if p.stance == stance]
        if not group:
            continue
        urls = [f"#cw-tip-{len(tips) + i}" for i in range(len(group))]  # -> <title> in SVG
        for p in group:
            tip = f"{p.outlet} — {stance} — {p.when:%d %b %Y %H:%M} UTC"
            tips.append(f"{tip}\n{p.label}" if p.label else tip)
        st = STANCE_STYLE[stance]
        look = {"s": st["size"], "c": st["color"], "marker": st["marker"], **_DOT}
        xs, ys = mdates.date2num([p.when for p in group]), [rows[p.outlet] for p in group]
        ax.scatter(xs, ys, **look, gid=f"cw-{stance}", urls=urls if tooltips else None)
    return tips


def _draw_marks(ax: Axes, marks: _XMarks, placed: list[tuple[int, bool]]) -> None:
    at = {"xycoords": ("data", "axes fraction"), "textcoords": "offset points"}
    for (x, text), (level, right) in zip(marks, placed, strict=True):
        ax.axvline(x, **_MARK_LINE)
        offset, ha = (4 if right else -4, -5 - 13 * level), "left" if right else "right"
        ax.annotate(_tex_safe(text), (x, 1.0), **at, xytext=offset, ha=ha, **_MARK_TEXT)


def _decorate(
    fig: Figure, ax: Axes, title: str, pts: list[SpreadPoint], n_rows: int, labels: Labels
) -> None:
    """Title, legend with counts (above the plot) and a footnote (below it)."""
    heading = "\n".join(textwrap.wrap(_clean(title, 400), 92, max_lines=3, placeholder=" …"))
    head = _tex_safe(heading or "Claim spread")
    fig.suptitle(head, x=0.01, ha="left", fontsize=13, fontweight="bold", color=_INK)
    counts = {s: sum(p.stance == s for p in pts) for s in STANCES}
    handles = []
    for s in (s for s in STANCES if counts[s]):
        st = STANCE_STYLE[s]
        look = {"marker": st["marker"], "markersize": 6 if s == "discussing" else 8}
        label = f"{_tex_safe(_clean(labels.get(s, st['label']), 40))} ({counts[s]})"
        handles.append(Line2D([], [], ls="none", mfc=st["color"], mec="white", label=label, **look))
    # left-aligned with the title: x in figure units, y in axes units
    anchor = blended_transform_factory(fig.transFigure, ax.transAxes)
    ax.legend(handles=handles, bbox_transform=anchor, ncols=len(handles), **_LEGEND)
    first, last = min(p.when for p in pts), max(p.when for p in pts)
    span = _day(first)
    if first.date() != last.date():
        span = f"{span[: -5 if first.year == last.year else None]} – {_day(last)}"
    n, m = len(pts), n_rows
    note = f"{n} report{'s' * (n != 1)} from {m} outlet{'s' * (m != 1)}, {span}. "
    note += "Rows in order of first appearance. Times in UTC."
    fig.supxlabel(note, x=0.01, ha="left", fontsize=8, color=_MUTED)


def _build(
    points: Iterable[SpreadPoint],
    title: str,
    marks: Marks,
    tips: bool,
    labels: Labels | None = None,
) -> tuple[Figure, list[str]]:
    pts = _prepare(points)
    rows: dict[str, int] = {}
    for p in sorted(pts, key=lambda p: p.when):  # stable: ties keep the input order
        rows.setdefault(p.outlet, len(rows))
    mark_list = sorted((_utc(w), _clean(t, 60)) for w, t in marks)

    times = [p.when for p in pts] + [w for w, _ in mark_list]
    lo, hi = min(times), max(times)
    pad = max((hi - lo) * 0.04, timedelta(minutes=30)) if hi > lo else timedelta(hours=12)
    lo, hi = lo - pad, hi + pad
    x0, x1 = mdates.date2num(lo), mdates.date2num(hi)
    mark_xs = [(float(mdates.date2num(w)), t) for w, t in mark_list]
    name_in = max(len(n) for n in rows) * 0.075 + 0.5
    placed = _levels(mark_xs, x0, x1, _WIDTH_IN - name_in - 0.4)
    head_in = ((max(lv for lv, _ in placed) + 1) * 13 + 8) / 72 if placed else 0.0
    height = min(_BASE_IN + _ROW_IN * len(rows) + head_in, _MAX_HEIGHT_IN)
    row_in = (height - _BASE_IN - head_in) / len(rows)

    fig = Figure(figsize=(_WIDTH_IN, height), layout="constrained", facecolor="white")
    fig.get_layout_engine().set(w_pad=0.12, h_pad=0.08)  # type: ignore[union-attr]
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    tooltips = _draw_points(ax, pts, rows, tips)
    _draw_marks(ax, mark_xs, placed)
    ax.set_xlim(x0, x1)
    ax.set_ylim(len(rows) - 0.5, -0.5 - head_in / max(row_in, 0.05))  # first row on top
    ax.set_yticks(range(len(rows)), labels=[_tex_safe(name) for name in rows])
    ax.tick_params(axis="y", length=0, pad=6, labelsize=9.5, labelcolor=_INK)
    ax.tick_params(axis="x", labelsize=9, colors="#333333")
    ax.grid(axis="y", color="#E3E3E3", linewidth=0.8)
    ax.grid(axis="x", which="major", color="#EFEFEF", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    _date_axis(ax, lo, hi)
    _decorate(fig, ax, title, pts, len(rows), labels or {})
    return fig, tooltips


def spread_figure(points: Iterable[SpreadPoint], *, title: str, marks: Marks = ()) -> Figure:
    """The chart as a Figure (Agg canvas, no pyplot); ValueError when ``points`` is empty."""
    with _styled():
        return _build(points, title, marks, tips=False)[0]


_TIP = re.compile(r'<a xlink:href="#cw-tip-(\d+)"[^>]*>')


def _svg_text(fig: Figure, tips: list[str], title: str) -> str:
    buf = StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = _TIP.sub(lambda m: f"<a><title>{escape(tips[int(m[1])])}</title>", buf.getvalue())
    start = svg.index(">", svg.index("<svg")) + 1
    name = escape(_clean(title, 400) or "Claim spread")
    return f"{svg[:start]}\n <title>{name}</title>{svg[start:]}"


def spread_svg(
    points: Iterable[SpreadPoint], *, title: str, marks: Marks = (), labels: Labels | None = None
) -> str:
    """SVG text for the web app, the same bytes for the same input; each marker has a
    ``<title>`` tooltip (outlet, stance, time, label). ``labels`` renames the legend's
    entries (e.g. {"supporting": "Asserting"} for a speaker's statements)."""
    with _styled():
        fig, tips = _build(points, title, marks, tips=True, labels=labels)
        return _svg_text(fig, tips, title)


def render_spread(
    points: Iterable[SpreadPoint], out: str | Path, *, title: str, marks: Marks = ()
) -> Path:
    """Write the chart to ``out`` (.png at 150 dpi, or .svg) atomically and return its path.

    BadRequest for another suffix or a missing folder; ValueError when ``points`` is empty.
    """
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise BadRequest(f"unsupported chart format '{path.suffix}': use .png or .svg")
    if not path.parent.is_dir():
        raise BadRequest(f"cannot write chart to {path}: folder {path.parent} does not exist")
    with _styled():
        fig, tips = _build(points, title, marks, tips=suffix == ".svg")
        if suffix == ".svg":
            data = _svg_text(fig, tips, title).encode("utf-8")
        else:
            buf = BytesIO()
            fig.savefig(buf, format="png", dpi=150)
            data = buf.getvalue()
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise BadRequest(f"cannot write chart to {path}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
