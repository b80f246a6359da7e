"""The reports' text failures by error code read a partial index of the outbound texts that
failed or went undelivered (a tenth of the texts) instead of scanning every text of the period.

Revision ID: 0024
Revises: 0023
"""
from alembic import op
from sqlalchemy import text

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

FAILING = "direction = 'outbound' AND status IN ('failed', 'undelivered')"


def upgrade():
    op.create_index("ix_messages_failing", "messages", ["created_at", "sent_by_id", "error_code"],
                    sqlite_where=text(FAILING), postgresql_where=text(FAILING))


def downgrade():
    op.drop_index("ix_messages_failing", table_name="messages")
