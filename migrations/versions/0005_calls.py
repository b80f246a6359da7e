"""calls: legs (one row per Twilio call sid) and the answering-machine detection choice

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

import models.base

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amd", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "call_legs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("sid", sa.String(length=34), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("answered_by", sa.String(length=32), nullable=True),
        sa.Column("duration", sa.Integer(), nullable=True),
        sa.Column("answered_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["call_id"], ["calls.id"], name=op.f("fk_call_legs_call_id_calls")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_call_legs_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_legs")),
        sa.UniqueConstraint("sid", name=op.f("uq_call_legs_sid")),
    )
    with op.batch_alter_table("call_legs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_legs_call_id"), ["call_id"], unique=False)


def downgrade():
    with op.batch_alter_table("call_legs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_legs_call_id"))
    op.drop_table("call_legs")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("amd")
