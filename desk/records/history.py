"""The account's timeline entries, its consent ledger and its audit log, each in full."""
from sqlalchemy import or_, select

from desk.extensions import db
from desk.records.rows import People, iso
from models import Account, Activity, AuditEntry, ConsentEvent


def audit_entries(account_id: int) -> list[AuditEntry]:
    return db.session.execute(select(AuditEntry).where(AuditEntry.account_id == account_id)
                              .order_by(AuditEntry.at, AuditEntry.id)).scalars().all()


def audit_rows(entries: list[AuditEntry]) -> list[dict]:
    return [{"id": e.id, "at": iso(e.at), "by": e.user.name if e.user else None, "entity": e.entity,
             "entity_id": e.entity_id, "field": e.field, "old": e.old, "new": e.new} for e in entries]


def consent_rows(account: Account, people: People) -> list[dict]:
    """consent.json: every opt-out, opt-in, help request and flagged request for the account or
    one of its phone numbers or addresses (a STOP from an unmatched number counts too)."""
    numbers = [p.number for p in account.phones]
    addresses = [e.address for e in account.emails]
    events = db.session.execute(
        select(ConsentEvent).where(or_(ConsentEvent.account_id == account.id,
                                       ConsentEvent.account_id.is_(None) & ConsentEvent.phone_number.in_(numbers),
                                       ConsentEvent.account_id.is_(None) & ConsentEvent.email_address.in_(addresses)))
        .order_by(ConsentEvent.created_at, ConsentEvent.id)).scalars()
    return [{"id": e.id, "at": iso(e.created_at), "channel": e.channel, "action": e.action,
             "phone_number": e.phone_number, "email_address": e.email_address, "how": e.how, "words": e.words,
             "by": people.name(e.by_user_id)} for e in events]


def activity_rows(account_id: int, people: People) -> list[dict]:
    """activities.json: the account's timeline, oldest first, what people did and what the desk logged."""
    activities = db.session.execute(
        select(Activity).where(Activity.account_id == account_id).order_by(Activity.created_at, Activity.id)).scalars()
    return [{"id": a.id, "at": iso(a.created_at), "type": a.type, "by": people.name(a.created_by_id),
             "disposition": a.disposition.name if a.disposition else None, "notes": a.notes,
             "follow_up_on": iso(a.follow_up_on), "assigned_to": people.name(a.assigned_to_id),
             "follow_up_done_at": iso(a.follow_up_done_at), "call_id": a.call_id, "message_id": a.message_id,
             "email_id": a.email_id, "promise_id": a.promise_id, "payment_id": a.payment_id} for a in activities]


def account_row(account: Account, people: People) -> dict:
    """account.json: the account as it stands, with its phones and addresses and their opt-outs."""
    return {
        "id": account.id, "number": account.number, "first_name": account.first_name,
        "last_name": account.last_name, "address_line1": account.address_line1, "city": account.city,
        "state": account.state, "zip": account.zip, "timezone": account.timezone, "vehicle": account.vehicle,
        "balance": iso(account.balance), "amount_due": iso(account.amount_due), "due_on": iso(account.due_on),
        "days_past_due": account.days_past_due, "status": account.status,
        "assigned_to": people.name(account.assigned_to_id), "created_at": iso(account.created_at),
        "phones": [{"number": p.number, "label": p.label, "sms_opted_out_at": iso(p.sms_opted_out_at),
                    "sms_opt_out_how": p.sms_opt_out_how, "call_opted_out_at": iso(p.call_opted_out_at),
                    "call_opt_out_how": p.call_opt_out_how} for p in account.phones],
        "emails": [{"address": e.address, "opted_out_at": iso(e.opted_out_at), "opt_out_how": e.opt_out_how}
                   for e in account.emails],
    }
