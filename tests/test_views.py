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


def _tolls(rows, measure="min", **flags):
    """The casualty chart's table of made-up events, as the dashboard makes it."""
    data = views.event_data(schema.coerce(pd.DataFrame(rows), schema.EVENT_COLUMNS))
    tolls = views.tolls_of(data, views.filter_events(data.events, views.Filters(background=True)), **flags)
    table = views.toll_chart_table(tolls.rows, measure)
    return {(r.day.date().isoformat(), r.victims, r.kind): r.count for r in table.itertuples()}, tolls


@pytest.mark.parametrize(
    "rows, expected",
    [
        # Two articles tell the same 8 deaths in Almaty on 5 January: one incident, 8, not 16.
        ([_event("a", "2022-01-05", killed=(8, None)), _event("b", "2022-01-05", killed=(8, 8), article="a2")],
         {("2022-01-05", "Kazakhstan", "killed"): 8}),
        # "killing at least 12" on Monday, "the death toll rose to 15" there on Wednesday: 15 in
        # all, on the incident's day, not 27.
        ([_event("a", "2022-01-03", killed=(12, None)), _event("b", "2022-01-05", killed=(15, 15), scope="toll")],
         {("2022-01-03", "Kazakhstan", "killed"): 15}),
        # Incidents in two places are added.
        ([_event("a", "2022-01-03", killed=(12, None)), _event("b", "2022-01-05", killed=(5, 5), place="Astana")],
         {("2022-01-03", "Kazakhstan", "killed"): 12, ("2022-01-05", "Kazakhstan", "killed"): 5}),
        # A country-wide toll of each country is a series of its own.
        ([_event("a", "2022-01-03", killed=(12, 12), scope="toll", place=None),
          _event("b", "2022-01-03", killed=(7, 7), scope="toll", place=None, country="Uzbekistan", article="a2")],
         {("2022-01-03", "Kazakhstan", "killed"): 12, ("2022-01-03", "Uzbekistan", "killed"): 7}),
        # A country's toll and its incidents are never added: the larger of the two.
        ([_event("a", "2022-01-03", killed=(12, 12)), _event("b", "2022-01-04", killed=(40, 40), scope="toll", place=None)],
         {("2022-01-03", "Kazakhstan", "killed"): 12, ("2022-01-04", "Kazakhstan", "killed"): 28}),
        # Injured are a figure of their own.
        ([_event("a", "2022-01-03", injured=(30, 30))], {("2022-01-03", "Kazakhstan", "injured"): 30}),
        # Projections and figures dated only to a week are not drawn.
        ([_event("a", "2022-01-03", killed=(100, 200), scope="projected"),
          _event("b", "2022-01-03", killed=(9, 9), precision="week")], {}),
    ],
)
def test_views_casualty_chart_reconciles_never_sums(rows, expected):
    got, _ = _tolls(rows)
    assert got == expected


def test_views_casualty_chart_upper_figure_and_cumulative():
    rows = [_event("a", "2022-01-05", killed=(10, 99)), _event("b", "2022-01-06", killed=(8, None), place="Astana")]
    upper, _ = _tolls(rows, "max")
    assert upper == {("2022-01-05", "Kazakhstan", "killed"): 99, ("2022-01-06", "Kazakhstan", "killed"): 8}
    _, tolls = _tolls(rows)
    running = views.cumulative(views.toll_chart_table(tolls.rows, "min"))
    assert running[running["kind"] == "killed"]["count"].max() == 18


def test_views_casualty_chart_says_what_it_left_out():
    rows = [_event("a", None, killed=(5, 5)), _event("b", "2022-01-03", killed=(100, 200), scope="projected"),
            _event("c", "2022-01-03", killed=(9, 9), precision="week"), _event("d", "2022-01-03", killed=(1, 1)),
            _event("e", "2022-01-03")]
    got, tolls = _tolls(rows)
    assert got == {("2022-01-03", "Kazakhstan", "killed"): 1}
    assert tolls.left_out == {"undated": 1, "projection": 1, "dated only to a week, month or year": 1}


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


def _data(rows):
    return views.event_data(schema.coerce(pd.DataFrame(rows), schema.EVENT_COLUMNS))


def test_views_background_is_left_out_unless_shown():
    rows = [_event("a", "2022-01-05"), {**_event("b", "1912-01-01", precision="year"), "background": True}]
    data = _data(rows)
    assert views.filter_events(data.events, views.Filters())["event_id"].tolist() == ["a"]
    assert views.filter_events(data.events, views.Filters(background=True))["event_id"].tolist() == ["b", "a"]


def test_views_sources_filter_reads_cited_outlets_and_the_articles_own():
    rows = [{**_event("a", "2022-01-05"), "cited": ["Reuters"]}, {**_event("b", "2022-01-05"), "article_source": "Kompas"},
            _event("c", "2022-01-05")]
    data = _data(rows)
    assert data.source_counts.to_dict() == {"Reuters": 1, "Kompas": 1}
    assert views.filter_events(data.events, views.Filters(sources=("Reuters", "Kompas")))["event_id"].tolist() == ["a", "b"]


def test_views_dense_period_ignores_a_few_far_dates():
    rows = [_event(f"e{i}", f"2010-01-{12 + i % 10:02d}", article=f"a{i}") for i in range(300)]
    rows += [_event("old", "1510-01-01", article="x"), _event("later", "2014-06-01", article="y")]
    data = _data(rows)
    assert data.day_range == (dt.date(1510, 1, 1), dt.date(2014, 6, 1))
    assert dt.date(2010, 1, 12) <= data.dense_range[0] and data.dense_range[1] <= dt.date(2010, 1, 21)


def test_views_marks_on_one_spot_are_counted():
    rows = [_event(f"e{i}", "2022-01-05", ["police"]) for i in range(4)] + [_event("x", "2022-01-06", ["police"])]
    data = _data(rows)
    marks = views.spot_marks(views.timeline_rows(data.events, "actor"))
    assert sorted(marks["count"].tolist()) == [1, 4]
    assert "+3 more events here" in marks.loc[marks["count"] == 4, "_hover"].iloc[0]


def test_views_incident_marks_and_the_most_reported_incident():
    rows = [_event(f"e{i}", "2022-01-05", ["police"], killed=(8, 8), article=f"a{i}") for i in range(3)]
    rows += [_event("lone", "2022-01-06", ["army"], place="Astana", killed=(2, 2), article="b")]
    data = _data(rows)
    marks, loose = views.incident_marks(data, data.events, "actor")
    assert sorted(marks["count"].tolist()) == [1, 3] and loose == 0
    assert set(marks["event_id"]) == {"incident:0", "incident:1"}
    assert views.most_reported(data, data.events) in {"e0", "e1", "e2"}


def test_views_corpus_names_merge_a_surname_and_keep_reporters_apart():
    rows = [_event("a", "2022-01-05", ["Hosni Mubarak"], article="a1"), _event("b", "2022-01-05", ["Mubarak"], article="a2"),
            *[{**_event(f"r{i}", "2022-01-05", ["police"], article=f"r{i}"), "cited": ["Ivan Watson"]} for i in range(3)],
            _event("w", "2022-01-06", ["Ivan Watson"], article="w")]
    data = _data(rows)
    by_id = data.events.set_index("event_id")
    assert by_id.loc["b", "actors"] == ["Hosni Mubarak"]
    assert by_id.loc["w", "actors"] == [] and by_id.loc["w", "cited"] == ["Ivan Watson"]
    assert "Ivan Watson" not in data.actor_counts.index


def test_export_chart_data_has_integer_figures_and_no_formulas():
    from pipeline.corpus.tolls import TOLL_COLUMNS
    from pipeline.present.export import rows_csv_bytes

    data = rows_csv_bytes([{"date": "2022-01-05", "series": "=Kazakhstan", "killed_min": 8, "killed_max": None,
                            "injured_min": 300, "injured_max": 300}], TOLL_COLUMNS)
    back = data.decode("utf-8-sig").splitlines()
    assert back[0] == "date,series,killed_min,killed_max,injured_min,injured_max"
    assert back[1] == "2022-01-05,'=Kazakhstan,8,,300,300"


def test_charts_carry_the_counting_rule_and_sources_in_the_image():
    from pipeline.present import charts

    table = views.toll_chart_table([{"date": "2022-01-05", "series": "Kazakhstan", "killed_min": 8, "killed_max": 8,
                                     "injured_min": 0, "injured_max": 0}])
    fig = charts.casualty_figure(table, "Killed", "no filters", footnote="Counting: once. Source: Kronologi, 1 article.")
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "Counting: once." in notes and "Source: Kronologi" in notes
    assert all(t.type != "scattergl" for t in fig.data)
