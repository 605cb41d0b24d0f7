"""Dashboard logic without Streamlit: filters, timeline rows, tolls without double counting, exports."""

import datetime as dt
import io
import json
import xml.dom.minidom

import pandas as pd
import pytest

from pipeline import schema
from pipeline.build.store import neutralise_cell
from pipeline.present import views
from pipeline.present.export import csv_bytes, image_export_status, json_bytes


def _event(eid, date, actors=(), etype="riots", place="Almaty", country="Kazakhstan", killed=(None, None),
           injured=(None, None), victims=None, sentence="Kalimat.", article="a1", language="id", precision="day", scope=None):
    start = dt.datetime.fromisoformat(date) if date else None
    span = dt.timedelta(days=7 if precision == "week" else 1)
    return {
        "event_id": eid, "article_id": article, "article_title": f"Judul {article}", "sentence_index": 0,
        "paragraph_index": 0, "sentence": sentence, "sentence_start": 0, "sentence_end": len(sentence),
        "language": language, "reference_basis": "front matter", "date": date,
        "date_start": start.isoformat() if start else None,
        "date_end": (start + span).isoformat() if start else None, "date_precision": precision if date else None,
        "date_basis": "explicit" if date else "unknown", "event_type": etype, "sub_event_type": "violent_demonstration",
        "actors": list(actors), "location": place, "country": country,
        "killed_min": killed[0], "killed_max": killed[1], "injured_min": injured[0], "injured_max": injured[1],
        "victims": victims,
        "casualty_scope": scope or ("incident" if any(v is not None for v in (*killed, *injured)) else None),
    }


@pytest.fixture()
def events():
    rows = [
        _event("e1", "2022-01-05", ["police", "protesters"], killed=(8, None), victims="security forces",
               sentence="Sedikitnya 8 polisi tewas."),
        _event("e2", "2022-01-05", ["Interior Ministry"], killed=(8, 8), victims="security forces", article="a2",
               sentence="Delapan polisi tewas, kata kementerian."),
        _event("e3", "2022-01-06", ["protesters"], etype="protests", killed=(10, 99), victims="protesters",
               sentence="Puluhan pengunjuk rasa tewas.", language="en"),
        _event("e4", "2022-01-06", ["police"], place="Astana", injured=(300, 300), victims="security forces"),
        _event("e5", None, ["Reuters"], etype="statements", sentence="Reuters melaporkan."),
        _event("e6", "2022-01-03", ["CSTO"], etype="strategic_developments", precision="week"),
    ]
    return views.prepare_events(schema.coerce(pd.DataFrame(rows), schema.EVENT_COLUMNS))


@pytest.mark.parametrize(
    "filters, expected",
    [
        (views.Filters(), ["e1", "e2", "e3", "e4", "e5", "e6"]),
        (views.Filters(actors=("police",)), ["e1", "e4"]),
        (views.Filters(actors=("police", "CSTO")), ["e1", "e4", "e6"]),
        (views.Filters(event_types=("protests",)), ["e3"]),
        (views.Filters(date_from=dt.date(2022, 1, 6)), ["e3", "e4", "e6"]),
        (views.Filters(date_to=dt.date(2022, 1, 4)), ["e6"]),
        (views.Filters(locations=("Astana",)), ["e4"]),
        (views.Filters(locations=("Kazakhstan",)), ["e1", "e2", "e3", "e4", "e5", "e6"]),
        (views.Filters(articles=("a2",)), ["e2"]),
        (views.Filters(languages=("en",)), ["e3"]),
        (views.Filters(text="REUTERS"), ["e5"]),
        (views.Filters(casualties_only=True), ["e1", "e2", "e3", "e4"]),
        (views.Filters(actors=("nobody",)), []),
    ],
)
def test_views_filter_events(events, filters, expected):
    assert views.filter_events(events, filters)["event_id"].tolist() == expected


def test_views_describe_filters():
    assert views.Filters().describe() == "no filters"
    assert views.Filters(actors=("police", "CSTO"), casualties_only=True).describe() == "actors: police, CSTO; casualties only: yes"


def test_views_actor_counts(events):
    assert views.actor_counts(events).to_dict() == {"police": 2, "protesters": 2, "Interior Ministry": 1,
                                                    "Reuters": 1, "CSTO": 1}


@pytest.mark.parametrize("lane, lanes", [
    ("actor", {"police", "protesters", "Interior Ministry", "CSTO"}),
    ("event_type", {"Riots", "Protests", "Strategic developments"}),
    ("location", {"Almaty", "Astana"}),
])
def test_views_timeline_rows(events, lane, lanes):
    rows = views.timeline_rows(events, lane)
    assert set(rows["lane"]) == lanes
    assert "e5" not in set(rows["event_id"])  # undated events are not drawn
    assert rows.set_index("event_id")["is_span"].groupby(level=0).first().to_dict()["e6"]


def test_views_casualties_are_not_counted_twice(events):
    table = views.casualty_table(events, "min")
    got = {(r.day.date().isoformat(), r.victims, r.kind): r.count for r in table.itertuples()}
    # e1 and e2 report the same 8 police deaths in Almaty on 5 January: the largest, not the sum.
    assert got[("2022-01-05", "security forces", "killed")] == 8
    assert got[("2022-01-06", "protesters", "killed")] == 10
    assert got[("2022-01-06", "security forces", "injured")] == 300


def test_views_casualties_upper_figure_and_cumulative(events):
    upper = views.casualty_table(events, "max")
    got = {(r.day.date().isoformat(), r.victims, r.kind): r.count for r in upper.itertuples()}
    assert got[("2022-01-06", "protesters", "killed")] == 99
    assert got[("2022-01-05", "security forces", "killed")] == 8  # open upper bound: the stated minimum
    running = views.cumulative(views.casualty_table(events, "min"))
    killed = running[(running["kind"] == "killed")].groupby("victims")["count"].max().to_dict()
    assert killed == {"protesters": 10, "security forces": 8}


def _chart(rows, measure="min"):
    prepared = views.prepare_events(schema.coerce(pd.DataFrame(rows), schema.EVENT_COLUMNS))
    table = views.casualty_table(prepared, measure)
    return {(r.day.date().isoformat(), r.kind): r.count for r in table.itertuples()}, prepared


@pytest.mark.parametrize(
    "rows, expected",
    [
        # "killing at least 12" on Monday, "the death toll rose to 15" on Wednesday: 12 + 3, not 27.
        ([_event("a", "2022-01-03", killed=(12, None)), _event("b", "2022-01-05", killed=(15, 15), scope="toll")],
         {("2022-01-03", "killed"): 12, ("2022-01-05", "killed"): 3}),
        # Separate incidents on different days are added.
        ([_event("a", "2022-01-03", killed=(12, None)), _event("b", "2022-01-05", killed=(5, 5))],
         {("2022-01-03", "killed"): 12, ("2022-01-05", "killed"): 5}),
        # A total first, then a new incident: the incident adds to the total.
        ([_event("a", "2022-01-03", killed=(40, 40), scope="toll"), _event("b", "2022-01-05", killed=(3, 3))],
         {("2022-01-03", "killed"): 40, ("2022-01-05", "killed"): 3}),
        # A total lower than what was already counted adds nothing (and draws no bar).
        ([_event("a", "2022-01-03", killed=(12, 12)), _event("b", "2022-01-04", killed=(10, 10), scope="toll")],
         {("2022-01-03", "killed"): 12}),
        # Totals of two countries are separate chains.
        ([_event("a", "2022-01-03", killed=(12, 12), scope="toll"),
          _event("b", "2022-01-03", killed=(7, 7), scope="toll", place="Tashkent", country="Uzbekistan")],
         {("2022-01-03", "killed"): 19}),
        # A total of no stated group over an incident of civilians: 12 civilians, then 28 more (40 in all, not 52).
        ([_event("a", "2022-01-03", killed=(12, 12), victims="civilians"),
          _event("b", "2022-01-04", killed=(40, 40), scope="toll")],
         {("2022-01-03", "killed"): 12, ("2022-01-04", "killed"): 28}),
        # Figures of a country years apart are separate stories: the later total counts in full.
        ([_event("a", "2020-01-03", killed=(100, 100)), _event("b", "2022-05-30", killed=(88, 88), scope="toll")],
         {("2020-01-03", "killed"): 100, ("2022-05-30", "killed"): 88}),
        # Injured beside a death toll are an incident, whatever the sentence's scope.
        ([_event("a", "2022-01-03", injured=(30, 30)), _event("b", "2022-01-05", killed=(40, 40), injured=(25, 25), scope="toll")],
         {("2022-01-03", "injured"): 30, ("2022-01-05", "killed"): 40, ("2022-01-05", "injured"): 25}),
        # A figure told only for the country holds those of its places that day: the headline's
        # "12 tewas" in Garut and the lead's "sedikitnya 12 orang tewas" are 12, not 24.
        ([_event("a", "2022-01-03", killed=(12, 12), place="Garut", country="Indonesia"),
          _event("b", "2022-01-03", killed=(12, None), place=None, country="Indonesia")],
         {("2022-01-03", "killed"): 12}),
        # Another article's country-wide figure is another report: added (12 + 5).
        ([_event("a", "2022-01-03", killed=(12, 12), place="Garut", country="Indonesia"),
          _event("b", "2022-01-03", killed=(5, 5), place=None, country="Indonesia", article="a2")],
         {("2022-01-03", "killed"): 17}),
        # ... and a larger country figure adds what goes beyond them.
        ([_event("a", "2022-01-03", killed=(12, 12), place="Garut", country="Indonesia"),
          _event("b", "2022-01-03", killed=(3, 3), place="Bandung", country="Indonesia"),
          _event("c", "2022-01-03", killed=(20, None), place=None, country="Indonesia")],
         {("2022-01-03", "killed"): 20}),
        # Projections and figures dated only to a week are not drawn.
        ([_event("a", "2022-01-03", killed=(100, 200), scope="projected"),
          _event("b", "2022-01-03", killed=(9, 9), precision="week")], {}),
    ],
)
def test_views_casualty_chart_running_totals(rows, expected):
    got, _ = _chart(rows)
    assert got == expected


def test_views_casualty_exclusions_are_counted():
    rows = [_event("a", None, killed=(5, 5)), _event("b", "2022-01-03", killed=(100, 200), scope="projected"),
            _event("c", "2022-01-03", killed=(9, 9), precision="week"), _event("d", "2022-01-03", killed=(1, 1)),
            _event("e", "2022-01-03")]
    _, prepared = _chart(rows)
    assert views.casualty_exclusions(prepared) == {"undated": 1, "coarser than a day": 1, "projection": 1}


@pytest.mark.parametrize(
    "value, expected",
    [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("Polisi tewas", "Polisi tewas"), (5, 5), (None, None)],
)
def test_export_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_export_csv_round_trips_and_defuses_formulas(events):
    risky = events.copy()
    risky.loc[risky.index[0], "sentence"] = "=cmd|' /C calc'!A0"
    data = csv_bytes(risky)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["event_id"].tolist() == risky["event_id"].tolist()
    assert back.loc[0, "sentence"] == "'=cmd|' /C calc'!A0"
    assert back.loc[0, "actors"] == "police; protesters"
    assert not any(str(v).startswith(("=", "+", "@")) for v in back.astype(str).to_numpy().ravel())


def test_export_json(events):
    rows = json.loads(json_bytes(events))
    assert [r["event_id"] for r in rows] == events["event_id"].tolist()
    assert rows[0]["actors"] == ["police", "protesters"] and rows[4]["date"] is None


def test_views_highlight_and_escape():
    row = pd.Series({"sentence": "Pada Rabu malam [lihat](http://x) 8 polisi tewas <b>", "time_expression_start": 5,
                     "time_expression_end": 15, "casualty_text": "8 polisi tewas"})
    md = views.highlighted_markdown(row)
    assert ":blue-background[Rabu malam]" in md
    assert ":red-background[8 polisi tewas]" in md
    assert "\\[lihat\\]\\(http\u2060\\:\\/\\/x\\)" in md and "\\<b\\>" in md  # no link: escaped, word joiner


needs_chromium = pytest.mark.skipif(not image_export_status()[0], reason="Chromium/kaleido not installed")


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_export_images(events, fmt):
    from pipeline.present import charts
    from pipeline.present.export import figure_bytes

    fig = charts.timeline_figure(views.timeline_rows(events, "actor"), "actor", "Kronologi timeline",
                                 views.Filters(actors=("police",)).describe())
    data = figure_bytes(fig, fmt)
    if fmt == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    else:
        doc = xml.dom.minidom.parseString(data)
        assert doc.documentElement.tagName == "svg"
        assert b"Kronologi timeline" in data and b"actors: police" in data


def test_views_articles_without_reference_are_named():
    rows = [_event("a", None, article="a1"), _event("b", "2022-01-03", article="a2"), _event("c", None, article="a3")]
    for r in rows:
        r["reference_basis"] = "none" if r["article_id"] != "a2" else "front matter"
    prepared = views.prepare_events(schema.coerce(pd.DataFrame(rows), schema.EVENT_COLUMNS))
    assert views.articles_without_reference(prepared) == ["Judul a1", "Judul a3"]


@pytest.mark.parametrize(
    "days, unit, expected",
    [
        (["2022-01-03", "2022-01-05"], "day", {"2022-01-03": 1.0, "2022-01-05": 1.0}),
        # Over four months: weeks from Monday.
        (["2022-01-03", "2022-01-05", "2022-06-01"], "week", {"2022-01-03": 2.0, "2022-05-30": 1.0}),
        # Over two years: calendar months.
        (["2020-01-03", "2020-01-25", "2022-06-01"], "month", {"2020-01-01": 2.0, "2022-06-01": 1.0}),
    ],
)
def test_views_casualty_bins_keep_bars_visible_over_long_spans(days, unit, expected):
    table = pd.DataFrame({"day": pd.to_datetime(days), "victims": "civilians", "kind": "killed", "count": 1.0})
    binned, got_unit = views.casualty_bins(table)
    assert got_unit == unit
    assert {d.date().isoformat(): c for d, c in zip(binned["day"], binned["count"], strict=True)} == expected


def test_charts_victim_colours_do_not_depend_on_the_other_groups_shown():
    import pandas as pd

    from pipeline.present.charts import casualty_figure, victim_colour

    def colours(groups):
        table = pd.DataFrame({"day": pd.to_datetime(["2025-11-03"] * len(groups)), "victims": groups,
                              "kind": ["killed"] * len(groups), "count": [1] * len(groups)})
        fig = casualty_figure(table, "t", "s")
        return {t.name: t.marker.color for t in fig.data}

    alone = colours(["security forces"])
    mixed = colours(["civilians", "militants", "security forces", "civilians, militants"])
    assert alone["security forces"] == mixed["security forces"] == victim_colour("security forces")
    assert len(set(mixed.values())) == 4
    assert victim_colour("civilians, militants") == victim_colour("civilians, militants")
