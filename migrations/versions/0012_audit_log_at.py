"""The audit log read newest first across all accounts (the admin's Audit log page and API).

Revision ID: 0012
Revises: 0011
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_audit_log_at_id', 'audit_log', ['at', 'id'])


def downgrade():
    op.drop_index('ix_audit_log_at_id', table_name='audit_log')
