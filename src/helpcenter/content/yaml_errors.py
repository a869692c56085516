"""PyYAML's errors in a writer's words, each with the fix.

PyYAML says "found character '\\t' that cannot start any token" or "mapping values are
not allowed here"; a writer needs "indent with spaces" and "put the title in quotes".
Pure: the error and the offending line in, one sentence out.
"""

from __future__ import annotations

import re

import yaml

_KEY = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def _quoted(line: str) -> str:
    """The line rewritten with its value in double quotes: `title: "Fees: what you pay"`."""
    match = _KEY.match(line)
    if not match:
        return 'key: "…"'
    value = match.group(2).strip().replace('"', "'")
    return f'{match.group(1)}: "{value or "…"}"'


def _key(line: str) -> str:
    match = _KEY.match(line)
    return match.group(1) if match else "value"


def explain(exc: yaml.YAMLError, line: str) -> str:
    """One sentence saying what is wrong on `line` and how to fix it."""
    problem = str(getattr(exc, "problem", None) or "")
    context = str(getattr(exc, "context", None) or "")
    if isinstance(exc, yaml.reader.ReaderError):
        character = getattr(exc, "character", None)
        if isinstance(character, str) and character:
            character = ord(character)
        code = f"#x{character:04x}" if isinstance(character, int) else "a control character"
        return f"an invisible control character ({code}) that YAML cannot read: delete it"
    if "'\\t'" in problem:
        return "a tab is used here: indent with spaces, not tabs"
    if problem == "mapping values are not allowed here":
        if line[:1].isspace():
            return "this line is indented but nothing above it takes indented lines: remove the spaces at its start"
        return f"a colon followed by a space inside a value: put the {_key(line)} in quotes: {_quoted(line)}"
    if context == "while scanning a quoted scalar":
        quote = line.strip().split(":", 1)[-1].strip()[:1] or '"'
        return f"the quote {quote} opened here is never closed: end the text with {quote}"
    if context == "while parsing a flow sequence":
        return "the list opened with [ here is never closed: end it with ], as in tags: [a, b]"
    if context == "while parsing a flow mapping":
        return "the { opened here is never closed: end it with }, or put the value in quotes"
    if context == "while scanning a simple key" or problem == "could not find expected ':'":
        return "this line is not 'key: value': add the key and a colon, or join it to the line above"
    if "but found '<scalar>'" in problem or "but found '<block mapping start>'" in problem:
        return f"text continues after the closing quote: put the whole {_key(line)} in quotes: {_quoted(line)}"
    if problem.startswith("found character") and "cannot start any token" in problem:
        char = problem.split("'")[1] if "'" in problem else "this character"
        return f"a value cannot start with {char}: put the {_key(line)} in quotes: {_quoted(line)}"
    if problem.startswith("could not determine a constructor for the tag"):
        return "tags such as !!python/… are not allowed in front matter: write plain text"
    if problem.startswith("duplicate key"):
        return f"{problem.removeprefix('duplicate key ')} is written twice: keep one"
    if problem:
        return problem
    return str(exc).splitlines()[0]
