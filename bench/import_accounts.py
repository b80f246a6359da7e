"""Time `desk import accounts` on a generated 50,000-row export against a bare bulk insert.

    python bench/import_accounts.py [--rows 50000] [--database-url URL]

Without --database-url each side gets a fresh SQLite file; with a PostgreSQL URL the accounts,
phones and email tables are emptied before each side. Prints both times and their ratio.
"""
import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from desk import create_app  # noqa: E402
from desk.extensions import db  # noqa: E402

HEADER = ["Account #", "Customer Name", "Cell Phone", "Home Phone", "Email", "Address", "City", "State",
          "Zip", "Year", "Make", "Model", "Balance", "Amount Due", "Due Date", "Days Past Due", "Status"]
PLACES = [("Dallas", "TX", "752"), ("Austin", "TX", "787"), ("Phoenix", "AZ", "850"),
          ("Atlanta", "GA", "303"), ("Denver", "CO", "802"), ("Tampa", "FL", "336")]
AREA_CODES = ["214", "512", "602", "404", "303", "813"]
FIRST = ["Maria", "José", "Ann", "Bob", "Zoë", "Li", "Sam", "Renée", "Omar", "Kim"]
LAST = ["Garcia", "Muñoz", "Lee", "Smith", "Brontë", "Nguyen", "Patel", "O'Connor", "Khan", "Park"]
CARS = [("2016", "Chevrolet", "Malibu"), ("2019", "Nissan", "Altima"), ("2014", "Ford", "F-150")]


def generate(rows: int) -> bytes:
    """A semicolon export in Windows-1252, the way many DMSs write it."""
    rng = random.Random(8)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for i in range(rows):
        city, state, zip3 = PLACES[i % len(PLACES)]
        area = AREA_CODES[i % len(AREA_CODES)]
        year, make, model = CARS[i % len(CARS)]
        due = date(2026, 11, 1) + timedelta(days=i % 60)
        writer.writerow([
            f"BH-{i:06d}", f"{rng.choice(LAST)}, {rng.choice(FIRST)}",
            f"({area}) 555-{i % 10000:04d}", f"{area}-{200 + i % 700}-{(i * 7) % 10000:04d}",
            f"c{i}@example.com", f"{i} Main St", city, state, f"{zip3}{i % 100:02d}", year, make, model,
            f"${rng.randint(500, 15000):,}.{rng.randint(0, 99):02d}", f"${rng.randint(100, 400)}.00",
            due.strftime("%m/%d/%Y"), str(i % 90), "Delinquent" if i % 3 else "Current"])
    return out.getvalue().encode("cp1252")


def time_import(data: bytes) -> tuple[float, dict]:
    from desk.imports import new_run, run_import, summary

    run = new_run("accounts", "bench.csv", None, None)
    db.session.commit()
    started, cpu = time.perf_counter(), time.process_time()
    run = run_import(run, data)
    return time.perf_counter() - started, {**summary(run), "cpu": time.process_time() - cpu}


def time_bulk_insert(data: bytes) -> float:
    """The floor: the same rows' raw cells into accounts and phones with Core executemany."""
    from models import Account, Phone

    started = time.perf_counter()
    rows = list(csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";"))[1:]
    now = db.func.now()
    accounts = [{"number": r[0], "first_name": r[1].split(", ")[1], "last_name": r[1].split(", ")[0],
                 "address_line1": r[5], "city": r[6], "state": r[7], "zip": r[8],
                 "timezone": "America/Chicago", "vehicle": f"{r[9]} {r[10]} {r[11]}",
                 "balance": Decimal(r[12].strip("$").replace(",", "")),
                 "amount_due": Decimal(r[13].strip("$")), "due_on": date(2026, 11, 1),
                 "days_past_due": int(r[15]), "status": r[16].lower()} for r in rows]
    for start in range(0, len(accounts), 500):
        db.session.execute(db.insert(Account).values(created_at=now, updated_at=now), accounts[start:start + 500])
    ids = dict(db.session.execute(db.select(Account.number, Account.id)).all())
    phones = [{"account_id": ids[r[0]], "number": "+1" + "".join(c for c in r[n] if c.isdigit()), "label": label}
              for r in rows for n, label in ((2, "mobile"), (3, "home"))]
    for start in range(0, len(phones), 1000):
        db.session.execute(db.insert(Phone), phones[start:start + 1000])
    db.session.commit()
    return time.perf_counter() - started


def fresh_app(url: str | None, workdir: Path, name: str):
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{workdir / name}",
                      "UPLOAD_DIR": str(workdir / "uploads")})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        if url:
            db.session.execute(text("TRUNCATE import_runs, phones, email_addresses, accounts "
                                    "RESTART IDENTITY CASCADE"))
            db.session.commit()
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database-url", default=None)
    options = parser.parse_args()
    data = generate(options.rows)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with fresh_app(options.database_url, workdir, "import.sqlite3").app_context():
            import_seconds, result = time_import(data)
            again_seconds, again = time_import(data)
            db.engine.dispose()
        with fresh_app(options.database_url, workdir, "bulk.sqlite3").app_context():
            bulk_seconds = time_bulk_insert(data)
            db.engine.dispose()
    dialect = (options.database_url or "sqlite").split(":")[0].split("+")[0]
    print(f"rows: {options.rows} ({len(data) / 1e6:.1f} MB, Windows-1252, semicolons), database: {dialect}")
    print(f"desk import accounts (first run):  {import_seconds:6.2f} s  (CPU in this process "
          f"{result['cpu']:.2f} s; {result['created']} created, {result['failed']} failed)")
    print(f"desk import accounts (same again): {again_seconds:6.2f} s  (CPU in this process "
          f"{again['cpu']:.2f} s; {again['unchanged']} unchanged)")
    print(f"bare bulk insert (Core executemany): {bulk_seconds:6.2f} s")
    print(f"ratio import / bulk insert: {import_seconds / bulk_seconds:.1f}x")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
