"""A disposition prompt dismissed with a reason (who, when, why), and a collector's choice to
move on to the queue's next account once a call's outcome is saved.

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

import models.base

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("calls") as batch:
        batch.add_column(sa.Column("prompt_dismissed_at", models.base.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("prompt_dismissed_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prompt_dismiss_reason", sa.String(500), nullable=True))
        batch.create_foreign_key("fk_calls_prompt_dismissed_by", "users", ["prompt_dismissed_by_id"], ["id"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("auto_next", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("auto_next")
    with op.batch_alter_table("calls") as batch:
        batch.drop_constraint("fk_calls_prompt_dismissed_by", type_="foreignkey")
        batch.drop_column("prompt_dismiss_reason")
        batch.drop_column("prompt_dismissed_by_id")
        batch.drop_column("prompt_dismissed_at")
