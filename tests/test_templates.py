"""Every template keeps to what a strict Content-Security-Policy (script-src 'self') allows:
scripts come from static files, never from a <script> body or an on*= attribute."""
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
HAND_WRITTEN_CSRF = re.compile(r'name="csrf_token"')


class InlineScripts(HTMLParser):
    """Collects each inline script body and event handler attribute in one file."""

    def __init__(self) -> None:
        super().__init__()
        self.in_script = False
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [f"<{tag} {name}=...>" for name, _ in attrs if re.fullmatch(r"on[a-z]+", name)]
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}...")


def inline_scripts(source: str) -> list[str]:
    parser = InlineScripts()
    parser.feed(source)
    parser.close()
    return parser.found


TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_inline_script(path):
    assert inline_scripts(path.read_text()) == []


@pytest.mark.parametrize("path", [p for p in TEMPLATE_FILES if p.name != "_forms.html"],
                         ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_csrf_field_comes_from_the_macro(path):
    assert not HAND_WRITTEN_CSRF.search(path.read_text()), "use {{ csrf_field() }} from _forms.html"


def test_the_checker_sees_inline_scripts():
    assert inline_scripts('<script src="/static/a.js"></script><button type="button">x</button>') == []
    assert inline_scripts("<script>alert(1)</script>") == ["<script>alert(1)..."]
    assert inline_scripts('<a href="#" onclick="go()">x</a>') == ["<a onclick=...>"]
    assert inline_scripts("<select onChange='go()'></select>") == ["<select onchange=...>"]


def blocks(path: Path) -> set[str]:
    return set(re.findall(r"{%-?\s*block\s+(\w+)", path.read_text()))


def test_every_block_is_overridden_and_every_override_fills_a_block_of_the_base():
    """base.html is the one template others extend: a block elsewhere is one of its blocks."""
    base = blocks(TEMPLATES / "base.html")
    others = {p: blocks(p) for p in TEMPLATE_FILES if p.name != "base.html"}
    overridden = set().union(*others.values())
    assert base - overridden == set()
    assert {str(p.relative_to(TEMPLATES)): b - base for p, b in others.items() if b - base} == {}


TITLE_BLOCK = re.compile(r"{% block title %}(.*?){% endblock %}", re.S)


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_a_title_block_is_text_only(path):
    """The window title holds words: markup in it means a page's content landed in <title>."""
    for title in TITLE_BLOCK.findall(path.read_text()):
        assert "<" not in title and "\n" not in title, f"{path.name}: {title[:80]!r}"
