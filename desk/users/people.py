"""Verbs for the people who use the desk."""
from datetime import datetime

from desk.errors import Conflict, Invalid
from desk.extensions import db
from desk.users import throttle
from desk.users.passwords import hash_password, password_problem, set_password
from desk.users.presence import set_call_via, set_presence
from desk.users.sessions import end_all_sessions
from models import User


def create_user(data: dict) -> User:
    """Add a user from validated data (email, name, role, password, phone)."""
    email = data["email"].strip().lower()
    if db.session.execute(db.select(User.id).where(db.func.lower(User.email) == email)).first():
        raise Conflict(f"A user with email {email} exists.", {"email": ["Already in use."]})
    problem = password_problem(data["password"])
    if problem:
        raise Invalid(f"password: {problem}", {"password": [problem]})
    user = User(email=email, name=data["name"].strip(), role=data.get("role", "collector"),
                phone=data.get("phone"), password_hash=hash_password(data["password"]))
    db.session.add(user)
    db.session.flush()
    return user


def set_time_zone(user: User, zone: str) -> User:
    """The zone the console shows the user times in (a checked IANA name)."""
    user.time_zone = zone
    return user


def update_own_settings(user: User, data: dict) -> User:
    """The settings a user changes for themself: time zone, moving on after a call's outcome,
    how they call, whether they are available."""
    if "call_via" in data:
        set_call_via(user, data["call_via"], user.phone)
    if "time_zone" in data:
        set_time_zone(user, data["time_zone"])
    if "auto_next" in data:
        user.auto_next = data["auto_next"]
    if "presence" in data:
        set_presence(user, data["presence"])
    return user


def update_user(user: User, data: dict, acting: User) -> User:
    """Change name, role, phone, password, active or how they call; an admin cannot lock
    themself out. A new password or a deactivation ends the user's sessions."""
    if user.id == acting.id and (data.get("active") is False or data.get("role") == "collector"):
        raise Invalid("You cannot deactivate or demote yourself.",
                      {"active": ["You cannot deactivate or demote yourself."]})
    if "call_via" in data:
        set_call_via(user, data["call_via"], data.get("phone", user.phone))
    if user.active and data.get("active") is False:
        end_all_sessions(user)
    for key in ("name", "role", "phone", "active"):
        if key in data:
            setattr(user, key, data[key])
    if data.get("password"):
        set_password(user, data["password"])
    return user


def unlock_login(user: User) -> int:
    """Let a user locked out by failed logins sign in again now (desk.users.throttle.unlock)."""
    return throttle.unlock(user.email)


def locked_out(users: list[User]) -> list[tuple[User, datetime]]:
    """Those of `users` failed logins lock out now, with when each lock ends (one query for all)."""
    ends = throttle.locked_until_by_email([user.email for user in users])
    return [(user, ends[user.email]) for user in users if ends[user.email]]


def all_users() -> list[User]:
    """Active users first, then by name (the admin's list)."""
    return db.session.execute(db.select(User).order_by(User.active.desc(), User.name, User.id)).scalars().all()


def active_users() -> list[User]:
    return db.session.execute(
        db.select(User).where(User.active.is_(True)).order_by(User.name)).scalars().all()


def active_collectors() -> list[User]:
    """Who can hold accounts, by id (the order round-robin assignment follows)."""
    return db.session.execute(
        db.select(User).where(User.active.is_(True), User.role == "collector").order_by(User.id)).scalars().all()
