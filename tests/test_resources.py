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
