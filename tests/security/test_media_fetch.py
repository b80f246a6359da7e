"""Inbound MMS media: only our own account's Twilio media URLs are fetched, our credentials go to
the Twilio host only, and Twilio's redirect to its CDN is followed without them."""
import pytest

from desk.extensions import db
from jobs.media import fetch_media_job
from models import Message, MessageMedia
from tests.helpers import MOBILE, PNG, fresh, loopback_http, signed_post

OUR_SID, OTHER_SID = "AC" + "1" * 32, "AC" + "2" * 32


def media_path(account_sid: str = OUR_SID) -> str:
    return f"/2010-04-01/Accounts/{account_sid}/Messages/MM{'3' * 32}/Media/ME{'4' * 32}"


@pytest.fixture
def cdn():
    """Twilio's CDN stand-in: serves the file to anyone; records what it was sent."""
    with loopback_http(lambda path: (200, {"Content-Type": "image/png"}, PNG)) as (url, seen):
        yield url, seen


@pytest.fixture
def twilio(app, cdn):
    """Twilio's REST stand-in at TWILIO_API_BASE_URL: answers our media path with a redirect to the CDN."""
    cdn_url, _ = cdn

    def respond(path):
        return (307, {"Location": f"{cdn_url}/v1/{path.rsplit('/', 1)[-1]}"}, b"") if "/Media/" in path \
            else (404, {}, b"")

    with loopback_http(respond) as (url, seen):
        app.config.update(TWILIO_ACCOUNT_SID=OUR_SID, TWILIO_AUTH_TOKEN="token", TWILIO_API_BASE_URL=url,
                          PUBLIC_BASE_URL="http://desk.example")
        yield url, seen


def receive_mms(app, client, media_url: str) -> MessageMedia:
    form = {"MessageSid": "MM" + "5" * 32, "From": MOBILE, "To": "+15005550006", "Body": "photo",
            "NumMedia": "1", "MediaUrl0": media_url, "MediaContentType0": "image/png"}
    answer = signed_post(app, client, "/webhooks/twilio/sms", form)
    assert answer.status_code == 200, answer.data
    with app.app_context():
        item = db.session.execute(db.select(MessageMedia)).scalar_one()
        db.session.expunge(item)
        return item


def test_our_media_is_fetched_and_the_cdn_never_sees_our_credentials(app, client, account, twilio, cdn):
    twilio_url, twilio_seen = twilio
    item = receive_mms(app, client, twilio_url + media_path())
    assert item.fetch_status == "stored", item.fetch_error
    assert [r["path"] for r in twilio_seen] == [media_path()]
    assert twilio_seen[0]["headers"]["Authorization"].startswith("Basic ")
    cdn_seen = cdn[1]
    assert len(cdn_seen) == 1 and "Authorization" not in cdn_seen[0]["headers"]


def test_a_foreign_accounts_media_url_is_refused(app, client, account, twilio, cdn):
    twilio_url, twilio_seen = twilio
    item = receive_mms(app, client, twilio_url + media_path(OTHER_SID))
    assert item.fetch_status == "refused" and "another Twilio account" in item.fetch_error
    assert twilio_seen == [] and cdn[1] == []


@pytest.mark.parametrize("url", [
    "{cdn}" + media_path(), "{twilio}/somewhere/else", "{twilio}" + media_path() + "?x=1",
    "http://api.twilio.com" + media_path(), "https://api.twilio.com.evil.example" + media_path(),
])
def test_another_host_or_path_is_refused(app, client, account, twilio, cdn, url):
    item = receive_mms(app, client, url.format(cdn=cdn[0], twilio=twilio[0]))
    assert item.fetch_status == "refused", item.fetch_error
    assert twilio[1] == [] and cdn[1] == []


def test_the_job_checks_again_and_does_not_retry_a_refusal(app, client, account, twilio, cdn):
    """A row marked for fetching before the check (or by any other path) is still not fetched."""
    item = receive_mms(app, client, twilio[0] + media_path(OTHER_SID))
    with app.app_context():
        db.session.get(MessageMedia, item.id).fetch_status = "pending"
        db.session.commit()
        fetch_media_job(item.id)
        fetch_media_job(item.id)
    stored = fresh(app, MessageMedia, item.id)
    assert stored.fetch_status == "refused" and stored.attachment_id is None
    assert twilio[1] == [] and cdn[1] == []


def test_a_redirect_to_another_scheme_is_refused(app, client, account, cdn):
    def respond(path):
        return 307, {"Location": "file:///etc/passwd"}, b""

    with loopback_http(respond) as (url, seen):
        app.config.update(TWILIO_ACCOUNT_SID=OUR_SID, TWILIO_AUTH_TOKEN="token", TWILIO_API_BASE_URL=url,
                          PUBLIC_BASE_URL="http://desk.example")
        item = receive_mms(app, client, url + media_path())
    assert item.fetch_status == "refused" and len(seen) == 1


def test_the_simulators_media_of_another_account_is_refused(app, api, account, sim):
    sim.customer_sms(MOBILE, "receipt", media=[("receipt.png", PNG, None)])
    with app.app_context():
        ours = db.session.execute(db.select(MessageMedia)).scalar_one()
        assert ours.fetch_status == "stored"
        foreign = ours.source_url.replace(sim.account_sid, OTHER_SID)
        message = db.session.get(Message, ours.message_id)
        db.session.add(MessageMedia(message_id=message.id, source_url=foreign, content_type="image/png",
                                    fetch_status="pending"))
        db.session.commit()
        item_id = db.session.execute(db.select(MessageMedia.id).where(MessageMedia.source_url == foreign)).scalar()
        fetch_media_job(item_id)
    assert fresh(app, MessageMedia, item_id).fetch_status == "refused"
