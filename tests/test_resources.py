"""Resource files: YAML read the same with or without libyaml, `no`/`yes` kept as words."""

from pathlib import Path

import pytest
import yaml

from pipeline import resources


@pytest.mark.parametrize("path", sorted(Path(resources.RESOURCE_DIR).rglob("*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_resources_read_alike_by_both_loaders(path):
    class PureLoader(yaml.SafeLoader):
        pass

    PureLoader.yaml_implicit_resolvers = resources._Loader.yaml_implicit_resolvers
    text = path.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=resources._Loader) == yaml.load(text, Loader=PureLoader)


def test_resources_words_that_yaml_1_1_calls_booleans_stay_words():
    assert yaml.load("a: [no, yes, on, off]\nb: true", Loader=resources._Loader) == {"a": ["no", "yes", "on", "off"], "b": True}
    assert "no" in resources.load("en", "text")["abbreviations"]


@pytest.mark.parametrize(
    "phrases, keys",
    [(["the next day", "24 jam"], {"next", "jam"}), (["a dozen", "tens of thousands"], {"dozen", "thousands"}),
     ([], set()), (["24"], None),  # a phrase without letters: no run can rule a match out
     (["have died", "at least"], {"died", "least"}),  # the last of equally long runs
     (["tewas", "meledak*"], None)],  # any ending: "meledakkan" has no run "meledak"
)
def test_resources_key_letter_runs(phrases, keys):
    got = resources.key_letter_runs(phrases)
    assert (got is None and keys is None) or got == keys


@pytest.mark.parametrize(
    "text, runs",
    [("Dua puluh lima orang", {"dua", "puluh", "lima", "orang"}), ("twenty-five, 3rd", {"twenty", "five", "rd"}),
     ("12:30", set())],
)
def test_resources_letter_runs(text, runs):
    assert resources.letter_runs(text) == runs


@pytest.mark.parametrize(
    "keys, text, may",
    [(frozenset({"tewas"}), "Dua warga tewas.", True), (frozenset({"tewas"}), "Dua warga selamat.", False),
     (frozenset({"died"}), "Two DIED.", True), (None, "anything", True), (frozenset(), "Dua warga tewas.", False)],
)
def test_resources_may_contain(keys, text, may):
    assert resources.may_contain(keys, text) is may
