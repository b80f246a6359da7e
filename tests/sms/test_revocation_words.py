"""Revocation by any reasonable means (FCC 2024), through the real signed SMS webhook: every
opt-out word in English and Spanish, HELP/AYUDA answers, one confirmation in five minutes, and
Spanish free text flagged for a collector."""
import uuid

import pytest

from desk import settings
from desk.extensions import db
from models import ConsentEvent, Message, Phone
from tests.helpers import HOME, MOBILE, age_rows, at_once, signed_post, wait_for

CONFIRM_EN = "You are unsubscribed and will receive no more texts from this number."
CONFIRM_ES = "Se ha dado de baja y no recibirá más mensajes de este número."


def customer_texts(app, client, body, number=MOBILE, **extra):
    form = {"MessageSid": "SM" + uuid.uuid4().hex, "From": number, "To": app.config["TWILIO_FROM_NUMBER"],
            "Body": body, "NumMedia": "0", **extra}
    answer = signed_post(app, client, "/webhooks/twilio/sms", form)
    assert answer.status_code == 200, answer.data


def auto_texts(app, number=MOBILE) -> list[Message]:
    with app.app_context():
        rows = db.session.execute(db.select(Message).where(Message.to_number == number,
                                                           Message.auto_text.is_not(None))
                                  .order_by(Message.id)).scalars().all()
        db.session.expunge_all()
        return rows


def sent_to(sim, number=MOBILE) -> list[str]:
    return [m.data["body"] for m in list(sim.world.messages.values()) if m.data["to"] == number]


def opted_out(app, number=MOBILE) -> list[Phone]:
    with app.app_context():
        return [p.sms_opt_out_how for p in db.session.execute(db.select(Phone).where(Phone.number == number))
                .scalars()]


# (what the customer texts, the word recorded, the confirmation the desk sends or None when
# Twilio's own handling confirms it and blocks our texts)
OPT_OUTS = [
    ("STOP", "STOP", None), ("stopall", "STOPALL", None), ("Unsubscribe", "UNSUBSCRIBE", None),
    ("cancel", "CANCEL", None), ("END", "END", None), ("quit", "QUIT", None), ("REVOKE", "REVOKE", None),
    ("optout", "OPTOUT", None), ("OPT OUT", "OPT OUT", CONFIRM_EN), ("opt-out", "OPT OUT", CONFIRM_EN),
    ("Stop.", "STOP", CONFIRM_EN), ("  revoke! ", "REVOKE", CONFIRM_EN),
    ("ALTO", "ALTO", CONFIRM_ES), ("para", "PARA", CONFIRM_ES), ("Parar", "PARAR", CONFIRM_ES),
    ("BAJA", "BAJA", CONFIRM_ES), ("Baja!", "BAJA", CONFIRM_ES), ("¡Alto!", "ALTO", CONFIRM_ES),
    ("cancelar", "CANCELAR", CONFIRM_ES), ("Cancelár.", "CANCELAR", CONFIRM_ES), ("PÁRA", "PARA", CONFIRM_ES),
]


@pytest.mark.parametrize("body, word, confirmation", OPT_OUTS)
def test_every_revocation_word_opts_out(app, client, account, sim, body, word, confirmation):
    customer_texts(app, client, body)
    assert opted_out(app) == [f"SMS keyword {word}"]
    assert opted_out(app, HOME) == [None]
    with app.app_context():
        event = db.session.execute(db.select(ConsentEvent)).scalar_one()
        assert (event.channel, event.action, event.words) == ("sms", "opt_out", body)
    texts = auto_texts(app)
    if confirmation is None:
        assert texts == [] and sent_to(sim) == []
        return
    assert [(t.auto_text, t.body, t.direction) for t in texts] == [("opt_out_confirmation", confirmation, "outbound")]
    assert texts[0].account_id == account and texts[0].conversation_id
    assert wait_for(lambda: auto_texts(app)[0].status == "delivered"), "stored with its delivery status"
    assert sent_to(sim) == [confirmation]


@pytest.mark.parametrize("body", ["stop please", "I want to stop", "alto ahí", "baja el precio", "para mañana"])
def test_words_inside_a_sentence_are_not_keywords(app, client, account, sim, body):
    customer_texts(app, client, body)
    assert opted_out(app) == [None] and auto_texts(app) == []


def test_only_one_confirmation_within_five_minutes(app, client, account, sim):
    customer_texts(app, client, "BAJA")
    customer_texts(app, client, "baja")
    customer_texts(app, client, "OPT OUT")
    assert [t.body for t in auto_texts(app)] == [CONFIRM_ES]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ConsentEvent.id))) == 3  # every word is in the ledger
    age_rows(app, Message.created_at, 5 * 60 + 1, Message.auto_text.is_not(None))
    customer_texts(app, client, "OPT OUT")
    assert [t.body for t in auto_texts(app)] == [CONFIRM_ES, CONFIRM_EN]
    assert wait_for(lambda: len(sent_to(sim)) == 2)


def test_a_confirmation_only_confirms(app, client, account, sim):
    with app.app_context():
        settings.change({"dealer_name": "Acme Auto", "dealer_phone": "(214) 555-0199"})
        db.session.commit()
    customer_texts(app, client, "ALTO")
    assert [t.body for t in auto_texts(app)] == [f"Acme Auto: {CONFIRM_ES}"]


@pytest.mark.parametrize("body, answer", [
    ("HELP", "Acme Auto: For help, call (214) 555-0199. Reply STOP to stop texts."),
    ("info", "Acme Auto: For help, call (214) 555-0199. Reply STOP to stop texts."),
    ("Help?", "Acme Auto: For help, call (214) 555-0199. Reply STOP to stop texts."),
    ("AYUDA", "Acme Auto: Para ayuda, llame al (214) 555-0199. Responda BAJA para no recibir más mensajes."),
    ("¡Ayúda!", "Acme Auto: Para ayuda, llame al (214) 555-0199. Responda BAJA para no recibir más mensajes."),
])
def test_help_gets_a_short_answer_with_the_dealer(app, client, account, sim, body, answer):
    with app.app_context():
        settings.change({"dealer_name": "Acme Auto", "dealer_phone": "(214) 555-0199"})
        db.session.commit()
    customer_texts(app, client, body)
    texts = auto_texts(app)
    assert [(t.auto_text, t.body) for t in texts] == [("help", answer)]
    assert wait_for(lambda: sent_to(sim) == [answer])
    assert opted_out(app) == [None]
    with app.app_context():
        assert db.session.execute(db.select(ConsentEvent.action)).scalars().all() == ["help"]


def test_a_spanish_speaking_customer_is_answered_in_spanish_whatever_the_word(app, client, account, sim):
    """The account's preferred language decides when the keyword is not Spanish itself."""
    from models import Account

    with app.app_context():
        db.session.get(Account, account).language = "es"
        db.session.commit()
    customer_texts(app, client, "HELP")
    customer_texts(app, client, "Stop.")
    assert [t.body for t in auto_texts(app)] == [
        "Para ayuda, responda con su pregunta. Responda BAJA para no recibir más mensajes.", CONFIRM_ES]


def test_help_without_dealer_settings_still_answers(app, client, account, sim):
    customer_texts(app, client, "AYUDA")
    assert [t.body for t in auto_texts(app)] == [
        "Para ayuda, responda con su pregunta. Responda BAJA para no recibir más mensajes."]


def test_no_help_answer_when_twilio_answered_or_after_an_opt_out(app, client, account, sim):
    customer_texts(app, client, "HELP", OptOutType="HELP")  # Advanced Opt-Out answered it
    assert auto_texts(app) == []
    customer_texts(app, client, "BAJA")
    customer_texts(app, client, "AYUDA")
    assert [t.auto_text for t in auto_texts(app)] == ["opt_out_confirmation"]


@pytest.mark.parametrize("body", ["no me manden mensajes", "Dejen de escribirme por favor",
                                  "Ya no quiero recibir mensajes", "denme de baja", "please stop texting me"])
def test_free_text_asking_to_stop_is_flagged_for_a_collector(app, client, account, sim, body):
    customer_texts(app, client, body)
    with app.app_context():
        message = db.session.execute(db.select(Message).where(Message.direction == "inbound")).scalar_one()
        assert message.stop_request_flagged
        assert db.session.execute(db.select(ConsentEvent.action)).scalars().all() == ["flagged"]
    assert opted_out(app) == [None] and auto_texts(app) == []


def test_an_ordinary_spanish_reply_is_not_flagged(app, client, account, sim):
    customer_texts(app, client, "No tengo el dinero, le mando el pago el viernes")
    with app.app_context():
        assert not db.session.execute(db.select(Message.stop_request_flagged)).scalar_one()


def test_four_opt_outs_at_once_get_one_confirmation(app, account, sim, live_server):
    import requests
    from twilio.request_validator import RequestValidator

    url = f"{live_server}/webhooks/twilio/sms"

    def send():
        form = {"MessageSid": "SM" + uuid.uuid4().hex, "From": MOBILE, "To": app.config["TWILIO_FROM_NUMBER"],
                "Body": "BAJA", "NumMedia": "0"}
        signature = RequestValidator(app.config["TWILIO_AUTH_TOKEN"]).compute_signature(url, form)
        return requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=30)

    answers = at_once(4, send)
    assert sorted(a.status_code for a in answers) == [200] * 4, [a.text for a in answers]
    assert [t.body for t in auto_texts(app)] == [CONFIRM_ES]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ConsentEvent.id))) == 4
