"""Customers who speak Spanish: each account's preferred language (en or es, English until
changed), and a template version per language (a template's versions share its channel and
name, so the unique key becomes channel + name + language; every existing template is English).

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("language", sa.String(2), nullable=False, server_default="en"))
    with op.batch_alter_table("templates") as batch:
        batch.add_column(sa.Column("language", sa.String(2), nullable=False, server_default="en"))
        batch.drop_constraint("uq_templates_channel", type_="unique")
        batch.create_unique_constraint("uq_templates_channel", ["channel", "name", "language"])


def downgrade():
    op.execute("DELETE FROM templates WHERE language <> 'en'")
    with op.batch_alter_table("templates") as batch:
        batch.drop_constraint("uq_templates_channel", type_="unique")
        batch.create_unique_constraint("uq_templates_channel", ["channel", "name"])
        batch.drop_column("language")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("language")
