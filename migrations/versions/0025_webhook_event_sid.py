"""Each stored Twilio callback names the sid it is about (its MessageSid, else its CallSid),
indexed, so an account's record export reads its own texts' and calls' callbacks instead of
every callback stored. Callbacks already stored get theirs from their form.

Revision ID: 0025
Revises: 0024
"""
import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

# A form value that is one string of at most 64 characters (a repeated key is a list: no sid).
POSTGRESQL = """
UPDATE webhook_events SET sid = CASE
  WHEN json_typeof(form -> 'MessageSid') = 'string' AND length(form ->> 'MessageSid') <= 64 THEN form ->> 'MessageSid'
  WHEN json_typeof(form -> 'CallSid') = 'string' AND length(form ->> 'CallSid') <= 64 THEN form ->> 'CallSid'
END
"""
SQLITE = """
UPDATE webhook_events SET sid = CASE
  WHEN json_type(form, '$.MessageSid') = 'text' AND length(json_extract(form, '$.MessageSid')) <= 64
    THEN json_extract(form, '$.MessageSid')
  WHEN json_type(form, '$.CallSid') = 'text' AND length(json_extract(form, '$.CallSid')) <= 64
    THEN json_extract(form, '$.CallSid')
END
"""


def upgrade():
    with op.batch_alter_table("webhook_events") as batch:
        batch.add_column(sa.Column("sid", sa.String(64), nullable=True))
        batch.create_index("ix_webhook_events_sid", ["sid"])
    op.execute(POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE)


def downgrade():
    with op.batch_alter_table("webhook_events") as batch:
        batch.drop_index("ix_webhook_events_sid")
        batch.drop_column("sid")
