"""Daily snapshots of each open account's days past due, bucket, balance and amount due
(models.reports.PortfolioSnapshot), from which the portfolio's roll rates are read.

Revision ID: 0023
Revises: 0022
"""
import sqlalchemy as sa
from alembic import op

import models.base

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "portfolio_snapshots",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("days_past_due", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(8), nullable=False),
        sa.Column("balance", models.base.Money(), nullable=False),
        sa.Column("amount_due", models.base.Money(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name=op.f("fk_portfolio_snapshots_account_id_accounts")),
        sa.PrimaryKeyConstraint("day", "account_id", name=op.f("pk_portfolio_snapshots")),
    )
    op.create_index("ix_portfolio_snapshots_account", "portfolio_snapshots", ["account_id"])


def downgrade():
    op.drop_index("ix_portfolio_snapshots_account", table_name="portfolio_snapshots")
    op.drop_table("portfolio_snapshots")
