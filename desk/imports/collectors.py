"""The DMS export's collector column: an active collector's email (any case) or exact name."""
from desk.users.people import active_collectors


class CollectorNames:
    """Active collectors looked up once per file, by lower-cased email and by name."""

    def __init__(self):
        self._by_key: dict[str, int] | None = None

    def find(self, text: str) -> int | None:
        """The collector's user id, or None when no active collector goes by this."""
        if self._by_key is None:
            self._by_key = {}
            for user in active_collectors():
                self._by_key.setdefault(user.name, user.id)
                self._by_key[user.email.lower()] = user.id
        text = text.strip()
        return self._by_key.get(text.lower() if "@" in text else text)
