"""Indexes the reports read a period through (desk/reports/sources.py): each kind of record by
the moment that puts it in a day (calls, texts, activities, promises and opt-outs by when they
were made, emails by when they were sent, payments by their date, reversals by when they were
reversed), with the collector it is credited to beside it. The two largest tables' indexes also carry the columns
the figures read (a text's direction and status; an activity's account and disposition), so
PostgreSQL answers those from the index alone (an index-only scan once the table is vacuumed).

Revision ID: 0019
Revises: 0018
"""
from alembic import op
from sqlalchemy import text

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

REVERSED = "reversed_at IS NOT NULL"
SENT = "sent_at IS NOT NULL"

INDEXES = (
    ("ix_calls_created_collector", "calls", ["created_at", "collector_id"], None),
    ("ix_messages_created_sender", "messages", ["created_at", "sent_by_id", "direction", "status"], None),
    # one collector's own numbers: their rows of the period, not the whole period's
    ("ix_calls_collector_created", "calls", ["collector_id", "created_at"], None),
    ("ix_messages_sender_created", "messages", ["sent_by_id", "created_at", "direction", "status"], None),
    ("ix_emails_sent_sender", "emails", ["sent_at", "sent_by_id"], SENT),
    ("ix_activities_created_author", "activities", ["created_at", "created_by_id", "account_id", "disposition_id"],
     None),
    ("ix_promises_created_author", "promises", ["created_at", "created_by_id"], None),
    ("ix_payments_paid_on", "payments", ["paid_on"], None),
    ("ix_payments_reversed", "payments", ["reversed_at"], REVERSED),
    ("ix_consent_events_created", "consent_events", ["created_at"], None),
)


def upgrade():
    for name, table, columns, where in INDEXES:
        kw = {"sqlite_where": text(where), "postgresql_where": text(where)} if where else {}
        op.create_index(name, table, columns, **kw)


def downgrade():
    for name, table, _columns, _where in reversed(INDEXES):
        op.drop_index(name, table_name=table)
