"""export_account: the account's whole communication record as one ZIP, with a manifest of every
file's SHA-256. The export itself is an entry of the record (audit log and timeline), written
before the parts are read, so the ZIP holds its own export too.

Rows are read part by part (an account has at most a few thousand); the ZIP is built in a
spooled temporary file, kept in memory up to SPOOL_BYTES and on disk beyond, and files are
added one at a time.
"""
import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from tempfile import SpooledTemporaryFile

from sqlalchemy import or_, select

from desk import audit
from desk.accounts.files import read_bytes
from desk.extensions import db
from desk.records import calls, emails, history, ledger, texts, timeline_page
from desk.records.rows import People, iso
from desk.timeline import log_system
from models import Account, Attachment, User, utcnow

SPOOL_BYTES = 16 * 1024 * 1024


@dataclass
class Archive:
    """The ZIP being written and what the manifest says of each file in it."""

    zip: zipfile.ZipFile
    files: list[dict] = field(default_factory=list)
    missing: list[dict] = field(default_factory=list)

    def add(self, path: str, data: bytes) -> None:
        self.zip.writestr(path, data)
        self.files.append({"path": path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})

    def add_stored(self, path: str, read, sha256: str | None = None) -> bool:
        """Add what `read()` gives from the desk's files; a file gone from disk is listed as
        missing (with the SHA-256 recorded when it was stored) instead of failing the export."""
        try:
            data = read()
        except OSError as exc:
            self.missing.append({"path": path, "sha256": sha256, "reason": f"{type(exc).__name__}: {exc.strerror}"})
            return False
        self.add(path, data)
        return True

    def add_json(self, path: str, value) -> None:
        self.add(path, json.dumps(value, indent=2, ensure_ascii=False).encode())


def file_name(account: Account, now: datetime) -> str:
    """account-<number>-<date>.zip, the number kept to characters safe in any file name."""
    number = re.sub(r"[^A-Za-z0-9._-]+", "-", account.number).strip("-.") or str(account.id)
    return f"account-{number}-{now.date().isoformat()}.zip"


def record_export(account: Account, user: User, name: str) -> None:
    """Who exported the record when: an audit row and a timeline entry."""
    audit.record("account", account.id, account.id, {"record_export": (None, name)}, user)
    log_system(account.id, "system", f"Communication record exported by {user.name} ({name}).")
    db.session.flush()


def export_account(account: Account, user: User, now: datetime | None = None) -> tuple[str, SpooledTemporaryFile]:
    """The ZIP's file name and the ZIP itself (rewound, ready to send); the caller commits."""
    now = now or utcnow()
    name = file_name(account, now)
    record_export(account, user, name)
    spool = SpooledTemporaryFile(max_size=SPOOL_BYTES)
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive_zip:
        archive = Archive(archive_zip)
        parts = write_parts(archive, account, People())
        archive.add("timeline.html", timeline_page.render(parts, manifest_of(archive, account, user, now)).encode())
        archive_zip.writestr("manifest.json", json.dumps(manifest_of(archive, account, user, now), indent=2))
    spool.seek(0)
    return name, spool


def write_parts(archive: Archive, account: Account, people: People) -> dict:
    """Every part as a JSON file (and the files they name); the parts, for the timeline page."""
    messages = texts.account_texts(account.id)
    media_paths = write_files(archive, account, texts.media_attachment_ids(messages))
    sent = emails.account_emails(account.id)
    for email in sent:
        archive.add_stored(emails.eml_path(email), lambda email=email: emails.eml_bytes(email))
    entries = history.audit_entries(account.id)
    parts = {
        "account": history.account_row(account, people),
        "activities": history.activity_rows(account.id, people),
        "texts": texts.text_rows(messages, people, media_paths),
        "emails": emails.email_rows(sent, people),
        "calls": calls.call_rows(calls.account_calls(account.id), people),
        "promises": ledger.promise_rows(account.id, entries, people),
        "payments": ledger.payment_rows(account.id, entries, people),
        "consent": history.consent_rows(account, people),
        "audit": history.audit_rows(entries),
    }
    for part, rows in parts.items():
        archive.add_json(f"{part}.json", rows)
    return parts


def write_files(archive: Archive, account: Account, media_ids: list[int]) -> dict[int, str]:
    """The account's files and its texts' media under files/; their paths by attachment id."""
    mine = Attachment.account_id == account.id
    rows = db.session.execute(
        select(Attachment).where(or_(mine, Attachment.id.in_(media_ids)) if media_ids else mine)
        .order_by(Attachment.id)).scalars()
    paths = {}
    for attachment in rows:
        path = f"files/{attachment.id:06d}-{attachment.filename}"
        if archive.add_stored(path, lambda attachment=attachment: read_bytes(attachment), attachment.sha256):
            paths[attachment.id] = path
    return paths


def manifest_of(archive: Archive, account: Account, user: User, now: datetime) -> dict:
    return {
        "account": {"id": account.id, "number": account.number, "name": account.customer_name},
        "exported_by": {"id": user.id, "name": user.name, "email": user.email, "role": user.role},
        "exported_at": iso(now),
        "files": list(archive.files),
        "missing_files": list(archive.missing),
    }
