"""The fast path of a build where only notices changed (content/notices/*.toml).

Pages never embed notices, so such a build writes notices.json, each language's notices
page and Atom feed (and support.json, stamped with the build time) and nothing else. The
notices page shows the banner and the self-service links every page shows: the full build
saves the few articles those come from (`NOTICES_KIT`, see PageRenderer.notices_kit), so
this path renders it without loading the site. The output is byte-identical to a full
build's (tested).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from helpcenter.build.cache import BuildCache
from helpcenter.build.outputs import NOTICES_KIT, support_json
from helpcenter.build.publish import staged
from helpcenter.errors import BuildFailed, Report
from helpcenter.model import Site
from helpcenter.support.notices import load_notices
from helpcenter.support.stage import Support


def unchanged_but_notices(previous: str, now: str) -> bool:
    """Whether two fast_path.fingerprint values differ in the notices alone."""
    rest, _, notices = now.partition(":")
    before_rest, _, before_notices = previous.partition(":")
    return rest == before_rest and notices != before_notices


def notices_only(
    content_dir: Path,
    out_dir: Path,
    dirs: tuple[Path, ...],
    cache: BuildCache,
    now: dt.datetime,
    strict: bool,
    fingerprint: str,
    support: Support | None,
) -> tuple[Report, int] | None:
    """Write the notices' files when they are all that changed since the previous build
    (whose output must be intact and whose report had no warnings); returns (report, files
    written), or None when the build has more to do."""
    previous = cache.previous
    if (
        previous.counts is None
        or previous.counts.warned
        or not unchanged_but_notices(previous.fingerprint, fingerprint)
    ):
        return None
    kit = cache.load_part(NOTICES_KIT)
    if not isinstance(kit, Site) or not cache.reusable_output(out_dir):
        return None
    report = Report()
    config = kit.config
    channels = list(support.json.get("order", [])) if support is not None else []
    zone = support.timezone if support is not None else "UTC"
    categories = [c.id for c in config.categories]
    notices = load_notices(content_dir, report, config.languages, categories, channels, zone)
    if report.failed(strict):
        raise BuildFailed(report, strict)

    from helpcenter.render.notices import notice_outputs
    from helpcenter.render.pages import PageRenderer, RenderInputs
    from helpcenter.render.theme import collect_assets, load_strings

    strings = load_strings(dirs, config.languages)
    compiled = cache.directory / "templates" if cache.directory is not None else None
    renderer = PageRenderer(RenderInputs(kit, dirs, strings, collect_assets(dirs), support, compiled=compiled))
    files = [
        (rel, sig, make) for rel, sig, make, _ in notice_outputs(kit, notices, now, renderer.notices_page, strings)
    ]
    if support is not None:
        text = support_json(support)
        files.append(("support.json", hashlib.sha256(text.encode()).hexdigest(), lambda: text))
    outputs = dict(previous.outputs)  # signatures of the files as they are (the output is intact)
    with staged(out_dir, incremental=True, spare=previous.spare, before=previous.published) as stage:
        for rel, sig, make in files:
            if outputs.get(rel) != sig:
                stage.write(rel, make())
                outputs[rel] = sig
    cache.state = dataclasses.replace(
        previous,
        articles={},
        outputs=outputs,
        fingerprint=fingerprint,
        inputs=cache.state.inputs,
        published=stage.record,
        spare=stage.spare,
    )
    cache.save(out_dir, articles_changed=False)
    return report, len(stage.written)
