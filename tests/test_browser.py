"""The dashboard in a real headless Chromium (Playwright driving Debian's /usr/bin/chromium).

Starts `streamlit run dashboard.py` on a free local port with copies of the seeds plus an
article carrying a <script> payload, applies an actor filter, downloads the timeline PNG and
saves screenshots under test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import shutil

import pytest

from benchmarks.serve import running_dashboard
from pipeline.present.export import chromium_path

from .conftest import ROOT
from .pages import serve_pages

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = chromium_path()
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (Debian: apt-get install chromium)")]
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PAYLOAD = "Warga menulis <script>alert('kronologi')</script> di dinding pada Kamis (06/01/2022)."


@pytest.fixture()
def server(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "payload.md").write_text(f"---\ntitle: Payload test\npublished: 2022-01-07\n---\n{PAYLOAD}\n", encoding="utf-8")
    with running_dashboard(seeds, tmp_path / "data") as (url, _, _):
        yield url


def _wait_for_charts(page, count: int = 2) -> None:
    try:
        page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {count}", timeout=120_000)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "timeout.png"))
        raise
    page.wait_for_timeout(1500)


def test_browser_filter_download_and_no_html(server, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    dialogs = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 3400}, accept_downloads=True)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(server)
        _wait_for_charts(page)
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"))

        # Article text is shown as text: the <script> is visible and never runs.
        page.goto(f"{server}/?q=script")
        _wait_for_charts(page, 1)
        assert page.get_by_text("<script>alert('kronologi')</script>", exact=False).count() >= 1
        assert dialogs == []
        assert page.locator("script:text('kronologi')").count() == 0
        page.screenshot(path=str(ARTIFACTS / "dashboard-payload.png"))

        # Apply an actor filter through the sidebar widget.
        page.goto(server)
        _wait_for_charts(page)
        box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
        box.click()
        page.keyboard.type("Netblocks")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        page.wait_for_function("document.body.innerText.includes('actors: Netblocks')", timeout=60_000)
        # Netblocks' one event has no casualty figures: the timeline is drawn, the casualty
        # chart gives way to a message.
        page.wait_for_function("document.body.innerText.includes('No casualty figures to chart among these events')",
                               timeout=60_000)
        _wait_for_charts(page, 1)
        assert "actor=Netblocks" in page.url
        page.screenshot(path=str(ARTIFACTS / "dashboard-filtered.png"))

        # The timeline's PNG button downloads a real PNG.
        with page.expect_download(timeout=120_000) as info:
            page.get_by_role("button", name="PNG").first.click()
        target = tmp_path / "timeline.png"
        info.value.save_as(target)
        data = target.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
        shutil.copy(target, ARTIFACTS / "timeline-export.png")
        browser.close()


def test_browser_upload_is_saved_and_reported_once(server, tmp_path):
    article = tmp_path / "banjir.txt"
    article.write_text("Banjir melanda Kota Contoh pada Senin (3/1/2022).\nSedikitnya 12 orang tewas.\n", encoding="utf-8")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 2400})
        page.goto(server)
        _wait_for_charts(page)
        page.get_by_text("Add articles").click()
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(article))
        page.wait_for_function("document.body.innerText.includes('Saved 1 article(s)')", timeout=120_000)
        # A rerun (here: a search) with the file still in the uploader saves and reports
        # nothing again; the article's two sentences are events.
        page.get_by_placeholder("e.g. bandara").fill("Kota Contoh")
        page.keyboard.press("Enter")
        try:
            page.wait_for_function("/\\b2 of \\d+ events/.test(document.body.innerText)", timeout=120_000)
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "upload-timeout.png"), full_page=True)
            (ARTIFACTS / "upload-timeout.txt").write_text(page.inner_text("body"))
            raise
        page.wait_for_timeout(2000)
        assert "Saved 1 article(s)" not in page.inner_text("body")
        browser.close()


def test_browser_adds_articles_by_url(tmp_path):
    """A feed's URL in "Add articles": its pages and its PDF report are fetched (from a local
    server, allowed for the test), saved once and built; the page's menus are not events."""
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    allow = {"KRONOLOGI_ALLOW_PRIVATE_FETCH": "1"}
    with (serve_pages() as pages, running_dashboard(seeds, tmp_path / "data", env=allow) as (url, _, _),
          playwright.sync_playwright() as p):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 2400})
        page.goto(url)
        _wait_for_charts(page)
        page.get_by_text("Add articles").click()
        page.get_by_label("Or links: web pages, PDF reports or RSS/Atom feeds, one per line").fill(
            f"{pages}/feed.xml")
        page.get_by_role("button", name="Fetch").click()
        try:
            page.wait_for_function("document.body.innerText.includes('Saved 3 article(s)')", timeout=120_000)
            assert "gone.html: HTTP 404" in page.inner_text("body")  # the one dead link, by name
            page.get_by_placeholder("e.g. bandara").fill("valley")
            page.keyboard.press("Enter")
            page.wait_for_function("document.body.innerText.includes('Floods swept through the valley town')",
                                   timeout=120_000)
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "fetch-timeout.png"), full_page=True)
            (ARTIFACTS / "fetch-timeout.txt").write_text(page.inner_text("body"))
            raise
        body = page.inner_text("body")
        assert "Read also" not in body and "Great article" not in body
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard-fetched.png"))
        browser.close()
    assert len(list((tmp_path / "data" / "uploads").glob("*.md"))) == 3
