"""Syndicated copies (issue 22, part 5): the same story printed by several outlets counts once."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.build.run import build_events
from pipeline.corpus.copies import story_ids
from pipeline.corpus.keydates import key_dates

WIRE = ("Floods swept through the valley town of Riverton on Tuesday, killing twelve people, police said. "
        "Rescue teams searched the ruins of the old market for survivors through the night. "
        "The provincial government declared a state of emergency and promised aid to the families "
        "who lost their homes. Roads into the valley remained closed as the river kept rising, "
        "and officials warned that more rain was expected later in the week.")
OTHER = ("A strike closed the harbour of Port Ellis for a third day as dock workers demanded higher pay. "
         "Ships waited off the coast while talks between the union and the port authority stalled again. "
         "Shop owners in the old town said deliveries of food and fuel had run short since the weekend, "
         "and the mayor called on both sides to return to the table before prices rose further.")


@pytest.mark.parametrize("articles, expected", [
    # the same text, and the same text with an outlet's own first and last lines: one story,
    # named after its earliest-published article
    ({"a": ("2024-03-06", WIRE), "b": ("2024-03-05", "VALLEY COURIER. " + WIRE + " Reporting by staff.")},
     {"a": "b", "b": "b"}),
    ({"a": ("2024-03-05", WIRE), "b": ("2024-03-05", OTHER)}, {"a": "a", "b": "b"}),
    # copies of copies are one story
    ({"a": ("2024-03-05", WIRE), "b": ("2024-03-05", WIRE + " Reporting by staff."),
      "c": ("2024-03-06", WIRE + " Reporting by staff. Editing by desk.")}, {"a": "a", "b": "a", "c": "a"}),
    # too short to tell a copy from a shared phrase
    ({"a": ("2024-03-05", "Floods hit the valley."), "b": ("2024-03-05", "Floods hit the valley.")},
     {"a": "a", "b": "b"}),
    ({}, {}),
])
def test_story_ids(articles, expected):
    assert story_ids(articles) == expected


def _write(folder, name, source, published, text):
    (folder / f"{name}.md").write_text(f"---\ntitle: {name}\npublished: {published}\nsource: {source}\nlanguage: en\n---\n"
                                       f"{text}\n", encoding="utf-8")


def test_wire_copies_count_once(tmp_path):
    _write(tmp_path, "courier", "Valley Courier", "2024-03-06", WIRE)
    _write(tmp_path, "gazette", "Coast Gazette", "2024-03-06", "COAST GAZETTE. " + WIRE)
    _write(tmp_path, "herald", "Hill Herald", "2024-03-07", WIRE + " Reporting by staff.")
    _write(tmp_path, "harbour", "Port News", "2024-03-06", OTHER)
    result = build_events([tmp_path])
    stories = result.events.drop_duplicates("article_id").set_index("article_id")["story_id"].to_dict()
    assert stories == {"courier": "courier", "gazette": "courier", "herald": "courier", "harbour": "harbour"}
    assert any("2 article(s) are copies" in n for n in result.notes)
    # the flood day: three articles, one story
    flood = key_dates(result.events, method="heuristic").set_index("date").loc["2024-03-05"]
    assert flood["articles"] == 1
    incident = next(r for r in result.incident_rows if "Floods swept" in r["first_sentence"])
    assert incident["articles"] == 1
    assert incident["sources"] == ["Coast Gazette", "Hill Herald", "Valley Courier"]
    assert incident["killed_low"] == 12


def test_printed_by_lists_the_other_outlets(tmp_path):
    from pipeline.present import views

    _write(tmp_path, "courier", "Valley Courier", "2024-03-06", WIRE)
    _write(tmp_path, "herald", "Hill Herald", "2024-03-07", WIRE + " Reporting by staff.")
    _write(tmp_path, "harbour", "Port News", "2024-03-06", OTHER)
    events = build_events([tmp_path]).events
    row = events[events["article_id"] == "courier"].iloc[0]
    assert views.printed_by(events, row) == ["Hill Herald"]
    assert views.printed_by(events, events[events["article_id"] == "harbour"].iloc[0]) == []
    assert views.printed_by(events.drop(columns=["story_id"]), row) == []
    assert isinstance(events["story_id"].dtype, pd.StringDtype)
