"""llms.txt and the Markdown copy of each article: llmstxt.org's shape, links made absolute."""

from __future__ import annotations

from pathlib import Path

from helpcenter.model import Article, Category, Site, SiteConfig
from helpcenter.render.machine import llms_txt, markdown_copy


def config(base_url: str = "https://help.example.com/help/") -> SiteConfig:
    return SiteConfig(
        path=Path("content/site.toml"),
        title={"en": "Example Help", "zh": "示例帮助"},
        base_url=base_url,
        languages=("en", "zh"),
        categories=(Category("transfers", {"en": "Transfers", "zh": "转账"}, 1),),
        language_names={"en": "English", "zh": "中文"},
    )


BODY = """See [fees](network-fees.md#slow) and [hashes](../security/scams.md), [this](#why), ![fee](fee.png).

```
[not a link](kept.md)
```

[ref]: ../transfers/network-fees.md
Mail support@example.com or [the site](https://example.com/)."""


def article(lang: str = "en", **fields) -> Article:
    defaults: dict = dict(
        lang=lang,
        category="transfers",
        slug="stuck",
        title="Stuck [transfer]",
        source=Path(f"content/{lang}/transfers/stuck.md"),
        summary="Why a transfer waits,\nand what to do.",
        markdown=BODY,
    )
    defaults.update(fields)
    return Article(**defaults)


def test_the_markdown_copy_has_a_title_summary_and_absolute_links():
    copy = markdown_copy(article(), config())
    page = "https://help.example.com/help/en/transfers/stuck/"
    assert copy.startswith(f"# Stuck [transfer]\n\n> Why a transfer waits,\nand what to do.\n\n<{page}>\n\n")
    assert "[fees](https://help.example.com/help/en/transfers/network-fees/#slow)" in copy
    assert "[hashes](https://help.example.com/help/en/security/scams/)" in copy
    assert f"[this]({page}#why)" in copy
    assert "![fee](https://help.example.com/help/en/transfers/fee.png)" in copy
    assert "[not a link](kept.md)" in copy  # code is left as written
    assert "[ref]: https://help.example.com/help/en/transfers/network-fees/" in copy
    assert "[the site](https://example.com/)" in copy


def test_a_path_base_url_gives_site_absolute_links():
    copy = markdown_copy(article(), config("/help/"))
    assert "[fees](/help/en/transfers/network-fees/#slow)" in copy


def test_llms_txt_lists_each_language_with_one_line_summaries():
    site = Site(config(), (article(), article("zh", title="卡住的转账", summary="")))
    strings = {"en": {"core": {"llms_summary": "Official articles of {title}."}}}
    text = llms_txt(site, strings)
    assert text.splitlines()[:6] == [
        "# Example Help",
        "",
        "> Official articles of Example Help.",
        "",
        "## English (en)",
        "",
    ]
    assert (
        "- [Stuck (transfer)](https://help.example.com/help/en/transfers/stuck/index.md): "
        "Why a transfer waits, and what to do."
    ) in text
    assert "## 中文 (zh)\n\n- [卡住的转账](https://help.example.com/help/zh/transfers/stuck/index.md)\n" in text
