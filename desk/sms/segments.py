"""How many SMS segments a text costs, and in which encoding.

GSM-7 carries 160 septets in one segment, 153 per segment once the text is split (the rest is
the concatenation header); characters of the extension table take two septets (escape + char)
and an escape pair is never split. Any character outside GSM-7 makes the whole text UCS-2:
70 UTF-16 code units in one segment, 67 per part, a surrogate pair never split.
"""
# GSM 03.38 (3GPP TS 23.038) default alphabet, one table column (0x00-0x0F, 0x10-0x1F, ...)
# a line; 0x1B (the escape to the extension table) is left out. Spanish: é ñ Ñ ü Ü ¿ ¡ (and
# É Ç à è ì ò ù Ä Ö) are here; á í ó ú Á Í Ó Ú ç are not, and make a text UCS-2.
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
# The extension table: escape + character, two septets each (form feed, ^ { } \ [ ~ ] | €).
GSM7_EXTENSION = set("\f^{}\\[~]|€")


def is_gsm7(body: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in body)


def _units(body: str, gsm: bool) -> list[int]:
    """The cost of each character: septets for GSM-7, UTF-16 code units for UCS-2."""
    if gsm:
        return [2 if ch in GSM7_EXTENSION else 1 for ch in body]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in body]


def _count(units: list[int], single: int, part: int) -> int:
    if sum(units) <= single:
        return 1
    count, used = 1, 0
    for cost in units:
        if used + cost > part:
            count, used = count + 1, 0
        used += cost
    return count


def segments(body: str | None) -> tuple[int, str]:
    """(segment count, "GSM-7" | "UCS-2") for a message body; an empty body is 0 segments."""
    body = body or ""
    gsm = is_gsm7(body)
    if not body:
        return 0, "GSM-7"
    single, part = (160, 153) if gsm else (70, 67)
    return _count(_units(body, gsm), single, part), "GSM-7" if gsm else "UCS-2"
