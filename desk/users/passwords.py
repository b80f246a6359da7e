"""Passwords: the policy (length, not a common password), hashing, and changing them. Every
change ends the user's other sessions (desk.users.sessions)."""
from functools import cache
from importlib.resources import files

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from desk.errors import Invalid
from desk.users.sessions import end_all_sessions
from models import User

MIN_LENGTH, MAX_LENGTH = 12, 200


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    text = files("desk.users").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def password_problem(password: str) -> str | None:
    """Why the password cannot be used, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.lower() in common_passwords() or len(set(password)) < 4:
        return "This password is too common; choose another."
    return None


def hash_password(password: str) -> str:
    """Hash with the configured method (tests use a cheap one; production keeps scrypt)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("no-such-user-password", method=method)


def check_password(user: User | None, password: str) -> bool:
    """Check against the user's hash, or a dummy one when there is no user (same time either way)."""
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return False
    return check_password_hash(user.password_hash, password)


def set_password(user: User, password: str, field: str = "password") -> None:
    """A new password (checked against the policy, 422 naming `field`); every session ends."""
    problem = password_problem(password)
    if problem:
        raise Invalid(f"{field}: {problem}", {field: [problem]})
    user.password_hash = hash_password(password)
    end_all_sessions(user)


def change_own_password(user: User, current: str, new: str) -> None:
    """The user's own change: the current password must be right."""
    if not check_password_hash(user.password_hash, current or ""):
        raise Invalid("current_password: Wrong password.", {"current_password": ["Wrong password."]})
    set_password(user, new, field="new_password")
