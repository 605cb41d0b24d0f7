"""Plotly figures for the timeline and the casualty chart (built server-side, also for export)."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from ..schema import EVENT_TYPES
from .views import BIN_DAYS, LANES

MAX_LANES = 30
MAX_MARKS = 2_000  # each mark carries its hover text: more would send megabytes on every change
DAY_MS = 86_400_000
OTHER_LANE = "(other)"
PALETTE = px.colors.qualitative.Safe + px.colors.qualitative.Vivid
# One colour per event type, the same in every view and export.
TYPE_COLOURS = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(EVENT_TYPES.values())}
# One colour per victim group, the same in every chart and export whatever groups it shows:
# the groups the resources name get the first colours in a fixed order; any other group
# ("civilians, security forces") a colour chosen by its name.
VICTIM_ORDER = ("civilians", "security forces", "militants", "protesters", "unspecified")


def victim_colour(group: str) -> str:
    """The colour of a victim group in casualty charts: fixed, whatever else is shown."""
    if group in VICTIM_ORDER:
        return PALETTE[VICTIM_ORDER.index(group)]
    import zlib

    rest = PALETTE[len(VICTIM_ORDER):]
    return rest[zlib.crc32(group.encode("utf-8")) % len(rest)]


# A light style set directly: building plotly's named templates costs a third of a second
# per figure, too much for an interactive view of 100k events.
STYLE = {
    "template": "none",
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "font": {"family": "DejaVu Sans, Arial, sans-serif", "color": "#2a3f5f"},
    "hoverlabel": {"align": "left"},
}
AXIS = {"gridcolor": "#ebf0f8", "linecolor": "#ebf0f8", "zerolinecolor": "#ebf0f8", "showgrid": True}


def _new_figure(traces=()) -> go.Figure:
    """A figure in the house style."""
    fig = go.Figure(data=list(traces), layout=STYLE)
    fig.update_xaxes(**AXIS)
    fig.update_yaxes(**AXIS)
    return fig


def _safe(text: object, limit: int = 220) -> str:
    """Text for hover labels and titles: shortened and HTML-escaped (never read as markup)."""
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return html.escape(s, quote=False)


def _title(title: str, subtitle: str) -> dict:
    return {"text": _safe(title, 200), "subtitle": {"text": _safe(subtitle, 300)}, "x": 0.01}


def _limit_lanes(rows: pd.DataFrame) -> pd.DataFrame:
    counts = rows["lane"].value_counts()
    if len(counts) <= MAX_LANES:
        return rows
    keep = set(counts.index[: MAX_LANES - 1])
    rows = rows.copy()
    rows.loc[~rows["lane"].isin(keep), "lane"] = OTHER_LANE
    return rows


def _footnote(fig: go.Figure, text: str) -> None:
    """A note under the plot (what was counted and left out, the sources): it goes with every
    exported image."""
    if not text:
        return
    lines = _wrap(_safe(text, 900), 160)
    fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0, yshift=-40, xanchor="left",
                       yanchor="top", showarrow=False, align="left", font={"size": 11, "color": "#555"})
    bottom = 60 + 15 * len(lines)
    fig.update_layout(margin={**fig.layout.margin.to_plotly_json(), "b": bottom},
                      height=int(fig.layout.height or 450) + 15 * len(lines))


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


def mark_sizes(counts: np.ndarray) -> np.ndarray:
    """Marker sizes: 10 for one event (one article), growing with the square root of how many."""
    return np.minimum(10 + 5 * np.sqrt(np.maximum(counts, 1) - 1), 40)


def timeline_figure(rows: pd.DataFrame, lane: str, title: str, subtitle: str, footnote: str = "") -> go.Figure:
    """Events in time, one lane per actor (or type, or place), coloured by event type.

    Imprecise dates are spans from date_start to date_end, precise ones points; a point that
    stands for several (`count`: events on one spot, or an incident's articles) is larger and
    labelled with its number. Hover labels come pre-escaped from views; each point carries its
    event_id (or "incident:<n>").
    """
    rows = _limit_lanes(rows)
    order = rows["lane"].value_counts().index.tolist()
    if len(rows) > MAX_MARKS:
        # Beyond this a browser stops being interactive: draw an even sample across time
        # and say so in the subtitle (narrowing the filters shows every event).
        step = -(-len(rows) // MAX_MARKS)
        subtitle = f"{subtitle} · showing every {step}th of {len(rows):,} marks; filter to see all"
        rows = rows.sort_values("_start", kind="stable").iloc[::step]
    traces = []
    hover = "<b>%{y}</b><br>%{hovertext}<extra></extra>"
    for label, group in sorted(rows.groupby("_type_label"), key=lambda kv: kv[0]):
        colour = TYPE_COLOURS.get(label, "#7f7f7f")
        span = group["is_span"].to_numpy()
        points = group[~span]
        if len(points):
            counts = points["count"].to_numpy(dtype=int) if "count" in points else np.ones(len(points), dtype=int)
            labels = np.where(counts > 1, counts.astype(str), "")
            # Fixed-width string arrays: plotly copies them at memcpy speed, object arrays item by item.
            traces.append(go.Scatter(
                x=points["_start"].to_numpy(), y=points["lane"].to_numpy(dtype=str),
                mode="markers+text" if (counts > 1).any() else "markers", text=labels,
                textfont={"size": 9, "color": "white"}, name=label, legendgroup=label,
                marker={"size": mark_sizes(counts), "color": colour, "line": {"width": 1, "color": "white"}},
                hovertext=points["_hover"].to_numpy(dtype=str),
                customdata=points["event_id"].to_numpy(dtype=str), hovertemplate=hover,
            ))
        spans = group[span]
        if len(spans):
            n = len(spans)
            xs = np.empty(3 * n, dtype=object)
            xs[0::3], xs[1::3], xs[2::3] = spans["_start"].to_numpy(dtype=object), spans["_end"].to_numpy(dtype=object), None
            ys = np.empty(3 * n, dtype=object)
            ys[0::3] = ys[1::3] = spans["lane"].to_numpy(dtype=object)
            ys[2::3] = None
            texts = np.repeat(spans["_hover"].to_numpy(dtype=object), 3)
            ids = np.repeat(spans["event_id"].to_numpy(dtype=object), 3)
            traces.append(go.Scatter(
                x=xs, y=ys, mode="lines", name=f"{label} (span)", legendgroup=label,
                line={"width": 8, "color": colour}, opacity=0.55, hovertext=texts, customdata=ids,
                hovertemplate=hover,
            ))
    fig = _new_figure(traces)
    if len(rows):
        lo, hi = rows["_start"].min(), rows[["_start", "_end"]].max().max()
        pad = max(pd.Timedelta(days=1), (hi - lo) * 0.05)
        fig.update_xaxes(range=[lo - pad, hi + pad])
    fig.update_layout(
        title=_title(title, f"Lanes: {LANES.get(lane, lane)} · {subtitle}"),
        height=max(360, 140 + 28 * max(1, len(order))),
        margin={"l": 10, "r": 10, "t": 80, "b": 40},
        legend={"title": {"text": "Event type"}},
        showlegend=True,
        yaxis={"categoryorder": "array", "categoryarray": order[::-1], "automargin": True},
        xaxis={"type": "date"},
    )
    _footnote(fig, footnote)
    return fig


def casualty_figure(table: pd.DataFrame, title: str, subtitle: str, cumulative: bool = False,
                    unit: str = "day", footnote: str = "", legend: str = "Country") -> go.Figure:
    """Killed and injured over time by series (the `victims` column: a country's reconciled
    toll): stacked bars per `unit` (day, week, month: see views.casualty_bins), or running
    totals; `footnote` (the counting rule, what was left out, the sources) goes under it."""
    bin_days = BIN_DAYS.get(unit, 1)
    from plotly.subplots import make_subplots

    if table.empty:
        fig = _new_figure()
        fig.update_layout(title=_title(title, subtitle), height=360)
        _footnote(fig, footnote)
        return fig
    kinds = [k for k in ("killed", "injured") if (table["kind"] == k).any()]
    fig = make_subplots(rows=len(kinds), cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=[k.capitalize() for k in kinds])
    groups = sorted(table["victims"].unique())
    for group in groups:
        colour = victim_colour(group)
        for row, kind in enumerate(kinds, start=1):
            part = table[(table["victims"] == group) & (table["kind"] == kind)].sort_values("day")
            if part.empty:
                continue
            # A bar covers its day (week, month): centred in it.
            x = (part["day"] + pd.Timedelta(hours=0 if cumulative else 12 * bin_days)).to_numpy()
            when = {"week": "week of %{customdata}", "month": "%{customdata}"}.get(unit, "%{customdata}")
            labels = part["day"].dt.strftime("%B %Y" if unit == "month" else "%d %b %Y").to_numpy()
            common = {"x": x, "y": part["count"].to_numpy(), "name": group, "customdata": labels,
                      "legendgroup": group, "showlegend": row == 1 or group not in set(table.loc[table["kind"] == kinds[0], "victims"]),
                      "hovertemplate": f"{html.escape(group)}: %{{y:,.0f}} {kind}<br>{when}<extra></extra>"}
            if cumulative:
                fig.add_trace(go.Scatter(mode="lines+markers", line={"color": colour}, **common), row=row, col=1)
            else:
                fig.add_trace(go.Bar(marker={"color": colour}, width=0.8 * DAY_MS * bin_days, **common), row=row, col=1)
    fig.update_layout(**STYLE)
    days = table["day"]
    span_days = (days.max() - days.min()).days + 3
    if unit == "day":
        fig.update_xaxes(**AXIS, type="date", tickformat="%d %b<br>%Y", dtick=DAY_MS * max(1, -(-span_days // 10)),
                         tick0=days.min(), range=[days.min() - pd.Timedelta(days=1), days.max() + pd.Timedelta(days=2)])
    else:
        fig.update_xaxes(**AXIS, type="date", tickformat="%b<br>%Y" if unit == "month" else "%d %b<br>%Y",
                         range=[days.min() - pd.Timedelta(days=bin_days), days.max() + pd.Timedelta(days=2 * bin_days)])
    fig.update_yaxes(**AXIS, title_text="people", rangemode="tozero", automargin=True)
    fig.update_layout(title=_title(title, subtitle), height=280 + 200 * len(kinds), barmode="stack",
                      legend={"title": {"text": legend}}, margin={"l": 60, "r": 10, "t": 100, "b": 40})
    _footnote(fig, footnote)
    return fig
