"""The dashboard's tables as CSV files."""
import csv
import io

from desk.reports.summary import NAMES

RATES = ("contact_rate", "delivery_rate", "kept_rate", "kept_rate_amount")
DAY_COLUMNS = ("day", *NAMES, "accounts_worked", *RATES)
COLLECTOR_COLUMNS = ("collector_id", "name", *NAMES, "accounts_worked", *RATES)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A value as text a spreadsheet will not run: text starting like a formula gets a quote."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in columns])
    return out.getvalue()
