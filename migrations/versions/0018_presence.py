"""How each user calls (the console's softphone or their own phone), the presence they set
(available or away), and when their console was last seen open (desk.users.presence derives
busy and offline from it and from their calls).

Every existing user keeps calling as before: by their phone.

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

import models.base

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("call_via", sa.String(10), nullable=False, server_default="phone"))
        batch.add_column(sa.Column("presence", sa.String(10), nullable=False, server_default="available"))
        batch.add_column(sa.Column("last_seen_at", models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_seen_at")
        batch.drop_column("presence")
        batch.drop_column("call_via")
