"""The orders the Dashboard's by-collector table can be read in."""

SORTABLE = ("name", "call_attempts", "right_party", "contact_rate", "promises_taken", "kept_rate",
            "payments_amount", "texts_sent", "emails_sent")


def sort_rows(rows: list[dict], key: str, descending: bool = False) -> list[dict]:
    """The rows by `key` (names alphabetically, whatever their case; figures as numbers); rows
    without a figure (a rate with nothing to divide by) come last either way."""
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    keyed = (lambda r: r[key].lower()) if key == "name" else (lambda r: float(r[key]))
    return sorted(present, key=keyed, reverse=descending) + missing
