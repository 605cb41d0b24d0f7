"""Actors: groups, titled people, organisations with acronyms, media, aliases (own sentences)."""

import pytest

from pipeline.extract.actors import article_memory, extract_actors


def _run(sentences):
    memory = article_memory(sentences)
    return [extract_actors(s, "id", memory) for s in sentences]


def test_actors_article_flow():
    sentences = [
        "Presiden Budi Santoso Wirawan pada Rabu meminta bantuan Badan Penanggulangan Bencana Nasional (BNPB).",
        "Wirawan juga menyalahkan kelompok bersenjata atas serangan itu.",
        "Dia menyebut polisi dan tentara telah dikerahkan.",
        "Kantor berita Reuters melaporkan ratusan demonstran berkumpul.",
        "Organisasi pemantau global Netwatch mengatakan internet padam.",
        "Kementerian Dalam Negeri Malaysia mengatakan dua warga terluka.",
        "Presiden itu kemudian memecat kabinet.",
    ]
    got = _run(sentences)
    assert got[0] == ["Budi Santoso Wirawan", "BNPB"]
    assert got[1] == ["Budi Santoso Wirawan", "militants"]
    assert got[2] == ["Budi Santoso Wirawan", "police", "military"]
    assert "Reuters" in got[3] and "protesters" in got[3]
    assert "Netwatch" in got[4]
    assert got[5][0] == "Interior Ministry of Malaysia"
    assert "residents" in got[5]
    assert "Budi Santoso Wirawan" in got[6] and "government" in got[6]


def test_actors_places_are_not_actors_but_acting_countries_are():
    got = _run(["Warga di Jakarta mengungsi ke Bandung.", "Dibantu Jepang, tim SAR mencari korban."])
    assert got[0] == ["residents"]
    assert got[1][0] == "Japan"
    # The victims are told in `victims` and the casualty figures, not as actors.
    assert "victims" not in got[1]


def test_actors_headline_uses_names_from_the_body():
    from pipeline.extract.actors import is_title_case

    body = ["Polisi menangkap pelaku pembunuhan Andi Kurniawan (31) di rumahnya."]
    headline = "Pembunuh Andi Kurniawan Ditangkap, Motifnya Utang"
    memory = article_memory([*body, headline])
    extract_actors(body[0], "id", memory)
    assert is_title_case(headline)
    assert extract_actors(headline, "id", memory, headline=True) == ["suspects", "Andi Kurniawan"]


def test_actors_not_from_buildings_plates_or_capitalised_nouns():
    got = _run([
        "Massa mencoba menyerbu gedung-gedung pemerintah di pusat kota.",
        "Mobil dengan nomor polisi AD 1234 CZ masuk parit.",
        "Peringatan WHO datang setelah wabah meluas.",
        "Sekretaris Jenderal PBB Antonio Guterres menyerukan gencatan senjata.",
        "Dia juga meminta bantuan internasional.",
    ])
    assert "government" not in got[0]
    assert "CZ" not in got[1]
    assert got[2] == ["WHO"]
    assert got[3] == ["Antonio Guterres"]
    assert got[4] == ["Antonio Guterres"]


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("id", "Polisi menangkap pelaku pembunuhan Andi Wijaya (30) bernama Budi Hartono (45) pada Jumat (17/10/2025).\n"
               "Tersangka ditangkap di rumahnya.\n",
         [["police", "Budi Hartono", "Andi Wijaya"], ["Budi Hartono"]]),
        # Several suspects: the group stays a group.
        ("id", "Polisi menangkap empat pelaku pada Jumat (17/10/2025).\n"
               "Salah satu pelaku bernama Budi Hartono.\n"
               "Para pelaku ditahan di polsek.\n",
         [["police", "suspects"], ["suspects", "Budi Hartono"], ["suspects", "police"]]),
        ("en", "Police arrested a suspect named John Carter on Friday, Oct. 17, 2025.\n"
               "The suspect was charged with murder.\n",
         [["police", "John Carter"], ["John Carter"]]),
        ("en", "Two suspects were arrested on Friday, Oct. 17, 2025.\n"
               "One suspect named John Carter was charged.\n",
         [["suspects"], ["suspects", "John Carter"]]),
    ],
)
def test_actors_a_named_sole_suspect_stands_for_the_group(language, text, expected):
    from pipeline.build.run import article_rows

    article = f"---\npublished: 2025-10-18\nlanguage: {language}\n---\n{text}"
    rows = article_rows(article.encode(), "suspect.txt", "suspect").events
    assert [r["actors"] for r in rows] == expected


def test_actors_another_perpetrator_is_not_the_named_one():
    from pipeline.build.run import article_rows

    article = ("---\npublished: 2025-10-18\nlanguage: id\n---\n"
               "Polisi menangkap pelaku bernama Budi Hartono pada Jumat (17/10/2025).\n"
               "Polisi masih memburu pelaku lain.\n")
    rows = article_rows(article.encode(), "lain.txt", "lain").events
    assert "Budi Hartono" not in rows[1]["actors"] and "suspects" in rows[1]["actors"]


@pytest.mark.parametrize(
    "language, text, expected",
    [
        # A subheading In Title Case is no name, and its words do not come back as one.
        ("id", "Pencuri Ditangkap\n\n"
               "Polisi menangkap seorang pencuri bernama Budi Hartono di rumahnya.\n\n"
               "Barang Curian Dikembalikan\n\n"
               "Barang-barang tersebut diserahkan kepada polisi.\n",
         [[], ["police", "Budi Hartono"], [], ["police"]]),
        ("en", "Thief Arrested\n\n"
               "Police arrested a man named John Carter at his home.\n\n"
               "Stolen Goods Returned\n\n"
               "The goods were handed to police.\n",
         [[], ["police", "John Carter"], [], ["police"]]),
    ],
)
def test_actors_subheadings_are_not_names(language, text, expected):
    from pipeline.build.run import article_rows

    article = f"---\npublished: 2025-10-18\nlanguage: {language}\n---\n{text}"
    rows = article_rows(article.encode(), "subheading.txt", "subheading").events
    assert [r["actors"] for r in rows] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # A title followed by its unit's place is no person ("Metro Jakarta Pusat").
        ("Kapolres Metro Jakarta Pusat, Kombes Andi Saputra, mengonfirmasi temuan itu.", ["Andi Saputra"]),
        # A unit named after a group inside a longer name is that group.
        ("Tim Satuan Reserse Kriminal Polres Metro Jakarta Selatan memeriksa lokasi.", ["Satuan Reserse Kriminal", "police"]),
        ("Anggota Polsek Tanjung Priok datang ke lokasi.", ["police"]),
        ("Polres Metro Jakarta Utara menangkap dua orang.", ["police"]),
        ("Kasat Lantas Polres Semarang, AKP Andi Saputra mengatakan hal itu.", ["police", "Andi Saputra"]),
        # A place of several words after a title qualifies it; a name may follow.
        ("Gubernur Sumatera Utara meninjau lokasi banjir.", []),
        ("Gubernur Sumatera Utara Budi Santoso meninjau lokasi banjir.", ["Budi Santoso"]),
        ("Presiden Amerika Serikat Andi Saputra mengecam serangan itu.", ["Andi Saputra"]),
        # An office after a title, ending in its town, is no person.
        ("Kepala Dinas Kesehatan Garut mengatakan dua warga dirawat.", ["residents"]),
        ("Kepala Pelaksana Harian BPBD Garut menyebut banjir surut.", ["BPBD"]),
        ("Ketua Pengadilan Negeri Surabaya menolak gugatan.", []),
        # Well-known organisations by their acronyms, wherever they stand; firefighters and
        # volunteers are groups of their own.
        ("Tim dari BNPB dan Basarnas tiba di lokasi.", ["BNPB", "Basarnas"]),
        ("Petugas pemadam kebakaran dan relawan memadamkan api.", ["firefighters", "volunteers"]),
        # A title's office named by an organisation head is that organisation, and no person
        # a pronoun could refer to.
        ("Kepala Dinas Pendidikan Provinsi Contoh menutup sekolah itu.", ["Dinas Pendidikan Provinsi Contoh"]),
    ],
)
def test_actors_police_units_and_their_places(sentence, expected):
    assert _run([sentence])[0] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # A surname that is also a town's name ("Santos", "Clinton") is still a name after a title.
        ("Governor Maria Santos declared a state of emergency on Wednesday night.", ["Maria Santos"]),
        ("President Bill Clinton asked Congress for emergency funds.", ["Bill Clinton"]),
        ("The mayor of Santos said roads were closed.", []),
        # A name with the Arabic article ("al-", "el-") is whole.
        ("President Hamid al-Rashidi spoke on television.", ["Hamid al-Rashidi"]),
        # Military ranks, abbreviated too, are titles.
        ("Cpl Ana Santos led the patrol.", ["Ana Santos"]),
        ("Pte Ortega was awarded a medal.", ["Ortega"]),
    ],
)
def test_actors_english_titled_names_with_town_surnames(sentence, expected):
    memory = article_memory([sentence])
    assert extract_actors(sentence, "en", memory) == expected


@pytest.mark.parametrize(
    "sentence, names, language, actors, cited",
    [
        ("Reuters reported that police fired tear gas.", ["Reuters", "police"], "en", ["police"], ["Reuters"]),
        ("The UN said aid was on its way.", ["UN"], "en", ["United Nations"], []),
        ("BBC correspondent Mark Doyle said the army moved in.", ["BBC", "Mark Doyle", "army"], "en", ["army"],
         ["BBC", "Mark Doyle"]),
        ("CNN's Ivan Watson saw protesters in the square.", ["Ivan Watson", "protesters"], "en", ["protesters"],
         ["Ivan Watson"]),
        ("I'm Wolf Blitzer in Washington.", ["I'm Wolf Blitzer"], "en", [], ["Wolf Blitzer"]),
        ("BLITZER: What happened next?", ["BLITZER"], "en", [], []),
        ("Hosni Mubarak's speech angered the crowd.", ["Hosni Mubarak's", "crowd"], "en", ["Hosni Mubarak", "crowd"], []),
        ("State television showed the president.", ["state television", "president"], "en", ["president"],
         ["state television"]),
        ("Kata wartawan Kompas Budi Santoso, polisi datang.", ["Kompas", "Budi Santoso", "police"], "id", ["police"],
         ["Kompas", "Budi Santoso"]),
        ("PBB mengecam serangan itu.", ["PBB"], "id", ["United Nations"], []),
    ],
)
def test_actors_outlets_and_reporters_are_cited_not_actors(sentence, names, language, actors, cited):
    from pipeline.extract.actors import cited_and_actors

    assert cited_and_actors(sentence, names, language) == (actors, cited)


@pytest.mark.parametrize(
    "language, sentence, expected",
    [
        # A country followed by a verb acts; one that modifies a noun or is a place does not.
        ("id", "Peru mendesak kedua pihak berunding.", ["Peru"]),
        ("id", "Sirene berbunyi saat Peru meluncurkan roket.", ["Peru"]),
        ("id", "Sumber-sumber Peru menyebutkan dua orang tewas.", []),
        ("id", "Banjir melanda wilayah tengah Peru pada Jumat.", []),
        ("en", "The United States has sent an aircraft carrier.", ["United States"]),
        ("en", "After Mexico accused Peru of delays, talks stalled.", ["Mexico"]),
        ("en", "Heavy rain fell across Mexico on Tuesday.", []),
        # A country listed after a place named after a preposition is a place too.
        ("en", "Bombs hit embassies in Peru and Chile on Friday.", []),
        ("en", "Peru and Chile condemned the attack.", ["Peru", "Chile"]),
        ("en", "In Lima, Chile signed the accord.", ["Chile"]),
        ("en", "After Peru was struck by an earthquake, aid arrived.", []),
    ],
)
def test_actors_countries_that_act(language, sentence, expected):
    memory = article_memory([sentence])
    assert extract_actors(sentence, language, memory) == expected


@pytest.mark.parametrize(
    "language, sentences, expected",
    [
        # A pronoun refers to the story's speaker (named beside a reporting cue), not to an
        # official the speaker mentions, nor to victims named since.
        ("en", ["Sam Ortega, a shopkeeper, says life has become hard.",
                "He blames President Ana Ruiz for the shortages.",
                "\"We cannot go on,\" he says."],
         [["Sam Ortega"], ["Sam Ortega", "Ana Ruiz"], ["Sam Ortega"]]),
        ("id", ["\"Dua korban dirawat,\" kata Kepala Polsek Contoh, Budi Santoso.",
                "Korban bernama Andi Wijaya dan Rudi Hartono.",
                "\"Keduanya luka berat,\" ujar dia."],
         [["police", "Budi Santoso"], ["Andi Wijaya", "Rudi Hartono"], ["Budi Santoso"]]),
        # A reporting word with the pronoun clitic ("ujarnya", "menurutnya") is the speaker's.
        ("id", ["Budi Santoso, kepala desa itu, mengatakan dua rumah rusak.",
                "Menurutnya, warga sudah mengungsi."],
         [["Budi Santoso"], ["Budi Santoso", "residents"]]),
    ],
)
def test_actors_pronouns_refer_to_the_speaker(language, sentences, expected):
    memory = article_memory(sentences)
    assert [extract_actors(s, language, memory) for s in sentences] == expected


@pytest.mark.parametrize(
    "language, text, expected",
    [
        # The sentences of a quotation are the speaker's: the one its attribution names, else
        # the speaker before it.
        ("en", "\"The water came fast. We had no time,\" said Ana Ruiz, a farmer.\n",
         [["Ana Ruiz"], ["Ana Ruiz"]]),
        ("id", "Budi Santoso, kepala desa itu, mengatakan dua rumah rusak.\n\n"
               "\"Warga sudah kami ungsikan. Semua selamat.\"\n",
         [["Budi Santoso"], ["residents", "Budi Santoso"], ["Budi Santoso"]]),
    ],
)
def test_actors_quotations_are_the_speakers(language, text, expected):
    from pipeline.build.run import article_rows

    article = f"---\npublished: 2025-03-14\nlanguage: {language}\ntitle: Judul\n---\n{text}"
    rows = article_rows(article.encode(), "quote.txt", "quote").events
    assert [r["actors"] + r["cited"] for r in rows] == expected


def test_actors_surname_without_its_article_is_the_person():
    sentences = ["President Hamid al-Rashidi spoke on television.", "Rashidi said the army would fight on."]
    memory = article_memory(sentences)
    assert [extract_actors(x, "en", memory) for x in sentences] == [["Hamid al-Rashidi"], ["Hamid al-Rashidi", "military"]]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # A group word that is also an adjective names a thing before a noun; the group else.
        ("Aircraft struck a military base near the coast.", []),
        ("The military said it would withdraw.", ["military"]),
        ("The government and rebels met on Monday.", ["government", "rebels"]),
        ("The army fired on the crowd.", ["military"]),
        ("Who will help the villagers now?", ["residents"]),
        # A well-known outlet with a capital inside it opens a sentence as a name.
        ("Al-Jazeera aired the tape on Friday.", ["Al-Jazeera"]),
        ("Government forces shelled the town.", ["government forces"]),
    ],
)
def test_actors_group_words_before_nouns(sentence, expected):
    assert extract_actors(sentence, "en", article_memory([sentence])) == expected
