"""The sample as a program elsewhere would run it: its own support contacts and language.

Done-when of the `local` issue, on the real sample: no module, guide or page holds a phone
number; changing `support:` changes every facilitator guide, the pages that ask for it and
every packet; built with `language: es`, every label the tool prints on the site and in the
packets is Spanish.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from mkdocs_curriculum import deidentify
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.packet import packet_jobs, render_pdf
from mkdocs_curriculum.packet_contract import EDITION_IDS
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import REPO, mkdocs_build

SOURCES = [*REPO.glob("modules/*/*.md"), *REPO.glob("modules/*/handouts/*.md"),
           *REPO.glob("modules/*/module.yml"), *REPO.glob("curriculum/guides/*.md"),
           *REPO.glob("curriculum/pages/*.md")]
NEW_SUPPORT = """support:
  - name: Linea de Apoyo Profesional Sanitario
    contact: Marque la extension interna 2020.
    when: Cualquier dia, a cualquier hora.
"""
OLD_NAMES = ("Physician Support Line", "988 Suicide & Crisis Lifeline", "TO FILL IN")


def test_no_module_guide_or_page_holds_a_phone_number():
    assert len(SOURCES) > 60
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(?:988|911)\b", text), path
        phones = [f for f in deidentify.scan(text) if f.kind == "a phone or fax number"]
        assert phones == [], path


def test_the_sample_support_list_is_real_and_marks_what_a_program_fills_in():
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    names = [contact.name for contact in curriculum.support]
    assert "988 Suicide & Crisis Lifeline (US)" in names
    assert "Physician Support Line (US)" in names
    placeholder = next(c for c in curriculum.support if "EAP" in c.name)
    assert "TO FILL IN" in placeholder.name


def test_every_story_activity_of_the_sample_declares_its_safety():
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    sharing = {m.id: [a.id for a in m.activities if a.sharing == "personal"]
               for m in curriculum.modules.values()}
    assert sharing["appreciation-in-huddles"] == []
    assert sharing["team-story-rounds"] == ["panel-stories", "neighbor-reflection",
                                            "group-reflection"]
    assert sum(bool(ids) for ids in sharing.values()) == 12
    for module_id, ids in sharing.items():
        assert bool(ids) == (curriculum.modules[module_id].safety is not None), module_id


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> Path:
    """The sample with another support list and `language: es`, built with `--strict` (the
    packets are made below, from the same sources)."""
    root = tmp_path_factory.mktemp("sample-es")
    for name in ("curriculum", "modules", "theme"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - curriculum\n",
                                                    "  - curriculum:\n      packets: false\n"))
    yml = root / "curriculum/curriculum.yml"
    text = yml.read_text(encoding="utf-8")
    text = text[:text.index("support:")] + NEW_SUPPORT + "language: es\n"
    yml.write_text(text, encoding="utf-8")
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root


def _page(root: Path, address: str) -> str:
    return (root / "site" / address / "index.html").read_text(encoding="utf-8")


def _packets(root: Path) -> dict[tuple[str, str], str]:
    curriculum, problems = check_project(read_layout(root / "mkdocs.yml")[0])
    assert [p for p in problems if p.is_error] == []
    jobs = packet_jobs(curriculum, curriculum.sessions, EDITION_IDS, "a4", lambda _: root)
    return {(job.session, job.edition): job.html for job in jobs}


def test_changing_support_changes_every_guide_the_home_page_and_every_packet(spanish):
    curriculum, _ = check_project(read_layout(spanish / "mkdocs.yml")[0])
    pages = [f"modules/{module}/guide" for module in curriculum.modules]
    pages += [f"guides/{guide}" for guide in curriculum.guides] + [""]
    for address in pages:
        html = _page(spanish, address)
        assert "<strong>Linea de Apoyo Profesional Sanitario</strong>" in html, address
        assert not any(name in html for name in OLD_NAMES), address
    packets = _packets(spanish)
    assert len(packets) == len(EDITION_IDS) * len(curriculum.sessions)
    for key, html in packets.items():
        assert "Linea de Apoyo Profesional Sanitario" in html, key
        assert not any(name in html for name in OLD_NAMES), key


SITE_LABELS = {
    "": ["Inicio", "Catálogo", "Itinerarios", "Módulos", "Sesiones", "Guías", "Acerca de"],
    "catalog": ["Catálogo", "Cualquier público", "Cualquier tema", "Cualquier nivel",
                "Cualquier duración", "Quitar filtros", "13 módulos.", "De 61 a 90 minutos"],
    "modules": ["13 módulos, agrupados por nivel.", "catálogo", "Duración", "Públicos"],
    "modules/one-to-one": ["Duración:", "Tamaño del grupo:", "Objetivos", "Programa",
                           "Materiales", "Presentación para participantes",
                           "Materiales impresos", "Guía para facilitadores",
                           "Compartir en este módulo", "Confidencialidad:",
                           "Derecho a no participar:", "por participante", "Parejas"],
    "modules/one-to-one/guide": ["Guía para facilitadores: The One-to-One Conversation",
                                 "Para quienes facilitan",
                                 "Hora", "Actividad", "Minutos", "Formato",
                                 "Experiencias personales: cómo se cuidan en esta actividad",
                                 "Si alguien se angustia:", "Apoyo y derivación"],
    "paths": ["Itinerarios de aprendizaje", "en total"],
    "sessions": ["Sesiones", "Sesión", "Fecha", "Grupo"],
    "sessions/two-day-resident-retreat": ["Día 1 — ", "Día 2 — ", "Total del día",
                                          "Materiales para 16 participantes",
                                          "Guías para facilitadores de esta sesión"],
}
ENGLISH = ["Participant overview", "Facilitator guide", "Clear filters", "Any audience",
           "Learning paths", "Builds on:", "Facilitator edition", "Participant edition",
           "print-friendly page", "Handouts for this module", "General facilitator guides",
           "Whole group", "Small groups", "Materials for", "grouped by level", "All modules",
           "Sharing in this module", "Support and referral", "per participant", "Day 1 —",
           "Group size:", ">Objectives<", ">Agenda<", ">Materials<", ">Home<", ">About<",
           "Made with", "Permanent link"]

AUTHORED = {"modules/one-to-one/guide": ("Support and referral", "per participant")}
"""English words the sample's own guide holds (a heading, a sentence): not labels."""


@pytest.mark.parametrize("address", list(SITE_LABELS))
def test_spanish_site_labels(spanish, address):
    html = _page(spanish, address)
    assert '<html lang="es"' in html and 'placeholder="Búsqueda"' in html  # Material's own
    for label in SITE_LABELS[address]:
        assert label in html, (address, label)
    if address:  # the home page is the authors' own text, in English; its navigation is not
        authored = AUTHORED.get(address, ())
        assert [e for e in ENGLISH if e in html and e not in authored] == [], address
    else:
        assert ">Home<" not in html and ">About<" not in html


def test_session_pages_link_the_packets_in_spanish(spanish):
    curriculum, _ = check_project(read_layout(spanish / "mkdocs.yml")[0])
    page = render_site(curriculum)["sessions/lunchtime-peer-circle.md"]
    for label in ("## Cuadernillos", "Edición para facilitadores (PDF)",
                  "Edición para participantes (página para imprimir)"):
        assert label in page


def test_the_theme_scripts_get_spanish_words(spanish):
    script = (spanish / "site/assets/javascripts/curriculum-labels.js").read_text("utf-8")
    assert '"language": "es"' in script and "Se muestran {shown} de {count} módulos." in script
    assert '"search_dialog": "Buscar"' in script and '"stop_words": "a al algo' in script


PACKET_LABELS = ["Edición para", "Fecha", "Horario", "Grupo", "Programa", "Hora", "Qué",
                 "Formato", "Duración", "Total", "Módulo 1 de", "Objetivos",
                 '"Página " counter(page) " de " counter(pages)', "Apoyo y derivación"]
FACILITATOR_LABELS = ["Índice", "Lista de materiales", "Cant.", "Artículo",
                      "Materiales para fotocopiar", "Tiempos", "Guía para facilitadores",
                      "Lo que leen los participantes", "Nota para facilitadores · ",
                      "Material impreso · ", "Guía general", "Si alguien se angustia:"]
PACKET_ENGLISH = ["Facilitator edition", "Participant edition", "Materials checklist",
                  "Handouts to copy", "What participants read", "Facilitator note · ",
                  '"Page "', "In this packet", "Module 1 of", "Handout · ", "Day 1 —",
                  "Whole session", "If someone is distressed:", ">Contents<", ">Notes<",
                  ">Group<", ">Qty<", "Scaled to"]
"""English labels that the sample's own prose never holds (it has tables headed "Date")."""


NO_PERSONAL_SHARING = {"appreciation-kickoff"}
"""Sessions whose modules ask for no personal sharing: no distress plan to print."""


def test_spanish_packets_print_spanish_labels(spanish):
    for (session, edition), html in _packets(spanish).items():
        assert '<html lang="es">' in html
        expected = PACKET_LABELS + (FACILITATOR_LABELS if edition == "facilitator"
                                    else ["Presentación"])
        if edition == "large-print":
            expected = [label for label in expected if label != "Edición para"]
            expected.append("Edición en letra grande")
        if session == "two-day-resident-retreat":
            expected = expected + ["Día 2 — ", "Sesión completa, 2 días"]
        if session in NO_PERSONAL_SHARING:
            expected = [label for label in expected if label != "Si alguien se angustia:"]
        missing = [label for label in expected if label not in html]
        if edition != "facilitator":
            missing = [label for label in missing if label != "Apoyo y derivación"]
        assert missing == [], (session, edition)
        assert [english for english in PACKET_ENGLISH if english in html] == [], (session, edition)


def test_a_spanish_pdf_says_pagina_x_de_y(spanish):
    html = _packets(spanish)["lunchtime-peer-circle", "facilitator"]
    path = spanish / "lunchtime.pdf"
    path.write_bytes(render_pdf(html))
    reader = pypdf.PdfReader(path)
    second = reader.pages[1].extract_text()
    assert f"Página 2 de {len(reader.pages)}" in second
    assert "Edición para facilitadores" in second and "Apoyo y derivación" in second
