"""Jobs of the media queue: download a customer's MMS media from Twilio."""
import mimetypes

import requests
from flask import current_app

from desk.accounts.files import store_received
from desk.extensions import db
from models import Message, MessageMedia

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = 30


def fetch_media_job(media_id: int) -> None:
    """Fetch one media item with the account's credentials (Basic auth, following Twilio's
    redirect), keep it as an Attachment. A failure is recorded (fetch_status failed, why) and
    raised so RQ retries; a stored item is never fetched again."""
    item = db.session.get(MessageMedia, media_id)
    if item is None or item.fetch_status == "stored" or not item.source_url:
        return
    try:
        content, content_type = _download(item.source_url)
    except (requests.RequestException, ValueError) as exc:
        item.fetch_status, item.fetch_error = "failed", f"{type(exc).__name__}: {exc}"[:500]
        db.session.commit()
        raise
    message = db.session.get(Message, item.message_id)
    content_type = item.content_type or content_type
    extension = mimetypes.guess_extension(content_type) or ""
    attachment = store_received(message.account_id, content, content_type, f"mms-{item.id}{extension}")
    item.attachment_id, item.fetch_status, item.fetch_error = attachment.id, "stored", None
    db.session.commit()


def _download(url: str) -> tuple[bytes, str]:
    cfg = current_app.config
    with requests.get(url, auth=(cfg["TWILIO_ACCOUNT_SID"], cfg["TWILIO_AUTH_TOKEN"]), timeout=TIMEOUT,
                      allow_redirects=True, stream=True) as answer:
        answer.raise_for_status()
        content = answer.raw.read(MAX_BYTES + 1, decode_content=True)
        if len(content) > MAX_BYTES:
            raise ValueError("media larger than 10 MB")
        return content, answer.headers.get("Content-Type", "application/octet-stream").split(";")[0]
