"""Chinese UI strings read as Chinese: full-width punctuation next to Chinese characters
(，：；（）？), never the ASCII forms a keyboard in English mode types."""

from __future__ import annotations

import re
import tomllib

from helpers import ROOT

HAN = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"  # Han, CJK and full-width punctuation
# an ASCII , : ; ( ) ? touching a Chinese character (a placeholder such as {when} counts as text)
ASCII_BESIDE_HAN = re.compile(rf"[{HAN}][,:;()?]|[,:;()?][{HAN}]|\([{HAN}]|[{HAN}]\)")


def chinese_tables():
    for path in sorted((ROOT / "theme" / "i18n").glob("*.toml")):
        for lang, table in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if lang.lower().startswith("zh"):
                yield path.name, lang, table


def test_the_check_itself_finds_ascii_punctuation():
    assert ASCII_BESIDE_HAN.search("请稍候,马上回来")
    assert ASCII_BESIDE_HAN.search("时间(北京)")
    assert ASCII_BESIDE_HAN.search("至 {when}({rel})。")
    assert not ASCII_BESIDE_HAN.search("请稍候，马上回来（北京时间）")


def test_chinese_ui_strings_use_full_width_punctuation():
    found = [
        f"{name} [{lang}] {key} = {text!r}"
        for name, lang, table in chinese_tables()
        for key, text in table.items()
        if isinstance(text, str) and ASCII_BESIDE_HAN.search(text)
    ]
    assert list(chinese_tables()) and found == []


def test_chinese_ui_strings_address_the_reader_one_way():
    """One form of address throughout: 你, never the formal 您 beside it."""
    found = [
        f"{name} [{lang}] {key} = {text!r}"
        for name, lang, table in chinese_tables()
        for key, text in table.items()
        if isinstance(text, str) and "您" in text
    ]
    assert list(chinese_tables()) and found == []
