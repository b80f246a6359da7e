"""The ledger: payment allocations, installment plans, reversals, payment schedules, the audit log.

Payments already recorded are allocated to the promises they could pay by the new rule (due date
order, each payment counted once); they never moved the balance, so they put nothing back if
reversed (balance_applied and due_applied are 0). Promise statuses are left as they were.

Revision ID: 0008
Revises: 0007
"""
import json
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

import models.base

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('entity', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_audit_log_account_id_accounts')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_log_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_account_at', ['account_id', 'at'], unique=False)

    op.create_table('promise_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_promise_plans_account_id_accounts')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_promise_plans_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promise_plans'))
    )
    with op.batch_alter_table('promise_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_promise_plans_account_id'), ['account_id'], unique=False)

    op.create_table('payment_allocations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('promise_id', sa.Integer(), nullable=False),
    sa.Column('amount', models.base.Money(precision=12, scale=2), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('released_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_allocations_payment_id_payments')),
    sa.ForeignKeyConstraint(['promise_id'], ['promises.id'], name=op.f('fk_payment_allocations_promise_id_promises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_allocations')),
    sa.UniqueConstraint('payment_id', 'promise_id', name=op.f('uq_payment_allocations_payment_id'))
    )
    with op.batch_alter_table('payment_allocations', schema=None) as batch_op:
        batch_op.create_index('ix_payment_allocations_promise', ['promise_id'], unique=False)

    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payment_amount', models.base.Money(precision=12, scale=2), nullable=True))
        batch_op.add_column(sa.Column('payment_frequency', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('next_due_on', sa.Date(), nullable=True))

    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=10), nullable=False, server_default='console'))
        batch_op.add_column(sa.Column('overpayment', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('balance_applied', models.base.Money(precision=12, scale=2), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('due_applied', models.base.Money(precision=12, scale=2), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('reversed_at', models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reversed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reversal_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_payments_reversed_by_id_users'), 'users', ['reversed_by_id'], ['id'])

    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_promises_plan_id'), ['plan_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_promises_plan_id_promise_plans'), 'promise_plans', ['plan_id'],
                                    ['id'])
    _allocate_recorded_payments(op.get_bind())


def _allocate_recorded_payments(conn) -> None:
    """Each recorded payment, oldest first, pays the open promises it could (made on or before
    the payment's date, due no earlier than it) in due-date order, once."""
    grace = _grace_days(conn)
    promises = defaultdict(list)
    for row in conn.execute(sa.text("SELECT id, account_id, amount, due_on, created_at FROM promises "
                                    "WHERE status != 'cancelled' ORDER BY due_on, created_at, id")):
        promises[row.account_id].append({"id": row.id, "need": Decimal(row.amount), "due_on": _day(row.due_on),
                                         "made_on": _day(row.created_at)})
    payments = conn.execute(sa.text("SELECT id, account_id, amount, paid_on, created_at FROM payments "
                                    "ORDER BY paid_on, id")).all()
    for payment in payments:
        left, paid_on = Decimal(payment.amount), _day(payment.paid_on)
        for promise in promises[payment.account_id]:
            if left <= 0:
                break
            if promise["need"] <= 0 or promise["made_on"] > paid_on or promise["due_on"] + timedelta(days=grace) < paid_on:
                continue
            take = min(left, promise["need"])
            conn.execute(sa.text("INSERT INTO payment_allocations (payment_id, promise_id, amount, created_at) "
                                 "VALUES (:payment, :promise, :amount, :at)"),
                         {"payment": payment.id, "promise": promise["id"], "amount": take,
                          "at": payment.created_at})
            promise["need"] -= take
            left -= take


def _grace_days(conn) -> int:
    value = conn.execute(sa.text("SELECT value FROM settings WHERE key = 'promise_grace_days'")).scalar()
    return int(json.loads(value) if isinstance(value, str) else value or 0)


def _day(value) -> date:
    """A date from what the driver returns (SQLite gives strings)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def downgrade():
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_promises_plan_id_promise_plans'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_promises_plan_id'))
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('plan_id')

    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_payments_reversed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('reversal_reason')
        batch_op.drop_column('reversed_by_id')
        batch_op.drop_column('reversed_at')
        batch_op.drop_column('due_applied')
        batch_op.drop_column('balance_applied')
        batch_op.drop_column('overpayment')
        batch_op.drop_column('source')

    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('next_due_on')
        batch_op.drop_column('payment_frequency')
        batch_op.drop_column('payment_amount')

    with op.batch_alter_table('payment_allocations', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_allocations_promise')

    op.drop_table('payment_allocations')
    with op.batch_alter_table('promise_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_promise_plans_account_id'))

    op.drop_table('promise_plans')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_account_at')

    op.drop_table('audit_log')
