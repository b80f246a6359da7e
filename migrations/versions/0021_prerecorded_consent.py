"""Consent to prerecorded or artificial-voice messages per customer phone (a voicemail drop goes
only to a phone with it): when it was given and how, mirroring the latest "automated" entry of
the consent ledger (consent_events). And a mark on the texts the desk writes by itself (opt-out
confirmations, HELP answers), so at most one confirmation goes to a number in five minutes.

Every existing phone starts without consent: none was recorded before.

Revision ID: 0021
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op

import models.base

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("phones") as batch:
        batch.add_column(sa.Column("prerecorded_consent_at", models.base.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("prerecorded_consent_how", sa.String(200), nullable=True))
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("auto_text", sa.String(30), nullable=True))


def downgrade():
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("auto_text")
    with op.batch_alter_table("phones") as batch:
        batch.drop_column("prerecorded_consent_how")
        batch.drop_column("prerecorded_consent_at")
