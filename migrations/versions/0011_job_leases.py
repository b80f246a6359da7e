"""Job leases: a running outbox job holds its row until lease_expires_at; the sweeper reclaims
rows whose lease ran out (the process running them died).

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

import models.base

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_expires_at", models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_outbox_jobs_status_lease", ["status", "lease_expires_at"], unique=False)


def downgrade():
    with op.batch_alter_table("outbox_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_jobs_status_lease")
        batch_op.drop_column("lease_expires_at")
