"""Resource files: validated against their declared shape, YAML read the same with or without
libyaml, `no`/`yes` kept as words."""

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


def test_resources_every_file_on_disk_has_its_declared_shape():
    assert resources.check_all() == []


def _edited(tmp_path, language: str, name: str, old: str, new: str) -> Path:
    """A copy of a shipped resource file with one edit, under the same file name."""
    text = (resources.RESOURCE_DIR / language / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / language / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "language, name, old, new, message",
    [
        # A misspelled key: the rule it holds would otherwise be silently off.
        ("en", "dates", "incident_anchors:", "incident_anchor:",
         "'incident_anchor': unknown key (did you mean 'incident_anchors'?); "),
        ("en", "dates", "incident_anchors:", "incident_anchor:", "incident_anchors: missing key"),
        ("id", "places", "names_around_cities: false\n", "", "names_around_cities: missing key"),
        ("en", "dates", "numeric_order: mdy", "numeric_order: ymd", "numeric_order: 'ymd' is not one of dmy, mdy"),
        ("en", "dates", "yearless_numeric: false", "yearless_numeric: nope", "yearless_numeric: 'nope' is not a bool"),
        ("en", "dates", "\n  monday: 0", "\n  monday: 9", "weekdays.monday: 9 is not between 0 and 6"),
        ("en", "casualties", "toll_after_words: [since]", "toll_after_words: since", "toll_after_words: not a list"),
        ("en", "casualties", "toll_after_words: [since]", "toll_after_words: [since, Since]", "toll_after_words: 'Since' is listed twice"),
        ("en", "casualties", "toll_after_words: [since]", "toll_after_words: [since, 12]", "toll_after_words[1]: 12 is not a string"),
        ("en", "text", "dateline_lines:", "dateline_lines: ['(unclosed']\nold_dateline_lines:", "dateline_lines[0]: not a valid pattern"),
        ("en", "dates", "\n  monday: 0", "\n  monday: 0\n  monday: 0", "key 'monday' is given twice"),
        ("id", "actors", "rioters: [perusuh,", "rioters: [polisi, perusuh,", "'polisi' is in both 'police' and 'rioters'"),
        ("id", "event_types", "[disasters, tsunami, [tsunami]]", "[disasters, tsunami, [tsunami, banjir]]",
         "'banjir' is in row 11 (flood) and row 14 (tsunami)"),
    ],
)
def test_resources_a_file_that_breaks_its_shape_is_an_error_naming_file_and_key(tmp_path, language, name, old, new, message):
    path = _edited(tmp_path, language, name, old, new)
    with pytest.raises(resources.ResourceError) as info:
        resources.read_resource_file(path, name)
    assert str(path) in str(info.value) or f"{language}/{name}.yaml" in str(info.value)
    assert message in str(info.value)


def test_resources_a_statement_cue_may_also_cue_another_type():
    """"announced" is a policy change and a reporting verb: the statement rows are a role of their own."""
    cues = resources.load("en", "event_types")["cues"]
    rows = {row[1]: {w.lower() for w in row[2]} for row in cues}
    assert "announced" in rows["policy_change"] and "announced" in rows["statement"]


def test_resources_an_unknown_file_and_an_undeclared_key_are_errors(tmp_path):
    with pytest.raises(resources.ResourceError, match="not a known resource file"):
        resources.load("en", "date")
    with pytest.raises(KeyError, match=r"en/dates\.yaml: 'incident_anchor' is not a key of this file"):
        resources.load("en", "dates")["incident_anchor"]
    with pytest.raises(KeyError):
        resources.load("en", "dates").get("incident_anchor")


def test_resources_a_missing_file_reads_as_empty():
    timex = resources.load("id", "timex")  # Indonesian has no TIMEX3 words yet
    assert timex["present_ref"] == [] and timex["duration_units"] == {}
