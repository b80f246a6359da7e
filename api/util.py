"""Small helpers the API views share."""
from functools import wraps

from flask import abort
from flask_login import current_user

from api import bp


def page(rows, next_cursor) -> dict:
    """A list answer, dumped by a desk.schemas.records.page_of schema."""
    return {"items": rows, "next": next_cursor}


def require_admin() -> None:
    if not current_user.is_admin:
        abort(403, "This needs the admin role.")


def admin_only(view):
    """403 for anyone but an admin, before the request is parsed (a bad body is no 422 to them)."""

    @bp.refuses(403)
    @wraps(view)
    def wrapper(*args, **kwargs):
        require_admin()
        return view(*args, **kwargs)

    return wrapper


def finds(**loaders):
    """Look the rows the path names up before the request is parsed: `finds(account=get_account)`
    turns the `account_id` argument into `account`, and a missing row answers 404 whatever the
    body or query says."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            for name, load in loaders.items():
                kwargs[name] = load(kwargs.pop(f"{name}_id"))
            return view(*args, **kwargs)

        return wrapper

    return decorator


__all__ = ["admin_only", "finds", "page", "require_admin"]
