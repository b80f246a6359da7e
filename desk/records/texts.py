"""The account's texts, each with every status Twilio reported and the media it carried."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desk.extensions import db
from desk.records.rows import People, callbacks, form_value, iso
from models import Message, MessageMedia

STATUS_CALLBACKS = "/webhooks/twilio/sms/status"


def account_texts(account_id: int) -> list[Message]:
    return db.session.execute(
        select(Message).where(Message.account_id == account_id)
        .options(selectinload(Message.media)).order_by(Message.created_at, Message.id)).scalars().all()


def status_history(messages: list[Message]) -> dict[str, list[dict]]:
    """Each status callback Twilio sent for these texts (repeats and late ones included), by sid."""
    events = callbacks(STATUS_CALLBACKS, "MessageSid", [m.twilio_sid for m in messages])
    return {sid: [{"at": iso(e.received_at), "status": form_value(e, "MessageStatus"),
                   "error_code": form_value(e, "ErrorCode"), "error_message": form_value(e, "ErrorMessage")}
                  for e in rows] for sid, rows in events.items()}


def text_rows(messages: list[Message], people: People, media_paths: dict[int, str]) -> list[dict]:
    """texts.json: one dict per text, oldest first."""
    history = status_history(messages)
    return [{
        "id": m.id, "at": iso(m.created_at), "direction": m.direction, "from": m.from_number,
        "to": m.to_number, "body": m.body, "status": m.status, "error_code": m.error_code,
        "error_message": m.error_message, "twilio_sid": m.twilio_sid, "segments": m.segments,
        "encoding": m.encoding, "sent_by": people.name(m.sent_by_id), "send_attempts": m.send_attempts,
        "stop_request_flagged": m.stop_request_flagged, "updated_at": iso(m.updated_at),
        "status_history": history.get(m.twilio_sid, []),
        "media": [media_row(item, media_paths) for item in m.media],
    } for m in messages]


def media_row(item: MessageMedia, media_paths: dict[int, str]) -> dict:
    return {"content_type": item.content_type, "source_url": item.source_url, "fetch_status": item.fetch_status,
            "fetch_error": item.fetch_error, "file": media_paths.get(item.attachment_id)}


def media_attachment_ids(messages: list[Message]) -> list[int]:
    return [item.attachment_id for m in messages for item in m.media if item.attachment_id]
