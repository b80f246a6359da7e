"""How collections are going: the summary of a period and the portfolio now."""
from flask import current_app
from flask_login import current_user

from api import bp
from desk.reports.access import portfolio_for, summary_for
from desk.reports.presets import local_today, preset_days
from desk.schemas.reports import PortfolioArgs, PortfolioOut, SummaryArgs, SummaryOut


@bp.get("/reports/summary")
@bp.arguments(SummaryArgs, location="query")
@bp.response(200, SummaryOut)
@bp.refuses(403)
def reports_summary(query):
    """Effort, contacts, promises, payments, texts and opt-outs of the days from..to in the dealer's
    time zone, in all, by day and by collector (a collector: the lot's totals and their own row)"""
    return summary_for(current_user, query["from_"], query["to"], current_app.config["DEALER_TIME_ZONE"],
                       query["collector"])


@bp.get("/reports/portfolio")
@bp.arguments(PortfolioArgs, location="query")
@bp.response(200, PortfolioOut)
@bp.refuses(403)
def reports_portfolio(query):
    """Open accounts and their dollars by days-past-due bucket, now, and how the accounts of the
    `from` day's snapshot moved between the buckets since (roll rates)"""
    zone = current_app.config["DEALER_TIME_ZONE"]
    since = query["from_"] or preset_days("30", local_today(zone))[0]
    return portfolio_for(current_user, since, query["collector"])
