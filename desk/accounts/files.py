"""Files kept on an account: uploads checked by their content, stored under a random key.

Any channel (email attachments, MMS) stores and reads files through here.
"""
import hashlib
import os
import secrets
import unicodedata
from pathlib import Path

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from desk.errors import Invalid
from desk.extensions import db
from desk.private_files import private_folder, write_private
from models import Account, Attachment, User

MAX_FILE_BYTES = 5 * 1024 * 1024
NEW_FILES = "desk_new_files"

# What the first bytes say a file is; the upload's name and claimed type are not trusted.
SIGNATURES = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg", ".jfif")),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"GIF87a", "image/gif", (".gif",)),
    (b"GIF89a", "image/gif", (".gif",)),
)
KNOWN_EXTENSIONS = {ext for _, _, exts in SIGNATURES for ext in exts}
# Every type the desk accepts; browsers show each inline and Twilio sends each as MMS.
CONTENT_TYPES = frozenset(content_type for _, content_type, _ in SIGNATURES)


def sniff(head: bytes) -> tuple[str, tuple] | None:
    """The content type and its usual extensions, judged from the magic bytes; None if not allowed."""
    for magic, content_type, extensions in SIGNATURES:
        if head.startswith(magic):
            return content_type, extensions
    return None


def display_name(filename: str | None, fallback: str) -> str:
    """A name safe to show and to put in a MIME header: no path, no control characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip(" .")[:200]
    return name or fallback


def store_upload(account: Account, file_storage, user: User | None) -> Attachment:
    """Check an uploaded file (PDF, JPEG, PNG or GIF; at most 5 MB) and keep it on the account."""
    if file_storage is None or not getattr(file_storage, "filename", None):
        raise Invalid("Choose a file to upload.", {"file": ["Missing file."]})
    data = file_storage.stream.read(MAX_FILE_BYTES + 1)
    return store_bytes(account, data, file_storage.filename, user)


def store_bytes(account: Account | None, data: bytes, filename: str | None,
                user: User | None = None) -> Attachment:
    """Keep bytes as an attachment after the same checks an upload gets."""
    if not data:
        raise Invalid("The file is empty.", {"file": ["The file is empty."]})
    if len(data) > MAX_FILE_BYTES:
        raise Invalid("Files may be at most 5 MB.", {"file": ["Larger than 5 MB."]})
    kind = sniff(data[:16])
    if kind is None:
        raise Invalid("Only PDF, JPEG, PNG and GIF files are accepted.",
                      {"file": ["Not a PDF, JPEG, PNG or GIF file."]})
    content_type, extensions = kind
    name = display_name(filename, "file" + extensions[0])
    extension = os.path.splitext(name)[1].lower()
    if extension in KNOWN_EXTENSIONS and extension not in extensions:
        raise Invalid(f"{name} is not what its name says.",
                      {"file": [f"The content is {content_type}, not {extension}."]})
    if extension not in extensions:
        name += extensions[0]
    attachment = Attachment(
        account_id=account.id if account else None, filename=name, content_type=content_type,
        size=len(data), storage_key=secrets.token_hex(16), sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=user.id if user else None,
    )
    _write(attachment.storage_key, data)
    db.session.add(attachment)
    db.session.flush()
    return attachment


def path_for(attachment: Attachment) -> Path:
    key = attachment.storage_key
    return Path(current_app.config["UPLOAD_DIR"]) / key[:2] / key


def read_bytes(attachment: Attachment) -> bytes:
    return path_for(attachment).read_bytes()


def _write(storage_key: str, data: bytes) -> None:
    """Write atomically; forget the file again if the transaction rolls back."""
    path = Path(current_app.config["UPLOAD_DIR"]) / storage_key[:2] / storage_key
    private_folder(path.parent)
    partial = path.with_suffix(".part")
    write_private(partial, data)
    partial.replace(path)
    db.session.info.setdefault(NEW_FILES, []).append(str(path))


def account_attachments(account: Account) -> list[Attachment]:
    return db.session.execute(
        select(Attachment).where(Attachment.account_id == account.id)
        .order_by(Attachment.created_at.desc(), Attachment.id.desc())).scalars().all()


def attachments_for(account: Account, ids: list[int]) -> list[Attachment]:
    """The account's attachments with these ids, or Invalid naming the strangers."""
    if not ids:
        return []
    rows = db.session.execute(
        select(Attachment).where(Attachment.id.in_(ids), Attachment.account_id == account.id)
    ).scalars().all()
    missing = sorted(set(ids) - {row.id for row in rows})
    if missing:
        raise Invalid("Attachment not on this account.",
                      {"attachment_ids": [f"Not a file on this account: {', '.join(map(str, missing))}."]})
    order = {attachment_id: i for i, attachment_id in enumerate(ids)}
    return sorted(rows, key=lambda row: order[row.id])


@event.listens_for(Session, "after_commit")
def _keep_files(session: Session) -> None:
    session.info.pop(NEW_FILES, None)


@event.listens_for(Session, "after_rollback")
def _drop_files(session: Session) -> None:
    for path in session.info.pop(NEW_FILES, []):
        Path(path).unlink(missing_ok=True)


def store_received(account_id: int | None, data: bytes, content_type: str, filename: str) -> Attachment:
    """Keep a file a customer sent us (any type: it is what they sent; only logged-in users
    are ever served it), e.g. inbound MMS media."""
    attachment = Attachment(
        account_id=account_id, filename=display_name(filename, "file"),
        content_type=(content_type or "application/octet-stream")[:100], size=len(data),
        storage_key=secrets.token_hex(16), sha256=hashlib.sha256(data).hexdigest(), uploaded_by_id=None,
    )
    _write(attachment.storage_key, data)
    db.session.add(attachment)
    db.session.flush()
    return attachment
