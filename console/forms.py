"""Turn a submitted form into the dict a marshmallow schema loads."""
from flask import request


def form_data(*names: str, lists: tuple = ()) -> dict:
    """The named fields that were filled in; empty fields are left out (so defaults apply)."""
    data = {}
    for name in names:
        value = request.form.get(name, "").strip()
        if value:
            data[name] = value
    for name in lists:
        values = [v for v in request.form.getlist(name) if v.strip()]
        if values:
            data[name] = values
    return data


def checkbox(name: str) -> bool:
    return request.form.get(name) in ("on", "1", "true", "yes")
