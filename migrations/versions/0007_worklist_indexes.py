"""Worklist indexes: open follow-ups carry the account id, so the worklist ranks them from the
index alone; conversations with unread texts (they put an account on its collector's worklist).

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OPEN_FOLLOW_UP = "follow_up_on IS NOT NULL AND follow_up_done_at IS NULL"


def _replace(columns: list[str]) -> None:
    with op.batch_alter_table("activities") as batch_op:
        batch_op.drop_index("ix_activities_open_follow_ups")
        batch_op.create_index("ix_activities_open_follow_ups", columns,
                              sqlite_where=sa.text(OPEN_FOLLOW_UP), postgresql_where=sa.text(OPEN_FOLLOW_UP))


UNREAD = "unread_count > 0"


def upgrade():
    _replace(["assigned_to_id", "follow_up_on", "account_id"])
    with op.batch_alter_table("conversations") as batch_op:
        batch_op.create_index("ix_conversations_unread", ["account_id"],
                              sqlite_where=sa.text(UNREAD), postgresql_where=sa.text(UNREAD))


def downgrade():
    with op.batch_alter_table("conversations") as batch_op:
        batch_op.drop_index("ix_conversations_unread")
    _replace(["assigned_to_id", "follow_up_on"])
