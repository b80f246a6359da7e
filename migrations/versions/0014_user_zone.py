"""A collector's own time zone, and phone numbers searchable by their last digits.

`phones.number_reversed` holds the number's digits back to front, so "the number ends in 1022"
is a prefix of it ("2201") and the search reads it as a range on a plain btree index (see
desk.accounts.records._ends_with): no pattern operator class, no scan, on SQLite and PostgreSQL.

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("time_zone", sa.String(64), nullable=True))
    with op.batch_alter_table("phones") as batch:
        batch.add_column(sa.Column("number_reversed", sa.String(20), nullable=True))
    phones = sa.table("phones", sa.column("id", sa.Integer), sa.column("number", sa.String),
                      sa.column("number_reversed", sa.String))
    bind = op.get_bind()
    for row in bind.execute(sa.select(phones.c.id, phones.c.number)).all():
        digits = "".join(ch for ch in row.number if ch.isdigit())[::-1]
        bind.execute(phones.update().where(phones.c.id == row.id).values(number_reversed=digits))
    op.create_index("ix_phones_number_reversed", "phones", ["number_reversed"])


def downgrade():
    op.drop_index("ix_phones_number_reversed", table_name="phones")
    with op.batch_alter_table("phones") as batch:
        batch.drop_column("number_reversed")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("time_zone")
