"""A customer phone's consents: prerecorded messages (voicemail drops), and a request to stop calling."""
from flask_login import current_user

from api import bp
from api.util import finds
from desk.accounts.records import get_account
from desk.compliance.call_consent import change_call_opt_out
from desk.compliance.prerecorded_consent import change_prerecorded_consent
from desk.extensions import db
from desk.schemas.records import CallOptOutIn, PhoneOut, PrerecordedConsentIn


@bp.post("/accounts/<int:account_id>/phones/<int:phone_id>/prerecorded-consent")
@finds(account=get_account)
@bp.arguments(PrerecordedConsentIn)
@bp.response(200, PhoneOut)
def post_prerecorded_consent(data, account, phone_id: int):
    """Record the customer's consent to prerecorded messages on this phone, given or withdrawn
    (kept in the consent ledger with who, when and how); a voicemail drop needs it"""
    phone = change_prerecorded_consent(account, phone_id, data, current_user)
    db.session.commit()
    return phone


@bp.post("/accounts/<int:account_id>/phones/<int:phone_id>/call-opt-out")
@finds(account=get_account)
@bp.arguments(CallOptOutIn)
@bp.response(200, PhoneOut)
@bp.refuses(403)
def post_call_opt_out(data, account, phone_id: int):
    """Record that the customer asked not to be called on this phone (opted_out true: anyone signed
    in), or asked to be called again (false: an admin only, else 403 naming `opted_out`); kept in
    the consent ledger with who, when, how and their words. The call gate then refuses the number
    (409 call_opt_out). Repeating the same state changes nothing."""
    phone = change_call_opt_out(account, phone_id, data, current_user)
    db.session.commit()
    return phone
