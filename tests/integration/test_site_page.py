"""The home page rendered from small tables, without a build: hostile labels are shown as text and run no
script (in headless Chromium), the data in its <script> is escaped for that context, the search answers
people (regions, codes, words, where an occupation is not open, per text), each region's CSV is made in the
page, and the page works at 390 px, with JavaScript off, and under axe-core."""
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.publish import site
from pipeline.publish.writers import csv_text, types_of

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
# Each would set window.pwned, or the page's title, if it ran.
HOSTILE = {
    "61111": '<img src=x onerror="window.pwned=1">',
    "61112": '"><svg onload="window.pwned=2">',
    "61113": "<!--<script>",
    "61114": "</script><script>window.pwned=3</script>",
    "61115": "javascript:window.pwned=4",
    "61116": "'><img src=x onerror=\"document.title='pwned'\">",
    "61117": "Line\u2028and paragraph\u2029separators & <b>tags</b> > all",
    # with '>' escaped, '<' alone still ends the data ('</script ' is an end tag) or swallows the page's script
    # ('<!--<script ' in a script enters its double-escaped state): these catch the loss of the '<' escape
    "61118": '</script ><img src=x onerror="window.pwned=8">',
    "61119": "<!--<script x",
}
ARRETE, CIRCULAR = "IMID0800328A", "IMIN0800012C"
# (code, name, code of 2016, name of 2016)
REGIONS = [("74", "Limousin", "75", "Nouvelle-Aquitaine"), ("72", "Aquitaine", "75", "Nouvelle-Aquitaine"),
           ("93", "Provence-Alpes-Côte d'Azur", "93", "Provence-Alpes-Côte d'Azur"),
           ("11", "Île-de-France", "11", "Île-de-France")]


def small_tables(labels: dict[str, str] = HOSTILE) -> dict[str, pd.DataFrame]:
    """Two texts, four regions. Every label of `labels` is open in Limousin by both texts; 52313 is open in
    Limousin by the arrêté only and in Aquitaine by the circular only; 61231 is open everywhere but in
    Île-de-France, by both; 14232 only in Île-de-France, by both."""
    rows = []
    for source, binding in ((ARRETE, True), (CIRCULAR, False)):
        def add(region, code, label, basis, source=source, binding=binding):
            rows.append([source, binding, *region, code, label, basis])
        for code, label in labels.items():
            add(REGIONS[0], code, label, "regional")
        add(REGIONS[0 if binding else 1], "52313", "Installateur-maintenicien en ascenseurs", "regional")
        for region in REGIONS[:3]:
            add(region, "61231", "Chef de chantier du BTP, conducteur", "both" if region[0] == "74" else "national")
        add(REGIONS[3], "14232", "Technicien de la vente à distance", "regional")
    by_region = pd.DataFrame(rows, columns=["source_id", "binding", "region_code", "region_name", "region_2016_code",
                                            "region_2016_name", "rome_code", "label", "basis"])
    sources = pd.DataFrame([
        [ARRETE, "arrete", "Arrêté du 18 janvier 2008 relatif à <script>window.pwned=5</script>", "2008-01-18",
         ARRETE, "a.md", "0" * 64, "<img src=x onerror=\"window.pwned=6\">", "Licence Ouverte"],
        [CIRCULAR, "circulaire", "Circulaire du 7 janvier 2008 relative à l'essai", "2008-01-07", CIRCULAR, "c.txt",
         "1" * 64, "seeds", "Administrative document"]],
        columns=["source_id", "kind", "title", "date", "nor", "file", "sha256", "provenance", "licence"])
    findings = pd.DataFrame([[ARRETE, "label_variant", "warning", "acknowledged", "74", "61111", 3,
                              HOSTILE["61114"]]],
                            columns=["source_id", "check", "severity", "status", "region_code", "rome_code",
                                     "source_line", "message"])
    differences = pd.DataFrame([[CIRCULAR, ARRETE, "74", "52313", False, True, None, HOSTILE["61111"]]],
                               columns=["source_id_a", "source_id_b", "region_code", "rome_code", "in_a", "in_b",
                                        "label_a", "label_b"])
    return {"openings_by_region": by_region, "sources": sources, "findings": findings,
            "source_differences": differences}


PICTURE = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082")


def render(tables=None, version="9.8.7") -> str:
    return site.render(tables or small_tables(), PICTURE, [("csv/openings_by_region.csv", 10, "0" * 64)], version,
                       {"93": ["PACA"], "11": ["IDF"]})


def data_text(page: str) -> str:
    return re.search(r'<script id="data" type="application/json">(.*?)</script>', page, re.DOTALL).group(1)


@pytest.mark.parametrize("char", ["<", ">", "&", "\u2028", "\u2029"], ids=["lt", "gt", "amp", "U+2028", "U+2029"])
def test_the_data_in_its_script_escapes(char):
    """Each of SCRIPT_ESCAPES, taken out, turns one of these red: the labels hold every one of those
    characters, and the data must still read back exactly."""
    text = data_text(render())
    assert char not in text
    assert f"\\u{ord(char):04x}" in text
    labels = {o["code"]: o["labels"][0] for o in json.loads(text)["occupations"]}
    assert {code: labels[code] for code in HOSTILE} == HOSTILE


def test_the_page_is_rendered_with_autoescape():
    page = render()
    outside_data = page.replace(data_text(page), "")
    for label in HOSTILE.values():
        if any(c in label for c in "<>\"'&"):
            assert label not in outside_data, label
    assert "&lt;img src=x onerror=&#34;window.pwned=1&#34;&gt;" in outside_data


def test_the_same_tables_give_the_same_page():
    assert render() == render()


def test_counts_are_per_text_never_added_and_no_region_s():
    page = render()
    assert "region(s)" not in page
    # Nouvelle-Aquitaine: the arrêté opens 11 codes in Limousin and Aquitaine, the circular 11 too (22 added)
    heading = re.search(r'<h3 id="r2016-75">(.*?)</h3>\s*<p>(.*?)</p>', page, re.DOTALL)
    assert heading.group(1) == "75 Nouvelle-Aquitaine (region of 2016, 2 regions of 2008)"
    assert " ".join(heading.group(2).split()) == (
        "Occupations open in at least one of its regions of 2008: 11 by the arrêté du 18 janvier 2008, "
        "11 by the circulaire du 7 janvier 2008.")
    assert "(region of 2016, 1 region of 2008)" in page
    summary = re.search(r'<details id="r-74"><summary>(.*?)</summary>', page).group(1)
    assert summary == ("74 Limousin: 11 occupations open by the arrêté du 18 janvier 2008, 10 occupations open by "
                       "the circulaire du 7 janvier 2008")


def test_the_texts_are_named_as_people_know_them_with_the_nor():
    page = render()
    assert "the arrêté du 18 janvier 2008 (liste opposable) and the circulaire du 7 janvier 2008." in page
    assert "<strong>arrêté du 18 janvier 2008</strong> (NOR <code>IMID0800328A</code>" in page
    assert "<strong>circulaire du 7 janvier 2008</strong> (NOR <code>IMIN0800012C</code>" in page


def test_the_page_shows_the_release_s_version_and_the_texts_dates():
    """The version given to render() (a build gives the changelog's, pipeline.publish.datapackage.current_release,
    which tests/unit/test_release.py holds equal to pyproject's)."""
    assert ('<strong id="version">9.8.7</strong>; the lists as the texts of 7 January 2008 and 18 January 2008 '
            "print them.") in render()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, started once for the tests of this module; each visit opens a context of its own."""
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's package `chromium` to test the page in a browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A page open in a fresh context of `browser`, with its script errors and dialogs recorded."""

    def __init__(self, browser, page: Path, **context):
        self.context = browser.new_context(**context)
        self.tab = self.context.new_page()
        self.errors, self.dialogs = [], []
        self.tab.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
        self.tab.on("pageerror", lambda error: self.errors.append(str(error)))
        self.tab.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.tab.goto(page.as_uri(), wait_until="load")
        self.title = self.tab.title()

    def search(self, typed: str) -> str:
        self.tab.fill("#search", typed)
        self.tab.wait_for_function("document.getElementById('results').textContent.length > 0", timeout=5000)
        return self.tab.inner_text("#results")

    def open_all(self) -> None:
        self.tab.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")

    def pwned(self) -> list:
        """What the hostile labels did, if anything ran: window.pwned, a changed title, a dialog."""
        self.tab.wait_for_timeout(300)  # let a broken image's onerror fire
        ran = self.tab.evaluate("[window.pwned, document.title]")
        return [x for x in (ran[0], ran[1] != self.title and ran[1], self.dialogs) if x]

    def axe(self) -> list[str]:
        """axe-core's serious and critical violations, each as 'rule: target, …'."""
        self.tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = self.tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
        return [f"{v['id']} ({v['impact']}): " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
                for v in result["violations"] if v["impact"] in ("serious", "critical")]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, tmp_path):
    opened = []

    def open_page(page: str | Path, **context) -> Visit:
        if isinstance(page, str):
            path = tmp_path / "site" / f"page{len(opened)}.html"
            path.parent.mkdir(exist_ok=True)
            path.write_text(page, encoding="utf-8")
            page = path
        opened.append(Visit(browser, page, **context))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


def test_in_chromium_no_hostile_label_runs_and_the_search_answers(visit):
    v = visit(render())
    assert v.errors == []
    for code, label in HOSTILE.items():
        v.search(code)
        assert f"{code} {label}" in v.tab.text_content("#results"), code
    assert v.search("ascenseurs").startswith("Found: 0 regions, 1 occupation.")
    v.open_all()
    assert v.tab.evaluate("[...document.querySelectorAll('[href]')].map(a => a.getAttribute('href'))"
                          ".filter(h => /^\\s*javascript:/i.test(h))") == []
    v.search("Limousin")
    v.tab.click("#results a[href='#r-74']")
    assert v.pwned() == [] and v.errors == []
    assert v.tab.evaluate("JSON.parse(document.getElementById('data').textContent).occupations"
                          ".filter(o => o.code.startsWith('6111')).map(o => o.labels[0])") == list(HOSTILE.values())


def test_in_chromium_the_search_finds_regions_by_name_code_2016_region_and_abbreviation(visit):
    v = visit(render())
    for typed in ("Limousin", "limousin", "74", "LIMOUSIN "):
        assert v.search(typed).startswith("Found: 1 region, 0 occupations.\n"), typed
    for typed in ("Nouvelle-Aquitaine", "nouvelle aquitaine", "75"):
        results = v.search(typed)
        assert results.startswith("Found: 2 regions"), typed
        assert "74 Limousin (region of 2008, since 2016 part of 75 Nouvelle-Aquitaine)" in results
        assert "72 Aquitaine" in results
    for typed, found in (("PACA", "93 Provence-Alpes-Côte d'Azur (region of 2008, the same in 2016)"),
                         ("paca", "93 Provence"), ("provence alpes cote d azur", "93 Provence"),
                         ("ile de france", "11 Île-de-France"), ("IDF", "11 Île-de-France")):
        results = v.search(typed)
        assert results.startswith("Found: 1 region") and found in results, typed
    limousin = v.search("Limousin")
    assert "arrêté du 18 janvier 2008 (liste opposable), NOR IMID0800328A: 11 occupations open" in limousin
    assert "circulaire du 7 janvier 2008, NOR IMIN0800012C: 10 occupations open" in limousin
    assert v.search("zzz").startswith("Nothing found.")
    assert v.errors == []


def test_in_chromium_an_occupation_shows_where_it_is_open_and_where_not_per_text(visit):
    v = visit(render())
    for typed in ("conducteur", "chantier btp", "Chef", "612"):
        assert "61231 Chef de chantier du BTP, conducteur" in v.search(typed), typed
    results = v.search("52313")
    assert ("arrêté du 18 janvier 2008 (liste opposable), NOR IMID0800328A: open in 1 region; not open in 3: "
            "Île-de-France, Aquitaine, Provence-Alpes-Côte d'Azur.") in results
    assert ("circulaire du 7 janvier 2008, NOR IMIN0800012C: open in 1 region; not open in 3: Île-de-France, "
            "Limousin, Provence-Alpes-Côte d'Azur.") in results
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in results.splitlines() if "\t" in line}
    assert rows["74 Limousin (Nouvelle-Aquitaine)"] == ["open (region's list)", "not open"]
    assert rows["72 Aquitaine (Nouvelle-Aquitaine)"] == ["not open", "open (region's list)"]
    assert rows["11 Île-de-France (Île-de-France)"] == ["not open", "not open"]
    assert v.errors == []


def csv_download(v: Visit, selector: str) -> bytes:
    with v.tab.expect_download() as download:
        v.tab.click(selector)
    return Path(download.value.path()).read_bytes()


def test_in_chromium_each_region_s_csv_is_its_rows_as_published(visit):
    tables = small_tables()
    v = visit(render(tables))
    v.open_all()
    by_region = tables["openings_by_region"]
    for code in ("74", "72", "93"):
        got = csv_download(v, f"#r-{code} button.csv")
        expected = csv_text(by_region[by_region.region_code == code], types_of("openings_by_region"))
        assert got.decode("utf-8") == expected, code
    v.search("PACA")
    assert csv_download(v, "#results button.csv") == csv_text(
        by_region[by_region.region_code == "93"], types_of("openings_by_region")).encode()
    assert v.errors == []


def at_390(v: Visit) -> dict:
    return v.tab.evaluate("({width: document.scrollingElement.scrollWidth, inner: innerWidth,"
                          " top: document.getElementById('search').getBoundingClientRect().top,"
                          " height: innerHeight})")


def test_in_chromium_at_390_px_no_horizontal_scroll_and_the_search_on_the_first_screen(visit):
    v = visit(render(), viewport=PHONE)
    first = at_390(v)
    assert first["width"] <= 390 and first["top"] < first["height"], first
    v.open_all()
    v.search("61231")
    assert at_390(v)["width"] <= 390


def test_in_chromium_without_javascript_a_note_says_where_the_tables_are(visit):
    v = visit(render(), java_script_enabled=False)
    text = v.tab.inner_text("#search-section")
    assert "The search needs JavaScript" in text and "What is open in each region" in text
    assert v.tab.evaluate("document.querySelector('noscript a').getAttribute('href')") == "#regions"


def test_in_chromium_landmarks_and_axe_core_as_loaded_and_with_every_region_open(visit):
    v = visit(render())
    assert v.tab.evaluate("['header', 'nav', 'main', 'footer'].map(t => document.querySelectorAll(t).length)") == [
        1, 1, 1, 1]
    assert v.axe() == []
    v.open_all()
    v.search("52313")
    assert v.axe() == []


def test_the_axe_check_sees_a_contrast_failure(visit):
    """The same check on a page spoiled on purpose: #999 on white, as 'not open' was, fails it."""
    v = visit(render().replace(".no{color:#595959}", ".no{color:#999}"))
    v.open_all()
    assert any(line.startswith("color-contrast (serious)") for line in v.axe())

