"""Turning an uploaded file's bytes into rows: encoding, delimiter, header, line numbers."""
import csv
import io
from dataclasses import dataclass

from desk.errors import Invalid

DELIMITERS = ",;\t|"
MAX_BYTES = 50 * 1024 * 1024


class ImportFileError(Invalid):
    """The file as a whole cannot be imported (not text, no header, missing columns...)."""

    code = "bad_file"


@dataclass
class Table:
    """A decoded CSV: its header and its non-blank rows with the line each starts on."""

    header: list[str]
    rows: list[tuple[int, tuple[str, ...]]]
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding's name: UTF-8 (with or without BOM), else Windows-1252."""
    if b"\x00" in data[:4096]:
        raise ImportFileError("This is not a text CSV file (it has binary content; "
                              "UTF-16 and spreadsheets must be saved as CSV first).",
                              {"file": ["Binary content, not a text CSV."]})
    if b"\x00" in data:  # no database here stores NUL in text
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        raise ImportFileError(f"Line {line} has a NUL character; no value can hold one.",
                              {"file": [f"Line {line} has a NUL character."]})
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"  # cp1252 leaves five bytes undefined


def sniff_delimiter(text: str) -> str:
    """csv.Sniffer on a sample; when it fails or disagrees with the header, the commonest candidate."""
    sample = text[:64 * 1024]
    header = next((line for line in sample.splitlines() if line.strip()), "")
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
        if found in header:
            return found
    except csv.Error:
        pass
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_table(data: bytes) -> Table:
    """Parse the whole file; blank lines are skipped, line numbers are the file's own."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    text, encoding = decode(data)
    if not text.strip():
        raise ImportFileError("The file is empty.")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header, rows, line = None, [], 1
    try:
        for values in reader:
            if any(v.strip() for v in values):
                if header is None:
                    header = [v.strip() for v in values]
                else:
                    rows.append((line, tuple(values)))  # tuples of str drop out of GC scans
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"Line {reader.line_num}: the CSV cannot be read ({exc}).") from exc
    return Table(header=header or [], rows=rows, encoding=encoding, delimiter=delimiter)
