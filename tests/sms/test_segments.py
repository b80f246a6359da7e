"""Segment counting: GSM-7 basic and extension characters, UCS-2, the split boundaries."""
import pytest

from desk.sms.segments import segments


@pytest.mark.parametrize("body, expected", [
    ("", (0, "GSM-7")),
    ("Hello", (1, "GSM-7")),
    ("a" * 160, (1, "GSM-7")),
    ("a" * 161, (2, "GSM-7")),
    ("a" * 306, (2, "GSM-7")),
    ("a" * 307, (3, "GSM-7")),
    ("€" * 80, (1, "GSM-7")),  # extension characters count twice
    ("€" * 81, (2, "GSM-7")),
    ("a" * 152 + "€" + "a" * 10, (2, "GSM-7")),  # the escape pair moves whole to part 2
    ("Payment of $250 due 12/01 @ Elm St. Ñandu!", (1, "GSM-7")),
    ("Thanks 👍", (1, "UCS-2")),
    ("é" * 10 + "ç", (1, "UCS-2")),  # ç (lowercase) is not in GSM-7
    ("ü" * 69 + "“", (1, "UCS-2")),
    ("x" * 70 + "’", (2, "UCS-2")),
    ("x" * 134 + "’", (3, "UCS-2")),
    ("x" * 66 + "👍" + "x" * 67, (3, "UCS-2")),  # the surrogate pair is not split
])
def test_segments(body, expected):
    assert segments(body) == expected


# Spanish: é ñ Ñ ü Ü ¿ ¡ (and É Ç à è ì ò ù Ä Ö) are in the GSM 03.38 basic table; á í ó ú Á Í Ó Ú
# are not, so one of them makes the whole text UCS-2.
GSM_SPANISH = "éñÑüÜ¿¡ÉÇàèìòùÄÖ"
NOT_GSM_SPANISH = "áíóúÁÍÓÚç"


@pytest.mark.parametrize("ch", list(GSM_SPANISH))
def test_spanish_letters_in_gsm7_stay_gsm7(ch):
    assert segments("Hola " + ch) == (1, "GSM-7")
    assert segments(ch * 160) == (1, "GSM-7")  # one septet each
    assert segments(ch * 161) == (2, "GSM-7")


@pytest.mark.parametrize("ch", list(NOT_GSM_SPANISH))
def test_spanish_letters_outside_gsm7_force_ucs2(ch):
    assert segments("Hola " + ch) == (1, "UCS-2")
    assert segments("a" * 69 + ch) == (1, "UCS-2")
    assert segments("a" * 70 + ch) == (2, "UCS-2")


@pytest.mark.parametrize("body, expected", [
    ("¡Hola Señor Muñoz! ¿Mañana puede pagar $250? Le esperamos en el lote de Elm St. Gracias, José.",
     (1, "GSM-7")),  # every accent here is GSM-7
    ("¿Cuándo puede pagar?", (1, "UCS-2")),  # á
    ("Su pago venció el 1/12. Llámenos.", (1, "UCS-2")),  # ó
    ("Hola Guadalupe, le recordamos que su pago prometido de $150.00 vence el Dec 15, 2026. ¡Gracias!",
     (1, "GSM-7")),  # the built-in reminder
    ("Hola Guadalupe, le habla Casey. Su pago de $250.00 de la cuenta BH10003 venció el Nov 01, 2026. "
     "Responda o llámenos para arreglarlo.", (2, "UCS-2")),  # the demo template: 132 characters, ó and á
    ("Señor Núñez: " + "a" * 147, (3, "UCS-2")),  # 160 characters, but the ú makes them UCS-2
    ("Señor Nuñez: " + "a" * 147, (1, "GSM-7")),  # the same 160 without the ú: one segment
    ("Señor Nuñez: " + "a" * 147 + "€", (2, "GSM-7")),  # € costs two septets
])
def test_realistic_spanish_texts(body, expected):
    assert segments(body) == expected
