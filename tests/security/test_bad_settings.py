"""Every admin setting has bounds: outside them (or contact hours that end before they start) is a
422 naming the setting, through the API and the console form, and nothing is stored."""
import pytest

from desk import settings
from models import DEFAULT_SETTINGS, SETTING_CHOICES
from tests.helpers import PASSWORD, ApiClient, token_for

OUT_OF_BOUNDS = [
    ("contact_hours_start", -1), ("contact_hours_start", 24), ("contact_hours_end", 25),
    ("contact_hours_end", 0), ("call_attempts_max", 0), ("call_attempts_max", 51),
    ("call_attempts_window_days", 0), ("call_attempts_window_days", 366),
    ("call_cooldown_after_contact_days", -1), ("call_cooldown_after_contact_days", 366),
    ("promise_grace_days", 366), ("promise_horizon_days", 0), ("promise_horizon_days", 10_000),
    ("reminder_days_before", -1), ("reminder_days_before", 10**400), ("call_attempts_max", "٣"),
    ("call_attempts_max", "3.5"), ("call_attempts_max", True), ("reminder_channel", "pigeon"),
    ("record_calls", "perhaps"), ("reminder_template", "x" * 121), ("reminder_template", "a\x00b"),
]


@pytest.fixture
def admin_api(app, users):
    return ApiClient(app.test_client(), token_for(app, users["admin"]))


def stored(app) -> dict:
    with app.app_context():
        return settings.all_settings()


@pytest.mark.parametrize(("key", "value"), OUT_OF_BOUNDS)
def test_the_api_refuses_a_setting_out_of_bounds(app, admin_api, key, value):
    before = stored(app)
    answer = admin_api.patch("/api/v1/settings", json={key: value, "call_attempts_max": 9}
                             if key != "call_attempts_max" else {key: value})
    assert answer.status_code == 422 and key in answer.json["error"]["fields"], answer.json
    assert stored(app) == before


def test_contact_hours_must_start_before_they_end(app, admin_api):
    answer = admin_api.patch("/api/v1/settings", json={"contact_hours_start": 21, "contact_hours_end": 8})
    assert answer.status_code == 422 and "contact_hours_end" in answer.json["error"]["fields"], answer.json
    answer = admin_api.patch("/api/v1/settings", json={"contact_hours_start": 21})  # the stored end is 21
    assert answer.status_code == 422 and "contact_hours_start" in answer.json["error"]["fields"], answer.json
    assert stored(app) == DEFAULT_SETTINGS


def test_the_api_saves_settings_within_bounds(app, admin_api, api):
    answer = admin_api.patch("/api/v1/settings", json={"contact_hours_start": 0, "contact_hours_end": 24,
                                                       "call_attempts_max": 50, "promise_horizon_days": 365})
    assert answer.status_code == 200 and answer.json["call_attempts_max"] == 50, answer.json
    assert stored(app)["contact_hours_end"] == 24
    assert admin_api.get("/api/v1/settings").json["promise_horizon_days"] == 365
    assert api.patch("/api/v1/settings", json={"call_attempts_max": 5}).status_code == 403


FORM = {key: str(value) for key, value in DEFAULT_SETTINGS.items() if not isinstance(value, bool)}


def typable(key: str, value) -> bool:
    """What a person can type into the form's text inputs (a checkbox is only on or off)."""
    return key != "record_calls" and (isinstance(value, str) and "\x00" not in value
                                      or type(value) is int and abs(value) < 10**6)


@pytest.mark.parametrize(("key", "value"), [(k, v) for k, v in OUT_OF_BOUNDS if typable(k, v)])
def test_the_console_form_refuses_it_and_keeps_what_was_typed(app, client, auth, key, value):
    auth.login("admin@test.local", PASSWORD)
    before = stored(app)
    typed = str(value)
    page = client.post("/admin/settings", data={**FORM, key: typed, "record_calls": "on"})
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert f'data-setting="{key}"' in text
    if key in SETTING_CHOICES:  # a drop-down: a value outside it can only come from a forged form
        assert f'<select name="{key}" aria-invalid="true">' in text
    else:
        assert f'name="{key}" value="{typed}"' in text
    assert stored(app) == before
