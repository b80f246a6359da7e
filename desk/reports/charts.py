"""Bar charts drawn on the server as SVG geometry: the template writes <rect> elements with
classes (static/desk.css colours them) and SVG presentation attributes, no inline styles."""
from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 200
LEFT, BOTTOM, TOP = 48, 28, 12  # room for the axis labels


@dataclass
class Chart:
    title: str
    series: list[tuple[str, str]]  # (name, css class)
    bars: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    top_value: float = 0
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def baseline(self) -> int:
        return self.height - BOTTOM

    @property
    def top(self) -> int:
        return TOP


def nice_top(value: float) -> float:
    """A round number at least `value` for the axis (1, 2, 5 times a power of ten)."""
    if value <= 0:
        return 1
    scale = 1
    while scale * 10 <= value:
        scale *= 10
    for step in (1, 2, 5, 10):
        if step * scale >= value:
            return step * scale
    return 10 * scale


def bar_chart(title: str, categories: list[str], series: list[tuple[str, str, list[float]]],
              every: int = 1) -> Chart:
    """Grouped bars: one group per category, one bar per series; every `every`th category is
    labelled under the axis."""
    chart = Chart(title, [(name, css) for name, css, _ in series])
    chart.top_value = nice_top(max((v for _, _, values in series for v in values), default=0))
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(categories), 1)
    bar_w = max(slot * 0.8 / max(len(series), 1), 1)
    for i, category in enumerate(categories):
        x0 = LEFT + i * slot + slot * 0.1
        for j, (name, css, values) in enumerate(series):
            h = plot_h * float(values[i]) / chart.top_value
            chart.bars.append({"x": round(x0 + j * bar_w, 1), "y": round(TOP + plot_h - h, 1),
                               "w": round(bar_w, 1), "h": round(h, 1), "css": css,
                               "label": f"{category}: {name} {values[i]}"})
        if i % every == 0:
            chart.labels.append({"x": round(LEFT + i * slot + slot / 2, 1), "text": category})
    return chart


ROLL_SERIES = (("Rolled forward", "bar-forward", "forward_rate"), ("Stayed", "bar-same", "same_rate"),
               ("Rolled back", "bar-back", "back_rate"), ("Closed", "bar-closed", "closed_rate"))


def roll_chart(rolls: dict) -> Chart:
    """Per bucket on the start day: the percent of its accounts that rolled forward, stayed,
    rolled back or closed."""
    rows = rolls["from"]
    return bar_chart(f"Roll rates since {rolls['since']} (percent of each bucket's accounts)",
                     [r["bucket"] for r in rows],
                     [(name, css, [round(100 * (r[key] or 0), 1) for r in rows]) for name, css, key in ROLL_SERIES])


def dashboard_charts(summary: dict, portfolio: dict) -> list[Chart]:
    """The dashboard's charts: effort and contacts by day, money by day, promises, the portfolio,
    and its roll rates when the start day has a snapshot."""
    days = summary["by_day"]
    names = [d["day"][5:] for d in days]
    every = max(1, len(days) // 10)
    p = summary["promises"]
    return [
        bar_chart("Calls and right-party contacts by day", names, [
            ("Call attempts", "bar-calls", [d["call_attempts"] for d in days]),
            ("Right-party contacts", "bar-contacts", [d["right_party"] for d in days])], every),
        bar_chart("Payments by day (dollars)", names, [
            ("Payments", "bar-money", [float(d["payments_amount"]) for d in days])], every),
        bar_chart("Promises taken in the period", ["Kept", "Broken", "Pending", "Cancelled"], [
            ("Promises", "bar-promises", [p["kept_count"], p["broken_count"], p["pending_count"],
                                          p["cancelled_count"]])]),
        bar_chart("Accounts by days past due (now)", [b["bucket"] for b in portfolio["buckets"]], [
            ("Accounts", "bar-portfolio", [b["accounts"] for b in portfolio["buckets"]])]),
    ] + ([roll_chart(portfolio["roll_rates"])] if portfolio["roll_rates"] else [])
