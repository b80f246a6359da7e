"""The Dashboard: how collections are going over a period, charts first and tables beneath,
and the by-day and by-collector tables as CSV."""
from flask import Response, abort, current_app, render_template, request
from flask_login import current_user, login_required
from marshmallow import ValidationError

from console import bp
from desk.errors import Forbidden, Invalid
from desk.reports.access import portfolio_for, summary_for
from desk.reports.charts import dashboard_charts
from desk.reports.export import COLLECTOR_COLUMNS, DAY_COLUMNS, to_csv
from desk.reports.presets import PRESETS, local_today, preset_days
from desk.reports.sorting import SORTABLE, sort_rows
from desk.schemas.reports import DashboardArgs
from desk.users.people import active_users


def _choice() -> dict:
    """What the picker asked for (DashboardArgs holds the rules): the named period's days or the
    custom ones, a collector, and the by-collector table's order."""
    try:
        args = DashboardArgs().load(request.args.to_dict())
    except ValidationError as err:
        raise Invalid("The period or the collector chosen is not valid.", err.messages) from None
    zone = current_app.config["DEALER_TIME_ZONE"]
    if args["range"] == "custom":
        first, last = args["from_"], args["to"]
    else:
        first, last = preset_days(args["range"], local_today(zone))
    return {"range": args["range"], "from": first, "to": last, "zone": zone, "collector": args["collector"],
            "sort": args["sort"], "descending": args["dir"] == "desc"}


def _summary(choice: dict) -> dict:
    """The summary as the viewer may see it; another collector's numbers are a 403 page."""
    try:
        return summary_for(current_user, choice["from"], choice["to"], choice["zone"], choice["collector"])
    except Forbidden as refusal:
        abort(403, refusal.message)


def _sorted(rows: list[dict], choice: dict) -> list[dict]:
    return sort_rows(rows, choice["sort"], choice["descending"])


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
    portfolio = portfolio_for(current_user, choice["from"], choice["collector"])
    summary["by_collector"] = _sorted(summary["by_collector"], choice)
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
    rows = _sorted(_summary(choice)["by_collector"], choice)
    return _csv(f"by-collector-{choice['from']}-{choice['to']}.csv", rows, COLLECTOR_COLUMNS)
