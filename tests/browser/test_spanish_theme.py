"""The theme's scripts speak the curriculum's language: a tiny curriculum in Spanish, built and
driven in Chromium (the words come from the labels the build publishes)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers import CURRICULUM, mkdocs_build, site_project  # noqa: E402


@pytest.fixture(scope="module")
def spanish_url(tmp_path_factory, serve):
    root = site_project(tmp_path_factory.mktemp("tiny-es"),
                        {"curriculum/curriculum.yml": CURRICULUM + "language: es\n"})
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    with serve(root / "site") as url:
        yield url


def test_catalog_filters_report_in_spanish(page, spanish_url):
    page.goto(spanish_url + "catalog/")
    status = page.locator("#curriculum-filters-status")
    assert status.inner_text() == "2 módulos."
    page.locator("#curriculum-filters select[name='level']").select_option("practice")
    assert status.inner_text() == "Se muestran 1 de 2 módulos."
    page.locator("#curriculum-filters select[name='theme']").select_option("connection")
    assert status.inner_text() == ("Ningún módulo cumple estos filtros."
                                   " Quite un filtro para ver más.")
    assert page.locator("#curriculum-filters button[type='reset']").inner_text() == "Quitar filtros"


def test_accessible_names_are_spanish(page, spanish_url):
    page.goto(spanish_url + "modules/arriving/guide/")
    assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == "Buscar"
    assert page.locator("html").get_attribute("lang") == "es"


def test_the_planner_speaks_spanish(page, spanish_url):
    """The planner's words, dates and print view come from the Spanish table (labels/es.yml)."""
    page.goto(spanish_url + "planner/?date=2027-03-04&start=10:00&size=8"
                            "&blocks=module:arriving,break:10,module:telling")
    page.wait_for_selector("html[data-planner-ready]")
    assert page.locator("h1").inner_text().rstrip("¶") == "Planificar una sesión"
    assert page.get_by_label("Tamaño del grupo").input_value() == "8"
    page.get_by_role("button", name="Añadir una pausa").click()
    summary = page.locator("#planner-summary").inner_text()
    assert summary.startswith("jueves, 4 de marzo de 2027 · 10:00–11:15")
    page.get_by_role("link", name="Edición para participantes: vista de impresión").click()
    page.wait_for_selector("html[data-planner-ready]")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Edición para participantes" in page.locator("body").inner_text()
