"""Plotly figures for the timeline and the casualty chart (built server-side, also for export)."""

from __future__ import annotations

import html

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from .views import LANES

MAX_LANES = 30
DAY_MS = 86_400_000
OTHER_LANE = "(other)"
PALETTE = px.colors.qualitative.Safe + px.colors.qualitative.Vivid


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


def timeline_figure(rows: pd.DataFrame, lane: str, title: str, subtitle: str) -> go.Figure:
    """Events in time, one lane per actor (or type, or place), coloured by event type.

    Imprecise dates are spans from date_start to date_end, precise ones points.
    """
    fig = go.Figure()
    rows = _limit_lanes(rows)
    order = rows["lane"].value_counts().index.tolist()
    for i, (label, group) in enumerate(sorted(rows.groupby("_type_label"), key=lambda kv: kv[0])):
        colour = PALETTE[i % len(PALETTE)]
        hover = (
            "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
            "time words: %{customdata[2]}<br>date: %{customdata[3]} (%{customdata[4]}, %{customdata[5]})<extra></extra>"
        )
        custom = pd.DataFrame({
            "lane": group["lane"].map(_safe),
            "sentence": group["sentence"].map(_safe),
            "expr": group["time_expression"].map(lambda v: _safe(v) or "none (inherited)"),
            "date": group["date"].map(_safe),
            "precision": group["date_precision"].map(_safe),
            "basis": group["date_basis"].map(_safe),
            "event_id": group["event_id"].astype(str),
        }).to_numpy()
        points = group[~group["is_span"]]
        if len(points):
            fig.add_trace(go.Scattergl(
                x=points["_start"], y=points["lane"], mode="markers", name=label, legendgroup=label,
                marker={"size": 10, "color": colour, "line": {"width": 1, "color": "white"}},
                customdata=custom[~group["is_span"].to_numpy()], hovertemplate=hover,
            ))
        spans = group[group["is_span"]]
        if len(spans):
            xs, ys, cd = [], [], []
            span_custom = custom[group["is_span"].to_numpy()]
            for (start, end, ln), c in zip(spans[["_start", "_end", "lane"]].itertuples(index=False), span_custom):
                xs += [start, end, None]
                ys += [ln, ln, None]
                cd += [c, c, c]
            fig.add_trace(go.Scattergl(
                x=xs, y=ys, mode="lines", name=f"{label} (span)", legendgroup=label,
                line={"width": 8, "color": colour}, opacity=0.55, customdata=cd, hovertemplate=hover,
            ))
    if len(rows):
        lo, hi = rows["_start"].min(), rows[["_start", "_end"]].max().max()
        pad = max(pd.Timedelta(days=1), (hi - lo) * 0.05)
        fig.update_xaxes(range=[lo - pad, hi + pad])
    fig.update_layout(
        title=_title(title, subtitle),
        height=max(360, 140 + 28 * max(1, len(order))),
        margin={"l": 10, "r": 10, "t": 80, "b": 40},
        legend={"title": {"text": "Event type"}},
        showlegend=True,
        yaxis={"title": LANES.get(lane, lane), "categoryorder": "array", "categoryarray": order[::-1],
               "automargin": True},
        xaxis={"title": "Date", "type": "date"},
        template="plotly_white",
    )
    return fig


def casualty_figure(table: pd.DataFrame, title: str, subtitle: str, cumulative: bool = False) -> go.Figure:
    """Killed and injured over time by victim group (bars per day, or running totals)."""
    if table.empty:
        fig = go.Figure()
        fig.update_layout(title=_title(title, subtitle), template="plotly_white", height=360)
        return fig
    data = table.copy()
    data["kind"] = data["kind"].str.capitalize()
    if cumulative:
        fig = px.line(data, x="day", y="count", color="victims", facet_row="kind", markers=True,
                      color_discrete_sequence=PALETTE, template="plotly_white")
    else:
        fig = px.bar(data, x="day", y="count", color="victims", facet_row="kind", barmode="stack",
                     color_discrete_sequence=PALETTE, template="plotly_white")
        # On a date axis a lone bar would be a millisecond wide: give every bar most of a day.
        fig.update_traces(width=0.8 * DAY_MS)
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    fig.update_yaxes(matches=None, title_text="people", rangemode="tozero")
    fig.update_xaxes(title_text="")
    fig.update_layout(title=_title(title, subtitle), height=520, legend={"title": {"text": "Victims"}},
                      margin={"l": 10, "r": 10, "t": 80, "b": 40})
    return fig
