"""email sending state and the job outbox

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

import models.base

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sending_started_at", models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("unsubscribe_url", sa.String(length=500), nullable=True))
    op.create_table(
        "outbox_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("func_path", sa.String(length=200), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("queue", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("dispatched_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_jobs")),
    )
    with op.batch_alter_table("outbox_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_jobs_status_created", ["status", "created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("outbox_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_jobs_status_created")
    op.drop_table("outbox_jobs")
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.drop_column("unsubscribe_url")
        batch_op.drop_column("sending_started_at")
