"""Verbs for SMS and email templates."""
from sqlalchemy import select

from desk.errors import Conflict, NotFound
from desk.extensions import db
from desk.templates import merge as templating
from models import MessageTemplate


def save_template(data: dict, template: MessageTemplate | None = None) -> MessageTemplate:
    """Add or change a template; every part is checked for unknown merge fields first."""
    for field in ("subject", "body", "html_body"):
        if data.get(field):
            templating.check(data[field], field)
    clash = db.session.execute(select(MessageTemplate).where(
        MessageTemplate.channel == data["channel"], MessageTemplate.name == data["name"].strip())
    ).scalar_one_or_none()
    if clash is not None and clash is not template:
        raise Conflict(f"A {data['channel']} template named {data['name']} exists.",
                       {"name": ["Already in use."]})
    template = template or MessageTemplate()
    for field in ("channel", "subject", "body", "html_body"):
        setattr(template, field, data.get(field))
    template.name = data["name"].strip()
    db.session.add(template)
    db.session.flush()
    return template


def list_templates(channel: str | None = None) -> list[MessageTemplate]:
    query = select(MessageTemplate).where(MessageTemplate.active.is_(True))
    if channel:
        query = query.where(MessageTemplate.channel == channel)
    return db.session.execute(query.order_by(MessageTemplate.channel, MessageTemplate.name)).scalars().all()


def get_template(template_id: int, channel: str | None = None) -> MessageTemplate:
    template = db.session.get(MessageTemplate, template_id)
    if template is None or (channel and template.channel != channel) or not template.active:
        raise NotFound(f"No {channel or ''} template {template_id}.".replace("  ", " "))
    return template
