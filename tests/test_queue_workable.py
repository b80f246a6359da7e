"""The queue's quick "may this account be contacted now" (stopping at the first check that
passes) agrees with contactability's full answer, account by account, in every state."""
from datetime import timedelta

import pytest

from desk import settings
from desk.compliance.contactability import contactability, workable, workable_now
from desk.extensions import db
from models import Account, Activity, Call, Disposition, EmailAddress, Phone, utcnow
from tests.helpers import closed_contact_hours

OPTED = {"sms_opted_out_at": "now", "sms_opt_out_how": "STOP", "call_opted_out_at": "now", "call_opt_out_how": "asked"}


def make_account(number, phones=(), emails=(), zone="America/Chicago"):
    account = Account(number=number, first_name="W", last_name=number, timezone=zone)
    for n, opt_outs in enumerate(phones):
        values = {key: utcnow() if value == "now" else value for key, value in opt_outs.items()}
        account.phones.append(Phone(number=f"+1214555{n:04d}", label="mobile", **values))
    for address, opted in emails:
        account.emails.append(EmailAddress(address=address, opted_out_at=utcnow() if opted else None,
                                           opt_out_how="unsubscribe" if opted else None))
    db.session.add(account)
    db.session.flush()
    return account


def called(account, times):
    for _ in range(times):
        db.session.add(Call(account_id=account.id, direction="outbound", via="phone", status="completed",
                            customer_sid="CA" + "2" * 32))


def reached(account):
    disposition = db.session.execute(db.select(Disposition).where(Disposition.reached.is_(True))).scalars().first()
    db.session.add(Activity(account_id=account.id, type="call", disposition_id=disposition.id,
                            created_at=utcnow() - timedelta(hours=1)))


def states():
    """Accounts in each state the rules tell apart."""
    return [
        make_account("W-PLAIN", phones=[{}]),
        make_account("W-NOTHING"),
        make_account("W-OPTED", phones=[OPTED]),
        make_account("W-OPTED-EMAIL", phones=[OPTED], emails=[("w@example.com", False)]),
        make_account("W-OPTED-BOTH", phones=[OPTED], emails=[("w2@example.com", True)]),
        make_account("W-SMS-ONLY-OUT", phones=[{"sms_opted_out_at": "now", "sms_opt_out_how": "STOP"}]),
        make_account("W-CALL-ONLY-OUT", phones=[{"call_opted_out_at": "now", "call_opt_out_how": "asked"}]),
        make_account("W-SECOND-PHONE", phones=[OPTED, {}]),
        make_account("W-GUAM", phones=[{}], zone="Pacific/Guam"),
    ]


@pytest.mark.parametrize("hours", ["open", "closed"])
def test_quick_answer_agrees_with_contactability(app, hours):
    with app.app_context():
        from desk.collections.dispositions import ensure_defaults

        ensure_defaults()
        settings.change(closed_contact_hours() if hours == "closed" else
                        {"contact_hours_start": 0, "contact_hours_end": 24, "call_attempts_max": 1})
        accounts = states()
        limited = make_account("W-CALL-LIMIT", phones=[{"sms_opted_out_at": "now", "sms_opt_out_how": "STOP"}])
        called(limited, 2)
        cooled = make_account("W-COOLDOWN", phones=[{"sms_opted_out_at": "now", "sms_opt_out_how": "STOP"}])
        reached(cooled)
        db.session.commit()
        answers = {a.number: (workable_now(a), workable(contactability(a))) for a in [*accounts, limited, cooled]}
        assert all(quick == full for quick, full in answers.values()), answers
        expected_open = {"W-PLAIN", "W-OPTED-EMAIL", "W-SMS-ONLY-OUT", "W-CALL-ONLY-OUT", "W-SECOND-PHONE",
                         "W-GUAM"}
        workable_ones = {number for number, (quick, _) in answers.items() if quick}
        assert workable_ones == (expected_open if hours == "open" else {"W-OPTED-EMAIL"})
