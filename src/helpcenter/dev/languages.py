"""Which of a site's languages a title is written in, from the script of its letters
(so `helpcenter new "转账消失了"` lands in the Chinese folder without `--lang`)."""

from __future__ import annotations

import unicodedata

# Unicode script (the first word of a character's name) -> the base language codes written in it.
# Han alone is shared by Chinese and Japanese: kana decide for Japanese.
SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "CJK": ("zh", "ja"),
    "HIRAGANA": ("ja",),
    "KATAKANA": ("ja",),
    "HANGUL": ("ko",),
    "CYRILLIC": ("ru", "uk", "bg", "sr", "mk", "be", "kk"),
    "GREEK": ("el",),
    "ARABIC": ("ar", "fa", "ur"),
    "HEBREW": ("he", "yi"),
    "THAI": ("th",),
    "DEVANAGARI": ("hi", "mr", "ne"),
}


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if name.startswith("LATIN"):
        return "LATIN"
    return name.split(" ", 1)[0] if name else None


def title_languages(title: str, languages: tuple[str, ...]) -> list[str]:
    """The site languages `title` may be in, best first; empty when none fits."""
    scripts = {s for s in map(_script, title) if s}
    if "HIRAGANA" in scripts or "KATAKANA" in scripts:
        bases: tuple[str, ...] = ("ja",)
    elif "CJK" in scripts:
        bases = SCRIPT_LANGUAGES["CJK"]
    else:
        # the title's non-Latin script decides; Latin alone fits every Latin-script language
        other = sorted(scripts - {"LATIN"})
        if other:
            bases = SCRIPT_LANGUAGES.get(other[0], ())
        else:
            non_latin = {code for codes in SCRIPT_LANGUAGES.values() for code in codes}
            return [lang for lang in languages if lang.split("-")[0].lower() not in non_latin]
    return [lang for base in bases for lang in languages if lang.split("-")[0].lower() == base]
