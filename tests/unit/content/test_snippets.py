"""Shared passages: `--8<-- "name"` lines expanded from <lang>/_snippets/, errors that point
into the including file and the snippet, and what the article records it was made from."""

from __future__ import annotations

from pathlib import Path

from helpcenter.content.snippets import Snippet, expand, place

ARTICLE = Path("content/en/security/scams.md")


def snippet(lang: str, name: str, text: str) -> Snippet:
    return Snippet(Path(f"content/{lang}/_snippets/{name}.md"), text, f"d-{name}-{len(text)}")


def shared(*items: Snippet) -> dict[str, dict[str, Snippet]]:
    out: dict[str, dict[str, Snippet]] = {"en": {}, "zh": {}}
    for item in items:
        out[item.path.parts[1]][item.path.stem] = item
    return out


def test_an_include_line_is_replaced_by_the_snippet():
    phrase = snippet("en", "never-share", '!!! danger "Never"\n    Keep it secret.\n')
    result = expand('Intro.\n\n--8<-- "never-share"\n\nAfter.', 5, "en", shared(phrase), ARTICLE)
    assert result.body == 'Intro.\n\n!!! danger "Never"\n    Keep it secret.\n\nAfter.'
    assert result.problems == ()
    assert result.includes == (("never-share", phrase.digest),)
    # the line after the snippet is still the article's own line 9
    assert place(result, 5 + 5, 5, ARTICLE) == (ARTICLE, 9, "")
    # a line from the snippet is placed in the snippet, naming the article and its include line
    assert place(result, 5 + 3, 5, ARTICLE) == (phrase.path, 2, " (in a snippet included by scams.md:7)")


def test_indentation_carries_into_the_snippet_and_snippets_nest():
    inner = snippet("en", "inner", "Inner line.")
    outer = snippet("en", "outer", 'Outer.\n--8<-- "inner"')
    result = expand('!!! tip "Tip"\n    --8<-- "outer"', 1, "en", shared(inner, outer), ARTICLE)
    assert result.body == '!!! tip "Tip"\n    Outer.\n    Inner line.'
    assert dict(result.includes) == {"inner": inner.digest, "outer": outer.digest}


def test_fenced_code_shows_the_syntax_without_expanding_it():
    body = '```\n--8<-- "missing"\n```'
    result = expand(body, 1, "en", shared(), ARTICLE)
    assert result.body == body and result.problems == ()


def test_a_missing_snippet_says_did_you_mean_at_the_include_line():
    result = expand('One.\n--8<-- "never-shar"', 3, "en", shared(snippet("en", "never-share", "x")), ARTICLE)
    (problem,) = result.problems
    assert (problem.path, problem.line) == (ARTICLE, 4)
    assert "no snippet 'never-shar' (did you mean 'never-share'?)" in problem.message
    assert "content/en/_snippets/never-shar.md" in problem.message
    assert problem.source_line == '--8<-- "never-shar"'
    assert result.includes == (("never-shar", ""),)  # a snippet written later reparses the article


def test_a_snippet_of_another_language_is_named():
    result = expand('--8<-- "channels"', 1, "zh", shared(snippet("en", "channels", "x")), ARTICLE)
    (problem,) = result.problems
    assert "snippet 'channels' has no 'zh' version (en has one)" in problem.message
    assert "write content/zh/_snippets/channels.md" in problem.message


def test_an_include_loop_points_into_the_snippet():
    a = snippet("en", "a", 'A.\n--8<-- "b"')
    b = snippet("en", "b", 'B.\n--8<-- "a"')
    result = expand('--8<-- "a"', 1, "en", shared(a, b), ARTICLE)
    (problem,) = result.problems
    assert problem.path == b.path and problem.line == 2
    assert "snippet 'a' includes itself (a -> b -> a)" in problem.message
    assert "included by scams.md" in problem.message


def test_an_include_line_without_quotes_says_how_to_write_it():
    result = expand("--8<-- never-share", 1, "en", shared(), ARTICLE)
    (problem,) = result.problems
    assert 'e.g. --8<-- "never-share-phrase"' in problem.message
