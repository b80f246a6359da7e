"""A customer phone's consent to prerecorded messages (voicemail drops)."""
from flask_login import current_user

from api import bp
from api.util import finds
from desk.accounts.records import get_account
from desk.compliance.prerecorded_consent import change_prerecorded_consent
from desk.extensions import db
from desk.schemas.records import PhoneOut, PrerecordedConsentIn


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
