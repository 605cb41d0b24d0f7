"""The trained name recogniser: tokens, label spans, corpus reading, training, the shipped
models on sentences written for these tests, and the actors it adds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.__main__ import main
from pipeline.evaluate.ner import read_corpus, score, train
from pipeline.extract.actors import ActorMemory, extract_actors
from pipeline.extract.ner import Recogniser, model_path, recogniser, sentence_features, spans_of, tokenize


@pytest.mark.parametrize("sentence, tokens", [
    ("U.S. troops left Baghdad.", ["U.S.", "troops", "left", "Baghdad", "."]),
    ("al-Assad's forces, 5,000 strong", ["al-Assad's", "forces", ",", "5,000", "strong"]),
    ("Ma'ruf (Jakarta) berkata: \"ya\"", ["Ma'ruf", "(", "Jakarta", ")", "berkata", ":", '"', "ya", '"']),
    ("", []),
])
def test_ner_tokenize(sentence, tokens):
    assert [sentence[a:b] for a, b in tokenize(sentence)] == tokens


@pytest.mark.parametrize("labels, spans", [
    (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
    (["I-ORG", "I-ORG", "B-ORG", "O"], [(0, 2, "ORG"), (2, 3, "ORG")]),  # CoNLL-2003's IOB1
    (["B-PER", "I-ORG"], [(0, 1, "PER"), (1, 2, "ORG")]),  # a kind change starts a new name
    (["O", "O"], []),
    ([], []),
])
def test_ner_spans_of(labels, spans):
    assert spans_of(labels) == spans


def test_ner_features_leave_out_case_for_lower_case_corpora():
    cased = sentence_features(["Kota", "Contoh"], cased=True)
    lower = sentence_features(["kota", "contoh"], cased=False)
    assert "title" in cased[0] and any(f.startswith("sh=") for f in cased[0])
    assert not any(f in ("title", "upper") or f.startswith(("sh=", "-1sh=", "1sh=")) for f in lower[0])


CONLL = """-DOCSTART- -X- O O

Rina NNP I-NP I-PER
Hartono NNP I-NP I-PER
visited VBD I-VP O
Contoh NNP I-NP I-LOC
. . O O

The DT I-NP O
Relief NNP I-NP I-ORG
Agency NNP I-NP I-ORG
met VBD I-VP O
Budi NNP I-NP I-PER
. . O O
"""

INDONLU = "budi\tB-PPL\nke\tO\ncontoh\tB-PLC\n\nbank\tB-IND\nrakyat\tI-IND\ntutup\tO\n"


def test_ner_read_corpus_maps_kinds_and_tells_lower_case(tmp_path):
    (tmp_path / "c.txt").write_text(CONLL)
    (tmp_path / "i.txt").write_text(INDONLU)
    conll = list(read_corpus(tmp_path / "c.txt"))
    indo = list(read_corpus(tmp_path / "i.txt"))
    assert [s.labels for s in conll] == [["B-PER", "I-PER", "O", "B-LOC", "O"], ["O", "B-ORG", "I-ORG", "O", "B-PER", "O"]]
    assert [s.labels for s in indo] == [["B-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    assert all(s.cased for s in conll) and not any(s.cased for s in indo)


def test_ner_unknown_label_names_the_file(tmp_path):
    (tmp_path / "bad.txt").write_text("x\tB-WEIRD\n")
    with pytest.raises(ValueError, match=r"bad\.txt.*WEIRD"):
        list(read_corpus(tmp_path / "bad.txt"))


def test_ner_train_and_score_round_trip(tmp_path):
    corpus = tmp_path / "c.txt"
    corpus.write_text(CONLL * 5)
    model = tmp_path / "m.crfsuite"
    info = train([corpus], model, max_iterations=50)
    assert model.is_file() and info["bytes"] > 0 and info["sentences"] == {f"{tmp_path.name}/c.txt": 10}
    scores = score(model, [corpus])
    assert scores["all"].f1 == pytest.approx(1.0)  # a model learns its own tiny training set
    tagged = Recogniser(model).names(["Rina Hartono visited Contoh."])[0]
    assert [(e.text, e.label) for e in tagged] == [("Rina Hartono", "PER"), ("Contoh", "LOC")]


def test_ner_train_command_writes_model_and_card(tmp_path, capsys):
    corpus = tmp_path / "c.txt"
    corpus.write_text(CONLL * 5)
    out = tmp_path / "ner-xx.crfsuite"
    assert main(["train-ner", "--language", "xx", "--train", str(corpus), "--test", str(corpus),
                 "--out", str(out), "--iterations", "30"]) == 0
    card = json.loads(out.with_suffix(".json").read_text())
    assert card["language"] == "xx" and card["test_scores"][f"{tmp_path.name}/c.txt"]["all"]["f1"] > 0.9
    assert "macro" in capsys.readouterr().out
    assert main(["train-ner", "--language", "xx", "--train", str(tmp_path / "missing.txt")]) == 2


@pytest.mark.parametrize("language, sentence, names", [
    ("en", "Relief official Maria Fernandes told reporters that NATO aircraft had landed.",
     [("Maria Fernandes", "PER"), ("NATO", "ORG")]),
    ("en", "A spokesman for the National Observatory for Civil Liberties said shelling continued.",
     [("National Observatory for Civil Liberties", "ORG")]),
    ("id", "Menurut Ahmad Yani, polisi masih memburu pelaku.", [("Ahmad Yani", "PER")]),
])
def test_ner_shipped_models_find_names(language, sentence, names):
    model = recogniser(language)
    assert model is not None, f"{model_path(language)} is missing"
    found = [(e.text, e.label) for e in model.names([sentence])[0] if e.label in ("PER", "ORG")]
    assert found == names


@pytest.mark.parametrize("language, sentence, wanted, unwanted", [
    # The model's organisation, which no rule reads (no head word, no acronym in brackets).
    ("en", "A spokesman for the National Observatory for Civil Liberties said shelling continued.",
     "National Observatory for Civil Liberties", None),
    # A dateline's outlet is no actor of the sentence.
    ("id", "KOTA CONTOH, Warta.com - Ahmad Yani ditangkap polisi pada Senin.", "Ahmad Yani", "Warta.com"),
])
def test_ner_names_become_actors(language, sentence, wanted, unwanted):
    names = recogniser(language).names([sentence])[0]
    actors = extract_actors(sentence, language, ActorMemory(), names=names)
    assert wanted in actors
    if unwanted:
        assert unwanted not in actors


def test_ner_models_stay_small():
    models = list(Path(model_path("en").parent).glob("*.crfsuite"))
    assert models and sum(p.stat().st_size for p in models) <= 50 * 1024 * 1024


def test_ner_model_is_asked_only_where_rules_leave_a_name_unread():
    asked: list[str] = []
    model = recogniser("en")

    def names_of(sentence: str):
        return lambda: asked.append(sentence) or model.names_of(sentence)

    memory = ActorMemory(lower_words=frozenset({"police", "the"}))
    plain = "the police said nothing more."
    named = "A spokesman for the National Observatory for Civil Liberties said shelling continued."
    assert extract_actors(plain, "en", memory, names=names_of(plain)) == ["police"]
    assert "National Observatory for Civil Liberties" in extract_actors(named, "en", memory, names=names_of(named))
    assert asked == [named]
    # The parts the rules read before the model joined them are forgotten.
    assert "Civil Liberties" not in extract_actors("He said the toll would rise.", "en", memory)


@pytest.mark.parametrize("language, sentence, unwanted", [
    ("en", "Mr Rudi Hartono of the Office for the Coordination of Humanitarian Affairs arrived.", "Rudi Hartono of the Office"),
])
def test_ner_names_that_cannot_be_names_are_left_out(language, sentence, unwanted):
    names = recogniser(language).names([sentence])[0]
    assert unwanted not in extract_actors(sentence, language, ActorMemory(), names=names)


@pytest.mark.parametrize("sentence, language, killed, scope", [
    ("Police arrested 12 people but no one was killed.", "en", (0, 0), "incident"),
    ("12 orang ditangkap, tidak ada korban jiwa.", "id", (0, 0), "incident"),
    ("The number of injured rose to 30, but no one was killed.", "en", (0, 0), "toll"),
])
def test_ner_zero_statements_take_no_figure_and_keep_the_scope(sentence, language, killed, scope):
    from pipeline.extract.casualties import extract_casualties

    c = extract_casualties(sentence, language)
    assert (c.killed, c.scope) == (killed, scope)
