"""Promises and payments, each with its history: the audit rows of its fields (created, edited,
kept, broken, cancelled, reversed) and the allocations between the two (released ones too)."""
from sqlalchemy import select

from desk.extensions import db
from desk.records.rows import People, iso
from models import Allocation, AuditEntry, Payment, Promise


def audit_by_entity(entries: list[AuditEntry], entity: str) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for e in entries:
        if e.entity == entity:
            found.setdefault(e.entity_id, []).append(
                {"at": iso(e.at), "by": e.user.name if e.user else None, "field": e.field, "old": e.old, "new": e.new})
    return found


def allocations(account_id: int) -> list[Allocation]:
    return db.session.execute(
        select(Allocation).join(Payment, Payment.id == Allocation.payment_id)
        .where(Payment.account_id == account_id).order_by(Allocation.id)).scalars().all()


def allocation_row(a: Allocation) -> dict:
    return {"payment_id": a.payment_id, "promise_id": a.promise_id, "amount": iso(a.amount),
            "at": iso(a.created_at), "released_at": iso(a.released_at)}


def promise_rows(account_id: int, entries: list[AuditEntry], people: People) -> list[dict]:
    """promises.json: every promise, whatever became of it, with its history."""
    history = audit_by_entity(entries, "promise")
    allocated = allocations(account_id)
    promises = db.session.execute(
        select(Promise).where(Promise.account_id == account_id).order_by(Promise.created_at, Promise.id)).scalars()
    return [{
        "id": p.id, "plan_id": p.plan_id, "amount": iso(p.amount), "due_on": iso(p.due_on), "status": p.status,
        "notes": p.notes, "created_at": iso(p.created_at), "created_by": people.name(p.created_by_id),
        "assigned_to": people.name(p.assigned_to_id), "resolved_at": iso(p.resolved_at),
        "reminded_at": iso(p.reminded_at), "cancel_reason": p.cancel_reason, "activity_id": p.activity_id,
        "allocations": [allocation_row(a) for a in allocated if a.promise_id == p.id],
        "history": history.get(p.id, []),
    } for p in promises]


def payment_rows(account_id: int, entries: list[AuditEntry], people: People) -> list[dict]:
    """payments.json: every payment, reversed ones with who reversed them, when and why."""
    history = audit_by_entity(entries, "payment")
    allocated = allocations(account_id)
    payments = db.session.execute(
        select(Payment).where(Payment.account_id == account_id).order_by(Payment.created_at, Payment.id)).scalars()
    return [{
        "id": p.id, "amount": iso(p.amount), "paid_on": iso(p.paid_on), "reference": p.reference,
        "source": p.source, "overpayment": p.overpayment, "balance_applied": iso(p.balance_applied),
        "due_applied": iso(p.due_applied), "created_at": iso(p.created_at), "created_by": people.name(p.created_by_id),
        "reversed_at": iso(p.reversed_at), "reversed_by": people.name(p.reversed_by_id),
        "reversal_reason": p.reversal_reason,
        "allocations": [allocation_row(a) for a in allocated if a.payment_id == p.id],
        "history": history.get(p.id, []),
    } for p in payments]
