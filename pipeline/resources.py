"""Per-language resource files (pipeline/resources/<lang>/*.yaml), loaded once."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Iterable

import regex
import yaml

RESOURCE_DIR = Path(__file__).parent / "resources"


def supported_languages() -> tuple[str, ...]:
    """Languages that have a resource folder."""
    return tuple(sorted(p.name for p in RESOURCE_DIR.iterdir() if p.is_dir() and p.name != "common"))


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads `no`, `on` and `yes` as booleans: here only true/false are booleans."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", regex.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@functools.lru_cache(maxsize=None)
def load(language: str, name: str) -> dict[str, Any]:
    """The parsed resource file `<language>/<name>.yaml` ({} when the language lacks it)."""
    path = RESOURCE_DIR / language / f"{name}.yaml"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader) or {}


def _phrase_pattern(phrase: str) -> str:
    stem = phrase.endswith("*")
    phrase = phrase.rstrip("*")
    parts = [regex.escape(p) for p in phrase.split()]
    body = r"\s+".join(parts)
    return body + (r"\w*" if stem else "")


def phrase_regex(phrases: Iterable[str], flags: int = regex.IGNORECASE) -> regex.Pattern:
    """One compiled pattern matching any phrase as whole words, longest phrases first.

    A trailing `*` on a phrase matches any word ending ("meledak*" finds "meledakkan").
    The match is in group "p"; a phrase list that is empty matches nothing.
    """
    items = sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True)
    if not items:
        return regex.compile(r"(?!x)x")
    alt = "|".join(_phrase_pattern(p) for p in items)
    return regex.compile(rf"(?<![\w-])(?P<p>{alt})(?![\w-])", flags)


def previous_word(text: str, position: int) -> str:
    """The word just before `position` (looking back at most 80 characters), or ""."""
    words = text[max(0, position - 80):position].split()
    return words[-1] if words else ""


def normalise(text: str) -> str:
    """Lower-case with runs of white space folded: the key form of a phrase."""
    return " ".join(text.lower().split())
