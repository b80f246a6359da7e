"""The public, login-free opt-out page a customer reaches from the link in every email."""
from flask import Blueprint, render_template

from desk.compliance.email_optout import PAGE_WORDS, address_for, opt_out_email, page_language
from desk.errors import NotFound
from desk.extensions import db

bp = Blueprint("optout", __name__)


def _page(address=None, **values):
    """The page in the language of the address's account (English for a link that does not work)."""
    language = page_language(address)
    return render_template("optout/email.html", page_language=language, words=PAGE_WORDS[language],
                           address=address.address if address else None, **values)


@bp.errorhandler(NotFound)
def _bad_link(err: NotFound):
    return _page(invalid=True), 404


@bp.get("/optout/email/<token>")
def email_optout(token: str):
    """Show what will happen and a confirm button; a GET never changes anything (link scanners)."""
    address = address_for(token)
    return _page(address, token=token, done=address.opt_out)


@bp.post("/optout/email/<token>")
def email_optout_confirm(token: str):
    """Record the opt-out; also what mail clients call for RFC 8058 one-click unsubscribe."""
    address = address_for(token)
    opt_out_email(address, "email link")
    db.session.commit()
    return _page(address, token=token, done=True)
