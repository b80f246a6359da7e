"""The `assignment_ranges` setting: last-name initials to collectors, written
"A-F: casey@desk.local; G-M: jordan@desk.local; N-Z: sam@desk.local" (a range or one letter,
a colon, an active collector's email; entries split by ";" or new lines). Letters not named
leave the account unassigned; two entries may not claim the same letter."""
import re
import unicodedata

from sqlalchemy import func, select

from desk.extensions import db
from models import User

ENTRY = re.compile(r"^([A-Za-z])(?:\s*-\s*([A-Za-z]))?\s*:\s*(\S+@\S+)$")


def parse_ranges(text: str, skip_gone: bool = False) -> dict[str, int]:
    """{initial letter: collector's user id}; ValueError saying which entry is wrong.
    `skip_gone` leaves out, rather than refuses, a collector who is no longer active."""
    owners: dict[str, int] = {}
    for entry in filter(None, (part.strip() for part in re.split(r"[;\n]", text or ""))):
        found = ENTRY.match(entry)
        if not found:
            raise ValueError(f'"{entry}" is not like "A-F: casey@desk.local".')
        first, last = found.group(1).upper(), (found.group(2) or found.group(1)).upper()
        if first > last:
            raise ValueError(f'"{entry}": the range runs backwards.')
        collector = _collector(found.group(3))
        if collector is None and skip_gone:
            continue
        if collector is None:
            raise ValueError(f'"{entry}": {found.group(3)} is not an active collector.')
        for code in range(ord(first), ord(last) + 1):
            if chr(code) in owners:
                raise ValueError(f'"{entry}": {chr(code)} is already in another range.')
            owners[chr(code)] = collector.id
    return owners


def initial(last_name: str) -> str:
    """The last name's first letter without accents, upper case ("Ñúñez" -> "N")."""
    plain = unicodedata.normalize("NFKD", (last_name or "").strip())
    return next((ch.upper() for ch in plain if ch.isascii() and ch.isalpha()), "")


def _collector(email: str) -> User | None:
    return db.session.execute(select(User).where(
        func.lower(User.email) == email.lower(), User.role == "collector", User.active.is_(True))).scalar()
