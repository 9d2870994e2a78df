"""The home page, build/site/index.html: self-contained, right about its downloads, and working in a real
headless Chromium (Debian's, at /usr/bin/chromium) with nothing requested from outside its folder."""
import csv
import hashlib
import html
import io
import re
import shutil
from pathlib import Path

import pytest

from tests.integration.test_site_page import PHONE, Visit, at_390, csv_download

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


def page_text(build: Path) -> str:
    return (build / "site" / "index.html").read_text(encoding="utf-8")


def test_every_download_is_listed_with_its_sha256(real_build):
    listed = re.findall(r"<tr><td><a href='\.\./([^']+)'>[^<]+</a></td><td>[0-9,]+</td><td class='hash'>([0-9a-f]{64})"
                        r"</td></tr>", page_text(real_build))
    files = sorted(p.relative_to(real_build).as_posix() for p in real_build.rglob("*")
                   if p.is_file() and p.parts[len(real_build.parts)] not in ("data-docs", "site")
                   and p.name not in ("manifest.json", ".lock"))
    assert sorted(path for path, _ in listed) == files
    assert "csv/openings_by_region.csv" in files
    for path, sha in listed:
        assert hashlib.sha256((real_build / path).read_bytes()).hexdigest() == sha, path


def test_nothing_is_loaded_from_anywhere(real_build):
    text = page_text(real_build)
    sources = re.findall(r"""\ssrc=["']([^"']*)""", text)
    assert sources and all(s.startswith("data:") for s in sources)
    assert not re.search(r"<link[^>]+stylesheet|@import|url\(", text)
    links = [html.unescape(h) for h in re.findall(r"""\shref=["']([^"']*)""", text)]
    assert all(not re.match(r"[a-z]+://", h) or h.startswith("data:") for h in links), links


def test_counts_are_per_text_and_never_added(real_build):
    """Centre-Val de Loire: the arrêté opens 26 occupations, the circular 27 (a 2016 heading once added them
    into '27 occupations open')."""
    text = page_text(real_build)
    heading = re.search(r'<h3 id="r2016-24">([^<]*)</h3>\s*<p>([^<]*)</p>', text)
    assert heading.group(1) == "24 Centre-Val de Loire (region of 2016, 1 region of 2008)"
    assert " ".join(heading.group(2).split()) == ("Occupations open in at least one of its regions of 2008: 26 by the "
                                                  "arrêté du 18 janvier 2008, 27 by the circulaire du 7 janvier 2008.")
    assert "region(s)" not in text and "IMID0800328A" in text and "IMIN0800012C" in text


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, started once for the tests of this module; each visit opens a context of its own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def visit(browser, page: Path, typed: str | None = None) -> tuple[list[str], list[str], str]:
    """Open the page in a fresh browser context: every URL it requested, every console error, and the search
    results' text once `typed` is typed in the search box. Requests over the network are aborted, not sent."""
    requested, errors = [], []
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
        tab.on("request", lambda request: requested.append(request.url))
        tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(page.as_uri(), wait_until="load")
        results = ""
        if typed is not None:
            tab.fill("#search", typed)
            tab.wait_for_function("document.getElementById('results').textContent.length > 0", timeout=5000)
            results = tab.inner_text("#results")
    finally:
        context.close()
    return requested, errors, results


def outside(requested: list[str], folder: Path) -> list[str]:
    return [url for url in requested if not (url.startswith(folder.as_uri() + "/") or url.startswith("data:"))]


needs_chromium = pytest.mark.skipif(not CHROMIUM.is_file(), reason=(
    f"no Chromium at {CHROMIUM}: install Debian's package `chromium` (.ci/run does) to test the home page in a "
    "real browser"))


@needs_chromium
def test_in_chromium_52313_shows_limousin_offline_and_the_5_regions_where_it_is_not_open(real_build, browser):
    page = real_build / "site" / "index.html"
    requested, errors, results = visit(browser, page, "52313")
    assert errors == []
    assert outside(requested, page.parent) == []
    assert requested[0] == page.as_uri()
    assert "52313 Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)" in results
    limousin = next(line for line in results.splitlines() if line.startswith("74 Limousin"))
    assert limousin.split("\t") == ["74 Limousin (Nouvelle-Aquitaine)", "open (region's list)", "open (region's list)"]
    for text in ("arrêté du 18 janvier 2008 (liste opposable), NOR IMID0800328A",
                 "circulaire du 7 janvier 2008, NOR IMIN0800012C"):
        line = next(line for line in results.splitlines() if line.startswith(text))
        assert line.endswith("open in 17 regions; not open in 5: Basse-Normandie, Franche-Comté, Bretagne, "
                             "Midi-Pyrénées, Corse."), line


@needs_chromium
def test_in_chromium_a_label_finds_its_codes(real_build, browser):
    _, errors, results = visit(browser, real_build / "site" / "index.html", "ascenseur")
    assert errors == [] and "52313 Installateur" in results and "Limousin" in results


@needs_chromium
@pytest.mark.parametrize(("typed", "found"), [
    ("Limousin", "74 Limousin (region of 2008, since 2016 part of 75 Nouvelle-Aquitaine)"),
    ("PACA", "93 Provence-Alpes-Côte d'Azur (region of 2008, the same in 2016)"),
    ("franche comte", "43 Franche-Comté (region of 2008, since 2016 part of 27 Bourgogne-Franche-Comté)"),
    ("Occitanie", "73 Midi-Pyrénées (region of 2008, since 2016 part of 76 Occitanie)"),
    ("74", "74 Limousin"), ("conducteur", "Conducteur de travaux du BTP")])
def test_in_chromium_the_search_finds_regions_and_words(real_build, browser, typed, found):
    _, errors, results = visit(browser, real_build / "site" / "index.html", typed)
    assert errors == [] and found in results, results[:500]


@needs_chromium
def test_in_chromium_limousin_s_csv_is_its_published_rows(real_build, browser):
    published = (real_build / "csv" / "openings_by_region.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(published)))
    column = rows[0].index("region_code")
    lines = published.splitlines(keepends=True)
    assert len(lines) == len(rows)  # no line break inside a cell: a line is a row
    expected = lines[0] + "".join(line for line, row in zip(lines[1:], rows[1:]) if row[column] == "74")
    v = Visit(browser, real_build / "site" / "index.html")
    try:
        v.tab.click("#r-74 summary")
        assert csv_download(v, "#r-74 button.csv").decode("utf-8") == expected
        v.search("Limousin")
        assert csv_download(v, "#results button.csv").decode("utf-8") == expected
        assert v.errors == []
    finally:
        v.close()


@needs_chromium
def test_in_chromium_the_page_at_390_px_and_under_axe_core(real_build, browser):
    """No horizontal scroll and the search on the first screen at 390 px; landmarks; axe-core: no serious or
    critical violation, as loaded and with every region open."""
    v = Visit(browser, real_build / "site" / "index.html", viewport=PHONE)
    try:
        first = at_390(v)
        assert first["width"] <= 390 and first["top"] < first["height"], first
        assert v.tab.evaluate("['header', 'nav', 'main', 'footer'].map(t => document.querySelectorAll(t).length)"
                              ) == [1, 1, 1, 1]
        assert v.axe() == []
        v.open_all()
        assert at_390(v)["width"] <= 390
        assert v.axe() == []
        v.search("52313")
        assert at_390(v)["width"] <= 390
        assert v.errors == []
    finally:
        v.close()


@needs_chromium
def test_the_browser_check_sees_an_outside_request_and_a_script_error(real_build, tmp_path, browser):
    """The same visit on a copy of the page spoiled on purpose: the two gates above catch it."""
    folder = tmp_path / "site"
    shutil.copytree(real_build / "site", folder)
    page = folder / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<img src='http://example.invalid/x.png'><script>undefinedFunction()</script></body>"),
        encoding="utf-8")
    requested, errors, _ = visit(browser, page)
    assert outside(requested, folder) == ["http://example.invalid/x.png"]
    assert any("undefinedFunction" in e for e in errors)


def on_a_date(browser, page: Path, day: str) -> tuple[list[str], str]:
    """The texts the page shows in force on `day` (typed in its date box), and any script error."""
    errors = []
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(page.as_uri(), wait_until="load")
        tab.fill("#on", day)
        return errors, tab.inner_text("#in-force")
    finally:
        context.close()


@needs_chromium
def test_in_chromium_the_lists_in_force_on_a_date(real_build, browser):
    page = real_build / "site" / "index.html"
    errors, shown = on_a_date(browser, page, "2012-06-01")
    # ETSD1120263A-2011-08-11/README.md line 1 "Arrêté du 11 août 2011"; IMID0800327A v793f6c58 (list of 150)
    assert errors == [] and "(ETSD1120263A, version 0e0c3654)" in shown and "IMID0800328A" not in shown
    assert "No list applies" not in shown
    errors, shown = on_a_date(browser, page, "2008-01-10")
    assert errors == [] and "No list applies on 2008-01-10" in shown and "IMIN0800012C" in shown
