"""Time expressions -> dates: a table of cases (own sentences, written in the style of the news)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.dates import (
    ResolvedDate,
    find_time_expressions,
    infer_reference,
    resolve_sentence,
)

from .conftest import dates_in_context, without_key_letters

THU = dt.date(2022, 1, 6)  # a Thursday


def _ctx(day: dt.date) -> ResolvedDate:
    start = dt.datetime.combine(day, dt.time())
    return ResolvedDate(day, start, start + dt.timedelta(days=1), "day", "explicit")


@pytest.mark.parametrize(
    "sentence, reference, context, date, precision, basis, start_hour",
    [
        ("Gubernur berbicara pada hari Kamis (06/01/2022) di kantornya.", None, None, "2022-01-06", "day", "explicit", 0),
        ("Banjir terjadi Jumat (30/5/2025) malam di desa itu.", None, None, "2025-05-30", "part_of_day", "explicit", 18),
        ("Pelaku ditangkap Sabtu (18/10) sekitar pukul 15.00 WIB.", dt.date(2025, 10, 21), None, "2025-10-18", "minute", "explicit", 15),
        ("Gempa mengguncang kota itu pada 5 Januari 2022.", THU, None, "2022-01-05", "day", "explicit", 0),
        ("Warga berkumpul pada hari Kamis di alun-alun.", THU, None, "2022-01-06", "day", "weekday", 0),
        ("Massa menyerbu kantor itu pada hari Rabu.", THU, None, "2022-01-05", "day", "weekday", 0),
        ("Presiden pada Rabu malam meminta bantuan.", THU, None, "2022-01-05", "part_of_day", "weekday", 18),
        ("Listrik dipulihkan pada Kamis pagi.", THU, None, "2022-01-06", "part_of_day", "weekday", 5),
        ("Kebakaran terjadi Senin dini hari.", THU, None, "2022-01-03", "part_of_day", "weekday", 0),
        ("Tim akan kembali mencari pada Sabtu pagi.", dt.date(2025, 5, 30), None, "2025-05-31", "part_of_day", "weekday", 5),
        ("Aparat membubarkan massa dalam semalam.", THU, None, "2022-01-05", "part_of_day", "relative", 18),
        ("Sekolah itu diliburkan pada Kamis sebelumnya.", THU, None, "2021-12-30", "day", "weekday", 0),
        ("Kemarin polisi menangkap dua orang.", THU, None, "2022-01-05", "day", "relative", 0),
        ("Ledakan terdengar dua hari lalu di pasar.", THU, None, "2022-01-04", "day", "relative", 0),
        ("Pekan lalu hujan deras melanda wilayah itu.", THU, None, "2021-12-30", "week", "relative", 0),
        ("Aksi itu datang sehari setelah massa membakar gedung.", THU, _ctx(THU), "2022-01-05", "day", "relative", 0),
        ("Pelaku ditangkap sehari setelahnya di rumahnya.", THU, _ctx(dt.date(2022, 1, 3)), "2022-01-04", "day", "relative", 0),
        ("Tiga hari kemudian jenazah ditemukan.", THU, _ctx(dt.date(2022, 1, 1)), "2022-01-04", "day", "relative", 0),
        ("Keesokan harinya warga kembali ke rumah.", THU, _ctx(dt.date(2022, 1, 2)), "2022-01-03", "day", "relative", 0),
        ("Pencarian dihentikan pada pukul 17.30 WIB.", THU, _ctx(dt.date(2022, 1, 2)), "2022-01-02", "minute", "inherited", 17),
        ("Kerusuhan serupa terjadi pada Maret 2011.", THU, None, "2011-03-01", "month", "explicit", 0),
        ("Tahun lalu banjir serupa menewaskan 20 orang.", THU, None, "2021-01-01", "year", "relative", 0),
        ("Tanggal 2022-01-04 tercatat sebagai hari pertama protes.", None, None, "2022-01-04", "day", "explicit", 0),
    ],
)
def test_dates_resolve_sentence(sentence, reference, context, date, precision, basis, start_hour):
    got = resolve_sentence(sentence, "id", reference, context)
    assert got is not None, sentence
    assert (got.date.isoformat() if got.date else None, got.precision, got.basis) == (date, precision, basis)
    assert got.start.hour == start_hour
    assert got.start < got.end
    expr = got.expression
    assert sentence[expr.start:expr.end] == expr.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Dekrit itu memberlakukan jam malam di seluruh kota.",
        "Status darurat berlaku selama dua minggu.",
        "Tim bekerja sehari-hari di lokasi.",
        "Kelurahan 9/10 Ulu menjadi lokasi kejadian.",
        "Seperti diberitakan sebelumnya, warga mengungsi.",
        "Tanggal 99/99/9999 tidak ada.",
        "Air menggenangi Kampung Sukamaju RT 04/05/02 RW 03 di desa itu.",
        "Aturan itu tertuang dalam Perda Nomor 12/2019 tentang ketertiban.",
    ],
)
def test_dates_no_false_positive(sentence):
    got = resolve_sentence(sentence, "id", THU, None)
    assert got is None or got.date is None, (sentence, got)


def test_dates_never_use_the_clock():
    assert resolve_sentence("Kemarin polisi menangkap dua orang.", "id", None, None) is None or \
        resolve_sentence("Kemarin polisi menangkap dua orang.", "id", None, None).date is None


@pytest.mark.parametrize(
    "sentences, expected",
    [
        (["Rapat digelar Selasa (4/1/2022).", "Laporan terbit Kamis (06/01/2022) pagi."], dt.date(2022, 1, 6)),
        (["Kejadian pada Jumat (17/10/2025).", "Pelaku dikonfirmasi Selasa (21/10)."], dt.date(2025, 10, 21)),
        (["Tanpa tanggal sama sekali."], None),
        (["Pemilu digelar 14 Februari 2024.", "Hasilnya diumumkan 20 Maret 2024."], dt.date(2024, 3, 20)),
    ],
)
def test_dates_infer_reference(sentences, expected):
    got, basis = infer_reference(sentences, "id")
    assert got == expected
    assert (basis == "none") == (expected is None)


def test_dates_expressions_do_not_overlap():
    exprs = find_time_expressions("Pada pukul 07.00 WIB Sabtu pagi, tim kembali bekerja hingga Minggu (1/6/2025).", "id")
    assert [e.kind for e in exprs] == ["weekday", "weekday"]
    assert exprs[0].clock == (7, 0)


def test_dates_statement_and_event_contexts():
    """A statement's date does not re-date the story; the lead takes its event's date."""
    text = (
        "Gudang Terbakar di Kota Contoh, Dua Orang Tewas\n"
        "Sebuah gudang terbakar di Kota Contoh.\n"
        "Kebakaran terjadi pada Selasa (4/11/2025) malam.\n"
        "\"Dua orang tewas,\" ujar juru bicara polisi, Rabu (5/11/2025).\n"
        "Api menjalar dengan cepat ke lantai atas.\n"
        "Polisi mengatakan penyelidikan akan dilakukan.\n"
    )
    got = [r.date.isoformat() for r in dates_in_context(text, "id", dt.date(2025, 11, 5))]
    assert got == ["2025-11-04", "2025-11-04", "2025-11-04", "2025-11-05", "2025-11-04", "2025-11-05"]


def test_dates_lead_takes_the_date_of_its_kind_of_event():
    text = (
        "Polisi menangkap pelaku pembunuhan di Kota Contoh.\n"
        "Pembunuhan terjadi pada Jumat (17/10/2025).\n"
        "Pelaku ditangkap sehari setelahnya di rumahnya.\n"
    )
    got = [r.date.isoformat() for r in dates_in_context(text, "id", dt.date(2025, 10, 21), typed=True)]
    assert got == ["2025-10-18", "2025-10-17", "2025-10-18"]


def _article_dates(text: str, language: str, published: str) -> list[str | None]:
    """The event dates of an article with front matter (language and publication date)."""
    from pipeline.build.run import article_rows

    article = f"---\npublished: {published}\nlanguage: {language}\n---\n{text}"
    return [r["date"] for r in article_rows(article.encode(), "article.txt", "article").events]


@pytest.mark.parametrize(
    "language, published, text, expected",
    [
        ("id", "2025-05-30",
               "Banjir di Kota Contoh, Korban Tewas Bertambah Jadi 40 Orang\n"
               "Banjir melanda Kota Contoh pada Rabu (28/5/2025) malam.\n"
               "Hingga Jumat (30/5/2025), jumlah korban tewas mencapai 40 orang.\n",
         ["2025-05-30", "2025-05-28", "2025-05-30"]),
        # A lead figure that no later sentence dates as the same toll keeps the event's date.
        ("id", "2025-05-30",
               "Banjir di Kota Contoh, Korban Tewas Bertambah Jadi 40 Orang\n"
               "Banjir melanda Kota Contoh pada Rabu (28/5/2025) malam.\n"
               "Hingga Jumat (30/5/2025), jumlah korban tewas mencapai 41 orang.\n",
         ["2025-05-28", "2025-05-28", "2025-05-30"]),
        # A lead that speaks of the rising toll without a figure: the first later dated toll.
        ("id", "2025-05-30",
               "Banjir di Kota Contoh\n"
               "Korban jiwa akibat banjir di Kota Contoh terus bertambah.\n"
               "Banjir melanda Kota Contoh pada Rabu (28/5/2025) malam.\n"
               "Hingga Jumat (30/5/2025), jumlah korban tewas mencapai 41 orang.\n",
         ["2025-05-28", "2025-05-30", "2025-05-28", "2025-05-30"]),
        ("en", "2025-05-30",
               "Floods in Sample City\n"
               "The death toll from the floods continued to rise.\n"
               "The river burst its banks on Wednesday, May 28, 2025.\n"
               "By Friday, May 30, 2025, the death toll had risen to 40.\n",
         ["2025-05-28", "2025-05-30", "2025-05-28", "2025-05-30"]),
        ("en", "2025-05-30",
               "Flood death toll rises to 40 in Sample City\n"
               "The river burst its banks on Wednesday, May 28, 2025.\n"
               "By Friday, May 30, 2025, the death toll had risen to 40.\n",
         ["2025-05-30", "2025-05-28", "2025-05-30"]),
        # The first dated event has another toll (20, not 50): another incident; the lead's
        # date comes from the next dated event that does not contradict it.
        ("id", "2025-07-20",
               "Sedikitnya 50 warga tewas saat mengantre bantuan di Kota Contoh.\n"
               "Pada Sabtu (19/7/2025), sedikitnya 20 orang tewas di Desa Contoh.\n"
               "Paus menyerukan perdamaian pada Minggu (20/7/2025).\n",
         ["2025-07-20", "2025-07-19", "2025-07-20"]),
        # "Puluhan" (10-99) can be the 40 told later: the same incident.
        ("id", "2025-07-20",
               "Puluhan pelayat tewas dalam serangan drone di Desa Contoh.\n"
               "Sedikitnya 40 orang tewas dalam serangan itu, Senin (14/7/2025).\n"
               "Warga kembali ke desa pada Selasa (15/7/2025).\n",
         ["2025-07-14", "2025-07-14", "2025-07-15"]),
        ("en", "2025-07-20",
               "At least 50 people were killed while queuing for aid in Sample City.\n"
               "On Saturday, July 19, 2025, at least 20 people were killed in Sample Village.\n"
               "The Pope called for peace on Sunday, July 20, 2025.\n",
         ["2025-07-20", "2025-07-19", "2025-07-20"]),
        # The statement's day dates what the speaker says next, though the quotation's own
        # "Saat ini" dates its sentence.
        ("id", "2025-11-01",
               "Dua kerangka ditemukan di gedung itu pada Kamis (30/10/2025).\n"
               "\"Saat ini kami masih menyelidiki temuan itu,\" ujar Kapolres, Jumat (31/10/2025).\n"
               "Ia menjelaskan, kondisi kedua jasad sudah tidak dapat dikenali.\n",
         ["2025-10-30", "2025-10-31", "2025-10-31"]),
        ("en", "2025-11-01",
               "Two bodies were found in the building on Thursday, Oct. 30, 2025.\n"
               "\"Right now we are still investigating the find,\" the police chief said on Friday, Oct. 31, 2025.\n"
               "He said the bodies could not be identified.\n",
         ["2025-10-30", "2025-10-31", "2025-10-31"]),
        # A sentence that opens with "Usai ..." follows an event already told: that day.
        ("id", "2025-11-01",
               "Warga menggelar doa bersama pada Minggu (26/10/2025).\n"
               "Usai doa bersama, Budi menyampaikan rencananya membangun kembali rumah itu.\n",
         ["2025-10-26", "2025-10-26"]),
        ("id", "2025-11-01",
               "Warga menggelar doa bersama pada Minggu (26/10/2025).\n"
               "Budi menyampaikan rencananya membangun kembali rumah itu.\n",
         ["2025-10-26", "2025-11-01"]),
        # "Kemudian," is an adverb, not an event: the speaker's day.
        ("id", "2025-11-01",
               "Banjir melanda Kota Contoh pada Senin (27/10/2025).\n"
               "\"Kami siaga,\" ujar Bupati Contoh, Rabu (29/10/2025).\n"
               "Kemudian, ia menjelaskan bahwa posko dibuka.\n",
         ["2025-10-27", "2025-10-29", "2025-10-29"]),
        # A day ahead of the article ("dijadwalkan ... pada Kamis") dates its own sentence only:
        # what follows is not in the future.
        ("id", "2025-11-01",
               "Banjir melanda Kota Contoh pada Senin (27/10/2025).\n"
               "Presiden dijadwalkan mengunjungi lokasi banjir pada Kamis.\n"
               "Warga menulis spanduk sebagai protes.\n",
         ["2025-10-27", "2025-11-06", "2025-10-27"]),
    ],
)
def test_dates_in_the_article(language, published, text, expected):
    """Dates that depend on the rest of the article: leads, tolls, statements, the future."""
    assert _article_dates(text, language, published) == expected


@pytest.mark.parametrize(
    "lead, later, other",
    [((50, None), (20, None), True), ((40, 40), (40, None), False), ((10, 99), (40, None), False),
     ((10, 99), (100, 999), True), ((10, 99), (5, 5), True), ((11, 19), (10, 99), False),
     (None, (3, 3), False), ((None, 5), (3, 3), False),
     # A smaller exact figure may be part of an "at least" lead; a larger one exceeds an exact lead.
     ((12, None), (7, 7), False), ((12, 12), (15, 15), True), ((12, None), (40, 40), False)],
)
def test_dates_other_toll(lead, later, other):
    from pipeline.build.dating import _other_toll

    assert _other_toll(lead, later) is other


@pytest.mark.parametrize(
    "language, published, text, expected",
    [
        # Reported victims of an incident ("90 people died, activists said") tell of the event.
        ("en", "2012-05-26", "Shelling hit the town on Friday, May 25, 2012.\n"
                             "The UN said on Saturday, May 26, 2012, that it would send monitors.\n"
                             "More than 90 people died, activists said.\n"
                             "The UN said it was shocked.\n",
         ["2012-05-25", "2012-05-26", "2012-05-25", "2012-05-26"]),
        # A quotation keeps the date of the saying.
        ("id", "2025-05-30", "Banjir melanda Kota Contoh pada Rabu (28/5/2025).\n"
                             "Bupati memberi keterangan pada Jumat (30/5/2025).\n"
                             "\"Sekitar 30 orang tewas,\" kata bupati.\n"
                             "Polisi mengatakan 12 orang tewas dalam banjir itu.\n",
         ["2025-05-28", "2025-05-30", "2025-05-30", "2025-05-28"]),
    ],
)
def test_dates_reported_victims_take_the_event_date(language, published, text, expected):
    from pipeline.build.run import article_rows

    article = f"---\npublished: {published}\nlanguage: {language}\n---\n{text}"
    rows = article_rows(article.encode(), "victims.txt", "victims").events
    assert [r["date"] for r in rows] == expected


def test_dates_quotation_shares_its_first_sentence_date():
    text = (
        "Kebakaran terjadi pada Selasa (4/11/2025) malam.\n"
        "Polisi memberi keterangan pada Rabu (5/11/2025).\n"
        "\"Saya sedang tidur ketika api muncul. Saya langsung lari ke luar,\" kata seorang penghuni.\n"
        "\"Kami mengimbau warga tetap tenang. Penyelidikan berjalan,\" ujar kapolres.\n"
        "Api mulai berkobar sekitar pukul 20.45 waktu setempat.\n"
    )
    got = [(r.date.isoformat(), r.precision) for r in dates_in_context(text, "id", dt.date(2025, 11, 5))]
    assert [d for d, _ in got] == ["2025-11-04", "2025-11-05", "2025-11-04", "2025-11-04", "2025-11-05", "2025-11-05", "2025-11-04"]
    assert got[-1][1] == "minute"


@pytest.mark.parametrize(
    "language, sentence, reference, date",
    [
        ("id", "Proklamasi dibacakan pada 17 Agustus 1945 di Jakarta.", None, "1945-08-17"),
        ("id", "Banjir surut pada 1 Des 2024.", None, "2024-12-01"),
        ("id", "Gempa terjadi 5 Januari lalu.", dt.date(2022, 3, 1), "2022-01-05"),
        ("id", "Pada 28 Desember warga mengungsi.", dt.date(2022, 1, 6), "2021-12-28"),
        ("id", "Sidang digelar 31 Februari 2022.", None, None),
        ("en", "The court met on March 3, 2014.", None, "2014-03-03"),
        # A live blog's entry stamp, which dateparser cannot parse whole: the date is still read.
        ("en", "March 3, 2014 09:15 am at 9:15 am Crowds gathered at the square.", None, "2014-03-03"),
        ("en", "The court met on February 30, 2014.", None, None),
    ],
)
def test_dates_month_names(language, sentence, reference, date):
    got = resolve_sentence(sentence, language, reference, None)
    assert (got.date.isoformat() if got is not None and got.date else None) == date


def test_dates_dateparser_language_list_is_its_locale_map():
    """The cheap language list the pipeline reads gives the codes dateparser's loader knows."""
    from dateparser.languages.loader import default_loader

    from pipeline.extract.dates import _dateparser_languages

    assert _dateparser_languages() == frozenset(default_loader.get_locale_map().keys())
    assert {"id", "en"} <= _dateparser_languages()


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Jumlah korban sejak 27 Mei 2025 kini mencapai 115 orang.", None),
        ("Musim hujan biasanya berlangsung dari April hingga Oktober.", None),
    ],
)
def test_dates_spans_and_general_facts_do_not_date_the_sentence(sentence, expected):
    got = dates_in_context(sentence, "id", dt.date(2025, 6, 7))[0]
    if "biasanya" in sentence:
        assert got.date is None
    else:
        # The toll is as of the publication day; the span's opening bounds it from below.
        assert (got.date, got.basis) == (dt.date(2025, 6, 7), "reference")
        assert got.start == dt.datetime(2025, 5, 27) and got.expression.text == "27 Mei 2025"


@pytest.mark.parametrize(
    "sentence, reference, date, start, end",
    [
        ("Rapat digelar Rabu lalu di balai kota.", dt.date(2025, 11, 5), "2025-10-29", "2025-10-29T00:00:00", "2025-10-30T00:00:00"),
        ("Rapat digelar Senin lalu di balai kota.", dt.date(2025, 11, 5), "2025-11-03", "2025-11-03T00:00:00", "2025-11-04T00:00:00"),
        ("Banjir melanda pada akhir Oktober 2025.", None, "2025-10-21", "2025-10-21T00:00:00", "2025-11-01T00:00:00"),
        ("Hujan turun sejak awal Juni.", dt.date(2025, 6, 20), None, None, None),
        ("Tanggul jebol pertengahan Mei.", dt.date(2025, 6, 20), "2025-05-11", "2025-05-11T00:00:00", "2025-05-21T00:00:00"),
        # A weekday of last or next week: in that calendar week (a Wednesday reference).
        ("Banjir terjadi Selasa pekan lalu.", dt.date(2025, 11, 5), "2025-10-28", "2025-10-28T00:00:00", "2025-10-29T00:00:00"),
        ("Banjir terjadi Selasa malam pekan lalu.", dt.date(2025, 11, 5), "2025-10-28", "2025-10-28T18:00:00", "2025-10-29T00:00:00"),
        ("Saksi diperiksa Jumat pekan depan.", dt.date(2025, 11, 5), "2025-11-14", "2025-11-14T00:00:00", "2025-11-15T00:00:00"),
        # This week, month, year: the whole period, the speaking day or the period's first day.
        ("Banjir terjadi awal pekan ini.", dt.date(2025, 11, 5), "2025-11-05", "2025-11-03T00:00:00", "2025-11-10T00:00:00"),
        ("Banjir terjadi bulan ini.", dt.date(2025, 11, 5), "2025-11-01", "2025-11-01T00:00:00", "2025-12-01T00:00:00"),
        ("Banjir terjadi tahun ini.", dt.date(2025, 11, 5), "2025-01-01", "2025-01-01T00:00:00", "2026-01-01T00:00:00"),
        ("Gempa terjadi malam tadi.", dt.date(2025, 11, 5), "2025-11-04", "2025-11-04T18:00:00", "2025-11-05T06:00:00"),
        # A range of days: dated by the first, spanning to the end of the last.
        ("Bentrok terjadi pada 5-6 Januari 2022.", None, "2022-01-05", "2022-01-05T00:00:00", "2022-01-07T00:00:00"),
        ("Bentrok terjadi pada 5 hingga 7 Januari malam.", dt.date(2022, 1, 8), "2022-01-05", "2022-01-05T00:00:00", "2022-01-08T00:00:00"),
        ("Posko dibuka 3 dan 4 Februari 2025.", None, "2025-02-03", "2025-02-03T00:00:00", "2025-02-05T00:00:00"),
        # The weekend: the latest Saturday and Sunday (a Wednesday reference), or the next
        # ones; dated by the Sunday.
        ("Bentrok terjadi akhir pekan lalu.", dt.date(2025, 11, 5), "2025-11-02", "2025-11-01T00:00:00", "2025-11-03T00:00:00"),
        ("Sidang digelar akhir pekan depan.", dt.date(2025, 11, 5), "2025-11-09", "2025-11-08T00:00:00", "2025-11-10T00:00:00"),
        ("Presiden dijadwalkan mengunjungi Garut akhir pekan ini.", dt.date(2025, 11, 5), "2025-11-09", "2025-11-08T00:00:00", "2025-11-10T00:00:00"),
        ("Bentrok terjadi akhir pekan lalu.", dt.date(2025, 11, 8), "2025-11-02", "2025-11-01T00:00:00", "2025-11-03T00:00:00"),
    ],
)
def test_dates_weekday_last_and_month_parts(sentence, reference, date, start, end):
    got = resolve_sentence(sentence, "id", reference, None)
    if date is None:
        assert got is None
        return
    def iso(v):
        return v.strftime("%Y-%m-%dT%H:%M:%S")
    assert (got.date.isoformat(), iso(got.start), iso(got.end)) == (date, start, end)


PREFILTER_CASES = [
    ("id", "Gubernur berbicara pada hari Kamis (06/01/2022) di kantornya."),
    ("id", "Tiga hari setelahnya, pelaku ditangkap sekitar pukul 15.00 WIB."),
    ("id", "Jum'at malam warga berkumpul; sehari sebelumnya hujan turun sejak pagi."),
    ("id", "Pada pertengahan Mei 2025, dua pekan lalu, banjir datang."),
    ("en", "The blast struck in the early hours of Wednesday morning, the next day officials said."),
    ("en", "Two days ago, at 9 p.m. local time on 12/03/2024, the quake hit; a day later, aftershocks."),
    ("en", "Since March 2011 and until Jan. 12, the same day the talks ended, 300 died."),
    ("en", "Earlier this week, last Friday and yesterday afternoon, protesters marched."),
    ("en", "The company reported strong profits."),
]


@pytest.mark.parametrize("language, sentence", PREFILTER_CASES)
def test_dates_pattern_prefilter_changes_nothing(language, sentence, monkeypatch):
    import dataclasses

    from pipeline.extract import dates

    fast = dates.find_time_expressions(sentence, language)
    lexicon = dates.lexicon(language)
    unfiltered = tuple(dataclasses.replace(tp, digit=False, keys=None, needles=None) for tp in lexicon.patterns)
    slow_lexicon = dataclasses.replace(lexicon, patterns=unfiltered)
    monkeypatch.setattr(dates, "lexicon", lambda lang: slow_lexicon)
    dates._find_time_expressions.cache_clear()
    try:
        assert dates.find_time_expressions(sentence, language) == fast
    finally:
        dates._find_time_expressions.cache_clear()


@pytest.mark.parametrize(
    "language, published, text, expected",
    [
        # "Diberitakan sebelumnya" retells the incident: it and the sentence after it take the
        # incident's day, not the arrest's or the statement's.
        ("id", "2025-10-21", "Penikaman terjadi pada Jumat (17/10/2025) sore.\n"
                             "Pelaku ditangkap sehari setelahnya, Sabtu (18/10/2025).\n"
                             "Polisi juga menyita sebilah pisau.\n"
                             "Diberitakan sebelumnya, korban ditemukan dengan luka tusuk.\n"
                             "Korban meninggal sebelum dibawa ke rumah sakit.\n",
         ["2025-10-17", "2025-10-18", "2025-10-18", "2025-10-17", "2025-10-17"]),
        ("en", "2025-10-21", "The stabbing happened on Friday, October 17, 2025.\n"
                             "Police arrested a man on Saturday, October 18, 2025.\n"
                             "Officers also seized a knife.\n"
                             "As previously reported, the victim was found in an alley.\n",
         ["2025-10-17", "2025-10-18", "2025-10-18", "2025-10-17"]),
        # "Pada malam kejadian": the incident's night, even after later days are told.
        ("id", "2025-07-09", "Kapal tenggelam di Selat Contoh pada Rabu (2/7/2025).\n"
                             "Pencarian korban berlanjut pada Senin (7/7/2025).\n"
                             "Pada malam kejadian, ombak setinggi tiga meter.\n",
         ["2025-07-02", "2025-07-07", "2025-07-02"]),
        # An incident long before the reference date is background, not the story's incident.
        ("id", "2025-07-09", "Kapal serupa tenggelam pada Senin (6/1/2025).\n"
                             "Pencarian korban berlanjut pada Senin (7/7/2025).\n"
                             "Pada saat kejadian, ombak setinggi tiga meter.\n",
         ["2025-01-06", "2025-07-07", "2025-07-07"]),
        # "Hingga kini" at the start: the state when the last statement was made.
        ("id", "2025-10-21", "Penikaman terjadi pada Jumat (17/10/2025) sore.\n"
                             "\"Korban sudah dimakamkan,\" ujar kapolsek, Sabtu (18/10/2025).\n"
                             "Hingga kini, polisi masih memburu pelaku.\n",
         ["2025-10-17", "2025-10-18", "2025-10-18"]),
        # Without a statement, the reference date; inside the sentence it dates nothing.
        ("id", "2025-10-21", "Penikaman terjadi pada Jumat (17/10/2025) sore.\n"
                             "Hingga kini, polisi masih memburu pelaku.\n"
                             "Korban masih dirawat hingga kini.\n",
         ["2025-10-17", "2025-10-21", "2025-10-17"]),
        ("en", "2025-10-21", "The stabbing happened on Friday, October 17, 2025.\n"
                             "So far, police have questioned four witnesses.\n",
         ["2025-10-17", "2025-10-21"]),
        # "Dalam kesempatan itu" points back at the occasion, not at the statement's day.
        ("id", "2025-11-04", "Doa bersama digelar pada Minggu (2/11/2025) pagi.\n"
                             "Ketua RW mengatakan warga datang dari beberapa kampung.\n"
                             "Dalam kesempatan itu, ia mengenakan kemeja putih.\n",
         ["2025-11-02", "2025-11-04", "2025-11-02"]),
        # "barang yang sebelumnya dijarah": a relative clause's time is not the sentence's.
        ("id", "2025-11-04", "Rumah itu dijarah pada Minggu (31/8/2025).\n"
                             "Warga mengembalikan barang yang sebelumnya dijarah pada Selasa (4/11/2025).\n",
         ["2025-08-31", "2025-11-04"]),
        # A subheading dates the section it opens.
        ("id", "2025-10-21", "Penikaman terjadi pada Jumat (17/10/2025) sore.\n\n"
                             "Korban Dimakamkan\n\n"
                             "Jenazah korban dimakamkan pada Minggu (19/10/2025).\n",
         ["2025-10-17", "2025-10-19", "2025-10-19"]),
        # A lead never takes a background year told later: it keeps the reference date.
        ("en", "2010-01-15", "Aid agencies are using satellite phones in the disaster zone.\n"
                             "The service first made its name in the elections of 2007.\n",
         ["2010-01-15", "2007-01-01"]),
        ("en", "2010-01-15", "Aid agencies are using satellite phones in the disaster zone.\n"
                             "The quake struck on Tuesday, January 12, 2010.\n",
         ["2010-01-12", "2010-01-12"]),
        # A short sentence with its full stop is no subheading: it keeps its context.
        ("id", "2025-10-21", "Penikaman terjadi pada Jumat (17/10/2025) sore.\n\n"
                             "Korban sempat melawan.\n\n"
                             "Jenazah korban dimakamkan pada Minggu (19/10/2025).\n",
         ["2025-10-17", "2025-10-17", "2025-10-19"]),
    ],
)
def test_dates_pointers_to_the_incident_the_occasion_and_the_moment_of_speaking(language, published, text, expected):
    from pipeline.build.run import article_rows

    article = f"---\npublished: {published}\nlanguage: {language}\n---\n{text}"
    rows = article_rows(article.encode(), "pointers.txt", "pointers").events
    assert [r["date"] for r in rows] == expected


@pytest.mark.parametrize(
    "language, text, expected",
    [
        # The day after "said" is when it was said: the next statement inherits it.
        ("en", "The council said on Monday, December 19, 2011, that 250 people had died.\n"
               "It urged the world to act.\n",
         ["2011-12-19", "2011-12-19"]),
        # The day inside the reported clause is the deaths': the next statement has no date
        # of its own and takes the reference date.
        ("en", "The council said 250 people had died on Monday, December 19, 2011.\n"
               "It urged the world to act.\n",
         ["2011-12-19", "2011-12-21"]),
        ("en", "The council said the army had attacked the town on Monday, December 19, 2011.\n"
               "It urged the world to act.\n",
         ["2011-12-19", "2011-12-21"]),
        # A figure inside a name ("Kanal-24") opens no clause.
        ("id", "Polisi mengatakan kepada televisi Kanal-24 pada Senin (19/12/2011) bahwa 8 orang tewas.\n"
               "Ia menambahkan penyelidikan berlanjut.\n",
         ["2011-12-19", "2011-12-19"]),
        ("id", "Polisi mengatakan bahwa 8 orang tewas pada Senin (19/12/2011).\n"
               "Ia menambahkan penyelidikan berlanjut.\n",
         ["2011-12-19", "2011-12-21"]),
    ],
)
def test_dates_a_date_in_the_reported_clause_is_not_the_statement_date(language, text, expected):
    from pipeline.build.run import article_rows

    article = f"---\npublished: 2011-12-21\nlanguage: {language}\n---\n{text}"
    rows = article_rows(article.encode(), "said.txt", "said").events
    assert [r["date"] for r in rows] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # "victims of Tuesday's earthquake": which event, not when the appeal was launched.
        ("The UN has launched an appeal to help victims of Tuesday's earthquake.", "2010-01-16"),
        ("Aid began to arrive after Tuesday ’s earthquake.", "2010-01-16"),
        ("Whoever is behind Monday's bombing will be found.", "2010-01-16"),
        # A possessive that is the sentence's own event still dates it.
        ("Sunday's service will be held in the cathedral.", "2010-01-17"),
        ("She took her sons to Thursday's protest.", "2010-01-14"),
        ("Tuesday's earthquake killed thousands.", "2010-01-12"),
        # A plain weekday dates the sentence as ever.
        ("The earthquake struck on Tuesday.", "2010-01-12"),
    ],
)
def test_dates_a_possessive_day_names_another_event(sentence, expected):
    from pipeline.build.run import article_rows

    article = f"---\npublished: 2010-01-16\nlanguage: en\n---\n{sentence}\n"
    rows = article_rows(article.encode(), "possessive.txt", "possessive").events
    assert rows[0]["date"] == expected


@pytest.mark.parametrize(
    "sentence, language",
    [("Biasanya banjir datang setiap tahun.", "id"), ("Polisi akan memeriksa saksi besok.", "id"),
     ("Diberitakan sebelumnya, gempa merusak rumah.", "id"), ("Warga mengungsi ke masjid.", "id"),
     ("The river usually floods every spring.", "en"), ("Police will question witnesses.", "en"),
     ("As previously reported, the quake damaged homes.", "en"), ("Residents fled to the mosque.", "en")],
)
def test_dates_marker_test_skips_only_sentences_without_markers(monkeypatch, sentence, language):
    """The test for a marker's letters before the search finds what the searches alone find."""
    from pipeline.extract import dates as mod

    gated = (mod.is_habitual(sentence, language), mod.is_future(sentence, language),
             mod.incident_reference(sentence, language))
    without_key_letters(monkeypatch, mod, "lexicon", language, "future_keys", "habitual_keys", "incident_keys")
    assert (mod.is_habitual(sentence, language), mod.is_future(sentence, language),
            mod.incident_reference(sentence, language)) == gated
