"""The run-of-show view and the room's screen in a real browser, with a controlled clock.

A tiny curriculum, with a facilitator sentinel planted in its guide, is built into a site of its
own: its session meets on Tuesday 9 March 2027 at 09:00 in London, then every two weeks. The
browser's clock is set to moments of that morning, and what the views show is checked against
the agenda. The sample site (conftest's) gives a real session at phone size, the comparison of
the views' step logic with the Python core, and the planner's way in (an agenda in storage,
opened at /run/?agenda=KEY).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mkdocs_curriculum.assemble import assemble_agenda, clock_minutes, fit_mark
from mkdocs_curriculum.language import labels_for

from helpers import CURRICULUM, GUIDE_A, MKDOCS_YML, mkdocs_build, site_project

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}
LONDON = ZoneInfo("Europe/London")
SENTINEL = "FACILITATOR-SENTINEL"
SESSION = """\
title: Morning circle
date: 2027-03-09
start: "09:00"
group_size: 8
blocks:
  - opening: 5
    title: Welcome
  - module: arriving
  - break: 5
  - module: telling
repeat: {every_weeks: 2, count: 3}
"""
GUIDE = GUIDE_A.replace("Say hello.\n", (
    "Say hello and ask each person for one word.\n\n"
    f'!!! facilitator "Watch the room"\n    {SENTINEL}: notice who stays quiet.\n'))
RUN, SCREEN = "sessions/morning/run/", "sessions/morning/screen/"
# (minutes after 09:00, what is on, the countdown): every step of the morning by the clock
MORNING = [(0, "Welcome", "5:00"), (5, "Check-in", "10:00"), (12.5, "Check-in", "2:30"),
           (15, "Pair talk", "20:00"), (35, "Break", "5:00"), (40, "Tell", "20:00"),
           (59, "Tell", "1:00")]


def at(minutes: float, day: dt.date = dt.date(2027, 3, 9), clock: str = "09:00") -> dt.datetime:
    start = dt.datetime.combine(day, dt.time.fromisoformat(clock), LONDON)
    return start + dt.timedelta(minutes=minutes)


def tiny_site(root: Path, curriculum_yml: str) -> Path:
    """The tiny site with `curriculum_yml`, built (no packets); returns its site folder."""
    config = MKDOCS_YML.replace("  - curriculum\n", "  - curriculum:\n      packets: false\n")
    site_project(root, {
        "mkdocs.yml": config, "curriculum/curriculum.yml": curriculum_yml,
        "curriculum/sessions/morning.yml": SESSION, "modules/arriving/facilitator.md": GUIDE})
    done = mkdocs_build(root, "--strict")
    assert done.returncode == 0, done.stderr
    return root / "site"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, serve):
    """The tiny site, built once and served on a free loopback port."""
    with serve(tiny_site(tmp_path_factory.mktemp("run-site"),
                         CURRICULUM + "timezone: Europe/London\n")) as url:
        yield url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context
    context.close()


def open_view(context, url: str, when: dt.datetime):
    page = context.new_page()
    page.clock.set_fixed_time(when)
    page.goto(url)
    page.wait_for_selector("#curriculum-run[data-phase]")
    return page


def text(page, selector: str) -> str:
    """The text of the element, as written (before CSS capitals), if it is shown."""
    found = page.locator(selector)
    return " ".join((found.text_content() or "").split()) if found.is_visible() else ""


def showing(page, title: str, countdown: str | None = None) -> None:
    """Wait until the view shows `title` (and `countdown`): it renders four times a second."""
    page.wait_for_function(
        "([title, countdown]) => { const shown = document.querySelector('.rs-title');"
        " const left = document.querySelector('.rs-countdown');"
        " return !!shown && shown.textContent === title"
        " && (countdown === null || (!!left && left.textContent === countdown)); }",
        arg=[title, countdown], timeout=5000)


def tick(page, when: dt.datetime) -> None:
    page.clock.set_fixed_time(when)
    page.wait_for_timeout(300)


def press(page, action: str) -> None:
    page.locator(f"button[data-action='{action}']").click()


def later_times(page) -> list[str]:
    return page.locator(".rs-upcoming__time").all_inner_texts()


# -- by the clock --------------------------------------------------------------------------------

def test_by_the_clock_the_activity_scheduled_now_is_on_with_its_time_left(tiny, phone):
    page = open_view(phone, tiny + RUN, at(0))
    for minutes, title, countdown in MORNING:
        page.clock.set_fixed_time(at(minutes))
        showing(page, title, countdown)
        assert page.locator("#curriculum-run").get_attribute("data-mode") == "clock"
    assert text(page, ".rs-now") == "09:59"
    assert text(page, ".rs-where") == "Meeting 1 of 3 · Following the clock"
    assert text(page, ".rs-next") == "Ends at 10:00"


def test_before_and_after_the_session_and_on_other_days(tiny, phone):
    page = open_view(phone, tiny + RUN, at(-25))
    showing(page, "Morning circle", "25:00")
    assert text(page, ".rs-block") == "Starts at 09:00"
    assert text(page, ".rs-next") == "Next at 09:00: Welcome"
    tick(page, at(61))
    assert text(page, ".rs-block") == "Finished at 10:00"
    assert text(page, ".rs-meta") == "Next meeting: Tuesday, March 23, 2027, 09:00"
    tick(page, at(61, dt.date(2027, 4, 6)))  # the last meeting: none to announce
    assert text(page, ".rs-block") == "Finished at 10:00"
    assert text(page, ".rs-meta") == ""
    tick(page, at(0, dt.date(2027, 3, 10)))
    assert text(page, ".rs-block") == "Next meeting: Tuesday, March 23, 2027, 09:00"
    tick(page, at(12, dt.date(2027, 3, 23)))  # the second meeting of the series
    showing(page, "Check-in", "3:00")
    assert text(page, ".rs-where") == "Meeting 2 of 3 · Following the clock"


def test_the_script_and_the_prompt_of_the_activity_are_shown(tiny, phone):
    page = open_view(phone, tiny + RUN, at(7))
    showing(page, "Check-in")
    assert "Say hello and ask each person for one word." in text(page, ".rs-script")
    assert SENTINEL in text(page, ".rs-script")  # facilitator notes: it is the facilitator's
    assert text(page, ".rs-prompt__text") == "Arrive."
    assert text(page, ".rs-next") == "Next at 09:15: Pair talk"
    assert later_times(page) == ["09:15", "09:35", "09:40"]


# -- by hand -------------------------------------------------------------------------------------

def test_by_hand_start_next_and_back_walk_the_whole_agenda(tiny, phone):
    afternoon = dt.date(2027, 3, 10)  # no meeting today: the view waits for Start
    page = open_view(phone, tiny + RUN, at(0, afternoon, "14:00"))
    assert text(page, ".rs-block") == "Next meeting: Tuesday, March 23, 2027, 09:00"
    press(page, "start")
    showing(page, "Welcome", "5:00")
    assert text(page, ".rs-next") == "Next at 14:05: Check-in"
    for minutes, title, countdown in [(5, "Check-in", "10:00"), (15, "Pair talk", "20:00"),
                                      (35, "Break", "5:00"), (40, "Tell", "20:00")]:
        tick(page, at(minutes, afternoon, "14:00"))
        press(page, "next")
        showing(page, title, countdown)
        assert not page.locator(".rs-late").is_visible()
    press(page, "back")
    showing(page, "Break", "0:00")  # Back returns to the step before, started when it was
    press(page, "next")
    tick(page, at(60, afternoon, "14:00"))
    press(page, "next")
    page.wait_for_selector("#curriculum-run[data-phase='finished']")
    assert text(page, ".rs-block") == "Finished at 15:00"


def test_running_late_shifts_the_later_times_and_says_by_how_much(tiny, phone):
    page = open_view(phone, tiny + RUN, at(7))
    showing(page, "Check-in", "8:00")
    press(page, "more")
    showing(page, "Check-in", "13:00")
    assert text(page, ".rs-late") == "Running 5 min late"
    assert text(page, ".rs-next") == "Next at 09:20: Pair talk"
    assert later_times(page) == ["09:20", "09:40", "09:45"]
    tick(page, at(22))  # the check-in overruns its 15 minutes by two
    assert text(page, ".rs-countdown") == "+2:00" and text(page, ".rs-late") == \
        "Running 7 min late"
    press(page, "next")
    showing(page, "Pair talk", "20:00")
    assert later_times(page) == ["09:42", "09:47"]


def test_pause_holds_the_countdown_and_the_time_paused_makes_the_run_late(tiny, phone):
    page = open_view(phone, tiny + RUN, at(7))
    press(page, "pause")
    tick(page, at(10))
    assert text(page, ".rs-countdown") == "8:00"
    assert text(page, ".rs-where") == "Meeting 1 of 3 · Paused"
    assert text(page, ".rs-late") == "Running 3 min late"
    press(page, "pause")  # resume
    tick(page, at(11))
    assert text(page, ".rs-countdown") == "7:00"
    assert text(page, ".rs-next") == "Next at 09:18: Pair talk"


def test_a_reload_keeps_the_run(tiny, phone):
    page = open_view(phone, tiny + RUN, at(7))
    press(page, "more")
    press(page, "next")
    showing(page, "Pair talk", "20:00")
    page.reload()
    showing(page, "Pair talk", "20:00")
    assert text(page, ".rs-late") == "8 min ahead"  # Pair talk began at 09:07, not 09:15
    assert page.locator("#curriculum-run").get_attribute("data-mode") == "hand"
    press(page, "clock")
    showing(page, "Check-in", "8:00")


def test_without_network_after_loading_it_runs_and_reloads(tiny, phone):
    page = open_view(phone, tiny + RUN, at(7))
    page.wait_for_selector("#curriculum-run[data-offline='ready']", timeout=10000)
    phone.set_offline(True)
    press(page, "next")
    showing(page, "Pair talk", "20:00")
    page.reload()
    showing(page, "Pair talk", "20:00")
    assert "Say hello" not in text(page, ".rs-script")
    size = page.locator(".rs-countdown").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 64  # its stylesheet came back too: readable at arm's length, offline
    tick(page, at(10))
    assert text(page, ".rs-countdown") == "17:00"
    phone.set_offline(False)


WAKE_LOCK = """
window.__wake = [];
Object.defineProperty(Navigator.prototype, "wakeLock", {configurable: true, get: () => ({
  request: (type) => {
    const sentinel = {type, released: false, addEventListener() {},
                      release() { this.released = true; return Promise.resolve(); }};
    window.__wake.push(sentinel);
    return Promise.resolve(sentinel);
  }})});
"""


def test_the_screen_is_kept_awake_while_the_session_runs(tiny, phone):
    phone.add_init_script(WAKE_LOCK)
    page = open_view(phone, tiny + RUN, at(7))
    page.wait_for_function("window.__wake.length === 1")
    assert page.evaluate("window.__wake.map(s => [s.type, s.released])") == [["screen", False]]
    tick(page, at(61))  # the session is over: the lock is let go
    page.wait_for_function("window.__wake[0].released")


def test_from_the_file_system_it_runs_without_a_service_worker(site_dir, browser, sample):
    agenda = assemble_agenda(sample.sessions["lunchtime-peer-circle"], sample)
    first, second = [row for row in agenda.rows if row.kind == "activity" and row.minutes][:2]
    start = dt.datetime.combine(agenda.meetings[0].dates[0], dt.time.fromisoformat(first.start),
                                ZoneInfo(sample.timezone))
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.set_fixed_time(start + dt.timedelta(minutes=1))
    page.goto((site_dir / "sessions/lunchtime-peer-circle/run/index.html").as_uri())
    showing(page, first.title, f"{first.minutes - 1}:00")
    press(page, "next")
    showing(page, second.title, f"{second.minutes}:00")
    assert errors == [] and page.evaluate("navigator.serviceWorker.controller") is None
    assert page.locator("#curriculum-run").get_attribute("data-offline") is None
    context.close()


@pytest.fixture(scope="module")
def spanish(tmp_path_factory, serve):
    """The tiny site in Spanish, served."""
    with serve(tiny_site(tmp_path_factory.mktemp("run-site-es"),
                         CURRICULUM + "timezone: Europe/London\nlanguage: es\n")) as url:
        yield url


def test_a_spanish_curriculum_runs_and_shows_in_spanish(spanish, browser):
    context = browser.new_context(viewport=PHONE)
    page = open_view(context, spanish + RUN, at(0, dt.date(2027, 3, 10)))
    assert page.locator("h1").text_content().startswith("Conducción en vivo: Morning circle")
    assert text(page, ".rs-block") == "Próximo encuentro: martes, 23 de marzo de 2027, 09:00"
    page.close()
    page = open_view(context, spanish + RUN, at(-10))
    assert (text(page, ".rs-block"), text(page, ".rs-until")) == (
        "Empieza a las 09:00", "para empezar")
    assert page.locator("#curriculum-run button:visible").all_inner_texts() == ["Empezar ahora"]
    tick(page, at(7))
    showing(page, "Check-in", "8:00")
    assert text(page, ".rs-where") == "Encuentro 1 de 3 · Siguiendo el reloj"
    assert text(page, ".rs-meta") == "Todo el grupo · 10 min"
    assert text(page, ".rs-until") == "restantes · hasta las 09:15"
    assert text(page, ".rs-next") == "A las 09:15: Pair talk"
    assert page.locator("#curriculum-run button:visible").all_inner_texts() == [
        "Atrás", "Pausa", "+5 min", "Siguiente", "Empezar ahora"]
    assert [text(page, f".rs-{part} .rs-heading") for part in ("prompt", "script", "upcoming")] \
        == ["Para la sala", "Guía para facilitadores", "A continuación"]
    press(page, "more")
    assert text(page, ".rs-late") == "Vamos 5 min tarde"
    assert text(page, ".rs-where") == "Encuentro 1 de 3 · A mano"
    assert page.locator(".rs-links a").all_inner_texts() == [
        "Abrir la pantalla para la sala", "Página de la sesión"]
    screen = open_view(context, spanish + SCREEN, at(7))
    assert screen.locator("h1").text_content().startswith("Pantalla para la sala: Morning")
    showing(screen, "Check-in", "13:00")  # it follows the run view in this browser
    assert text(screen, ".rs-next") == "A las 09:20: Pair talk"
    assert screen.locator("html").get_attribute("lang") == "es"
    context.close()


# -- the screen ------------------------------------------------------------------------------------

def test_the_screen_shows_no_facilitator_text_in_its_page_or_data(tiny, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = open_view(context, tiny + SCREEN, at(7))
    showing(page, "Check-in", "8:00")
    assert text(page, ".rs-prompt__text") == "Arrive."
    html = page.content()
    for secret in (SENTINEL, "Say hello", "Pairs talk.", "Tell a story."):
        assert secret not in html
    data = json.loads(page.locator("#curriculum-agenda").text_content())
    assert "script" not in json.dumps(data)
    context.close()


def test_the_screen_follows_the_run_view_in_the_same_browser(tiny, browser):
    context = browser.new_context(viewport=DESKTOP)
    run = open_view(context, tiny + RUN, at(7))
    screen = open_view(context, tiny + SCREEN, at(7))
    showing(screen, "Check-in", "8:00")
    run.bring_to_front()
    press(run, "more")
    showing(screen, "Check-in", "13:00")
    press(run, "next")
    showing(screen, "Pair talk", "20:00")
    assert text(screen, ".rs-prompt__text") == "Listen."
    assert text(screen, ".rs-next") == "Next at 09:27: Break"
    context.close()


# -- the sample, the planner's way in, and the core ---------------------------------------------

def test_the_sample_series_on_a_phone_by_the_clock_and_by_hand(base_url, browser, sample):
    """The lunchtime circle's second meeting, walked through on a phone: by the clock, then by
    hand from a late start, through a reload and with the network gone."""
    context = browser.new_context(viewport=PHONE)
    zone = ZoneInfo(sample.timezone)
    agenda = assemble_agenda(sample.sessions["lunchtime-peer-circle"], sample)
    meeting = agenda.meetings[1].dates[0]
    page = open_view(context, base_url + "sessions/lunchtime-peer-circle/run/",
                     dt.datetime.combine(meeting, dt.time(12, 0), zone))
    assert text(page, ".rs-block") == f"Starts at {agenda.days[0].start}"
    activities = [row for row in agenda.rows if row.kind == "activity" and row.minutes]
    for row, following in zip(activities, [*activities[1:], None], strict=True):
        start = dt.datetime.combine(meeting, dt.time.fromisoformat(row.start), zone)
        page.clock.set_fixed_time(start + dt.timedelta(minutes=1))
        showing(page, row.title, f"{row.minutes - 1}:00")
        mark = fit_mark(row, labels_for(sample.language))  # the sample circle is fitted
        assert mark and mark in text(page, ".rs-meta")
        assert text(page, ".rs-where") == "Meeting 2 of 6 · Following the clock"
        assert text(page, ".rs-next") == (f"Next at {following.start}: {following.title}"
                                          if following else f"Ends at {agenda.days[0].end}")
    page.clock.set_fixed_time(dt.datetime.combine(meeting, dt.time(13, 0), zone))
    page.wait_for_selector("#curriculum-run[data-phase='finished']")
    late = dt.datetime.combine(meeting, dt.time(12, 25), zone)  # it began 15 minutes late
    page.clock.set_fixed_time(late)
    press(page, "start")
    page.wait_for_selector("#curriculum-run[data-offline='ready']", timeout=10000)
    for number, row in enumerate(activities):
        if number:
            press(page, "next")
        showing(page, row.title, f"{row.minutes}:00")
        if number == len(activities) // 2:  # half way: a reload, then the network goes
            page.reload()
            showing(page, row.title, f"{row.minutes}:00")
            context.set_offline(True)
            page.reload()
            showing(page, row.title, f"{row.minutes}:00")
            late_by = clock_minutes("12:25") + row.minutes - clock_minutes(row.end)
            assert text(page, ".rs-late") == f"Running {late_by} min late"
    press(page, "next")
    page.wait_for_selector("#curriculum-run[data-phase='finished']")
    assert text(page, ".rs-block") == "Finished at 12:25"  # no clock moved: all in a moment
    context.set_offline(False)
    context.close()


def test_only_the_buttons_that_do_something_now_are_shown(tiny, phone):
    page = open_view(phone, tiny + RUN, at(-10))
    assert page.locator("#curriculum-run button:visible").all_inner_texts() == ["Start now"]
    tick(page, at(7))
    assert page.locator("#curriculum-run button:visible").all_inner_texts() == [
        "Back", "Pause", "+5 min", "Next", "Start now"]
    tick(page, at(61))
    assert page.locator("#curriculum-run button:visible").all_inner_texts() == [
        "Back", "Start now"]
    press(page, "back")  # the last item, again
    showing(page, "Tell")


def test_the_planner_opens_the_views_with_an_agenda_in_storage(base_url, browser):
    plan = {"version": 1, "key": "plan:test", "title": "Planned hour", "language": "en",
            "timezone": None, "days": [{
                "number": 1, "heading": "", "dates": [], "start": "10:00", "end": "10:25",
                "minutes": 25, "blocks": [
                    {"kind": "opening", "label": "Opening", "title": "Hello", "module": None,
                     "start": "10:00", "end": "10:05", "minutes": 5, "activities": []},
                    {"kind": "module", "label": "", "title": "Talk", "module": "talk",
                     "start": "10:05", "end": "10:25", "minutes": 20, "activities": [
                         {"id": "pairs", "title": "In pairs", "start": "10:05", "end": "10:25",
                          "minutes": 20, "planned": 20, "mark": "", "format": "Pairs",
                          "prompt": "Listen well.", "script": "<p>Pair people up.</p>"}]}]}]}
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2027, 5, 5, 16, 0, tzinfo=dt.UTC))
    page.goto(base_url + "run/")
    assert "No agenda to show" in text(page, "#curriculum-run")
    page.evaluate("plan => sessionStorage.setItem('curriculum-agenda:plan-test',"
                  " JSON.stringify(plan))", plan)
    page.goto(base_url + "run/?agenda=plan-test")
    showing(page, "Planned hour")
    press(page, "start")
    showing(page, "Hello", "5:00")
    press(page, "next")
    showing(page, "In pairs", "20:00")
    assert text(page, ".rs-script") .endswith("Pair people up.")
    link = page.locator(".rs-links a").first
    assert link.get_attribute("href") == "../screen/?agenda=plan-test"
    screen = context.new_page()
    screen.goto(base_url + "screen/?agenda=plan-test")
    showing(screen, "In pairs", "20:00")
    assert "Pair people up" not in screen.content() or "script" in json.dumps(plan)
    context.close()


def test_the_views_steps_agree_with_the_core_for_every_sample_session(base_url, page, sample):
    """The step logic of the views (run-of-show.js) against the agenda assembled in Python:
    the same clock times for every step, and at every minute of every day the same activity
    on, as the core's rows say."""
    zone = ZoneInfo(sample.timezone)
    for session in sample.sessions.values():
        agenda = assemble_agenda(session, sample)
        page.goto(base_url + f"sessions/{session.id}/run/")
        data = json.loads(page.locator("#curriculum-agenda").text_content())
        steps = page.evaluate("a => CurriculumRunOfShow.steps(a).map(s =>"
                              " [s.day, s.start, s.end, s.title])", data)
        expected = []
        for number, day in enumerate(agenda.days):
            for index, row in enumerate(day.rows):
                inside = index + 1 < len(day.rows) and day.rows[index + 1].kind == "activity"
                if (row.kind == "activity" and row.minutes) or (row.kind != "activity"
                                                                and not inside):
                    expected.append([number, row.start, row.end, row.title])
        assert steps == expected, session.id
        moments, titles = [], []
        for number, day in enumerate(agenda.days):
            date = agenda.meetings[0].dates[number] if agenda.meetings else dt.date(2027, 6, 1)
            data["days"][number]["dates"] = [date.isoformat()]
            start = dt.datetime.combine(date, dt.time.fromisoformat(day.start), zone)
            for minute in range(day.minutes):
                moments.append((start + dt.timedelta(minutes=minute, seconds=30)).timestamp()
                               * 1000)
                clock = clock_minutes(day.start) + minute
                on = [r for r in day.rows
                      if clock_minutes(r.start) <= clock < clock_minutes(r.start) + r.minutes]
                titles.append(on[-1].title)
        found = page.evaluate("([a, moments]) => { const steps = CurriculumRunOfShow.steps(a);"
                              " return moments.map(m => CurriculumRunOfShow.compute(a, steps,"
                              " CurriculumRunOfShow.freshState(), m).current.title); }",
                              [data, moments])
        assert found == titles, session.id


# -- accessibility and pictures -------------------------------------------------------------------

SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations_in_either_view(base_url, browser, axe_source,
                                                           screenshots, scheme, size, sample):
    from test_accessibility import _violations
    context = browser.new_context(viewport=SIZES[size], color_scheme=scheme)
    zone = ZoneInfo(sample.timezone)
    problems = {}
    for view in ("run", "screen"):
        page = open_view(context, base_url + f"sessions/lunchtime-peer-circle/{view}/",
                         dt.datetime(2027, 1, 26, 12, 20, tzinfo=zone))
        if view == "run":
            press(page, "more")
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshots / f"{view}-{scheme}-{size}.png"),
                        full_page=view == "run")
        found = _violations(page, axe_source)
        if found:
            problems[view] = found
    context.close()
    assert problems == {}
