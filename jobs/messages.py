"""Jobs of the messages queue: hand a queued text to Twilio."""
import logging
import threading

from flask import current_app

from desk import live_updates as live
from desk.extensions import db
from desk.sms import delivery
from desk.sms.media_links import media_url
from models import Attachment, Message
from telephony import client
from telephony.errors import TwilioError, TwilioUnavailable

log = logging.getLogger(__name__)


def send_message_job(message_id: int) -> None:
    """Send one queued message, at most once (a message with a Twilio sid is never sent again).

    Twilio refuses: the message fails with the reason (nothing to retry). Twilio unreachable:
    the message stays queued with the reason and this raises, so RQ retries it; without Redis
    the desk schedules the retry itself on a timer (see _retry_in_process)."""
    message = delivery.claim_for_sending(message_id)
    if message is None:
        return
    try:
        sent = client.send_message(message.to_number, message.body or None, _media_urls(message),
                                   status_callback=client.callback_url("webhooks.sms_status", m=message.id))
    except TwilioUnavailable as exc:
        db.session.rollback()
        delivery.record_unavailable(message_id, exc.message)
        db.session.commit()
        _retry_in_process(message_id, message.send_attempts)
        raise
    except TwilioError as exc:
        db.session.rollback()
        delivery.record_refusal(message_id, exc.twilio_code, exc.message)
        db.session.commit()
        return
    except Exception as exc:
        db.session.rollback()
        delivery.record_unavailable(message_id, f"the desk failed ({type(exc).__name__}).")
        db.session.commit()
        raise
    delivery.record_sent(message_id, sent.sid, sent.status)
    live.account_changed(message.account_id)
    db.session.commit()


def _media_urls(message) -> list[str]:
    return [media_url(db.session.get(Attachment, m.attachment_id)) for m in message.media if m.attachment_id]


def _retry_in_process(message_id: int, attempts: int) -> None:
    """Without Redis (jobs run in the web process on threads) nothing retries a failed job by
    itself: queue the send again after a back-off, up to len(SMS_INLINE_RETRY_SECONDS) times. The
    synchronous mode (tests) leaves the message queued for delivery.retry_unsent (the Retry button)."""
    app = current_app._get_current_object()
    if app.config["REDIS_URL"] or app.config["JOBS_INLINE"] != "thread":
        return
    delays = app.config["SMS_INLINE_RETRY_SECONDS"]
    if attempts > len(delays):
        log.warning("message %s still unsent after %s attempts", message_id, attempts)
        return
    timer = threading.Timer(delays[attempts - 1], _send_again, args=(app, message_id))
    timer.daemon = True
    timer.start()


def _send_again(app, message_id: int) -> None:
    with app.app_context():
        message = db.session.get(Message, message_id)
        if message is not None:
            delivery.retry_unsent(message)
            db.session.commit()


def send_interrupted(message_id: int) -> None:
    """The send job will not be started again: the conversation says so, with Retry now."""
    message = db.session.get(Message, message_id)
    if message is not None and message.status == "queued" and not message.twilio_sid:
        message.send_attempts = max(message.send_attempts, 1)  # shows the Retry now button
        message.error_message = "Not sent: sending was interrupted several times. Retry to send it."
