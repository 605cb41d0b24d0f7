"""The dashboard headless (streamlit.testing.v1.AppTest), on copies of the seeds in a temp dir."""

import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT

APP = str(ROOT / "dashboard.py")


@pytest.fixture()
def app_env(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    monkeypatch.setenv("KRONOLOGI_SEEDS", str(seeds))
    monkeypatch.setenv("KRONOLOGI_DATA", str(tmp_path / "data"))
    return tmp_path


def _run(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _timeline_lanes(at) -> set:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {y for trace in spec["data"] for y in trace.get("y", []) if y is not None}


def _events_table(at):
    """The events table (the page also shows an incident's sentences and the key dates)."""
    return next(d.value for d in at.dataframe if "article_title" in d.value.columns)


def _key_dates(at):
    return next(d.value for d in at.dataframe if "rank" in d.value.columns)


def test_app_loads_on_the_seeds(app_env):
    at = _run()
    assert len(at.get("plotly_chart")) == 2
    assert len(_events_table(at)) >= 19
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("PNG") == 2 and labels.count("SVG") == 2 and "CSV" in labels and "JSON" in labels
    assert at.sidebar.multiselect(key="f_actors").label == "Actor"
    assert (app_env / "data" / "events.jsonl").exists()


def test_app_actor_filter_narrows_table_timeline_and_url(app_env):
    at = _run()
    before_rows, before_lanes = len(_events_table(at)), _timeline_lanes(at)
    at.sidebar.multiselect(key="f_actors").set_value(["Netblocks"]).run()
    assert not at.exception
    assert len(_events_table(at)) == 1 < before_rows
    assert _timeline_lanes(at) == {"Netblocks"} < before_lanes
    assert at.query_params["actor"] == ["Netblocks"] or at.query_params["actor"] == "Netblocks"


def test_app_outlets_are_sources_with_their_own_filter_not_actors(app_env):
    at = _run()
    assert "Reuters" not in at.sidebar.multiselect(key="f_actors").options
    at.sidebar.multiselect(key="f_sources").set_value(["Reuters"]).run()
    assert not at.exception
    assert len(_events_table(at)) == 1
    assert at.query_params["src"] in (["Reuters"], "Reuters")


def test_app_link_with_filters_opens_the_same_view(app_env):
    at = _run(actor="Netblocks")
    assert at.sidebar.multiselect(key="f_actors").value == ["Netblocks"]
    assert len(_events_table(at)) == 1


def test_app_filter_matching_nothing_shows_a_message(app_env):
    at = _run()
    at.sidebar.text_input(key="f_text").input("zzzz-nothing").run()
    assert not at.exception
    assert any("No events match" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 0


def test_app_without_articles_explains_what_to_do(app_env):
    for f in (app_env / "seeds").iterdir():
        f.unlink()
    at = _run()
    assert any("No events yet" in i.value for i in at.info)


def test_app_reset_clears_filters(app_env):
    at = _run(actor="Netblocks", type="strategic_developments", q="internet", lane="event_type")
    at.sidebar.button[0].click().run()
    assert at.sidebar.multiselect(key="f_actors").value == []
    assert at.sidebar.multiselect(key="f_types").value == []
    assert at.sidebar.text_input(key="f_text").value == ""
    assert at.radio(key="lane").value == "actor"
    assert len(_events_table(at)) >= 19
    at.run()  # the next interaction does not bring the old filters back
    assert at.sidebar.multiselect(key="f_actors").value == [] and len(_events_table(at)) >= 19


def test_app_added_article_is_in_view_with_an_untouched_date_range(app_env):
    at = _run()
    before = len(_events_table(at))
    (app_env / "seeds" / "baru.md").write_text(
        "---\npublished: 2025-11-03\n---\nBanjir melanda Kota Bandung pada Senin (3/11/2025). Sedikitnya 5 orang tewas.\n",
        encoding="utf-8")
    at.run()
    assert not at.exception
    assert len(_events_table(at)) == before + 2
    assert at.sidebar.date_input(key="f_to").value.isoformat() == "2025-11-03"


def test_app_added_article_stays_in_view_when_the_browser_sends_the_old_range_back(app_env):
    """A rerun the browser asks for before it has shown the wider range (the user searches
    right after an upload) carries the old extent as the widgets' value: still no date filter."""
    at = _run()
    old_from = at.sidebar.date_input(key="f_from").value
    old_to = at.sidebar.date_input(key="f_to").value
    (app_env / "seeds" / "lama.md").write_text(
        "---\npublished: 2021-12-20\n---\nBanjir melanda Kota Contoh pada Senin (20/12/2021). Sedikitnya 5 orang tewas.\n",
        encoding="utf-8")
    (app_env / "seeds" / "baru.md").write_text(
        "---\npublished: 2025-11-03\n---\nBanjir melanda Kota Contoh pada Senin (3/11/2025). Sedikitnya 5 orang tewas.\n",
        encoding="utf-8")
    at.run()
    at.sidebar.date_input(key="f_from").set_value(old_from)
    at.sidebar.date_input(key="f_to").set_value(old_to)
    at.sidebar.text_input(key="f_text").set_value("Kota Contoh").run()
    assert not at.exception
    assert len(_events_table(at)) == 4
    assert at.sidebar.date_input(key="f_from").value.isoformat() == "2021-12-20"
    assert at.sidebar.date_input(key="f_to").value.isoformat() == "2025-11-03"


def test_app_key_dates_ranks_the_days_the_seed_names(app_env):
    at = _run()
    key = _key_dates(at)
    assert list(key["rank"]) != [] and key["date"].is_monotonic_increasing
    assert {"2022-01-05", "2022-01-06"} <= set(key["date"])
    told = key["what happened (sources' sentences)"]
    assert told.str.len().gt(0).all() and "Kazakhstan" in " ".join(told)
    labels = [b.label for b in at.get("download_button")]
    assert {"Key dates (TimelineJS JSON)", "Key dates (Markdown)", "Key dates (CSV)"} <= set(labels)
    at.radio(key="key_order").set_value("rank").run()
    assert not at.exception and _key_dates(at)["rank"].is_monotonic_increasing
    at.slider(key="key_n").set_value(3).run()
    assert not at.exception and len(_key_dates(at)) <= 3
    at.sidebar.multiselect(key="f_actors").set_value(["Netblocks"]).run()
    assert not at.exception  # one event: a table of its day, or a message that none names a day
    assert any("rank" in d.value.columns for d in at.dataframe) or any("no key dates" in i.value for i in at.info)


def test_app_article_filter_is_described_by_title(app_env):
    at = _run()
    article = at.sidebar.multiselect(key="f_articles").options[0]
    at.sidebar.multiselect(key="f_articles").set_value([article]).run()
    assert not at.exception
    caption = " ".join(c.value for c in at.caption)
    assert "Kazakhstan" in caption and "000\\_282b2ca4d2c498f2" not in caption and "000_282b2ca4d2c498f2" not in caption


HOSTILE = {
    "year9999.txt": b"On 31 December 9999, 3 people were killed in Jakarta.\n",
    "pub9999.md": b"---\npublished: 9999-12-31\nlanguage: en\n---\nYesterday 3 people were killed in Jakarta.\n",
    "digits.md": b"---\npublished: 2024-01-01\nlanguage: en\n---\nThe police said " + b"9" * 309 + b" people were killed.\n",
    "keys.md": b"---\n" + b"".join(b"k%d: v\n" % i for i in range(20_000)) + b"---\nPolice came on Monday.\n",
    "runon.txt": b"Pada Kamis (6/1/2022) polisi datang. " + b"the crowd moved on. " * 12_500 + b"\n",
    "link.md": b"---\ntitle: See https://evil.example.com/t\nsource: www.evil.example.org\npublished: 2022-01-06\n---\n"
               b"Warga di Almaty tewas pada Kamis (6/1/2022), lihat https://evil.example.com/x atau a@evil.example.com.\n",
}


def test_app_stays_up_on_hostile_articles_and_shows_no_link(app_env):
    """Articles that once took the dashboard down for everyone: the app runs, says what it could
    not use in one line per file and kind, and no text of theirs becomes a link."""
    for name, data in HOSTILE.items():
        (app_env / "seeds" / name).write_bytes(data)
    at = _run()
    assert len(at.get("plotly_chart")) == 2
    warnings = [w.value.replace("\\", "") for w in at.warning]  # as shown: Markdown escapes resolved
    assert sum("keys.md" in w for w in warnings) == 1 and any("20,000 unknown front matter keys" in w for w in warnings)
    assert any("pub9999.md" in w and "outside the years" in w for w in warnings)
    at.sidebar.text_input(key="f_text").input("evil").run()
    assert not at.exception
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption] + warnings
    for text in shown:
        assert "https://" not in text and "www.evil" not in text and "a@evil" not in text, text


def test_app_an_upload_with_markdown_in_its_name_is_reported_as_text(app_env):
    from pipeline.present import views

    message = "![img](https://evil.example.com/pixel.png).txt: empty file"
    escaped = views.escape_markdown(message)
    assert "![" not in escaped and "](" not in escaped and "https://" not in escaped
    assert escaped.replace("\\", "").replace(views.WORD_JOINER, "") == message  # the same text, shown literally


def test_app_url_holds_every_setting_and_opens_the_same_view(app_env):
    at = _run()
    event = at.selectbox(key="detail").options[3]
    at.radio(key="measure").set_value("max")
    at.toggle(key="cumulative").set_value(True)
    at.sidebar.toggle(key="f_bg").set_value(True)
    at.selectbox(key="detail").set_value(event).run()
    assert not at.exception
    event = at.selectbox(key="detail").value  # the event's id (the options show their labels)
    params = {k: at.query_params[k] for k in ("fig", "cum", "bg", "ev")}
    assert params["ev"] in (event, [event])
    assert params["fig"] in ("max", ["max"]) and params["cum"] in ("1", ["1"]) and params["bg"] in ("1", ["1"])
    again = _run(fig="max", cum="1", bg="1", ev=event)
    assert again.radio(key="measure").value == "max" and again.toggle(key="cumulative").value
    assert again.sidebar.toggle(key="f_bg").value and again.selectbox(key="detail").value == event


def test_app_opens_on_the_most_reported_incident_and_offers_chart_data(app_env):
    at = _run()
    assert any(e.label.startswith("Incident:") for e in at.expander)
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("Chart data (CSV)") == 2 and "Incidents (CSV)" in labels and "Incidents (JSON)" in labels
    spec = json.loads(at.get("plotly_chart")[1].proto.spec)
    notes = " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))
    assert "Counting" in notes and "Source: Kronologi" in notes
