"""A template's versions, one per language, and the one rule that picks which version a
customer gets: the version in the account's language, else the English one (with a note the
collector sees), else whichever version exists.

Versions of one template share its channel and name; any version's id stands for the template.
"""
from dataclasses import dataclass

from sqlalchemy import select

from desk.extensions import db
from models import LANGUAGES, Account, MessageTemplate

FALLBACK = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


@dataclass(frozen=True)
class Choice:
    """The version a send uses and what the collector is told about it."""

    template: MessageTemplate
    wanted: str  # the customer's language

    @property
    def language(self) -> str:
        return self.template.language

    @property
    def fell_back(self) -> bool:
        return self.template.language != self.wanted

    @property
    def note(self) -> str:
        """What the collector is told, e.g. 'Spanish version' or 'No Spanish version: sent in English'."""
        used = LANGUAGE_NAMES[self.template.language]
        if self.fell_back:
            return f"No {LANGUAGE_NAMES[self.wanted]} version: sent in {used}"
        return f"{used} version"


def versions_of(template: MessageTemplate) -> dict[str, MessageTemplate]:
    """language -> the active version of the same template (channel and name)."""
    rows = db.session.execute(select(MessageTemplate).where(
        MessageTemplate.channel == template.channel, MessageTemplate.name == template.name,
        MessageTemplate.active.is_(True))).scalars().all()
    return {row.language: row for row in rows}


def pick_version(template: MessageTemplate, account: Account) -> Choice:
    """The version of `template` (any of its versions) for this customer's language."""
    wanted = account.language if account.language in LANGUAGES else FALLBACK
    versions = versions_of(template)
    chosen = versions.get(wanted) or versions.get(FALLBACK) or template
    return Choice(chosen, wanted)


def one_per_template(templates: list[MessageTemplate]) -> list[MessageTemplate]:
    """One row per template for a picker: its English version, else its first version."""
    chosen: dict[tuple[str, str], MessageTemplate] = {}
    for template in templates:
        key = (template.channel, template.name)
        if key not in chosen or template.language == FALLBACK:
            chosen[key] = template
    return list(chosen.values())


def missing_versions(templates: list[MessageTemplate]) -> dict[int, list[str]]:
    """template id -> the languages its template has no version in yet (for "Add Spanish version")."""
    have: dict[tuple[str, str], set[str]] = {}
    for template in templates:
        have.setdefault((template.channel, template.name), set()).add(template.language)
    return {t.id: [code for code in LANGUAGES if code not in have[(t.channel, t.name)]] for t in templates}
