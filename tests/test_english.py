"""English through the same pipeline: dates, tolls, actors, language detection, time
expressions (own sentences, written in the style of wire reports)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.build.article import build_article_events
from pipeline.extract.actors import article_memory, extract_actors
from pipeline.extract.casualties import extract_casualties
from pipeline.extract.dates import ResolvedDate, resolve_sentence
from pipeline.extract.event_types import classify_event
from pipeline.extract.timex import timexes
from pipeline.ingest.articles import Article, parse_article
from pipeline.ingest.language import detect_language

from .conftest import dates_in_context

THU = dt.date(2024, 3, 14)  # a Thursday
OPEN = None


def _ctx(day: dt.date) -> ResolvedDate:
    start = dt.datetime.combine(day, dt.time())
    return ResolvedDate(day, start, start + dt.timedelta(days=1), "day", "explicit")


@pytest.mark.parametrize(
    "sentence, reference, context, date, precision, basis, start, end",
    [
        ("Police fired tear gas at the crowd on Wednesday.", THU, None,
         "2024-03-13", "day", "weekday", "2024-03-13T00", "2024-03-14T00"),
        ("The governor spoke to reporters on Thursday.", THU, None,
         "2024-03-14", "day", "weekday", "2024-03-14T00", "2024-03-15T00"),
        ("Gunmen stormed the hotel Wednesday night, officials said.", THU, None,
         "2024-03-13", "part_of_day", "weekday", "2024-03-13T18", "2024-03-14T00"),
        ("The blast struck in the early hours of Wednesday morning.", THU, None,
         "2024-03-13", "part_of_day", "weekday", "2024-03-13T05", "2024-03-13T12"),
        ("Rescuers pulled two survivors from the rubble yesterday.", THU, None,
         "2024-03-13", "day", "relative", "2024-03-13T00", "2024-03-14T00"),
        ("Heavy rain flooded the valley last week.", THU, None,
         "2024-03-07", "week", "relative", "2024-03-04T00", "2024-03-11T00"),
        # The clause after "a day after" is the earlier event; the context is the main clause's day.
        ("The march came a day after crowds stormed the city hall.", THU, _ctx(THU),
         "2024-03-13", "day", "relative", "2024-03-13T00", "2024-03-14T00"),
        ("The ceasefire collapsed on Jan. 12, the ministry said.", THU, None,
         "2024-01-12", "day", "explicit", "2024-01-12T00", "2024-01-13T00"),
        ("The uprising began in March 2011.", THU, None,
         "2011-03-01", "month", "explicit", "2011-03-01T00", "2011-04-01T00"),
        ("The two leaders met on March 3, 2024.", None, None,
         "2024-03-03", "day", "explicit", "2024-03-03T00", "2024-03-04T00"),
        ("A curfew was imposed at 9 p.m. on Tuesday.", THU, None,
         "2024-03-12", "hour", "weekday", "2024-03-12T21", "2024-03-12T22"),
        ("The rally took place last Friday.", THU, None,
         "2024-03-08", "day", "weekday", "2024-03-08T00", "2024-03-09T00"),
        ("Two days ago, a bomb exploded near the market.", THU, None,
         "2024-03-12", "day", "relative", "2024-03-12T00", "2024-03-13T00"),
        ("The minister will visit the region on Saturday.", THU, None,
         "2024-03-16", "day", "weekday", "2024-03-16T00", "2024-03-17T00"),
        # A day wins over a coarser period told beside it.
        ("Tanzania expelled five men questioned over the bombing last month, a newspaper reported Friday.", THU, None,
         "2024-03-08", "day", "weekday", "2024-03-08T00", "2024-03-09T00"),
        ("Heavy rain last week flooded the valley on Tuesday.", THU, None,
         "2024-03-12", "day", "weekday", "2024-03-12T00", "2024-03-13T00"),
        # ... but not a day relative to the period, or one inside a quotation.
        ("In 1995, a man was pulled from the rubble 16 days after the collapse.", THU, None,
         "1995-01-01", "year", "explicit", "1995-01-01T00", "1996-01-01T00"),
        ('An official told me last week that the next slot "was on 9 April".', THU, None,
         "2024-03-07", "week", "relative", "2024-03-04T00", "2024-03-11T00"),
        # Numeric dates in English resources are month first.
        ("The quake hit at 04:35 local time on 12/03/2024.", THU, None,
         "2024-12-03", "minute", "explicit", "2024-12-03T04", "2024-12-03T04"),
        # A weekday of last or next week: in that calendar week.
        ("The flood hit on Tuesday of last week.", THU, None,
         "2024-03-05", "day", "weekday", "2024-03-05T00", "2024-03-06T00"),
        ("Talks resume on Monday next week.", THU, None,
         "2024-03-18", "day", "weekday", "2024-03-18T00", "2024-03-19T00"),
        # "p.m." moves the hour; a time zone between the clock and its day keeps them together.
        ("The quake struck at 4:53 p.m. on Tuesday.", THU, None,
         "2024-03-12", "minute", "weekday", "2024-03-12T16", "2024-03-12T16"),
        ("The blast hit at 10:30 a.m. EST on Monday.", THU, None,
         "2024-03-11", "minute", "weekday", "2024-03-11T10", "2024-03-11T10"),
        ("In mid-October, the rains began.", THU, None,
         "2023-10-11", "month", "relative", "2023-10-11T00", "2023-10-21T00"),
        ("Unrest raged on January 4-6, 2022.", THU, None,
         "2022-01-04", "day", "explicit", "2022-01-04T00", "2022-01-07T00"),
        ("Talks ran from 4 to 6 March.", THU, None,
         "2024-03-04", "day", "explicit", "2024-03-04T00", "2024-03-07T00"),
        # A year-less date is not months ahead of the article, unless the sentence looks ahead.
        ("The vote was held on May 12.", THU, None,
         "2023-05-12", "day", "explicit", "2023-05-12T00", "2023-05-13T00"),
        ("The vote will be held on May 12.", THU, None,
         "2024-05-12", "day", "explicit", "2024-05-12T00", "2024-05-13T00"),
        # The weekend: the latest Saturday and Sunday, dated by the Sunday.
        ("Clashes intensified over the weekend, activists said.", THU, None,
         "2024-03-10", "day", "relative", "2024-03-09T00", "2024-03-11T00"),
        ("Talks will resume next weekend.", THU, None,
         "2024-03-17", "day", "relative", "2024-03-16T00", "2024-03-18T00"),
        ("The leaders will meet at the weekend.", THU, None,
         "2024-03-17", "day", "relative", "2024-03-16T00", "2024-03-18T00"),
        # On a Saturday, last weekend is the one before; the weekend is today's.
        ("Protests continued last weekend.", dt.date(2024, 3, 16), None,
         "2024-03-10", "day", "relative", "2024-03-09T00", "2024-03-11T00"),
        ("Clashes erupted over the weekend.", dt.date(2024, 3, 16), None,
         "2024-03-16", "day", "relative", "2024-03-16T00", "2024-03-18T00"),
        # A future tense inside a quotation does not put the day outside it in the future.
        ("Some 500 marched on Wednesday, chanting, \"We will not go home.\"", THU, None,
         "2024-03-13", "day", "weekday", "2024-03-13T00", "2024-03-14T00"),
        ("\"We will march on Wednesday,\" the organisers said.", THU, None,
         "2024-03-20", "day", "weekday", "2024-03-20T00", "2024-03-21T00"),
    ],
)
def test_english_dates(sentence, reference, context, date, precision, basis, start, end):
    got = resolve_sentence(sentence, "en", reference, context)
    assert got is not None, sentence
    assert (got.date.isoformat(), got.precision, got.basis) == (date, precision, basis)
    assert (got.start.strftime("%Y-%m-%dT%H"), got.end.strftime("%Y-%m-%dT%H")) == (start, end)
    assert sentence[got.expression.start:got.expression.end] == got.expression.text


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 300 people have died in the region since March.",  # a span, not a day
        "Protesters vowed to stay until Friday.",  # the end of a span
        "Fighting has raged since 2011.",  # "since" is also a year marker
        "The mandate runs until 2026.",
    ],
)
def test_english_spans_do_not_date_the_sentence(sentence):
    got = resolve_sentence(sentence, "en", THU, None)
    assert got is None or got.date is None


def test_english_general_facts_have_no_event_date():
    got = dates_in_context("Floods hit the valley on Monday. Floods usually hit the valley in March.", "en", THU)
    assert got[0].date == dt.date(2024, 3, 11) and got[1].date is None


def _article(body: str, published: str | None = "2024-03-14", language: str | None = None) -> Article:
    meta = {"published": published} if published else {}
    if language:
        meta["language"] = language
    front = "".join(f"{k}: {v}\n" for k, v in meta.items())
    text = (f"---\n{front}---\n" if front else "") + body
    return parse_article(text, "t.md")


def test_english_article_since_bounds_the_event_from_below():
    body = ("Floods swept through the northern valley on Wednesday, killing at least 82 people.\n\n"
            "More than 300 people have died in the region since March.\n")
    events = build_article_events(_article(body)).events
    first, since = events.iloc[0], events.iloc[1]
    assert (first["date"], first["date_basis"], first["time_expression"]) == ("2024-03-13", "weekday", "Wednesday")
    # The toll is dated by its context (the flood day) but may cover everything since 1 March.
    assert (since["date"], since["date_basis"]) == ("2024-03-13", "inherited")
    assert since["date_start"].startswith("2024-03-01") and since["date_end"].startswith("2024-03-14")
    assert since["time_expression"] == "March"
    assert since["event_type"] != "protests"  # "March" is not a march


@pytest.mark.parametrize(
    "sentence, killed, injured, missing, victims",
    [
        ("At least 82 people were killed and more than 1,700 injured in the clashes.",
         (82, OPEN), (1701, OPEN), None, "unspecified"),
        ("Tens of thousands of people were killed in the war.", (10000, 99999), None, None, "unspecified"),
        ("Hundreds were wounded when police opened fire.", None, (100, 999), None, None),
        ("As many as 110 people died in the stampede.", (OPEN, 110), None, None, "unspecified"),
        ("Between 100,000 and 200,000 people were killed in the earthquake.", (100000, 200000), None, None, "unspecified"),
        ("Dozens of protesters were injured.", None, (10, 99), None, "protesters"),
        ("Seven soldiers were killed and 12 others wounded in the ambush.", (7, 7), (12, 12), None,
         "security forces, unspecified"),
        ("Twenty-three miners are still missing.", None, None, (23, 23), "civilians"),
        ("Three hundred and twelve people were killed.", (312, 312), None, None, "unspecified"),
        ("A dozen police officers were hurt.", None, (12, 12), None, "security forces"),
        ("The death toll rose to 61.", (61, 61), None, None, None),
        ("A 45-year-old man was shot dead on Friday.", (1, 1), None, None, None),
        ("Dead: 14. Injured: 30.", (14, 14), (30, 30), None, None),
        # Not casualties: arrests, passengers, clocks, ages, money.
        ("Police arrested 200 protesters.", None, None, None, None),
        ("The bus was carrying 40 passengers at 9 p.m.", None, None, None, None),
        ("A man was arrested.", None, None, None, None),
        ("The government pledged $200 million for 3,000 homes.", None, None, None, None),
        # One of a group counted elsewhere.
        ("One of the injured was a priest.", None, None, None, None),
        ("Gunmen killed one of the two guards at the gate.", (1, 1), None, None, "security forces"),
        ("One of the soldiers was killed when the bomb exploded.", (1, 1), None, None, "security forces"),
        ("The attack on 12 villages killed 3 people.", (3, 3), None, None, "unspecified"),
    ],
)
def test_english_casualties(sentence, killed, injured, missing, victims):
    got = extract_casualties(sentence, "en")
    assert (got.killed, got.injured, got.missing, got.victims) == (killed, injured, missing, victims)
    for fig in got.figures:
        assert sentence[fig.start:fig.end] == fig.text


def test_english_actors_groups_officials_organisations_and_aliases():
    sentences = [
        "Security forces fired tear gas at protesters outside parliament on Tuesday.",
        "Interior Minister Jane Doe said the United Nations (UN) would send observers.",
        "Doe also blamed the opposition for the violence.",
        "Kenyan police arrested dozens of demonstrators, the Associated Press reported.",
        "The Red Cross said soldiers had blocked aid convoys.",
        "Rebels attacked a village near the border.",
        "The BBC's John Park says activists reported heavy shelling.",
    ]
    memory = article_memory(sentences)
    got = [extract_actors(s, "en", memory) for s in sentences]
    assert got[0] == ["security forces", "protesters"]
    assert got[1] == ["Jane Doe", "UN"]
    assert got[2] == ["Jane Doe"]  # the surname refers back to the full name
    assert got[3] == ["Kenyan police", "protesters", "Associated Press"]
    assert got[4] == ["Red Cross", "military"]
    assert got[5] == ["rebels"]
    assert got[6] == ["John Park", "activists"]  # a possessive ends the name before it


@pytest.mark.parametrize(
    "sentence, event_type",
    [
        ("Thousands joined a march on parliament.", "protests"),
        ("Workers went on strike over unpaid wages.", "protests"),
        ("Israeli strikes hit the city overnight.", "other"),  # not a labour strike
        ("More than 300 people have died since March.", "other"),
        ("A car bomb exploded near the market.", "explosions_remote_violence"),
        ("Police fired tear gas and water cannon at the crowd.", "protests"),
        ("American authorities allege the plot was hatched abroad.", "statements"),
        ("The minister acknowledged the delays.", "statements"),
        ("An estimated 200 people attended the meeting.", "other"),  # "estimated" is no reporting verb
        ("A team of firefighters volunteered to fly out to the region.", "other"),  # no firefight
        ("Two soldiers died in a firefight with gunmen.", "battles"),
    ],
)
def test_english_event_types(sentence, event_type):
    assert classify_event(sentence, "en")[0] == event_type


@pytest.mark.parametrize(
    "text, language",
    [
        ("Police fired tear gas at protesters in the capital on Tuesday, witnesses said.", "en"),
        ("Polisi menembakkan gas air mata ke arah demonstran di ibu kota pada hari Selasa.", "id"),
        ("La police a tiré des gaz lacrymogènes sur les manifestants mardi dans la capitale.", "fr"),
        ("Hello there", "und"),  # too short to tell
        ("", "und"),
    ],
)
def test_english_language_detection(text, language):
    assert detect_language(text) == language


def test_english_front_matter_language_wins_and_unsupported_language_keeps_dateparser_dates():
    body = ("La police a tiré des gaz lacrymogènes sur les manifestants le 12 mars 2024 dans la capitale.\n\n"
            "Le gouvernement a annoncé un couvre-feu hier.\n")
    result = build_article_events(_article(body))
    assert result.language == "fr"
    assert any("no resource files" in note for note in result.notes)
    events = result.events
    assert list(events["language"]) == ["fr", "fr"]
    assert list(events["date"]) == ["2024-03-12", "2024-03-13"]
    assert events["killed_min"].isna().all() and (events["event_type"] == "other").all()
    forced = build_article_events(_article("Police fired tear gas at protesters on Tuesday, officials said.\n",
                                           language="id"))
    assert forced.language == "id"


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The company said Tuesday that profits rose.", [("Tuesday", "DATE", "2024-03-12")]),
        ("He was elected in 1998 and served for three years.",
         [("1998", "DATE", "1998"), ("three years", "DURATION", "P3Y")]),
        ("The talks will resume next week, officials said on March 3.",
         [("next week", "DATE", "2024-W12"), ("March 3", "DATE", "2024-03-03")]),
        ("The blast occurred at 9 p.m. yesterday.", [("9 p.m. yesterday", "TIME", "2024-03-13T21:00")]),
        ("Clashes intensified over the weekend.", [("the weekend", "DATE", "2024-W10-WE")]),
        ("The region was quiet.", []),
    ],
)
def test_english_timexes(sentence, expected):
    got = [(sentence[a:b], kind, value) for a, b, kind, value in timexes(sentence, "en", THU)]
    assert got == expected


def test_english_language_of_pasted_html_ignores_markup_scripts_and_styles():
    head = ("<html><head><style>" + "body{margin:0;padding:0;font-family:Arial}" * 250
            + '</style><script>var s = "hola que tal amigo, buenos dias";</script></head><body>')
    body = "<p>Banjir melanda Kota Bandung pada Rabu malam. Lima warga tewas dan dua lainnya hilang.</p>"
    assert detect_language(head + body + "</body></html>") == "id"


def test_english_unsupported_language_without_a_reference_never_uses_the_clock():
    from pipeline.extract.dates import dateparser_dates

    got = dateparser_dates(["La police est arrivée il y a 2 jours.", "Le 12 mars, la foule a manifesté.",
                            "Le 12 mars 2024, la foule a manifesté."], "fr", None)
    assert [g.date for g in got] == [None, None, dt.date(2024, 3, 12)]


@pytest.mark.parametrize(
    "published, text, expected",
    [
        # A toll of an earlier period is not moved to the statement day; without figures the
        # named day wins.
        ("2025-06-03", "Last year's floods in the province killed 100 people, the agency said Monday.\n"
                       "Tanzania expelled five men questioned over the bombing last month, a newspaper reported Monday.\n",
         [("2024-01-01", "year"), ("2025-06-02", "day")]),
        # A day after a date known only to the year stays that year.
        ("2011-01-26", "The republic was founded 235 years ago.\nThe next day, the first soldiers were killed.\n",
         [("1776-01-01", "year"), ("1776-01-01", "year")]),
        # A quotation after background told by its year is said on the statement's day.
        ("2011-01-26", "The guard was founded in 1952 by the new republic.\n"
                       "\"They have served the country well.\"\n",
         [("1952-01-01", "year"), ("2011-01-26", "day")]),
    ],
)
def test_english_article_dates_in_context(published, text, expected):
    from pipeline.build.run import article_rows

    article = f"---\npublished: {published}\nlanguage: en\n---\n{text}"
    rows = article_rows(article.encode(), "context.txt", "context").events
    assert [(r["date"], r["date_precision"]) for r in rows] == expected


@pytest.mark.parametrize(
    "sentence, date, precision, background",
    [
        ("The 1912 sinking of the Titanic killed 1,500 people.", "1912-01-01", "year", True),
        ("The 1957-58 pandemic killed about 2 million people worldwide.", "1957-01-01", "year", True),
        ("Twelve people were killed in the blast, police said.", "2024-03-13", "day", False),
        ("Floods in the same valley killed 30 people in 2019.", "2019-01-01", "year", True),
    ],
)
def test_english_background_keeps_its_figure_on_its_own_year(sentence, date, precision, background):
    body = f"A bomb exploded in the market on Wednesday.\n\n{sentence}\n"
    event = build_article_events(_article(body)).events.iloc[1]
    assert (event["date"], event["date_precision"], bool(event["background"])) == (date, precision, background)
    assert event["killed_min"] is not None or event["injured_min"] is not None
