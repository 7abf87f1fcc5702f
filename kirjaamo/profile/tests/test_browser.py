"""End-to-end in Chromium: an anonymous visitor reads the privacy notice, switches to Swedish, finds
the right to object and downloads the PDF. Screenshots go to KIRJAAMO_SCREENSHOTS (relative to the
repository) when set, else to a temporary directory:

    KIRJAAMO_SCREENSHOTS=docs/screenshots .venv/bin/pytest -m browser kirjaamo/profile
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
expect.set_options(timeout=15_000)


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    wanted = os.environ.get("KIRJAAMO_SCREENSHOTS")
    if not wanted:
        return tmp_path
    folder = Path(__file__).resolve().parents[3] / wanted
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_an_anonymous_visitor_reads_the_notice_in_swedish_and_downloads_the_pdf(
    page: Page, live_server: Any, transactional_db: None, screenshots: Path, tmp_path: Path
) -> None:
    base = live_server.url
    page.goto(base + "/tietosuojaseloste/")
    assert page.url == base + "/tietosuojaseloste/"  # no login redirect
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tietosuojaseloste: Esimerkkiverkko Oy"
    )
    expect(page.get_by_role("heading", name="Oikeus vastustaa käsittelyä").first).to_be_visible()
    page.screenshot(path=str(screenshots / "notice-fi.png"))

    page.get_by_role("navigation", name="Kieli").get_by_role("link", name="Svenska").click()
    expect(page).to_have_url(base + "/dataskyddsbeskrivning/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dataskyddsbeskrivning: Esimerkkiverkko Oy"
    )
    # The right to object stands apart: its own region in the first layer and in section 9.
    objection = page.get_by_role("region", name="Rätt att invända mot behandling")
    expect(objection).to_have_count(2)
    expect(objection.first).to_be_visible()
    expect(objection.first).to_contain_text("berättigat intresse")
    page.get_by_role("link", name="Rätt att invända mot behandling").click()
    expect(page).to_have_url(base + "/dataskyddsbeskrivning/#objection")
    expect(page.locator("#objection")).to_be_in_viewport()
    page.screenshot(path=str(screenshots / "notice-sv.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ner beskrivningen som PDF").click()
    download = info.value
    assert download.suggested_filename == "dataskyddsbeskrivning-esimerkkiverkko-oy.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(base + "/privacy-notice/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Right to object").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(screenshots / "notice-en-phone.png"))
