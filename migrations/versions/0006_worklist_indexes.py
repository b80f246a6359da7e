"""Partial indexes for the worklist: open follow-ups by assignee and date, and what people did
on an account (to tell whether a broken promise has been worked since).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OPEN_FOLLOW_UP = "follow_up_on IS NOT NULL AND follow_up_done_at IS NULL"
BY_PEOPLE = "created_by_id IS NOT NULL"


def upgrade():
    with op.batch_alter_table("activities") as batch_op:
        batch_op.drop_index("ix_activities_assignee_follow_up")
        batch_op.create_index("ix_activities_open_follow_ups", ["assigned_to_id", "follow_up_on"],
                              sqlite_where=sa.text(OPEN_FOLLOW_UP), postgresql_where=sa.text(OPEN_FOLLOW_UP))
        batch_op.create_index("ix_activities_by_people", ["account_id", "created_at"],
                              sqlite_where=sa.text(BY_PEOPLE), postgresql_where=sa.text(BY_PEOPLE))


def downgrade():
    with op.batch_alter_table("activities") as batch_op:
        batch_op.drop_index("ix_activities_by_people")
        batch_op.drop_index("ix_activities_open_follow_ups")
        batch_op.create_index("ix_activities_assignee_follow_up", ["assigned_to_id", "follow_up_on"])
