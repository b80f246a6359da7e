"""Pattern-matching indexes for the accounts search on PostgreSQL.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The search matches prefixes of "first last", "last first" and the account number. On
# PostgreSQL a LIKE 'x%' uses a btree index only with a pattern operator class, which the
# models cannot declare portably, so these live here (models.base.include_in_autogenerate).
INDEXES = {
    "ix_pg_accounts_first_last": "lower(first_name || ' ' || last_name) text_pattern_ops",
    "ix_pg_accounts_last_first": "lower(last_name || ' ' || first_name) text_pattern_ops",
    "ix_pg_accounts_number": "lower(number) text_pattern_ops",
}


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, expression in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON accounts ({expression})")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")
