"""The desk command."""
from desk.extensions import db
from models import Account, Promise, User


def test_create_user_and_token(runner, app, client):
    result = runner.invoke(args=["create-user", "pat@x.com", "--name", "Pat", "--role", "admin",
                                 "--password", "long-enough-1", "--phone", "512 555 0100"])
    assert result.exit_code == 0, result.output
    token = runner.invoke(args=["create-token", "pat@x.com", "--name", "laptop"]).output.strip()
    assert token.startswith("dk_")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json["phone"] == "+15125550100"


def test_create_user_bad_input(runner, app):
    result = runner.invoke(args=["create-user", "nope", "--name", "P", "--password", "long-enough-1"])
    assert result.exit_code == 2 and "email: Not a valid email address." in result.output
    assert runner.invoke(args=["create-token", "ghost@x.com"]).exit_code == 2


def test_init_db_is_idempotent(runner, app):
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert runner.invoke(args=["init-db"]).exit_code == 0


def test_seed_demo(runner, app):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "Seeded 50 accounts" in result.output
    with app.app_context():
        assert db.session.query(Account).count() == 50
        assert db.session.query(User).filter_by(role="collector").count() == 2
        statuses = {p.status for p in db.session.query(Promise)}
        assert {"kept", "broken", "pending"} <= statuses
        zones = {a.timezone for a in db.session.query(Account)}
        assert len(zones) >= 4
    assert "already" in runner.invoke(args=["seed-demo"]).output


def test_desk_run_says_how_to_try_the_softphone(app):
    from desk.cli import softphone_hints

    config = dict(app.config, TWILIO_API_KEY_SID=None)
    assert softphone_hints(config, "http://127.0.0.1:5000") == [
        "Softphone off (no Twilio API key): calls ring the collector's phone."]
    config.update(TWILIO_API_KEY_SID="SK1", TWILIO_API_KEY_SECRET="s", TWILIO_TWIML_APP_SID="AP1",
                  TWILIO_VOICE_SIGNALLING_HOST="127.0.0.1:5443")
    simulated = softphone_hints(config, "http://127.0.0.1:5000")
    assert "open https://127.0.0.1:5443/ once and accept its certificate" in simulated[0]
    assert "Calling method to Browser" in simulated[0] and "http://127.0.0.1:5000/dev/phone/" in simulated[1]
    config["TWILIO_VOICE_SIGNALLING_HOST"] = None
    assert "certificate" not in softphone_hints(config, "http://127.0.0.1:5000")[0]
