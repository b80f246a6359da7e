"""The work queue reads the accounts without a reason to work them straight from an index in
its order (most days past due, then most due): a collector's from ix_accounts_assigned_rank,
an admin's (every account) from ix_accounts_rank, a few at a time, instead of ranking them all.

Revision ID: 0015
Revises: 0014
"""
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

RANK = ["days_past_due", "amount_due"]  # read backwards; ties by id are few, sorted as they come


def upgrade():
    op.create_index("ix_accounts_assigned_rank", "accounts", ["assigned_to_id", *RANK])
    op.create_index("ix_accounts_rank", "accounts", RANK)


def downgrade():
    op.drop_index("ix_accounts_rank", table_name="accounts")
    op.drop_index("ix_accounts_assigned_rank", table_name="accounts")
