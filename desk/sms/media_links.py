"""Public, unguessable, expiring URLs for the files of an outbound MMS.

Twilio fetches MMS media without credentials, so each attachment sent is reachable at
/media/<token> (console.public_media) where the token is the attachment id signed with SECRET_KEY and a timestamp
(itsdangerous). A token is good for MEDIA_URL_MAX_AGE seconds (an hour by default); nothing
else of the account's files is public.
"""
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

from desk.extensions import db
from models import Attachment

SALT = "mms-media"


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(attachment: Attachment) -> str:
    return _signer().sign(str(attachment.id)).decode()


def media_url(attachment: Attachment) -> str:
    """The absolute signed URL Twilio fetches the file from."""
    from telephony.client import callback_url

    return callback_url("console.public_media", token=token_for(attachment))


def attachment_for(token: str) -> Attachment | None:
    """The attachment a valid, unexpired token names; None for anything else."""
    max_age = current_app.config["MEDIA_URL_MAX_AGE"]
    try:
        attachment_id = int(_signer().unsign(token, max_age=max_age))
    except (BadSignature, SignatureExpired, ValueError):
        return None
    return db.session.get(Attachment, attachment_id)
