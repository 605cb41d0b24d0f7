"""The seed article: the expectations stated in issue 2, checked on the built events."""

import pandas as pd
import pytest


def _row(events, start):
    hits = events[events["sentence"].str.startswith(start)]
    assert len(hits) == 1, start
    return hits.iloc[0]


@pytest.mark.parametrize(
    "start, date, precision, basis, expression",
    [
        ("Saltanet Azirbek", "2022-01-06", "day", "explicit", "hari Kamis (06/01/2022)"),
        ("Kerumunan juga sempat", "2022-01-05", "day", "weekday", "hari Rabu"),
        ("Ketika ketegangan meningkat, Presiden", "2022-01-05", "part_of_day", "weekday", "Rabu malam"),
        ("Kantor berita Rusia Tass", "2022-01-06", "part_of_day", "weekday", "Kamis pagi"),
        ("Protes baru datang sehari setelah", "2022-01-05", "day", "relative", "sehari setelah"),
        ("Polisi mengatakan para demonstran", "2022-01-05", "part_of_day", "relative", "semalam"),
        ("Ratusan pengunjuk rasa", "2022-01-06", "day", "weekday", "hari Kamis"),
    ],
)
def test_seed_dates(seed_events, start, date, precision, basis, expression):
    row = _row(seed_events, start)
    assert (row["date"], row["date_precision"], row["date_basis"], row["time_expression"]) == (date, precision, basis, expression)
    s, e = int(row["time_expression_start"]), int(row["time_expression_end"])
    assert row["sentence"][s:e] == expression


def test_seed_evening_and_morning_spans(seed_events):
    evening = _row(seed_events, "Ketika ketegangan meningkat, Presiden")
    assert evening["date_start"] == "2022-01-05T18:00:00" and evening["date_end"] == "2022-01-06T00:00:00"
    morning = _row(seed_events, "Kantor berita Rusia Tass")
    assert morning["date_start"].startswith("2022-01-06T0") and morning["date_end"] <= "2022-01-06T12:00:00"


def test_seed_reference_is_inferred(seed_events):
    assert set(seed_events["reference_date"]) == {"2022-01-06"}
    assert seed_events["reference_basis"].iloc[0].startswith("inferred from")


def test_seed_toll(seed_events):
    row = _row(seed_events, "Kementerian Dalam Negeri Kazakh")
    assert row["killed_min"] == 8 and pd.isna(row["killed_max"])
    assert row["injured_min"] == 300 and row["injured_max"] == 300
    assert row["victims"] == "security forces"


def test_seed_actors(seed_events):
    actors = {a for lst in seed_events["actors"] for a in lst}
    for expected in ["police", "protesters", "Collective Security Treaty Organization", "Kassym-Jomart Tokayev", "Nikol Pashinyan",
                     "Interior Ministry of Kazakhstan", "National Bank of Kazakhstan", "Air Arabia",
                     "Netblocks"]:
        assert expected in actors
    # News outlets are cited sources, not actors.
    cited = {a for lst in seed_events["cited"] for a in lst}
    assert {"Tass", "Reuters", "state television"} <= cited and not cited & actors
    surname = _row(seed_events, "Tokayev juga memecat")
    assert "Kassym-Jomart Tokayev" in surname["actors"]


def test_seed_every_sentence_accounted_for():
    from pipeline.build.article import build_article_events
    from pipeline.ingest.articles import read_article
    from pipeline.ingest.sentences import split_sentences

    from .conftest import SEED

    art = read_article(SEED)
    res = build_article_events(art)
    n = len(split_sentences(art.text, "id"))
    assert sorted(list(res.events["sentence_index"]) + list(res.skipped["sentence_index"])) == list(range(n))
    assert set(res.skipped["reason"]) == {"boilerplate"}
