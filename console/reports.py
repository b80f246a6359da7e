"""The Dashboard: how collections are going over a period, charts first and tables beneath,
and the by-day and by-collector tables as CSV."""
from flask import Response, abort, current_app, render_template, request
from flask_login import current_user, login_required

from console import bp
from desk.errors import Forbidden, Invalid
from desk.reports.access import portfolio_for, summary_for
from desk.reports.charts import dashboard_charts
from desk.reports.export import COLLECTOR_COLUMNS, DAY_COLUMNS, to_csv
from desk.reports.presets import PRESETS, local_today, parse_day, preset_days
from desk.users.people import active_users

SORTABLE = ("name", "call_attempts", "right_party", "contact_rate", "promises_taken", "kept_rate",
            "payments_amount", "texts_sent", "emails_sent")


def _choice() -> dict:
    """What the picker asked for: the named period or the custom days, and a collector."""
    args = request.args
    chosen = args.get("range", "30")
    collector = args.get("collector", "").strip()
    if collector and not collector.isdigit():
        raise Invalid("Choose a collector from the list.", {"collector": ["Not a collector."]})
    zone = current_app.config["DEALER_TIME_ZONE"]
    if chosen == "custom":
        first, last = parse_day(args.get("from"), "from"), parse_day(args.get("to"), "to")
    else:
        first, last = preset_days(chosen, local_today(zone))
    return {"range": chosen, "from": first, "to": last, "zone": zone,
            "collector": int(collector) if collector else None}


def _summary(choice: dict) -> dict:
    """The summary as the viewer may see it; another collector's numbers are a 403 page."""
    try:
        return summary_for(current_user, choice["from"], choice["to"], choice["zone"], choice["collector"])
    except Forbidden as refusal:
        abort(403, refusal.message)


def _sorted(rows: list[dict]) -> list[dict]:
    key = request.args.get("sort", "name")
    key = key if key in SORTABLE else "name"
    descending = request.args.get("dir") == "desc"
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    keyed = (lambda r: r[key].lower()) if key == "name" else (lambda r: float(r[key]))
    return sorted(present, key=keyed, reverse=descending) + missing


@bp.get("/dashboard")
@login_required
def dashboard():
    """The period picker, the charts, and the figures in tables."""
    try:
        choice = _choice()
        summary = _summary(choice)
    except Invalid as refusal:
        return render_template("reports/dashboard.html", refusal=refusal, presets=PRESETS,
                               args=request.args, collectors=_collectors()), 422
    portfolio = portfolio_for(current_user, choice["collector"])
    summary["by_collector"] = _sorted(summary["by_collector"])
    return render_template("reports/dashboard.html", refusal=None, presets=PRESETS, args=request.args,
                           choice=choice, s=summary, portfolio=portfolio, collectors=_collectors(),
                           charts=dashboard_charts(summary, portfolio), sortable=SORTABLE)


def _collectors():
    return active_users() if current_user.is_admin else []


def _csv(name: str, rows: list[dict], columns) -> Response:
    return Response(to_csv(rows, columns), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/dashboard/by-day.csv")
@login_required
def dashboard_by_day_csv():
    choice = _choice()
    return _csv(f"by-day-{choice['from']}-{choice['to']}.csv", _summary(choice)["by_day"], DAY_COLUMNS)


@bp.get("/dashboard/by-collector.csv")
@login_required
def dashboard_by_collector_csv():
    choice = _choice()
    rows = _sorted(_summary(choice)["by_collector"])
    return _csv(f"by-collector-{choice['from']}-{choice['to']}.csv", rows, COLLECTOR_COLUMNS)
