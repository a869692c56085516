"""The search stage of a build: which languages to index afresh, patch or reuse, and the
files each one publishes (see search_build for the indexing itself)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator

from helpcenter.build.cache import BuildCache, Signer
from helpcenter.build.progress import Progress, silent
from helpcenter.model import Site
from helpcenter.search.synonyms import load as load_synonyms

Output = tuple[str, str, Callable[[], bytes | str], bool]  # (path, signature, how to make it, is a page)


def search_outputs(
    site: Site,
    cache: BuildCache,
    jobs: int,
    incremental: bool,
    progress: Progress = silent,
    indexed: dict[str, tuple] | None = None,
):
    """The search index files, per language; returns the related-articles map.

    A language is indexed again only when one of its articles (or the config) changed; when
    articles were only edited (none added, removed or renamed), the previous index is
    patched instead and only the packs of the changed terms are written again. `indexed`
    holds the languages the build has indexed already (search_build.start_language).
    """
    signer = cache.signer()
    kept = cache.previous.extra.get("search", {})
    memo = kept if incremental else {}
    done: dict[str, tuple] = {}
    stale: list[str] = []
    edited: dict[str, list] = {}
    exported: dict[str, tuple] = {}
    for lang in site.config.languages:
        articles = site.in_language(lang)
        sig = language_signature(signer, site.config, articles)
        sources = [signer.sources.get(str(a.source), "") for a in articles]
        shape = _digest_of(
            signer(("search", site.config, load_synonyms(site.config.path.parent))), [a.path for a in articles]
        )
        previous = memo.get(lang) if isinstance(memo, dict) else None
        intact = previous is not None and all(rel in cache.previous.outputs for rel in previous[2])
        if intact and previous[0] == sig:
            done[lang] = previous
            for rel in previous[2]:
                yield rel, cache.previous.outputs[rel], unavailable(rel), False
            continue
        done[lang] = (sig, {}, [], shape, sources)
        index = _same_index(kept.get(lang) if isinstance(kept, dict) else None, sig, cache, lang)
        if index is not None:  # the output is gone (a fresh CI checkout), the index is not
            exported[lang] = (index, kept[lang][1])
            continue
        changes = _edits(previous, shape, sources, articles, cache) if intact else None
        if changes is not None:
            edited[lang] = changes
        else:
            stale.append(lang)
    if edited or exported:
        from helpcenter.search.indexing import reexport, update_search

        for lang, (index, changes) in edited.items():
            yield from _search_files(update_search(site, lang, index, changes), lang, cache, done)
        for lang, (index, related) in exported.items():
            yield from _search_files(reexport(site, lang, index, related), lang, cache, done)
    if stale:
        from helpcenter.search.indexing import build_search

        subset = Site(
            dataclasses.replace(site.config, languages=tuple(stale)), tuple(a for a in site.articles if a.lang in stale)
        )
        progress("search", 0, len(stale))
        result = build_search(
            subset,
            jobs=jobs,
            keep=cache.directory is not None,
            started={lang: done for lang, done in (indexed or {}).items() if lang in stale},
        )
        progress("search", len(stale), len(stale))
        for lang in stale:
            yield from _search_files(result, lang, cache, done)
        strays = [rel for rel in result.files if not any(rel.startswith(f"search/{lang}/") for lang in stale)]
        if strays:  # the search stage wrote something outside its language folders
            raise RuntimeError(f"unexpected search output: {strays[0]}")
    cache.state.extra["search"] = done
    return {key: value for entry in done.values() for key, value in entry[1].items()}


def indexes_afresh(cache: BuildCache, incremental: bool, config, lang: str, articles: list) -> bool:
    """Whether search_outputs will index `lang` from scratch (so the build may start it early):
    not when the previous build's index can be reused, patched, or exported again."""
    kept = cache.previous.extra.get("search", {})
    entry = kept.get(lang) if isinstance(kept, dict) else None
    if entry is None:
        return True
    signer = cache.signer()
    return not incremental and entry[0] != language_signature(signer, config, articles)


def language_signature(signer: Signer, config, articles: list) -> str:
    """What a language's index is made from: the config and its articles' sources (an
    article is a function of its file's bytes and the config)."""
    sources = signer.sources
    head = signer(("search", config, load_synonyms(config.path.parent)))  # synonyms.toml changes every index
    return _digest_of(head, [f"{a.path}\0{sources.get(str(a.source), '')}" for a in articles])


def _digest_of(head: str, items: list[str]) -> str:
    return hashlib.sha256("\n".join([head, *items]).encode()).hexdigest()


def _same_index(entry: tuple | None, sig: str, cache: BuildCache, lang: str):
    """The previous build's index of `lang` when it was made from exactly these articles."""
    if entry is None or entry[0] != sig:
        return None
    index = cache.load_part(f"search-{lang}")
    return index if index is not None and getattr(index, "stamp", None) == sig else None


EDIT_SHARE = 4  # an update patches at most 1 in this many of a language's articles; more, index afresh


def _edits(previous: tuple, shape: str, sources: list[str], articles: list, cache: BuildCache) -> tuple | None:
    """The previous index and the articles edited in place since, as (docnum, old, new); None
    when articles were added, removed or renamed, or the previous state is not at hand."""
    if len(previous) < 5 or previous[3] != shape or len(previous[4]) != len(sources):
        return None
    changed = [i for i, (old, new) in enumerate(zip(previous[4], sources)) if old != new]
    if not changed or len(changed) * EDIT_SHARE > len(sources):
        return None
    out = []
    for i in changed:
        old = cache.previous_article(articles[i].source)
        if old is None:
            return None
        out.append((i, old, articles[i]))
    index = cache.load_part(f"search-{articles[0].lang}")
    # the part is saved before the manifest: after a crash in between, it is ahead of it
    if index is None or getattr(index, "stamp", None) != previous[0]:
        return None
    return index, out


def _search_files(result, lang: str, cache: BuildCache, done: dict) -> Iterator[Output]:
    """One language's search files from `result`; those it left out stand as they are."""
    index = result.indexes.get(lang)
    names = (
        index.names if index is not None else sorted(rel for rel in result.files if rel.startswith(f"search/{lang}/"))
    )
    for rel in names:
        data = result.files.get(rel)
        if data is not None:
            yield rel, hashlib.sha256(data).hexdigest(), lambda d=data: d, False
        else:
            yield rel, cache.previous.outputs[rel], unavailable(rel), False
    if index is not None:
        index.stamp = done[lang][0]
        cache.save_part(f"search-{lang}", index)
    related = {k: v for k, v in result.related.items() if k[0] == lang}
    done[lang] = (done[lang][0], related, names, *done[lang][3:])


def unavailable(rel: str) -> Callable[[], bytes]:
    def make() -> bytes:  # only called if the previous output went missing, which reusable_output rules out
        raise RuntimeError(f"cached file {rel} is missing; rebuild without the cache")

    return make
