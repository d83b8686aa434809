"""The words the tool prints come from one table per language: complete, located problems for a
language it cannot print, Babel for dates and plural forms, and the theme following along."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from mkdocs_curriculum import language
from mkdocs_curriculum.cli import main
from mkdocs_curriculum.language import Labels, labels_for
from mkdocs_curriculum.validate import check_project

from helpers import CURRICULUM, REPO, mkdocs_build, problems_of, site_project, write_project

PACKAGE = REPO / "plugins" / "mkdocs_curriculum"
# `t("key"`, `t.pattern("key"`, `labels("key"`, `self.labels("key"`: a label named in full.
_NAMED = re.compile(
    r"""\b(?:t|labels|t\.pattern|labels\.get)\(\s*["']([a-z_]+(?:[.][\w-]+)+)["']""")


def named_labels() -> set[tuple[str, str]]:
    """(file, key) of every label a template, a Python module or a theme script names in full."""
    files = [*PACKAGE.glob("*.py"), *PACKAGE.glob("templates/**/*.j2"),
             *PACKAGE.glob("templates/**/*.html"), *PACKAGE.glob("templates/**/*.css")]
    return {(path.name, key) for path in files
            for key in _NAMED.findall(path.read_text(encoding="utf-8"))}


def test_every_label_the_code_names_is_in_the_english_table():
    english = language.table("en")
    unknown = sorted((name, key) for name, key in named_labels() if key not in english)
    assert len(named_labels()) > 100
    assert unknown == []


@pytest.mark.parametrize("code", language.shipped())
def test_each_table_holds_text_or_plural_forms_with_the_same_blanks_as_english(code):
    english, table = language.table("en"), language.table(code)
    for key, label in table.items():
        assert key in english, f"{code}.yml: {key} is not in en.yml"
        forms = label if isinstance(label, dict) else {"other": label}
        assert "other" in forms and set(forms) <= set(language.PLURAL_FORMS), key
        reference = english[key]["other"] if isinstance(english[key], dict) else english[key]
        for text in forms.values():
            assert isinstance(text, str) and text.strip(), key
            assert language.placeholders(text) <= language.placeholders(reference) | {"count"}, \
                f"{code}.yml: {key} fills in a value en.yml does not give"


def test_labels_fill_in_values_and_choose_the_plural_form():
    english = Labels("en")
    assert english("participants", count=1) == "1 participant"
    assert english("participants", count=18) == "18 participants"
    assert english("packet.module_kicker", number=2, count=3, start="10:00", end="11:30") \
        == "Module 2 of 3 · 10:00–11:30"
    assert english.minutes(135) == "2 h 15 min"
    assert english.pattern("packet.page_of") == "Page {page} of {pages}"


def test_dates_follow_the_language_not_the_machine():
    assert Labels("en").date(dt.date(2027, 3, 4)) == "Thursday 4 March 2027"
    assert Labels("fr").date(dt.date(2027, 3, 4)) == "jeudi 4 mars 2027"


def test_language_defaults_to_english(tmp_path):
    curriculum, problems = check_project(write_project(tmp_path))
    assert curriculum.language == "en" and problems == []


@pytest.mark.parametrize("code", ["klingon", "zz", "en us", "12"])
def test_an_unknown_language_code_is_a_located_error(tmp_path, code):
    lines = problems_of(tmp_path, {"curriculum/curriculum.yml": CURRICULUM
                                   + f'language: "{code}"\n'})
    line = len(CURRICULUM.splitlines()) + 1
    assert lines == [f"curriculum/curriculum.yml:{line}: language: unknown language code;"
                     " labels ship in " + ", ".join(language.shipped()) + " (any code Babel knows"
                     f' prints in English where its table is missing) (got "{code}")']


def test_a_language_without_a_table_warns_once_and_prints_english(tmp_path):
    lines = problems_of(tmp_path, {"curriculum/curriculum.yml": CURRICULUM + "language: fr\n"})
    assert len(lines) == 1
    assert lines[0].startswith("curriculum/curriculum.yml:15: warning: language: no label table"
                               " for this language")


def test_a_label_missing_from_a_table_prints_in_english_with_one_warning_naming_it(
        tmp_path, monkeypatch):
    english = language.table("en")
    partial = {key: f"[{text}]" for key, text in english.items()
               if key not in ("packet.total", "nav.home") and isinstance(text, str)}
    partial.update({key: text for key, text in english.items() if isinstance(text, dict)})
    monkeypatch.setattr(language, "shipped", lambda: ("en", "fr"))
    monkeypatch.setattr(language, "table", lambda code: {"en": english, "fr": partial}[code])
    lines = problems_of(tmp_path, {"curriculum/curriculum.yml": CURRICULUM + "language: fr\n"})
    assert lines == [
        'curriculum/curriculum.yml:15: warning: language: the "fr" label table has no'
        f' "{key}"; it prints in English (got "fr")' for key in ("nav.home", "packet.total")]
    labels = Labels("fr")
    assert labels("packet.total") == "Total" and labels("nav.about") == "[About]"
    labels_for.cache_clear()  # nothing built from the made-up table outlives the test


def test_the_spanish_table_is_complete():
    assert language.missing_labels("es") == [] and language.missing_labels("es-MX") == []
    assert language.table_code("es_MX") == "es"


def test_material_follows_the_curriculum_language(tmp_path):
    root = site_project(tmp_path, {"curriculum/curriculum.yml": CURRICULUM + "language: fr\n"})
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    home = (root / "site/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in home
    assert 'placeholder="Rechercher"' in home  # Material's own words, in French
    script = (root / "site/assets/javascripts/curriculum-labels.js").read_text(encoding="utf-8")
    assert script.startswith("/* Generated") and '"language": "fr"' in script


def test_the_theme_gets_the_closest_language_it_has():
    material = {"en", "pt", "pt-BR", "zh-TW", "es"}
    assert language.theme_language("pt_BR", material.__contains__) == "pt-BR"
    assert language.theme_language("es-MX", material.__contains__) == "es"
    assert language.theme_language("de", material.__contains__) == "en"


def test_the_export_writes_the_theme_language(tmp_path):
    from mkdocs_curriculum.config import read_layout
    from mkdocs_curriculum.export import export_site

    root = site_project(tmp_path / "project",
                        {"curriculum/curriculum.yml": CURRICULUM + "language: fr\n"})
    problems = export_site(read_layout(root / "mkdocs.yml")[0], tmp_path / "out", paper=None)
    assert [p for p in problems if p.is_error] == []  # a warning: French labels print English
    exported = yaml.load((tmp_path / "out/mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    assert exported["theme"]["language"] == "fr"
    script = Path(tmp_path / "out/docs/assets/javascripts/curriculum-labels.js")
    assert '"search_dialog": "Search"' in script.read_text(encoding="utf-8")


def _footer_and_permalinks(page: str) -> tuple[str, set[str]]:
    footer = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split(
        '<div class="md-copyright">', 1)[1].split("</div>", 1)[0])).strip()
    return footer, set(re.findall(r'class="headerlink" href="[^"]*" title="([^"]*)"', page))


def test_the_footer_and_the_headings_permalinks_follow_the_language(tmp_path):
    """Material writes "Made with" and Python-Markdown's toc "Permanent link" in English
    whatever the theme's language; the plugin's build and the export's both say them in the
    curriculum's (and English ones stay as they were)."""
    spanish = {"curriculum/curriculum.yml": CURRICULUM + "language: es\n"}
    root = site_project(tmp_path / "es", spanish)
    assert mkdocs_build(root).returncode == 0
    out = tmp_path / "export"
    assert main(["-f", str(root / "mkdocs.yml"), "export", str(out)]) == 0
    assert mkdocs_build(out).returncode == 0
    for site in (root / "site", out / "site"):
        page = (site / "modules/arriving/index.html").read_text(encoding="utf-8")
        assert _footer_and_permalinks(page) == ("Hecho con Material for MkDocs",
                                                {"Enlace permanente"}), site
    english = site_project(tmp_path / "en")
    assert mkdocs_build(english).returncode == 0
    page = (english / "site/modules/arriving/index.html").read_text(encoding="utf-8")
    assert _footer_and_permalinks(page) == ("Made with Material for MkDocs", {"Permanent link"})


def test_labels_are_built_once_per_language():
    assert labels_for("en") is labels_for("en")


def test_a_new_module_is_written_in_the_curriculum_language_and_passes_check(tmp_path):
    from mkdocs_curriculum.scaffold import new_module

    layout = write_project(tmp_path, {"curriculum/curriculum.yml": CURRICULUM + "language: es\n"})
    folder, refused = new_module(layout, "primeros-pasos", "Primeros pasos")
    assert refused == []
    assert "## Qué es esta sesión" in (folder / "overview.md").read_text(encoding="utf-8")
    assert 'title: "Práctica en parejas"' in (folder / "module.yml").read_text(encoding="utf-8")
    assert "## Ronda de cierre {#closing}" in (folder / "facilitator.md").read_text("utf-8")
    _, problems = check_project(layout)
    assert problems == []
