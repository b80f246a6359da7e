"""A promise remembers the activity it was made in (the call, note or visit that led to it).

Activity types gain "visit"; `activities.type` is a plain string, so that needs no change here.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("promises") as batch:
        batch.add_column(sa.Column("activity_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_promises_activity_id", "activities", ["activity_id"], ["id"])
    op.create_index("ix_promises_activity_id", "promises", ["activity_id"])


def downgrade():
    op.drop_index("ix_promises_activity_id", table_name="promises")
    with op.batch_alter_table("promises") as batch:
        batch.drop_constraint("fk_promises_activity_id", type_="foreignkey")
        batch.drop_column("activity_id")
