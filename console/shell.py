"""The console as one long-lived page (docs/console-shell.md): htmx's settings, and what a
boosted request's answer tells htmx about the browser's history."""
from flask import Flask, Response, request

# Read by htmx from <meta name="htmx-config"> (templates/base.html). The CSP allows no inline
# style or eval; history is restored by asking the desk again (nothing of a page kept in
# localStorage); a refusal (422) is a page showing what was wrong, swapped in like any page.
HTMX_CONFIG = {
    "includeIndicatorStyles": False,
    "allowEval": False,
    "historyCacheSize": 0,
    "refreshOnHistoryMiss": False,
    "defaultSettleDelay": 0,  # a new page's links are boosted at once, not 20 ms later
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "422", "swap": True, "error": False},
        {"code": "[45]..", "swap": True, "error": True},
    ],
}


def htmx_config() -> dict:
    return HTMX_CONFIG


def keep_address(response: Response) -> Response:
    """A boosted form answered with a page rather than a redirect (a refusal) leaves the address
    bar alone: the form's action is not a page to come back to."""
    if request.headers.get("HX-Request") and request.method not in ("GET", "HEAD"):
        response.headers["HX-Push-Url"] = "false"
    return response


def register(app: Flask) -> None:
    app.jinja_env.globals["htmx_config"] = htmx_config
    app.after_request(keep_address)
