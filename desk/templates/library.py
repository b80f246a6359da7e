"""Verbs for SMS and email templates, each with a version per language (desk/templates/versions.py)."""
from sqlalchemy import select

from desk.errors import Conflict, NotFound
from desk.extensions import db
from desk.templates import merge as templating
from desk.templates.versions import FALLBACK, LANGUAGE_NAMES
from models import MessageTemplate


def save_template(data: dict, template: MessageTemplate | None = None) -> MessageTemplate:
    """Add or change one version of a template; every part is checked for unknown merge fields
    first. Renaming a version (or moving it to another channel) moves its other versions too,
    so a template's versions always share its channel and name."""
    for field in ("subject", "body", "html_body"):
        if data.get(field):
            templating.check(data[field], field)
    name, language = data["name"].strip(), data.get("language") or FALLBACK
    siblings = _versions(template.channel, template.name) if template else []
    _check_free(data["channel"], name, language, template, siblings)
    for sibling in siblings:
        sibling.channel, sibling.name = data["channel"], name
    template = template or MessageTemplate()
    for field in ("channel", "subject", "body", "html_body"):
        setattr(template, field, data.get(field))
    template.name, template.language = name, language
    db.session.add(template)
    db.session.flush()
    return template


def _versions(channel: str, name: str) -> list[MessageTemplate]:
    """Every version (active or not) of the template with this channel and name."""
    return db.session.execute(select(MessageTemplate).where(
        MessageTemplate.channel == channel, MessageTemplate.name == name)).scalars().all()


def _check_free(channel: str, name: str, language: str, template, siblings: list) -> None:
    """409 when another template holds this channel + name (+ language)."""
    for row in _versions(channel, name):
        if row is template:
            continue
        if row.language == language:
            raise Conflict(f"The {channel} template {name} has a {LANGUAGE_NAMES[language]} version.",
                           {"name": [f"Already in use in {LANGUAGE_NAMES[language]}."],
                            "language": ["This template already has a version in this language."]})
        if template is not None and row not in siblings:
            raise Conflict(f"A {channel} template named {name} exists.", {"name": ["Already in use."]})


def list_templates(channel: str | None = None) -> list[MessageTemplate]:
    """Every active version, by channel, name and language (English first)."""
    query = select(MessageTemplate).where(MessageTemplate.active.is_(True))
    if channel:
        query = query.where(MessageTemplate.channel == channel)
    order = (MessageTemplate.channel, MessageTemplate.name, MessageTemplate.language)
    return db.session.execute(query.order_by(*order)).scalars().all()


def get_template(template_id: int, channel: str | None = None) -> MessageTemplate:
    template = db.session.get(MessageTemplate, template_id)
    if template is None or (channel and template.channel != channel) or not template.active:
        raise NotFound(f"No {channel or ''} template {template_id}.".replace("  ", " "))
    return template
