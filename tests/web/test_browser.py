"""The web app in a real browser (Debian's headless Chromium driven by Playwright): an
analyst follows the rumour from the home page to the denial and the verdict, searches,
checks a claim and uploads a file with the token. Screenshots go to test-artifacts/
(or $CLAIMWATCH_ARTIFACTS). No page may trip the Content-Security-Policy."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CLAIMWATCH_CHROMIUM", "/usr/bin/chromium")
TOKEN = "browser-test-token-42"
RUMOUR = "Caledra is pulling its troops out of Valdor"
ARTIFACTS = Path(
    os.environ.get("CLAIMWATCH_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts")
)


def _need_browser() -> None:
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    message = f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)"
    if os.environ.get("CLAIMWATCH_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(
    demo_db: str, copy_store: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    import uvicorn

    from claimwatch import open_workspace
    from claimwatch.settings import Settings
    from claimwatch.web.app import create_app

    _need_browser()
    db = copy_store(demo_db, tmp_path_factory.mktemp("browser"))
    ws = open_workspace(db, Settings.from_env(api_token=TOKEN))
    port = _free_port()
    config = uvicorn.Config(create_app(ws), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=30)
    ws.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    yield pg
    context.close()
    assert not problems, f"browser console errors (CSP or broken resources): {problems}"


def _shot(page: Any, name: str, *, full: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def test_follow_the_rumour_from_home_to_the_denial_and_verdict(page):
    page.goto("/")
    assert page.get_by_role("heading", name="Most active claims").is_visible()
    _shot(page, "home")
    page.get_by_role("link", name="Caledra is preparing to pull all of its soldiers").first.click()
    page.wait_for_load_state("networkidle")
    assert "denied by official sources" in page.locator(".verdict").inner_text()
    denying = page.locator(".col.denying").inner_text()
    assert "Ministry of Defence" in denying
    chart = page.locator("figure.chart img")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    _shot(page, "claim", full=False)
    _shot(page, "claim-full")
    page.locator(".col.denying .evidence a[href*='?at=']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("mark#s-quote").is_visible(), "the quoted words are highlighted"
    _shot(page, "article-quote", full=False)


def test_search_with_facets(page):
    page.goto("/search")
    page.fill("#q", "withdrawal")
    page.press("#q", "Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator(".results > li").count() > 0
    page.get_by_role("link", name="Statements").click()
    page.get_by_role("link", name="denies").first.click()
    page.wait_for_load_state("networkidle")
    acts = page.locator(".results .tag.act").all_inner_texts()
    assert acts and set(acts) == {"deny"}
    _shot(page, "search")


def test_check_a_claim_from_the_home_page(page):
    page.goto("/")
    page.fill("#claim", RUMOUR)
    page.get_by_role("button", name="Check").click()
    page.wait_for_load_state("networkidle")
    assert "denied by official sources" in page.locator(".verdict").inner_text()
    assert page.locator(".col.supporting .evidence").count() > 0
    _shot(page, "check", full=False)
    page.fill("#claim", "A new malaria vaccine was approved by regulators in Brazil")
    page.get_by_role("button", name="Check").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Nothing known").is_visible()
    assert page.locator(".evidence").count() == 0
    _shot(page, "check-nothing-known")


def test_upload_a_file_with_the_token_and_watch_it_finish(page, tmp_path, make_page, story):
    upload = tmp_path / "terminal.html"
    upload.write_text(make_page("Port Elsin terminal opens late", story), encoding="utf-8")
    page.goto("/ingest")
    page.set_input_files("#files", str(upload))
    page.fill("#token-files", TOKEN)
    page.get_by_role("button", name="Upload and ingest").click()
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector(".tag.state-done", timeout=240_000)
    assert "1 new" in page.locator("main").inner_text()
    _shot(page, "upload-done")
    page.goto("/search?q=terminal")
    assert page.get_by_role("link", name="Port Elsin terminal opens late").is_visible()


def test_pages_read_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, base_url=server)
    pg = context.new_page()
    pg.goto("/check?claim=" + RUMOUR.replace(" ", "+"))
    assert "denied by official sources" in pg.locator(".verdict").inner_text()
    pg.goto("/claims")
    pg.locator(".claim-row a").first.click()
    pg.wait_for_load_state("load")
    assert "denied by official sources" in pg.locator(".verdict").inner_text()
    assert pg.locator("figure.chart img").evaluate("img => img.naturalWidth > 0")
    context.close()
