"""API tokens: make one, list them (without their secrets), revoke one."""
from flask_login import current_user

from api import bp
from api.util import page
from desk.extensions import db
from desk.schemas.records import page_of
from desk.schemas.users import TokenCreatedOut, TokenIn, TokenOut
from desk.users.tokens import create_token, revoke_token, token_for_revoking, tokens_of


@bp.get("/tokens")
@bp.response(200, page_of(TokenOut))
def list_tokens():
    """My API tokens not revoked (an admin: everyone's, with their owner); never the secrets"""
    return page(tokens_of(current_user), None)


@bp.post("/tokens")
@bp.arguments(TokenIn)
@bp.response(201, TokenCreatedOut)
def post_token(data):
    """Make an API token of mine; the secret is in this answer only"""
    secret, row = create_token(current_user, data["name"], data["expires_in_days"])
    db.session.commit()
    row.token = secret
    return row


@bp.delete("/tokens/<int:token_id>")
@bp.response(204)
def delete_token(token_id: int):
    """Revoke an API token (mine; an admin any)"""
    revoke_token(token_for_revoking(token_id, current_user))
    db.session.commit()
    return ""
