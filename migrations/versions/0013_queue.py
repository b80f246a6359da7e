"""The work queue: leases (one collector per account at a time) and the day's skips; an index
for "accounts this collector worked today".

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

import models.base

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "queue_leases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("leased_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_queue_leases_account_id_accounts")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_queue_leases_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_leases")),
        sa.UniqueConstraint("account_id", name=op.f("uq_queue_leases_account_id")),
    )
    op.create_index("ix_queue_leases_user", "queue_leases", ["user_id"], unique=False)
    op.create_table(
        "queue_skips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_queue_skips_account_id_accounts")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_queue_skips_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_skips")),
    )
    op.create_index("ix_queue_skips_user_created", "queue_skips", ["user_id", "created_at", "account_id"],
                    unique=False)
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index("ix_activities_author_created", ["created_by_id", "created_at", "account_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index("ix_activities_author_created")
    op.drop_index("ix_queue_skips_user_created", table_name="queue_skips")
    op.drop_table("queue_skips")
    op.drop_index("ix_queue_leases_user", table_name="queue_leases")
    op.drop_table("queue_leases")
