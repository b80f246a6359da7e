"""The public, login-free opt-out page a customer reaches from the link in every email."""
from flask import Blueprint, render_template

from desk.compliance.email_optout import address_for, opt_out_email
from desk.errors import NotFound
from desk.extensions import db

bp = Blueprint("optout", __name__)


@bp.errorhandler(NotFound)
def _bad_link(err: NotFound):
    return render_template("optout/email.html", invalid=True), 404


@bp.get("/optout/email/<token>")
def email_optout(token: str):
    """Show what will happen and a confirm button; a GET never changes anything (link scanners)."""
    address = address_for(token)
    return render_template("optout/email.html", address=address.address, token=token,
                           done=address.opt_out)


@bp.post("/optout/email/<token>")
def email_optout_confirm(token: str):
    """Record the opt-out; also what mail clients call for RFC 8058 one-click unsubscribe."""
    address = address_for(token)
    opt_out_email(address, "email link")
    db.session.commit()
    return render_template("optout/email.html", address=address.address, token=token, done=True)
