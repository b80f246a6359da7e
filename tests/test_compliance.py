"""The compliance gate's rules."""
from datetime import UTC, datetime, timedelta

import pytest

from desk import settings
from desk.compliance import gate as compliance
from desk.extensions import db
from models import Account, Activity, Call, Disposition


def at(hour_utc: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 25, hour_utc, minute, tzinfo=UTC)


@pytest.fixture
def ctx(app, account):
    with app.app_context():
        yield db.session.get(Account, account)


def test_contact_hours_use_customer_zone(ctx):
    phone = ctx.phones[0]  # Dallas: UTC-6 in November
    compliance.check_sms(ctx, phone, at(14))  # 8:00 in Dallas
    with pytest.raises(compliance.Refused) as refused:
        compliance.check_sms(ctx, phone, at(13, 59))
    assert refused.value.rule == "contact_hours"
    assert refused.value.next_allowed == at(14)
    with pytest.raises(compliance.Refused):
        compliance.check_sms(ctx, phone, at(3))  # 21:00 Dallas


def test_area_code_and_address_both_respected(ctx):
    ctx.phones[0].number = "+12125550100"  # a New York number for a Dallas customer
    compliance.check_sms(ctx, ctx.phones[0], at(14))  # 8am Dallas, 9am New York
    with pytest.raises(compliance.Refused) as refused:
        compliance.check_sms(ctx, ctx.phones[0], at(2, 30))  # 8:30pm Dallas, 9:30pm New York
    assert refused.value.next_allowed == at(14)


def test_a_number_whose_area_has_no_known_zone_keeps_the_address_zone(ctx):
    """phonenumbers answers "Etc/Unknown" for some numbers: not a zone the gate can read."""
    ctx.phones[0].number = "+12140000001"
    compliance.check_sms(ctx, ctx.phones[0], at(14))  # 8am Dallas
    assert compliance.customer_zones(ctx, ctx.phones[0].number) == ["America/Chicago"]


def test_opt_outs(ctx):
    phone = ctx.phones[0]
    phone.sms_opted_out_at, phone.sms_opt_out_how = at(1), "SMS keyword STOP"
    with pytest.raises(compliance.Refused) as refused:
        compliance.check_sms(ctx, phone, at(15))
    assert refused.value.rule == "sms_opt_out"
    phone.call_opted_out_at = at(1)
    with pytest.raises(compliance.Refused):
        compliance.check_call(ctx, phone, at(15), override_reason="customer asked")


def test_call_attempts_limit_and_override(ctx):
    for i in range(7):
        db.session.add(Call(account_id=ctx.id, direction="outbound", via="phone",
                            created_at=at(15) - timedelta(days=i)))
    db.session.flush()
    with pytest.raises(compliance.Refused) as refused:
        compliance.check_call(ctx, ctx.phones[0], at(16))
    assert refused.value.rule == "call_attempts"
    assert refused.value.next_allowed == at(15) - timedelta(days=6) + timedelta(days=7)
    compliance.check_call(ctx, ctx.phones[0], at(16), override_reason="Customer asked for a call back")
    settings.change({"call_attempts_max": 8})
    compliance.check_call(ctx, ctx.phones[0], at(16))


def test_cooldown_after_reaching_customer(ctx):
    spoke = db.session.execute(db.select(Disposition).where(Disposition.name == "Spoke to Customer")).scalar_one()
    db.session.add(Activity(account_id=ctx.id, type="call", disposition=spoke, created_at=at(15) - timedelta(days=2)))
    db.session.flush()
    with pytest.raises(compliance.Refused) as refused:
        compliance.check_call(ctx, ctx.phones[0], at(16))
    assert refused.value.rule == "call_cooldown"
    compliance.check_call(ctx, ctx.phones[0], at(16) + timedelta(days=5))
