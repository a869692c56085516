"""The support banner in headless Chromium, with a controlled clock and visitor zones.

A fixture site is built from the sample content with a roster that adds agents on
DST edges (New York, London, Sydney), at a fixed build time, so that the published
window holds both sides of every 2026/27 DST change, Double 11, Thanksgiving leave,
New Year's Day and the Spring Festival. At each instant the page must show exactly
what `schedule.status_at` computes — the same answer `helpcenter roster --at` prints.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from helpcenter.support.roster import Roster, parse_roster
from helpcenter.support.schedule import UTC, Schedule, Status, changes, expand, status_at
from helpers import ROOT, build_site, serve_directory

pytestmark = pytest.mark.browser

BUILT_AT = dt.datetime(2026, 10, 20, tzinfo=UTC)
HORIZON = 200  # to 2027-05-08: both sides of every DST change of the season

EXTRA = """
[channels.callback]
title = { en = "Phone callback", zh = "电话回拨" }
reply = { en = "We call you back within an hour", zh = "1 小时内回电" }

[[agents]]
id = "dst-newyork-kim"
timezone = "America/New_York"
channels = ["callback"]
shifts = ["Sat 23:00-02:30", "Sun 05:00-06:00"]   # 02:30 falls in the gap on 2027-03-14

[[agents]]
id = "dst-london-ada"
timezone = "Europe/London"
channels = ["callback"]
shifts = ["Sun 01:30-02:30"]                       # twice-lived on 2026-10-25, empty on 2027-03-28

[[agents]]
id = "dst-sydney-zoe"
timezone = "Australia/Sydney"
channels = ["callback"]
shifts = ["Sat 20:00-04:00"]                       # 7 h on 2026-10-03, 9 h on 2027-04-03
"""

VISITORS = [
    "Europe/Berlin",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Australia/Sydney",
    "America/New_York",
    "Asia/Kolkata",
]
ANCHORS = [  # around these instants the test visits each of the next two changes, just before and at it
    "2026-10-25T00:30",
    "2026-11-01T04:30",
    "2026-11-10T15:00",
    "2026-11-26T20:00",
    "2026-12-24T00:00",
    "2026-12-31T12:00",
    "2027-02-05T12:00",
    "2027-02-12T02:00",
    "2027-03-14T02:00",
    "2027-03-27T23:00",
    "2027-04-03T12:00",
]


@dataclass
class BannerSite:
    url: str
    out: Path
    content: Path
    roster: Roster
    schedule: Schedule


@pytest.fixture(scope="module")
def banner_site(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("banner")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    text = (ROOT / "content" / "roster.toml").read_text(encoding="utf-8")
    text = text.replace("horizon_days = 90", f"horizon_days = {HORIZON}") + EXTRA
    (content / "roster.toml").write_text(text, encoding="utf-8")
    roster, problems = parse_roster(text, content / "roster.toml")
    assert roster is not None, problems
    build_site(content, base / "site", now=BUILT_AT)
    url, server = serve_directory(base / "site")
    yield BannerSite(url, base / "site", content, roster, expand(roster, BUILT_AT))
    server.shutdown()


# -- what the page should say, computed independently of the script ------------------------

WEEKDAYS = {
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "zh": ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def when_text(t: dt.datetime, now: dt.datetime, zone: str, lang: str) -> str:
    local = t.astimezone(ZoneInfo(zone))
    time = f"{WEEKDAYS[lang][local.weekday()]} {local:%H:%M}"
    if t - now < dt.timedelta(days=6):
        return time
    return f"{time}, {MONTHS[local.month - 1]} {local.day}" if lang == "en" else f"{local.month}月{local.day}日 {time}"


def rel_text(delta: dt.timedelta, lang: str) -> str:
    minutes = max(0, int(delta.total_seconds() / 60 + 0.5))
    d, h, m = minutes // 1440, minutes % 1440 // 60, minutes % 60
    units = {"en": ("{} d", "{} h", "{} min"), "zh": ("{} 天", "{} 小时", "{} 分钟")}[lang]
    parts = [(d, units[0]), (h, units[1])] if d else [(h, units[1]), (m, units[2])]
    words = " ".join(u.format(n) for n, u in parts if n)
    if not words:
        return "in < 1 min" if lang == "en" else "不到 1 分钟后"
    return f"in {words}" if lang == "en" else f"{words}后"


def back_text(back: dt.datetime, now: dt.datetime, zone: str, lang: str) -> str:
    when, rel = when_text(back, now, zone, lang), rel_text(back - now, lang)
    return f"Back {when} ({rel})" if lang == "en" else f"{when} 恢复（{rel}）"


def until_text(end: dt.datetime, now: dt.datetime, zone: str, lang: str) -> str:
    when, rel = when_text(end, now, zone, lang), rel_text(end - now, lang)
    return f"until {when} ({rel})." if lang == "en" else f"至 {when}（{rel}）。"


def returns_text(site: BannerSite, status: Status, now: dt.datetime, zone: str, lang: str) -> str | None:
    """What the banner says of live support's return: one time when every staffed channel
    returns together and none takes messages at any hour, else each channel's own time
    (none when the holiday's end already says it)."""
    always = [c for c in site.roster.channels if c.accepts == "always"]
    backs = sorted(
        (min(s for s, _ in site.schedule.channels[c.id] if s > now), i, c)
        for i, c in enumerate(site.roster.channels)
        if c.accepts != "always" and any(s > now for s, _ in site.schedule.channels[c.id])
    )
    if not backs:
        return "No support hours are scheduled in the published period." if lang == "en" else None
    if not always and all(at == backs[0][0] for at, _, _ in backs):
        if status.holiday is not None and backs[0][0] == status.holiday.end:
            return None
        return back_text(backs[0][0], now, zone, lang)
    lines = []
    for at, _, c in backs:
        when, rel = when_text(at, now, zone, lang), rel_text(at - now, lang)
        lines.append(
            f"{c.title[lang]}: back {when} ({rel})" if lang == "en" else f"{c.title[lang]}：{when} 恢复（{rel}）"
        )
    return "\n".join(lines)


def instants(schedule: Schedule) -> list[dt.datetime]:
    found: list[dt.datetime] = []
    for anchor in ANCHORS:
        start = dt.datetime.fromisoformat(anchor).replace(tzinfo=UTC)
        for when, _ in changes(schedule, start, limit=2):
            found += [when - dt.timedelta(minutes=1), when]
    rng = random.Random(20261020)  # and some anywhere in the window
    span = int((schedule.valid_until - schedule.generated_at).total_seconds() // 60)
    found += [schedule.generated_at + dt.timedelta(minutes=rng.randrange(span)) for _ in range(16)]
    return sorted(set(found))


def assert_banner(page, site: BannerSite, status: Status, now: dt.datetime, zone: str, lang: str) -> None:
    banner = page.locator("#support-status")
    context = f"{now.isoformat()} {zone} {lang}"
    assert banner.get_attribute("data-state") == status.state, context
    assert (banner.get_attribute("data-channels") or "") == " ".join(status.online), context
    assert page.locator("#support-status li[data-channel]").evaluate_all(
        "els => els.map(e => e.dataset.channel)"
    ) == list(status.online), context
    text = page.locator("#support-status .support-live").inner_text()
    if status.state in ("offline", "closed"):
        expected = returns_text(site, status, now, zone, lang)
        back = page.locator("#support-status .support-back")
        # one line, or one item per channel (shown inline, so read item by item)
        said = (
            back.evaluate(
                "e => e.tagName === 'UL' ? [...e.children].map((li) => li.textContent).join('\\n') : e.textContent"
            )
            if back.count()
            else None
        )
        assert said == expected, context
        for channel in site.roster.channels:  # what works now comes first
            if channel.accepts == "always":
                assert channel.title[lang] in page.locator(f".support-open[data-channel={channel.id}]").inner_text()
        if status.back_at is not None:
            assert banner.get_attribute("data-back-at") == status.back_at.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        assert page.locator(".support-help").is_visible(), context
        assert "online" not in text.lower() and "在线" not in text and "正在服务" not in text
    if status.state == "closed":
        name = status.holiday.name[lang]
        assert name in page.locator("#support-status .support-headline strong").inner_text(), context
        assert page.locator("#support-status .support-until").inner_text() == until_text(
            status.holiday.end, now, zone, lang
        ), context
    if status.state == "online":
        assert ("Support is online." if lang == "en" else "人工客服正在服务。") in text
        assert not page.locator(".support-help").is_visible()
    assert not page.locator("#support-status .support-static").is_visible() or status.state == "unknown"


def cli_state(content: Path, now: dt.datetime, zone: str) -> tuple[str, tuple[str, ...]]:
    from helpcenter.cli import main

    result = CliRunner().invoke(
        main, ["roster", "--content", str(content), "--at", now.strftime("%Y-%m-%dT%H:%M:%SZ"), "--tz", zone]
    )
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("state: "))
    word = line[len("state: ") :].split(":")[0].split(";")[0]
    channels = tuple(part.split(" (")[0] for part in line.split(": ", 2)[2].split(", ")) if word == "online" else ()
    return word, channels


# -- the tests ----------------------------------------------------------------------------------


def test_banner_at_many_instants_and_zones(browser, banner_site: BannerSite):
    points = instants(banner_site.schedule)
    assert len(points) >= 30
    states = set()
    contexts = {zone: browser.new_context(timezone_id=zone) for zone in VISITORS}
    try:
        pages = {zone: ctx.new_page() for zone, ctx in contexts.items()}
        loaded: dict[str, str] = {}
        for i, now in enumerate(points):
            zone, lang = VISITORS[i % len(VISITORS)], ("en", "zh")[i // (4 * len(VISITORS)) % 2]
            page = pages[zone]
            page.clock.set_fixed_time(now)
            if loaded.get(zone) != lang:  # a fresh page load ...
                page.goto(banner_site.url + f"{lang}/recovery/lost-phone/")
                page.wait_for_selector("#support-status .support-live:not([hidden])")
                loaded[zone] = lang
            else:  # ... or the same page, re-checked as when its tab becomes visible again
                page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
            status = status_at(banner_site.schedule, now)
            assert_banner(page, banner_site, status, now, zone, lang)
            assert cli_state(banner_site.content, now, zone) == (status.state, status.online)
            states.add(status.state)
    finally:
        for ctx in contexts.values():
            ctx.close()
    assert states == {"online", "offline", "closed"}


def test_dst_edges_are_published_as_worked_out_by_hand(banner_site: BannerSite):
    callback = [
        (s.strftime("%Y-%m-%dT%H:%M"), e.strftime("%Y-%m-%dT%H:%M"))
        for s, e in banner_site.schedule.channels["callback"]
    ]
    assert ("2026-10-25T00:30", "2026-10-25T02:30") in callback  # London 01:30 BST .. 02:30 GMT
    assert not any(s.startswith("2027-03-28T01") for s, _ in callback)  # London 01:30-02:30 does not exist
    assert ("2027-03-14T04:00", "2027-03-14T07:30") in callback  # New York 23:00 EST .. "02:30" = 03:30 EDT
    assert ("2027-04-03T09:00", "2027-04-03T18:00") in callback  # Sydney 20:00 AEDT .. 04:00 AEST


def _load(browser, site: BannerSite, now: dt.datetime, zone: str, lang: str = "en", install: bool = True):
    context = browser.new_context(timezone_id=zone)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    if install:
        # installed a little earlier: pause_at refuses an instant the running clock has passed,
        # which a loaded machine reaches between the two calls
        page.clock.install(time=now - dt.timedelta(seconds=5))
        page.clock.pause_at(now)
    else:
        page.clock.set_fixed_time(now)
    page.goto(site.url + f"{lang}/transfers/pending-transfer/")
    page.wait_for_selector("#support-status .support-live:not([hidden])")
    assert page.evaluate("Date.now()") == int(now.timestamp() * 1000)  # the page ran at `now`, not later
    page.evaluate("window.__sameDocument = true")
    return context, page, errors


def _first_change(site: BannerSite, after: str, old: str, new: str) -> dt.datetime:
    start = dt.datetime.fromisoformat(after).replace(tzinfo=UTC)
    for when, status in changes(site.schedule, start, limit=50):
        if status.state == new and status_at(site.schedule, when - dt.timedelta(seconds=1)).state == old:
            return when
    raise AssertionError("no such change")


@pytest.mark.parametrize(
    ("old", "new", "zone", "lang"),
    [("offline", "online", "Europe/Berlin", "en"), ("online", "offline", "America/Los_Angeles", "zh")],
)
def test_flips_at_the_next_change_without_reload(browser, banner_site: BannerSite, old, new, zone, lang):
    change = _first_change(banner_site, "2026-11-27T00:00", old, new)
    start = change - dt.timedelta(seconds=90)
    context, page, errors = _load(browser, banner_site, start, zone, lang)
    try:
        assert_banner(page, banner_site, status_at(banner_site.schedule, start), start, zone, lang)
        if old == "offline":  # the countdown ticks: 90 s rounds to 2 min, 50 s to 1 min
            first = ".support-back li:first-child"  # the channel that comes back first
            assert page.locator(first).inner_text().endswith("(in 2 min)")
            page.clock.run_for(40_000)
            assert page.locator(first).inner_text().endswith("(in 1 min)")
            page.clock.run_for(55_000)
        else:
            page.clock.run_for(95_000)
        later = change + dt.timedelta(seconds=5)
        assert_banner(page, banner_site, status_at(banner_site.schedule, later), later, zone, lang)
        assert page.evaluate("window.__sameDocument") is True
        # hours later, timers alone keep it right
        page.clock.run_for(6 * 3600 * 1000)
        later += dt.timedelta(hours=6)
        assert_banner(page, banner_site, status_at(banner_site.schedule, later), later, zone, lang)
        assert page.evaluate("window.__sameDocument") is True
        assert errors == []
    finally:
        context.close()


def test_rechecks_when_the_tab_becomes_visible(browser, banner_site: BannerSite):
    start = dt.datetime(2026, 11, 28, 8, 30, tzinfo=UTC)  # Saturday evening in Shanghai: offline
    context, page, _ = _load(browser, banner_site, start, "Asia/Tokyo")
    try:
        assert page.locator("#support-status").get_attribute("data-state") == "offline"
        later = dt.datetime(2026, 11, 30, 3, 0, tzinfo=UTC)  # a laptop woken on Monday: no timer ran
        page.clock.set_system_time(later)
        page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        assert_banner(page, banner_site, status_at(banner_site.schedule, later), later, "Asia/Tokyo", "en")
        assert page.locator("#support-status").get_attribute("data-state") == "online"
    finally:
        context.close()


def test_unknown_past_valid_until(browser, banner_site: BannerSite):
    until = banner_site.schedule.valid_until
    start = until - dt.timedelta(seconds=30)
    context, page, _ = _load(browser, banner_site, start, "UTC")
    try:
        assert page.locator("#support-status").get_attribute("data-state") != "unknown"
        page.clock.run_for(60_000)
        banner = page.locator("#support-status")
        assert banner.get_attribute("data-state") == "unknown"
        assert page.locator(".support-static").is_visible()  # the usual hours come back
        assert "online" not in page.locator(".support-live").inner_text().lower()
        assert page.evaluate("window.__sameDocument") is True
    finally:
        context.close()
    for later in (until, until + dt.timedelta(days=30)):
        context, page, _ = _load(browser, banner_site, later, "Asia/Shanghai", "zh", install=False)
        try:
            assert page.locator("#support-status").get_attribute("data-state") == "unknown"
            assert page.locator(".support-static").is_visible()
            assert "在线" not in page.locator("#support-status").inner_text()
        finally:
            context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_without_javascript_never_online(browser, banner_site: BannerSite, lang):
    context = browser.new_context(java_script_enabled=False, timezone_id="Europe/London")
    try:
        page = context.new_page()
        page.goto(banner_site.url + f"{lang}/contact/contact-support/")
        banner = page.locator("#support-status")
        assert banner.get_attribute("data-state") == "unknown"
        assert banner.get_attribute("role") == "status"
        text = banner.inner_text()
        assert "online" not in text.lower() and "在线" not in text and "正在服务" not in text
        assert page.locator(".support-static table").is_visible()
        assert "Asia/Shanghai" in text and "10:00–16:00" in text  # the usual week, in the team's zone
        assert ("Spring Festival" if lang == "en" else "春节") in text
        assert page.locator(".support-help a").count() >= 1
    finally:
        context.close()


def test_no_agent_id_anywhere_in_the_site(banner_site: BannerSite, sample_site: Path):
    ids = [a.id for a in banner_site.roster.agents]
    assert "sh-li-na" in ids and "dst-sydney-zoe" in ids
    for out in (banner_site.out, sample_site):
        for path in out.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for ident in ids:
                    assert ident.encode() not in data, (path, ident)


def test_published_json_matches_the_schedule(banner_site: BannerSite):
    data = json.loads((banner_site.out / "support.json").read_text(encoding="utf-8"))
    assert data["generated_at"] == "2026-10-20T00:00:00Z"
    assert data["valid_until"] == "2027-05-08T00:00:00Z"
    assert data["order"] == ["chat", "email", "callback"]
    assert len(data["channels"]["callback"]["intervals"]) == len(banner_site.schedule.channels["callback"])
