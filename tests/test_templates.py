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
