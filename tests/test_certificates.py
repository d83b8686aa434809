"""`curriculum certificates`: one PDF, one certificate of attendance per name, read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from mkdocs_curriculum.certificate import read_names
from mkdocs_curriculum.cli import main

from helpers import CURRICULUM, write_project

CREDIT = """\
credit:
  provider: Tiny Health Education Office
  type: Nursing contact hours
  statement: An example statement that a real program replaces with its accreditor's words.
"""

SESSION = "curriculum/sessions/morning.yml"
CHANGES = {
    "curriculum/curriculum.yml": CURRICULUM + CREDIT,
    # 15 + 30 + 20 minutes count, the break does not: 65 min = 1 contact hour
    SESSION: ('title: Morning circle\ndate: 2027-03-04\nstart: "09:00"\ngroup_size: 9\n'
              "blocks:\n  - opening: 15\n  - module: arriving\n  - break: 10\n"
              "  - module: telling\n"),
    "curriculum/sessions/series.yml": (
        'title: Circle series\ndate: 2027-03-09\nstart: "12:00"\ngroup_size: 4\nblocks:\n'
        "  - module: arriving\n  - module: telling\nrepeat: {every_weeks: 2, count: 3}\n"),
    "curriculum/sessions/quiet.yml": "title: Quiet\ncredit: false\nblocks:\n  - module: arriving\n",
}

NAMES = [
    "José Álvarez-Muñoz",        # Latin with accents
    "Zoë Ødegård",
    "Αλέξανδρος Παπαδόπουλος",   # Greek
    "Ольга Кузнецова",           # Cyrillic
    "فاطمة الزهراء",              # Arabic
    "נועה כהן",                  # Hebrew
    "王小明",                     # Chinese
    "佐藤 花子",                  # Japanese
    "प्रिया शर्मा",                 # Devanagari
]


def certificates(root: Path, *args: str) -> int:
    return main(["-f", str(root / "mkdocs.yml"), "certificates", *args])


def pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("certificates")
    write_project(root, CHANGES)
    (root / "names.txt").write_text("\n".join(NAMES) + "\n\n", encoding="utf-8")
    assert certificates(root, "morning", "--names", str(root / "names.txt"),
                        "-o", str(root / "out")) == 0
    return root / "out" / "morning-certificates.pdf", pages(root / "out/morning-certificates.pdf")


def test_one_certificate_per_name_in_one_pdf(printed):
    path, texts = printed
    assert len(texts) == len(NAMES)
    reader = PdfReader(path)
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [842, 595]  # A4 across


def test_each_certificate_names_the_session_its_hours_and_the_credit(printed):
    _, texts = printed
    for text in texts:
        lines = text.splitlines()
        for expected in ("TINY CURRICULUM", "Certificate of attendance", "This certifies that",
                         "attended", "Morning circle", "Thursday 4 March 2027",
                         "1 contact hour", "Signature Name and role Date"):
            assert expected in lines, (expected, lines)
        assert "Nursing contact hours · Tiny Health Education Office" in text
        assert "An example statement that a real program replaces" in text


def test_names_in_every_script_print_as_written(printed):
    _, texts = printed
    latin_greek_cyrillic = NAMES[:4] + NAMES[6:8]
    for name, text in zip(NAMES, texts, strict=True):
        if name in latin_greek_cyrillic:
            assert name in text.splitlines()
        else:  # right-to-left and combining scripts come back in visual order or decomposed
            assert any(ch in text for ch in name if not ch.isspace())
    fonts = set()
    for page in PdfReader(printed[0]).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert any("Arabic" in f for f in fonts) and any("Hebrew" in f for f in fonts)
    assert any("Devanagari" in f for f in fonts) and any("CJK" in f for f in fonts)


def test_a_csv_names_file_gives_its_first_column_and_skips_its_header(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Name;Profession\nAna Pérez;Nurse\n\"Smith; Jo\";Physician\n", "utf-8")
    assert read_names(path, "list.csv") == (["Ana Pérez", "Smith; Jo"], [])
    path.write_text("Ana Pérez,Nurse\nBo Li,MA\n", "utf-8")  # no header: every row is a name
    assert read_names(path, "list.csv") == (["Ana Pérez", "Bo Li"], [])
    path.write_text("\ufeffFull name\nAna Pérez\n", "utf-8")  # a spreadsheet's byte-order mark
    assert read_names(path, "list.csv") == (["Ana Pérez"], [])


def test_without_names_one_blank_certificate(tmp_path, capsys):
    write_project(tmp_path, CHANGES)
    assert certificates(tmp_path, "morning", "--paper", "letter") == 0
    path = tmp_path / "certificates" / "morning-certificates.pdf"  # the default folder
    [text] = pages(path)
    assert "Name of participant" in text and "Morning circle" in text
    assert [round(float(v)) for v in PdfReader(path).pages[0].mediabox[2:]] == [792, 612]
    assert str(path) in capsys.readouterr().out


def test_a_series_certifies_all_its_meetings_or_one(tmp_path):
    write_project(tmp_path, CHANGES)
    (tmp_path / "names.txt").write_text("Ana Pérez\n", "utf-8")
    out = tmp_path / "out"
    assert certificates(tmp_path, "series", "--names", str(tmp_path / "names.txt"),
                        "-o", str(out)) == 0
    [whole] = pages(out / "series-certificates.pdf")
    # 30 + 20 minutes a meeting: 0.75 hours, three meetings: 2.25
    assert "2.25 contact hours" in whole.splitlines()
    assert "Tuesday 9 March 2027 – Tuesday 6 April 2027 · 3 meetings, every 2 weeks" in whole
    assert certificates(tmp_path, "series", "--names", str(tmp_path / "names.txt"),
                        "--meeting", "2", "-o", str(out)) == 0
    [second] = pages(out / "series-meeting-2-certificates.pdf")
    assert "0.75 contact hours" in second.splitlines()
    assert "Tuesday 23 March 2027 · Meeting 2 of 3" in second


@pytest.mark.parametrize(("names", "expected"), [
    (None, "missing.txt: --names: file not found"),
    ("", "names.txt:1: --names: holds no names; write one name per line"),
    ("\n  \n", "names.txt:1: --names: holds no names"),
    ("Ana\nB\xe9a\n".encode("latin-1"), "names.txt:2: --names: is not UTF-8 text"),
    ("Ana\n" + "x" * 300 + "\n", "names.txt:2: name: too long: 300 characters"),
    # printed, it lost the character (or came out garbled); now it is named, at its line
    ("Ana\nBea\x01 Ruiz\n", "names.txt:2: name: holds a control character (U+0001), which"
     ' does not print; remove it (got "Bea\\x01 Ruiz")'),
])
def test_a_names_file_that_cannot_be_used_is_one_clear_problem(tmp_path, capsys, monkeypatch,
                                                               names, expected):
    write_project(tmp_path, CHANGES)
    path = tmp_path / ("missing.txt" if names is None else "names.txt")
    if isinstance(names, bytes):
        path.write_bytes(names)
    elif names is not None:
        path.write_text(names, "utf-8")
    monkeypatch.chdir(tmp_path)  # the file as a user names it, relative to where they are
    code = certificates(tmp_path, "morning", "--names", path.name, "-o", "out")
    printed = capsys.readouterr()
    assert code == 1
    assert any(line.startswith(expected) for line in printed.out.splitlines()), printed.out
    assert "no certificates written" in printed.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("content", "expected"), [
    # a quote left open swallows the rest of the file: csv refuses a cell over 131,072 characters
    ('Name\n"' + "y" * 200_000 + '"\nAna\n', "names.csv:2: --names: cannot be read as CSV"
     ' (field larger than field limit (131072)); is a quote (") left open there?'),
    # ... or gives one name of several lines, three people's certificates printed as one
    ('Name\nZoë\n"Ana Pérez\nBea Ruiz",x\nCarl Ode\n', "names.csv:3: name: runs over several"
     ' lines; is a quote (") left open there? (got "Ana Pérez Bea Ruiz")'),
    (None, "names.csv: --names: cannot be read: Is a directory"),
])
def test_a_csv_names_file_that_cannot_be_read_is_one_clear_problem(tmp_path, capsys,
                                                                   monkeypatch, content,
                                                                   expected):
    write_project(tmp_path, CHANGES)
    path = tmp_path / "names.csv"
    if content is None:
        path.mkdir()
    else:
        path.write_text(content, "utf-8")
    monkeypatch.chdir(tmp_path)
    code = certificates(tmp_path, "morning", "--names", path.name, "-o", "out")
    printed = capsys.readouterr()
    assert code == 1
    assert expected in printed.out.splitlines(), printed.out
    assert "Traceback" not in printed.err and "no certificates written" in printed.err
    assert not (tmp_path / "out").exists()


def test_a_session_that_claims_no_credit_has_no_certificates(tmp_path, capsys):
    write_project(tmp_path, CHANGES)
    assert certificates(tmp_path, "quiet", "-o", str(tmp_path / "out")) == 1
    out = capsys.readouterr().out
    assert ("curriculum/sessions/quiet.yml:2: credit: this session claims no credit, so it has"
            " no certificates") in out


@pytest.mark.parametrize(("args", "expected"), [
    (["nosuch"], 'SESSION: no session "nosuch"'),
    (["series", "--meeting", "4"], "--meeting: the session has meetings 1 to 3 (got 4)"),
    (["morning", "--meeting", "2"], "--meeting: the session has one meeting (got 2)"),
])
def test_the_command_names_what_is_wrong(tmp_path, capsys, args, expected):
    write_project(tmp_path, CHANGES)
    assert certificates(tmp_path, *args, "-o", str(tmp_path / "out")) == 1
    assert expected in capsys.readouterr().out


@pytest.mark.parametrize("target", ["modules", "curriculum/pages/x", "site/certificates"])
def test_certificates_stay_out_of_the_sources_and_the_published_site(tmp_path, capsys, target):
    write_project(tmp_path, CHANGES)
    assert certificates(tmp_path, "morning", "-o", str(tmp_path / target)) == 1
    assert "--output:" in capsys.readouterr().out
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_long_name_still_makes_one_page_and_spanish_labels_follow_the_curriculum(tmp_path):
    write_project(tmp_path, {**CHANGES, "curriculum/curriculum.yml":
                             CURRICULUM + "language: es\n" + CREDIT})
    long_name = " ".join(["Maximiliana"] * 18)[:200]
    (tmp_path / "names.csv").write_text(f"Nombre\n{long_name}\nAna Pérez\n", "utf-8")
    assert certificates(tmp_path, "morning", "--names", str(tmp_path / "names.csv"),
                        "-o", str(tmp_path / "out")) == 0
    texts = pages(tmp_path / "out" / "morning-certificates.pdf")
    assert len(texts) == 2
    assert "Certificado de asistencia" in texts[1] and "Ana Pérez" in texts[1]
    assert "1 hora lectiva" in texts[1].splitlines()


def test_certificates_count_the_hours_of_the_session_as_fitted(tmp_path):
    from test_credit import FLEXIBLE, FLEXIBLE_GUIDE

    write_project(tmp_path, {**CHANGES, "modules/arriving/module.yml": FLEXIBLE,
                             "modules/arriving/facilitator.md": FLEXIBLE_GUIDE})
    out = tmp_path / "out"
    # as written: 15 + 35 + 20 minutes count, 70: one hour
    assert certificates(tmp_path, "morning", "-o", str(out)) == 0
    assert "1 contact hour" in pages(out / "morning-certificates.pdf")[0].splitlines()
    # fitted to 60 of its 80 minutes: the pair talk goes, 15 + 15 + 20 = 50 count: 0.75
    assert certificates(tmp_path, "morning", "--fit", "60", "-o", str(out)) == 0
    assert "0.75 contact hours" in pages(out / "morning-certificates.pdf")[0].splitlines()


def baselines(page, *words: str) -> dict[str, float]:
    """The height on the page (points from the bottom) of the first text holding each word."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size) -> None:
        for word in words:
            if word in text and word not in found:
                found[word] = tm[5] * cm[3] + cm[5]

    page.extract_text(visitor_text=visit)
    return found


def test_the_longest_name_leaves_the_credit_statement_clear_of_the_signature_lines(tmp_path):
    write_project(tmp_path, CHANGES)
    longest = " ".join(["Maximiliana"] * 18)[:200]  # MAX_TITLE characters
    (tmp_path / "names.txt").write_text(f"{longest}\nAna Pérez\n", "utf-8")
    assert certificates(tmp_path, "morning", "--names", str(tmp_path / "names.txt"),
                        "-o", str(tmp_path / "out")) == 0
    reader = PdfReader(tmp_path / "out" / "morning-certificates.pdf")
    assert len(reader.pages) == 2
    for page in reader.pages:
        at = baselines(page, "accreditor's words", "Signature")
        # the signature rule is 10 mm (28 pt) above its caption; the statement stays above it
        assert at["accreditor's words"] - at["Signature"] > 30, at
