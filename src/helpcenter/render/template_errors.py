"""A theme template's mistake as a problem that points at its file and line."""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from helpcenter.errors import Problem, line_of


class RenderFailed(Exception):
    """A template's mistake met while rendering in a worker process, as its problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def template_problem(exc: Exception) -> Problem | None:
    """A theme template's mistake as `templates/x.html:line: message`, or None if `exc` is
    not about a template. Jinja rewrites tracebacks so template frames carry their lines."""
    if isinstance(exc, RenderFailed):
        return exc.problem
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return Problem(
            Path(exc.filename),
            exc.lineno or 1,
            f"template error: {exc.message}",
            line_of(exc.source, exc.lineno or 1) if exc.source else None,
        )
    if not isinstance(exc, (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError)):
        return None
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml", ".txt"))]
    if not frames:
        return None
    frame = frames[-1]
    return Problem(Path(frame.filename), frame.lineno or 1, f"template error: {type(exc).__name__}: {exc}", frame.line)
