"""Every page of the built site, crawled: internal links and anchors resolve, PDFs are PDFs."""

from __future__ import annotations

import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.validate import check_project

REPO = Path(__file__).resolve().parents[2]


class _Page(HTMLParser):
    """The links and the ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for name in ("id", "name"):
            if found.get(name):
                self.ids.add(found[name])
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])


def fetch(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get_content_type(), response.read()


@pytest.fixture(scope="module")
def crawl(base_url):
    """Every page reachable from home: {url: parsed page}, plus every link seen, with its page."""
    pages: dict[str, _Page] = {}
    seen: list[tuple[str, str]] = []
    queue = [base_url]
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        kind, body = fetch(url)
        parsed = _Page()
        if kind == "text/html":
            parsed.feed(body.decode("utf-8"))
        pages[url] = parsed
        for href in parsed.links:
            target = urljoin(url, href)
            if urlparse(target).netloc != urlparse(base_url).netloc:
                continue
            seen.append((url, target))
            page_url = urldefrag(target).url
            if page_url.endswith("/") and page_url not in pages:
                queue.append(page_url)
    return pages, seen


def test_the_crawl_reaches_every_generated_page(crawl, base_url):
    pages, _ = crawl
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    wanted = ["", "catalog/", "about/"]
    wanted += [f"modules/{m}/" for m in curriculum.modules]
    wanted += [f"modules/{m}/guide/" for m in curriculum.modules]
    wanted += [f"modules/{m.id}/handouts/{h.id}/" for m in curriculum.modules.values()
               for h in m.handouts]
    wanted += [f"paths/{p}/" for p in curriculum.paths]
    wanted += [f"sessions/{s}/" for s in curriculum.sessions]
    wanted += [f"guides/{g}/" for g in curriculum.guides]
    missing = [path for path in wanted if base_url + path not in pages]
    assert missing == []


def test_every_internal_link_and_anchor_resolves(crawl):
    pages, seen = crawl
    broken = []
    for source, target in seen:
        page_url, fragment = urldefrag(target)
        if page_url not in pages:
            try:
                kind, body = fetch(page_url)
            except OSError as err:
                broken.append(f"{source} -> {target}: {err}")
                continue
            parsed = _Page()
            if kind == "text/html":
                parsed.feed(body.decode("utf-8"))
            pages[page_url] = parsed
        if fragment and fragment not in pages[page_url].ids:
            broken.append(f"{source} -> {target}: no element with id {fragment!r}")
    assert broken == []


def test_every_session_offers_both_packets_as_pdf_and_html(crawl, base_url):
    pages, seen = crawl
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    for session in curriculum.sessions:
        links = {target for source, target in seen if source == f"{base_url}sessions/{session}/"}
        for edition in ("facilitator", "participant"):
            pdf = f"{base_url}sessions/{session}/{session}-{edition}.pdf"
            assert pdf in links, (session, edition)
            kind, body = fetch(pdf)
            assert kind == "application/pdf" and body.startswith(b"%PDF-")
            html = pdf[:-4] + ".html"
            assert html in links
            kind, body = fetch(html)
            assert kind == "text/html" and b"<html" in body[:500].lower()


def test_every_module_links_its_handouts_pdf_and_every_session_its_large_print(crawl,
                                                                               base_url):
    _, seen = crawl
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    wanted = [(f"{base_url}modules/{m.id}/", f"{base_url}modules/{m.id}/{m.id}-handouts.pdf")
              for m in curriculum.modules.values() if m.handouts]
    wanted += [(f"{base_url}sessions/{s}/",
                f"{base_url}sessions/{s}/{s}-participant-large-print.pdf")
               for s in curriculum.sessions]
    assert len(wanted) > len(curriculum.sessions)
    for page, pdf in wanted:
        assert (page, pdf) in seen, pdf
        kind, body = fetch(pdf)
        assert kind == "application/pdf" and body.startswith(b"%PDF-"), pdf
