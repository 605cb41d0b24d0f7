"""Casualty figures: a table of own sentences in the style of Indonesian crisis news."""

import pytest

from pipeline.extract.casualties import extract_casualties

from .conftest import without_key_letters

OPEN = None


@pytest.mark.parametrize(
    "sentence, killed, injured, missing, victims",
    [
        ("Kementerian mengatakan sedikitnya delapan polisi tewas dalam bentrokan itu sementara 300 lainnya terluka.",
         (8, OPEN), (300, 300), None, "security forces"),
        ("Aparat telah membunuh puluhan pengunjuk rasa di depan gedung parlemen.", (10, 99), None, None, "protesters"),
        ("Sebanyak 14 orang dinyatakan meninggal dunia dan 8 orang masih dicari.", (14, 14), None, (8, 8), "unspecified"),
        ("Longsor Tambang: 5 Tewas, 3 Luka-luka", (5, 5), (3, 3), None, None),
        ("Korban tewas akibat banjir bertambah menjadi 61 orang.", (61, 61), None, None, "unspecified"),
        ("Lebih dari 20 warga mengalami luka-luka.", None, (21, OPEN), None, "civilians"),
        ("Setidaknya 1.200 penumpang terluka dalam kecelakaan itu.", None, (1200, OPEN), None, "civilians"),
        ("Serangan itu menewaskan dua belas tentara.", (12, 12), None, None, "security forces"),
        ("Tiga ratus pekerja dilaporkan hilang.", None, None, (300, 300), "civilians"),
        ("Belasan pelajar terluka dalam tawuran itu.", None, (11, 19), None, "civilians"),
        ("Lima orang tewas dan tujuh lainnya mengalami cedera.", (5, 5), (7, 7), None, "unspecified"),
        ("Sekitar 20 orang dirawat di rumah sakit.", None, (20, 20), None, "unspecified"),
        ("Empat dari dua belas pekerja masih menjalani perawatan di rumah sakit.", None, (4, 4), None, "civilians"),
        ("Sekitar 30 orang lainnya, termasuk petugas, polisi, dan relawan, dilarikan ke klinik untuk mendapatkan perawatan.",
         None, (30, 30), None, "unspecified"),
        ("Korban tewas sebelum sempat mendapat pertolongan.", (1, 1), None, None, None),
        ("Nyawanya tak tertolong saat tiba di puskesmas.", (1, 1), None, None, None),
        ("Polisi mengungkap pembunuhan Andi Kurniawan di rumahnya.", (1, 1), None, None, None),
        ("Banyak korban tewas sebelum sempat dievakuasi.", None, None, None, None),
        ("Motif pembunuhan ini adalah utang.", None, None, None, None),
        # Not casualties: ages, money, times, dates, distances, perpetrators.
        ("Polisi menangkap Budi (45) di rumahnya.", None, None, None, None),
        ("Pelaku berutang Rp 200 ribu kepada korban.", None, None, None, None),
        ("Pencarian dihentikan pukul 17.30 WIB.", None, None, None, None),
        ("Lokasi berjarak 30 km dari kota.", None, None, None, None),
        ("4 Pelajar Pelaku Tawuran yang Tewaskan Anggota Karang Taruna Ditangkap", None, None, None, None),
        ("Kapal itu hilang kontak dengan 3 awak di dalamnya.", None, None, None, None),
    ],
)
def test_casualties_extract(sentence, killed, injured, missing, victims):
    got = extract_casualties(sentence, "id")
    assert (got.killed, got.injured, got.missing, got.victims) == (killed, injured, missing, victims)
    for fig in got.figures:
        assert sentence[fig.start:fig.end] == fig.text


def test_casualties_time_spans_are_not_counts():
    s = "Pada 12 Juni 2025, 3 orang tewas."
    got = extract_casualties(s, "id", blocked=[(5, 17)])
    assert got.killed == (3, 3)


@pytest.mark.parametrize(
    "sentence, killed, injured, missing",
    [
        ("Sumber setempat menyebutkan, 12 orang termasuk empat di antaranya dari satu keluarga, tewas dalam serangan itu.",
         (12, 12), None, None),
        # The names of those counted between the figure and its cue; a victim named with an age.
        ("Dua nelayan yaitu Darto dan Slamet Riyadi akhirnya meninggal dunia.", (2, 2), None, None),
        ("Pedagang pasar itu, Sarmini (52), ditemukan tewas di kiosnya.", (1, 1), None, None),
        ("Warga bernama Joko (40) ditangkap setelah menganiaya tetangganya.", None, None, None),
        # A death told of a named person, without a figure, is one; a place before the verb is not.
        ("Polisi menyebut bahwa Sarmini meninggal akibat luka bakar.", (1, 1), None, None),
        ("Joko Susilo dilaporkan tewas dalam perjalanan ke rumah sakit.", (1, 1), None, None),
        ("Pembunuh Joko Susilo ditangkap di Kota Contoh.", (1, 1), None, None),
        ("Warga di Sampleton tewas tertimpa pohon.", None, None, None),
        ("Secara terpisah, lima warga lainnya ditembak mati di dekat pos pemeriksaan.", (5, 5), None, None),
        ("Sebanyak 30 orang tewas pada Sabtu, termasuk 12 anak-anak, menurut laporan itu.", (30, 30), None, None),
        # Bodies found are dead: "mayat", "jasad" like "jenazah". Skeletons are not counted:
        # the phrase served one article (issue 20).
        ("Polisi menemukan tiga mayat di tepi sungai.", (3, 3), None, None),
        ("Petugas menemukan dua kerangka manusia yang tertimbun di bawah plafon.", None, None, None),
        ("Kedua jasad dibawa ke rumah sakit untuk diperiksa.", (2, 2), None, None),
        ("Mereka menyusun kerangka kerja baru untuk 20 desa.", None, None, None),
        # One of a group counted elsewhere is no figure of its own.
        ("Salah satu korban luka adalah pastor paroki gereja itu.", None, None, None),
        ("Salah satu korban tewas merupakan warga desa setempat.", None, None, None),
        ("Serangan ke 12 desa menewaskan 3 orang.", (3, 3), None, None),
        # "One of" before anything but a word for victims is a count of one.
        ("Salah seorang warga tewas tertembak di pasar.", (1, 1), None, None),
        ("Ledakan itu menewaskan salah satu pekerja tambang.", (1, 1), None, None),
        ("Salah satu jenazah yang ditemukan telah diidentifikasi.", None, None, None),
        # A verb of becoming before a figure of no victims is no total.
        ("Tragedi yang menewaskan suporter itu menjadi perhatian 3 menteri.", None, None, None),
        ("Korban tewas merupakan warga desa setempat.", (1, 1), None, None),
        ("Jumlah total warga yang ditembak mati saat mengantre bantuan sejak 2 Mei kini telah mencapai 90 orang.",
         (90, 90), None, None),
        ("Adapun jumlah warga yang terluka dalam peristiwa itu tercatat lebih dari 300 orang, dan tujuh lainnya masih hilang.",
         None, (301, None), (7, 7)),
        ("Kedua pilot meninggal dalam kecelakaan itu.", (2, 2), None, None),
        ("Pada hari kedua pencarian, tim menemukan jejak kapal.", None, None, None),
        ("Beberapa orang lainnya mengalami luka-luka.", None, None, None),
        ("Listrik mati selama 3 jam di kota itu.", None, None, None),
    ],
)
def test_casualties_constructions(sentence, killed, injured, missing):
    got = extract_casualties(sentence, "id")
    assert (got.killed, got.injured, got.missing) == (killed, injured, missing)


@pytest.mark.parametrize(
    "sentence, language, killed, scope",
    [
        ("Sedikitnya delapan polisi tewas dalam bentrokan itu.", "id", (8, OPEN), "incident"),
        ("Korban tewas akibat banjir bandang di kota itu bertambah menjadi 88 orang.", "id", (88, 88), "toll"),
        ("Hingga kini, jumlah korban meninggal mencapai 30 orang.", "id", (30, 30), "toll"),
        # A stated total holds the figures of its victims told beside it, before or after.
        ("Hingga Rabu, jumlah korban tewas bertambah menjadi 15 orang setelah tim SAR menemukan tiga jenazah.",
         "id", (15, 15), "toll"),
        ("Tim SAR menemukan tiga jenazah sehingga korban tewas menjadi 15 orang.", "id", (15, 15), "incident"),
        ("The death toll rose to 15 after rescuers found three bodies.", "en", (15, 15), "toll"),
        # Two counts, no total: added.
        ("Tiga orang menjadi korban tewas dan dua orang tewas di rumah sakit.", "id", (5, 5), "incident"),
        # A stated total includes the incident told beside it: 40, not 12 + 40.
        ("Serangan itu menewaskan 12 orang, sehingga total korban tewas menjadi 40 orang.", "id", (40, 40), "toll"),
        ("Jumlah korban tewas diperkirakan akan bertambah menjadi 100 orang.", "id", (100, 100), "projected"),
        ("Longsor itu tidak menimbulkan korban.", "id", None, None),
        ("At least 12 people were killed on Monday.", "en", (12, OPEN), "incident"),
        ("The death toll rose to 15 on Wednesday.", "en", (15, 15), "toll"),
        ("A bomb killed 12 people on Monday, bringing the death toll to 40.", "en", (40, 40), "toll"),
        ("So far, 88 people have died in the floods.", "en", (88, 88), "toll"),
        ("Officials said the final toll will be between 100,000 and 200,000 dead.", "en", (100_000, 200_000), "projected"),
        # Only the figure's own clause decides; a total replaces only what it includes.
        ("Three people were killed in all, and 10 were injured, while another 5 were killed in a separate attack.",
         "en", (8, 8), "toll"),
        ("Sebanyak 3 orang tewas, sehingga total korban menjadi 20 orang, sementara 2 warga lain tewas di Garut.",
         "id", (5, 5), "incident"),
        ("The first attack since the war began killed 12 people in the capital.", "en", (12, 12), "incident"),
        ("Sejak pagi, banjir menewaskan 5 orang di kota itu.", "id", (5, 5), "incident"),
        ("Police will investigate the blast that killed 12 people.", "en", (12, 12), "incident"),
        ("Forecasters said the storm would weaken, but it killed 7 people.", "en", (7, 7), "incident"),
        ("Polisi akan menyelidiki ledakan yang menewaskan 12 orang.", "id", (12, 12), "incident"),
        ("Gunmen killed 12 people in the village and totally burned houses.", "en", (12, 12), "incident"),
        ("A bomb killed 12 soldiers on Monday, bringing the death toll to 40.", "en", (40, 40), "toll"),
        # A projection beside a reported figure is not added to it.
        ("Hundreds of people are feared to have died, and the death toll could run into thousands.", "en",
         (100, 999), "incident"),
        # A counterfactual is no count; a cue in an earlier clause or quotation does not reach the figure.
        ("Probably we wouldn't have seen more than 100,000 people killed.", "en", (100_001, OPEN), "projected"),
        ("Gadhafi: 'We will not give up' NEW: At least 31 killed in Libya.", "en", (31, OPEN), "incident"),
    ],
)
def test_casualties_scope_incident_toll_projection(sentence, language, killed, scope):
    got = extract_casualties(sentence, language)
    assert (got.killed, got.scope) == (killed, scope)


def test_casualties_a_verb_of_becoming_does_not_take_the_next_clause_figure():
    got = extract_casualties("Korban tewas jadi sorotan, 5 orang dirawat.", "id")
    assert (got.killed, got.injured) == (None, (5, 5))


def test_casualties_injured_beside_a_death_toll_are_an_incident():
    got = extract_casualties("The death toll rose to 40, and 25 people were injured.", "en")
    assert (got.killed, got.injured, got.scope) == ((40, 40), (25, 25), "toll")
    assert [f.scope for f in got.figures] == ["toll", "incident"]


@pytest.mark.parametrize(
    "sentence, language",
    [("Sedikitnya 12 orang tewas dalam banjir.", "id"), ("Polisi menangkap 12 orang di pasar.", "id"),
     ("Korban tewas dimakamkan pagi ini.", "id"), ("Warga mengungsi ke masjid.", "id"),
     ("At least 12 people died in the flood.", "en"), ("Police arrested 12 people at the market.", "en"),
     ("A policeman was killed in the attack.", "en"), ("The toll has climbed to 40.", "en"),
     ("Three hundred families fled.", "en")],
)
def test_casualties_cue_test_skips_only_sentences_without_a_cue(monkeypatch, sentence, language):
    """The test for a cue's letters before the search finds what the search alone finds."""
    from pipeline.extract import casualties as mod

    gated = extract_casualties(sentence, language)
    without_key_letters(monkeypatch, mod, "_lexicon", language, "cue_keys")
    assert extract_casualties(sentence, language) == gated


# Issue 19: figures that mean what they say. (kind, sentence, language, expected ranges by kind;
# a kind not listed is None.)
@pytest.mark.parametrize(
    "sentence, language, expected",
    [
        # Humanitarian kinds are columns of their own, never deaths.
        ("Some 1.5 million people were left homeless by the storm, which killed as many as 2,000.", "en",
         {"displaced": (1500000, 1500000), "killed": (None, 2000)}),
        ("Sekitar 3.000 warga mengungsi setelah banjir, dan 12 orang tewas.", "id",
         {"displaced": (3000, 3000), "killed": (12, 12)}),
        ("The virus has infected 4,800 people and killed 60.", "en", {"affected": (4800, 4800), "killed": (60, 60)}),
        ("Fourteen people were pulled out alive from the rubble on Sunday.", "en", {"rescued": (14, 14)}),
        # A list of kinds gives no figure of any one kind.
        ("Three million people were killed, injured or homeless in the region.", "en", {}),
        ("Sebanyak 40 orang tewas dan luka-luka dalam kecelakaan itu.", "id", {}),
        # Clock stamps and years are not tolls; the figure after the stamp is.
        ("1850 The aid group says it believes 45-50,000 people died.", "en", {"killed": (45000, 50000)}),
        ("At 2200 GMT police said two protesters were killed.", "en", {"killed": (2, 2)}),
        ("The 2004 tsunami killed people across the region.", "en", {}),
        # Rival estimates of one toll are not added; others besides those counted are.
        ("More than 100,000 people were killed, officials said, while the aid group said between 30,000 and "
         "50,000 were killed.", "en", {"killed": (30000, None)}),
        ("The shelling killed 12, he said, but scores more were killed when gunmen stormed the village.", "en",
         {"killed": (32, 111)}),
        ("Dua orang tewas di lokasi dan tiga lainnya tewas di rumah sakit.", "id", {"killed": (5, 5)}),
        # Rescuers, personnel and troops sent are not victims.
        ("Sebanyak 150 personel dikerahkan untuk mencari korban hilang.", "id", {}),
        ("Some 2,000 troops were sent to search for the missing.", "en", {}),
        # A projection beside no reported figure is the sentence's figure, marked projected.
        ("The death toll could be as high as 100,000.", "en", {"killed": (None, 100000)}),
    ],
)
def test_casualties_kinds_lists_clocks_estimates(sentence, language, expected):
    got = extract_casualties(sentence, language)
    for kind in ("killed", "injured", "missing", "displaced", "affected", "rescued"):
        assert getattr(got, kind) == expected.get(kind), (kind, sentence)


@pytest.mark.parametrize("sentence, language, killed, injured", [
    # A statement that no one was killed or hurt is a figure of 0 (never a toll).
    ("Beruntung tidak ada korban jiwa maupun korban luka dalam kejadian itu.", "id", (0, 0), (0, 0)),
    ("Tidak ada korban jiwa, tetapi 3 orang luka-luka.", "id", (0, 0), (3, 3)),
    ("No one was killed, but 12 people were injured.", "en", (0, 0), (12, 12)),
    ("There were no casualties, the governor said.", "en", (0, 0), None),
    ("No one has claimed responsibility for the attack.", "en", None, None),
    # Animals are no casualties; a neighbourhood's number (RT/RW) is no count.
    ("Sebanyak 468 ekor babi mati terserang virus.", "id", None, None),
    ("468 Babi di Kabupaten Contoh Mati Terserang Virus", "id", None, None),
    ("More than 300 pigs died of the virus.", "en", None, None),
    ("Lima warga RW 08 terluka dalam peristiwa tersebut.", "id", None, (5, 5)),
    # Shot dead; one victim named after a verb of killing, or whose body is spoken of.
    ("Polisi menembak mati empat anggota kelompok bersenjata.", "id", (4, 4), None),
    ("Pria itu menghabisi Endang dengan senjata tajam.", "id", (1, 1), None),
    ("Jenazah korban dibawa ke rumah sakit.", "id", (1, 1), None),
    ("Para jenazah korban dibawa ke rumah sakit.", "id", None, None),
    # English: a named person killed, the killing of a named person, one death, lives claimed.
    ("Cameraman Rudi Hartono was killed when the shell hit the building.", "en", (1, 1), None),
    ("Outrage grew after the killing of Maria Santos in the square.", "en", (1, 1), None),
    ("One death has been confirmed so far.", "en", (1, 1), None),
    ("The government will pay the first 32 death claims next week.", "en", None, None),
    ("He faces one death sentence.", "en", None, None),
    ("The virus is suspected of claiming the lives of 101 people.", "en", (101, 101), None),
    # "death" counts after a figure ("One death, 286 cases"), never in "death penalty" and kin;
    # one victim told by role and name, or by nationality after "killing of".
    ("Ruritania: One death, 41 suspected cases", "en", (1, 1), None),
    ("Two death threats were sent to the judge.", "en", None, None),
    ("A senior officer, Ana Santos, was killed by a sniper.", "en", (1, 1), None),
    ("Protests followed the killing of Ruritanian officer near the border.", "en", (1, 1), None),
    ("Protests followed the killing of Ruritanian officers near the border.", "en", None, None),
    # A quoted figure beside the narrator's own is the speaker's, not added to it.
    ("Shelling leaves 40 dead. Our reporter: \"It has been a year and 5,000 or more dead\"", "en", (40, 40), None),
    # Near deaths, a people of a place, and "the death of" name no single death.
    ("Two men were charged over the death of a student.", "en", None, None),
    ("Serangan udara itu membuat warga Sampleton tewas.", "id", None, None),
    # A total spoken of, not one death.
    ("Jumlah korban tewas diperkirakan akan meningkat.", "id", None, None),
    ("Hingga saat ini polisi masih mendata korban tewas.", "id", None, None),
])
def test_casualties_zero_animals_and_single_victims(sentence, language, killed, injured):
    c = extract_casualties(sentence, language)
    assert (c.killed, c.injured) == (killed, injured)


@pytest.mark.parametrize(
    "headline, language, killed",
    [
        # A headline that tells a death without a figure tells one; a figure, a rising toll
        # or an English headline (which marks the plural) says nothing of the kind.
        ("Penjaga Toko di Kota Contoh Tewas Tertimpa Pohon", "id", (1, 1)),
        ("Buruh Pabrik Ditembak Mati Perampok", "id", (1, 1)),
        ("Korban Tewas Banjir Bertambah", "id", None),
        ("Pengendara Nyaris Tewas Tertimpa Pohon", "id", None),
        ("Para Penambang Tewas Tertimbun Longsor", "id", None),
        ("Tiga Penambang Tewas Tertimbun Longsor", "id", None),
        ("Korban Banjir di Kota Contoh Terus Bertambah", "id", None),
        ("Shopkeeper Killed by Falling Tree", "en", None),
    ],
)
def test_casualties_headline_death(headline, language, killed):
    from pipeline.extract.casualties import headline_death

    got = headline_death(headline, language)
    assert (got.killed if got else None) == killed
