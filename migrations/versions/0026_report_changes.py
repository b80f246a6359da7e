"""Day sheets of the summary's figures (report_days) and the log of changes to the records they
counted (report_changes; models.reports): triggers on every table the summary counts log a write
to a row stamped more than an hour ago, so that a sheet of a day that ended more than three
hours ago is known to be stale. A fresh row (the texts and calls of the hour, the common write)
costs the comparison in its trigger's WHEN and writes nothing.

What is logged: each old stamp of the row before (UPDATE, DELETE) and after (INSERT, UPDATE) the
write, an instant in `at` (older than now minus an hour), and a payment's date in `on_day`
whatever it is (a date is a day in the dealer's zone, which the database does not know, so
whether it has settled can't be told here; payments are few); a NULL stamp never. An allocation logs its promise's created_at; an account whose
collector changed logs its payments' and consent events' old stamps (they are credited to its
collector now); a disposition whose `reached` changed, or deleted, logs one row with neither
(every day may have moved).

On SQLite a table rebuilt by batch_alter_table (copy, drop, rename) loses its own triggers, and
the rebuild of payments, consent_events or promises fails at the rename ("error in trigger
report_change_accounts_update: no such table: main.payments") while the accounts' and the
allocations' triggers name them: a later migration that rebuilds one of these tables drops the
triggers that name it first and creates them again after (tests/test_report_changes.py fails
when one is missing).

Revision ID: 0026
Revises: 0025
"""
import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

# The tables whose rows count on their own stamp's day: (report_changes column, the row's column).
STAMPS = {
    "calls": [("at", "created_at")],
    "messages": [("at", "created_at")],
    "activities": [("at", "created_at")],
    "promises": [("at", "created_at")],
    "consent_events": [("at", "created_at")],
    "emails": [("at", "sent_at")],
    "payments": [("on_day", "paid_on"), ("at", "reversed_at")],
}

# "Old" per dialect, a condition on a column: an instant before an hour ago; any date.
# SQLite holds a UTCDateTime as text in UTC with six fraction digits, '2026-12-01 10:00:00.000000',
# and datetime('now', '-1 hour') is '2026-12-01 10:00:00': as text they sort as the instants do (a
# stamp in the cutoff's own second is the longer string, so not before it).
OLD = {
    "postgresql": {"at": "{} < now() - interval '1 hour'", "on_day": "{} IS NOT NULL"},
    "sqlite": {"at": "{} < datetime('now', '-1 hour')", "on_day": "{} IS NOT NULL"},
}

# The triggers are report_change_<table>_<event>; on PostgreSQL they run report_change_<table>().
EVENTS = {**{table: ("insert", "update", "delete") for table in STAMPS},
          "payment_allocations": ("insert", "update", "delete"),
          "accounts": ("update",),
          "dispositions": ("update", "delete")}


def any_old(row: str, stamps, old: dict) -> str:
    return " OR ".join(old[kind].format(f"{row}.{column}") for kind, column in stamps)


def log_old(row: str, stamps, old: dict, indent: str) -> str:
    return "\n".join(f"{indent}INSERT INTO report_changes ({kind}) SELECT {row}.{column} "
                     f"WHERE {old[kind].format(f'{row}.{column}')};" for kind, column in stamps)


# PostgreSQL: a function per table; the WHEN of its triggers keeps fresh rows from calling it.

PG_FUNCTION = """
CREATE FUNCTION report_change_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
{old_row}
  END IF;
  IF TG_OP <> 'DELETE' THEN
{new_row}
  END IF;
  RETURN NULL;
END
$$
"""

PG_ALLOCATION_LOG = """    INSERT INTO report_changes (at) SELECT created_at FROM promises
      WHERE id = {row}.promise_id AND created_at < now() - interval '1 hour';"""

# An account's payments, reversals and opt-outs are credited to its collector now.
PG_ACCOUNTS = """
CREATE FUNCTION report_change_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (on_day) SELECT DISTINCT paid_on FROM payments
    WHERE account_id = NEW.id AND paid_on IS NOT NULL;
  INSERT INTO report_changes (at) SELECT DISTINCT reversed_at FROM payments
    WHERE account_id = NEW.id AND reversed_at < now() - interval '1 hour';
  INSERT INTO report_changes (at) SELECT DISTINCT created_at FROM consent_events
    WHERE account_id = NEW.id AND created_at < now() - interval '1 hour';
  RETURN NULL;
END
$$
"""

# Whether a disposition reached the customer counts on every day an activity has it.
PG_DISPOSITIONS = """
CREATE FUNCTION report_change_dispositions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (at, on_day) VALUES (NULL, NULL);
  RETURN NULL;
END
$$
"""


def pg_trigger(table: str, event: str, when: str = "") -> str:
    return (f"CREATE TRIGGER report_change_{table}_{event} AFTER {event.upper()} ON {table} FOR EACH ROW\n"
            + (f"WHEN ({when})\n" if when else "") + f"EXECUTE FUNCTION report_change_{table}()")


def postgresql() -> list[str]:
    old = OLD["postgresql"]
    statements = []
    for table, stamps in STAMPS.items():
        statements += [
            PG_FUNCTION.format(table=table, old_row=log_old("OLD", stamps, old, "    "),
                               new_row=log_old("NEW", stamps, old, "    ")),
            pg_trigger(table, "insert", any_old("NEW", stamps, old)),
            pg_trigger(table, "update", f"{any_old('OLD', stamps, old)} OR {any_old('NEW', stamps, old)}"),
            pg_trigger(table, "delete", any_old("OLD", stamps, old)),
        ]
    return [
        *statements,
        # no WHEN: a trigger's WHEN cannot read another table; the function looks the promise up
        PG_FUNCTION.format(table="payment_allocations", old_row=PG_ALLOCATION_LOG.format(row="OLD"),
                           new_row=PG_ALLOCATION_LOG.format(row="NEW")),
        *(pg_trigger("payment_allocations", event) for event in EVENTS["payment_allocations"]),
        PG_ACCOUNTS,
        pg_trigger("accounts", "update", "OLD.assigned_to_id IS DISTINCT FROM NEW.assigned_to_id"),
        PG_DISPOSITIONS,
        pg_trigger("dispositions", "update", "OLD.reached IS DISTINCT FROM NEW.reached"),
        pg_trigger("dispositions", "delete"),
    ]


# SQLite: a trigger per table and event, its statements in its body.

SQLITE_ALLOCATION_LOG = """  INSERT INTO report_changes (at) SELECT created_at FROM promises
    WHERE id = {row}.promise_id AND created_at < datetime('now', '-1 hour');"""

SQLITE_ACCOUNTS = """
  INSERT INTO report_changes (on_day) SELECT DISTINCT paid_on FROM payments
    WHERE account_id = NEW.id AND paid_on IS NOT NULL;
  INSERT INTO report_changes (at) SELECT DISTINCT reversed_at FROM payments
    WHERE account_id = NEW.id AND reversed_at < datetime('now', '-1 hour');
  INSERT INTO report_changes (at) SELECT DISTINCT created_at FROM consent_events
    WHERE account_id = NEW.id AND created_at < datetime('now', '-1 hour');"""

SQLITE_EVERY_DAY = "  INSERT INTO report_changes (at, on_day) VALUES (NULL, NULL);"


def sqlite_trigger(table: str, event: str, body: str, when: str = "") -> str:
    return (f"CREATE TRIGGER report_change_{table}_{event} AFTER {event.upper()} ON {table} FOR EACH ROW\n"
            + (f"WHEN {when}\n" if when else "") + f"BEGIN\n{body.strip(chr(10))}\nEND")


def sqlite() -> list[str]:
    old = OLD["sqlite"]
    statements = []
    for table, stamps in STAMPS.items():
        old_row, new_row = log_old("OLD", stamps, old, "  "), log_old("NEW", stamps, old, "  ")
        statements += [
            sqlite_trigger(table, "insert", new_row, any_old("NEW", stamps, old)),
            sqlite_trigger(table, "update", f"{old_row}\n{new_row}",
                           f"{any_old('OLD', stamps, old)} OR {any_old('NEW', stamps, old)}"),
            sqlite_trigger(table, "delete", old_row, any_old("OLD", stamps, old)),
        ]
    old_promise, new_promise = SQLITE_ALLOCATION_LOG.format(row="OLD"), SQLITE_ALLOCATION_LOG.format(row="NEW")
    return [
        *statements,
        sqlite_trigger("payment_allocations", "insert", new_promise),
        sqlite_trigger("payment_allocations", "update", f"{old_promise}\n{new_promise}"),
        sqlite_trigger("payment_allocations", "delete", old_promise),
        sqlite_trigger("accounts", "update", SQLITE_ACCOUNTS, "OLD.assigned_to_id IS NOT NEW.assigned_to_id"),
        sqlite_trigger("dispositions", "update", SQLITE_EVERY_DAY, "OLD.reached IS NOT NEW.reached"),
        sqlite_trigger("dispositions", "delete", SQLITE_EVERY_DAY),
    ]


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "report_days",
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("worked", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("zone", "day", name=op.f("pk_report_days")),
    )
    # on SQLite in the text form of every other timestamp there (CURRENT_TIMESTAMP has no fraction)
    now = "CURRENT_TIMESTAMP" if postgres else "(strftime('%Y-%m-%d %H:%M:%f000', 'now'))"
    op.create_table(
        "report_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("on_day", sa.Date(), nullable=True),
        sa.Column("logged_at", sa.DateTime(timezone=True), server_default=sa.text(now), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_changes")),
        sqlite_autoincrement=True,  # ids never repeat, even after the newest rows are deleted
    )
    for statement in postgresql() if postgres else sqlite():
        op.execute(statement)


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, events in EVENTS.items():
        for event in events:
            op.execute(f"DROP TRIGGER report_change_{table}_{event}" + (f" ON {table}" if postgres else ""))
        if postgres:
            op.execute(f"DROP FUNCTION report_change_{table}()")
    op.drop_table("report_changes")
    op.drop_table("report_days")
