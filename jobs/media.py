"""Jobs of the media queue: download a customer's MMS media from Twilio."""
import mimetypes

import requests

from desk.accounts.files import store_received
from desk.extensions import db
from desk.sms.media_fetch import Refused, download
from models import Message, MessageMedia


def fetch_media_job(media_id: int) -> None:
    """Fetch one media item (desk.sms.media_fetch: only our account's Twilio media URLs, our
    credentials to Twilio only) and keep it as an Attachment. A refused URL is recorded
    (fetch_status refused) and not retried; a failure is recorded (failed, why) and raised so RQ
    retries; a stored item is never fetched again."""
    item = db.session.get(MessageMedia, media_id)
    if item is None or item.fetch_status in ("stored", "refused") or not item.source_url:
        return
    try:
        content, content_type = download(item.source_url)
    except Refused as exc:
        item.fetch_status, item.fetch_error = "refused", str(exc)[:500]
        db.session.commit()
        return
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
