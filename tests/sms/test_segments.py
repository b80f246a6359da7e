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
