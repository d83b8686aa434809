"""One check for everything participants read: no facilitator-only text reaches it.

The participant editions are cut from Python-Markdown's parse (markdown_html.py), so a leak
takes a bug: in a renderer, a template, or a new output that forgot the cut. This check trusts
none of them. It gathers the sentences of every `!!! facilitator` passage of the curriculum, as
the full renderer prints them, and looks for each in the text of an output as its reader meets
it: the words of an HTML page with the alternative text and titles of its elements (a packet's
PDF is made from such a page, and a screen reader reads those from its tags). A sentence too
short to tell apart, or one the authors also wrote outside any passage or in a YAML field, is
no evidence of a leak and is not looked for.

The packets' participant and large-print editions and each module's handouts alone are checked
before anything is written (packet.py); each session's screen for the room, its page and the
texts of its agenda data, when the site's pages are rendered (run_of_show.screen_leaks); any
other view that participants read (a planner's participant view) is checked by calling
`LeakCheck.problems` with its name and text, or `html_problems` with its HTML.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from html import parser as html_parser
from html import unescape
from html.parser import HTMLParser

from . import cores
from .addresses import authored_documents
from .followed import source_digest
from .language import labels_for
from .markdown_html import read_passages
from .model import Curriculum, Document, Module
from .problems import Problem
from .rebuild import LastCall

MIN_WORDS = 3
MIN_CHARACTERS = 12
"""A sentence shorter than this ("Pass it on.") could be anyone's words: not evidence."""
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+")
_TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "placeholder", "value")
"""Attributes whose words reach a reader (printed by CSS `attr()`, read by screen readers);
`data-*` attributes too."""
_SILENT = frozenset({"style", "script", "template"})
POOL_FROM = 40
"""Documents with passages from which finding them (a Markdown render each) runs on every
core: a curriculum of 500 modules has some 1,500; a pool costs more than a few dozen."""


@dataclass(frozen=True)
class Sentence:
    """A sentence of facilitator passages: the words as written and each passage that holds
    them (file and line of its opener), in the order of the curriculum's documents."""

    words: str
    places: tuple[tuple[str, int], ...]

    @property
    def key(self) -> str:
        return normalised(self.words)

    def where(self) -> str:
        """The passage, and any other with the same words (a note repeated in two guides)."""
        first, *others = (f"{source}:{line}" for source, line in self.places)
        return f"{first} (the same words are also at {', '.join(others)})" if others else first


def _anchor(key: str) -> str:
    """The longest inner word of a normalised sentence (of at least MIN_WORDS words), which
    `LeakCheck._candidates` looks sentences up by (long words are the rarer)."""
    return max(key.split()[1:-1], key=len, default="")


def normalised(text: str) -> str:
    """Words joined by single spaces, in one case: how sentences and outputs are compared."""
    return " ".join(text.split()).casefold()


def sentences(text: str) -> Iterator[str]:
    """The sentences of a passage's text (a line per block), each on its own."""
    for line in text.splitlines():
        yield from (part for part in _SENTENCE_END.split(line) if part.strip())


def distinctive(words: str) -> bool:
    return len(words.split()) >= MIN_WORDS and len(words) >= MIN_CHARACTERS


class LeakCheck:
    """The facilitator sentences of one curriculum, ready to look for in any output."""

    def __init__(self, curriculum: Curriculum, found: list[Sentence], texts: list[str]) -> None:
        self.curriculum = curriculum
        self.sentences = found
        self.texts = texts
        """The Markdown of each authored document: what it says outside its passages is read
        when a sentence is found in an output (`documents`, `_written_apart`)."""
        self._public: str | None = None
        self._markdown_words: list[str] | None = None
        self._yaml_words: str | None = None
        self._printed_words: dict[int, str] = {}
        self._keys = [sentence.key for sentence in found]
        self._in_public: dict[int, bool] = {}
        self._inner = [frozenset(key.split()[1:-1]) for key in self._keys]
        self._by_anchor: dict[str, list[int]] = {}
        for index, key in enumerate(self._keys):
            self._by_anchor.setdefault(_anchor(key), []).append(index)
        self._found: _Found = {}
        self._found_before = _taken_over(self._keys, self._found)

    @classmethod
    def of(cls, curriculum: Curriculum) -> LeakCheck:
        """Every distinctive sentence of every passage, each once with all its places."""
        found: dict[str, Sentence] = {}
        docs = list(authored_documents(curriculum))
        texts = [doc.text for doc in docs]
        for doc, passages in zip(docs, _read_all(texts), strict=True):
            for line, words in passages:
                key, place = normalised(words), (doc.file, line)
                known = found.get(key)
                places = known.places if known else ()
                if place not in places:
                    found[key] = Sentence(known.words if known else words, (*places, place))
        _keep_public_of(texts)
        return cls(curriculum, list(found.values()), texts)

    def problems(self, name: str, text: str) -> list[Problem]:
        """One error for each passage whose words are in `text`, the output called `name`
        (a file's path, a page's address), naming the passage and quoting the sentence."""
        return self.normalised_problems(name, normalised(text))

    def normalised_problems(self, name: str, where: str) -> list[Problem]:
        """`problems` of a text already `normalised` (one a caller remembers)."""
        problems, reported = [], set()
        for index in self._found_in(where):
            sentence = self.sentences[index]
            passage = sentence.places[0]
            if passage not in reported and not self._public_too(index):
                reported.add(passage)
                problems.append(Problem(
                    name, 0, "facilitator", "facilitator-only text reached what participants"
                    f" read, from the passage at {sentence.where()}", f'"{sentence.words}"'))
        return problems

    def _found_in(self, where: str) -> tuple[int, ...]:
        """The sentences whose words are in `where` (normalised), in their order. They are
        made of the sentences' keys and `where` alone: remembered by the text for this check,
        and taken over from the previous check when its keys were these (`_taken_over`), so
        that a rebuild under `mkdocs serve` looks again only in the outputs that changed."""
        found = self._found.get(where)
        if found is None:
            found = self._found_before.get(where)
            if found is None:
                found = tuple(index for index in self._candidates(where)
                              if self._keys[index] in where)
            self._found[where] = found
        return found

    def _public_too(self, index: int) -> bool:
        """Whether the authors also wrote sentence `index` for all to read (asked once): in
        one of the few places that may hold it (`_written_apart`), else anywhere in
        `public()`, which reads every document."""
        known = self._in_public.get(index)
        if known is None:
            key = self._keys[index]
            known = self._in_public[index] = self._written_apart(key) or key in self.public()
        return known

    def _written_apart(self, key: str) -> bool:
        """Whether a document whose Markdown holds the sentence's words prints them outside
        its passages, or the YAML texts hold them. Each is a part of `public()` (see
        `_written_for_all`), read without reading every document: a sentence that the authors
        also wrote for all is most often found so. One whose words the Markdown sets apart
        (`*Count* to ten`) is found by `public()`."""
        return any(key in self._printed(number) for number in self._holding(key)) \
            or key in self._yaml()

    def _holding(self, key: str) -> Iterator[int]:
        """The documents whose Markdown holds `key`'s words (normalised), in their order."""
        if self._markdown_words is None:
            self._markdown_words = _normalised_texts(self.texts)
        return (number for number, words in enumerate(self._markdown_words) if key in words)

    def _yaml(self) -> str:
        """The words of the YAML texts and labels (normalised), the end of `public()`."""
        if self._yaml_words is None:
            self._yaml_words = normalised(_yaml_written(self.curriculum))
        return self._yaml_words

    def _printed(self, number: int) -> str:
        """The words of `documents[number]` (normalised), reading that document alone."""
        words = self._printed_words.get(number)
        if words is None:
            text = self.texts[number]
            if text not in _PUBLIC:
                _PUBLIC[text] = _public_of(text)
            words = self._printed_words[number] = normalised(_words(_PUBLIC[text]))
        return words

    @property
    def documents(self) -> list[str]:
        """The HTML of what each authored document says outside its passages, each read
        once, on every core where many are still to read."""
        global _PUBLIC
        _PUBLIC = cores.each_new(_public_of, {text: text for text in self.texts}, _PUBLIC,
                                 _worth_a_pool)
        return [_PUBLIC[text] for text in self.texts]

    def _candidates(self, where: str) -> list[int]:
        """The sentences that may be in `where` (normalised), in their order: those whose
        inner words are all words of it, found by their anchor. A sentence inside `where` has
        each of its inner words between two spaces there, so each is one of the words of
        `where`: looking the words up finds every sentence `in` would, at the cost of the
        output, not of the output times the curriculum's sentences."""
        words = {*where.split(), ""}  # "": a sentence too short to have inner words
        return sorted(index for word in words for index in self._by_anchor.get(word, ())
                      if self._inner[index] <= words)

    def html_problems(self, name: str, html: str) -> list[Problem]:
        """`problems` of an HTML output, read as its reader meets it (see `html_text`)."""
        return self.problems(name, html_text(html))

    def public(self) -> str:
        """What the authors wrote for all to read (made once, when a sentence is found: a
        sentence also written there is theirs to print)."""
        if self._public is None:
            self._public = _written_for_all(self.curriculum, self.documents)
        return self._public


_Found = dict[str, tuple[int, ...]]
_FOUND: tuple[list[str], _Found] = ([], {})
"""The keys of the last check's sentences, and the sentences it found in each text it looked
in (`LeakCheck._found_in`)."""


def _taken_over(keys: list[str], found: _Found) -> _Found:
    """What the previous check found in each text, if its sentences' keys were `keys`, in
    the same order (an edit that changes no passage), else nothing; `found` (the new check's)
    is the next check's to take over."""
    global _FOUND
    before_keys, before = _FOUND
    _FOUND = (keys, found)
    return before if before_keys == keys else {}


_MARKDOWN_WORDS = LastCall()
"""`normalised` Markdown of each document of the last check (`_normalised_texts`), by text."""


def _normalised_texts(texts: list[str]) -> list[str]:
    """Each text `normalised`, those of the last check's documents as remembered: a rebuild
    under `mkdocs serve` reads again only the documents that changed."""
    _MARKDOWN_WORDS.next_call()
    return [_MARKDOWN_WORDS.value(text, partial(normalised, text)) for text in texts]


def _written_for_all(curriculum: Curriculum, documents: list[str]) -> str:
    """Everything printed for all to read, normalised: the authors' documents without their
    passages (their HTML), every text of their YAML files and the tool's own labels.

    A rebuild under `mkdocs serve` reads again only what changed: a document's words are
    remembered by its HTML, a module's YAML texts while it is the same object (load.KeptModules
    keeps the modules whose folder is unchanged)."""
    return normalised("\n".join([*map(_words, documents), _yaml_written(curriculum)]))


def _yaml_written(curriculum: Curriculum) -> str:
    """Every text of the curriculum's YAML files, its modules' ids and the tool's own labels,
    one per line: the end of `_written_for_all`."""
    global _MODULE_TEXTS
    before, _MODULE_TEXTS = _MODULE_TEXTS, {}
    parts: list[str] = []
    for field in dataclasses.fields(curriculum):
        value = getattr(curriculum, field.name)
        if field.name != "modules":
            parts += _yaml_texts(value)
            continue
        for module_id, module in value.items():
            parts += [module_id, _module_texts(module, before)]
    parts.append(_label_texts(curriculum.language))
    return "\n".join(parts)


_MODULE_TEXTS: dict[int, tuple[Module, str]] = {}
"""The YAML texts of each module of the last curriculum checked (one per line), by the
module's identity (the module is kept with them, so that the identity cannot be another's)."""


def _module_texts(module: Module, before: dict[int, tuple[Module, str]]) -> str:
    known = before.get(id(module))
    if known is None or known[0] is not module:
        known = (module, "\n".join(_yaml_texts(module)))
    _MODULE_TEXTS[id(module)] = known
    return known[1]


@lru_cache(maxsize=8)
def _label_texts(language: str) -> str:
    """The tool's own labels in `language`, one per line."""
    return "\n".join(_yaml_texts(labels_for(language).group("")))


_Passages = tuple[tuple[int, str], ...]
_READ: dict[str, _Passages] = {}
"""`_read` by document text, of the last curriculum checked: a rebuild under `mkdocs serve`
parses again only the documents that changed."""
_PUBLIC: dict[str, str] = {}
"""`_public_of` by document text, of the documents of the last curriculum checked read so
far (`LeakCheck.documents`)."""


def _read_all(texts: list[str]) -> list[_Passages]:
    """`_read` of each text, remembered by the text; the texts not remembered are parsed in
    forked processes on every core when enough of them have passages to pay for them."""
    global _READ
    _READ = cores.each_new(_read, {text: text for text in texts}, _READ, _worth_a_pool)
    return [_READ[text] for text in texts]


def _worth_a_pool(texts: list[str]) -> bool:
    return sum("facilitator" in text for text in texts) >= POOL_FROM


def _read(text: str) -> _Passages:
    """(line of the passage's opener, sentence) for each distinctive sentence of the
    document's facilitator passages: the parse reads its passages only (a document without
    a line that may open one is not parsed), the rest is read when needed (`_public_of`)."""
    return tuple((line, words) for line, passage in read_passages(text, public=False).passages
                 for words in filter(distinctive, sentences(passage)))


def _public_of(text: str) -> str:
    """The HTML of what the document says outside its passages, what the authors wrote for
    all (its words are read only when a sentence is found in an output)."""
    return read_passages(text).public


def _keep_public_of(texts: list[str]) -> None:
    """What `_PUBLIC` holds of these documents only, those of the curriculum checked now."""
    global _PUBLIC
    _PUBLIC = {text: _PUBLIC[text] for text in texts if text in _PUBLIC}


@lru_cache(maxsize=8192)
def _words(html: str) -> str:
    """`html_text`, remembered by the HTML: a rebuild reads again only what changed."""
    return html_text(html)


def _yaml_texts(value: object) -> Iterator[str]:
    """Every string in the model but the Markdown documents' (titles, summaries, objectives,
    purposes, materials, support contacts...), whatever field holds it."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Document):
        yield value.title
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _yaml_texts(getattr(value, field.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _yaml_texts(key)
            yield from _yaml_texts(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _yaml_texts(item)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SILENT:
            self._silent += 1
        self.parts += [" ", *(value for name, value in attrs if value and (
            name in _TEXT_ATTRIBUTES or name.startswith("data-"))), " "]

    def handle_endtag(self, tag: str) -> None:
        if tag in _SILENT:
            self._silent = max(0, self._silent - 1)
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._silent:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The words of an HTML page as its readers meet them: its text (not its CSS or scripts)
    and the words of its elements' alternative text, titles, labels and `data-*` values."""
    words = _plain_html_text(html) if _follows_html_parser() else None
    if words is not None:
        return words
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


_SPACE = "[ \t\n\r\f]"
_PLAIN_TAG = re.compile(
    rf"<(?:/[a-zA-Z][a-zA-Z0-9]*{_SPACE}*|[a-zA-Z][a-zA-Z0-9]*((?:{_SPACE}+"
    rf"""[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*"|='[^'<>]*')?)*){_SPACE}*/?)>""")
"""A plain tag: a start tag (its attributes captured: "" for none) or an end tag (None),
quoted attribute values without `<` or `>`, no spaces around `=`."""
_SILENT_OPENERS = tuple(f"<{tag}" for tag in _SILENT)
_WORDY = (*(f"{name}=" for name in _TEXT_ATTRIBUTES), "data-")
"""What a tag whose attributes give words holds (in lower case), and maybe some text."""
_PLAIN_ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)"|='([^']*)')?""")
_HTML_PARSER_CODE = "8b9e84c2305d3059a5829beaac976678d4b1491d3df90f72f07664bf8bb39d30"
"""The standard library's HTMLParser as `_plain_html_text` was written against (Python
3.11.7's: `_follows_html_parser`)."""


def _plain_html_text(html: str) -> str | None:
    """`html_text` of plain HTML, the same words read without HTMLParser's state machine;
    None for any other (a `<` that opens no plain tag, see `_PLAIN_TAG`: comments,
    declarations, unquoted values; the silent elements), which HTMLParser reads. In plain
    HTML each `<` opens a tag that ends at the next `>`, every tag sets words apart (a
    space), and each text between two tags is read with its character references
    (`unescape`; a reference never runs over a space, so texts joined by spaces can be read
    at once)."""
    parts = _PLAIN_TAG.split(html)  # text, attributes, text, ..., text
    texts = parts[0::2]
    joined, lower = " ".join(texts), html.lower()
    if "<" in joined or any(opener in lower for opener in _SILENT_OPENERS):
        return None
    if any(name in lower for name in _WORDY):
        joined = " ".join(_tag_words(attributes) + unescape(text) for attributes, text
                          in zip([None, *parts[1::2]], texts, strict=True))
    else:
        joined = unescape(joined)
    return " ".join(joined.split())


def _tag_words(attributes: str | None) -> str:
    """The words a plain tag's attributes give a reader (see `_TextParser.handle_starttag`),
    between spaces."""
    if not attributes:
        return " "
    found = [" "]
    for name, double, single in _PLAIN_ATTRIBUTE.findall(attributes):
        value, name = double or single, name.lower()
        if value and (name in _TEXT_ATTRIBUTES or name.startswith("data-")):
            found.append(unescape(value))
    found.append(" ")
    return "".join(found)


@lru_cache(maxsize=1)
def _follows_html_parser() -> bool:
    """Whether HTMLParser reads tags and text as `_plain_html_text` was written for."""
    return source_digest(HTMLParser.goahead, HTMLParser.parse_starttag,
                         HTMLParser.check_for_whole_start_tag, HTMLParser.parse_endtag,
                         html_parser.starttagopen.pattern, html_parser.tagfind_tolerant.pattern,
                         html_parser.attrfind_tolerant.pattern,
                         html_parser.locatestarttagend_tolerant.pattern,
                         html_parser.endendtag.pattern, html_parser.endtagfind.pattern,
                         repr(HTMLParser.CDATA_CONTENT_ELEMENTS)) == _HTML_PARSER_CODE
