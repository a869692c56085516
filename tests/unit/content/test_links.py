from helpcenter.content.links import is_article_link, resolve

SRC = ("en", "transfers", "pending")


def test_relative_md_links_become_site_urls():
    r = resolve(SRC, "../recovery/lost-phone.md#steps", "/help/")
    assert r.key == ("en", "recovery", "lost-phone")
    assert r.anchor == "steps"
    assert r.url == "/help/en/recovery/lost-phone/#steps"


def test_same_folder_link():
    assert resolve(SRC, "fees.md", "/").url == "/en/transfers/fees/"


def test_bare_anchor_points_to_the_same_article():
    r = resolve(SRC, "#fees", "/")
    assert r.key == SRC and r.url == "#fees"


def test_links_leaving_the_content_folder_are_problems():
    assert "leaves the content folder" in resolve(SRC, "../../../etc/passwd.md", "/").problem
    assert "does not point to an article" in resolve(SRC, "../x.md", "/").problem


def test_which_links_are_ours():
    assert is_article_link("../a/b.md")
    assert is_article_link("#x")
    assert not is_article_link("https://example.com/a.md")
    assert not is_article_link("/abs/a.md")
    assert not is_article_link("image.png")
    assert not is_article_link("mailto:support@example.com")


def test_a_link_finds_its_article_whatever_the_case_of_its_file_name():
    """File names become lowercase slugs (Restore.md is /restore/): links to them do too."""
    r = resolve(SRC, "../recovery/Restore.md#steps", "/")
    assert r.key == ("en", "recovery", "restore") and r.url == "/en/recovery/restore/#steps"
