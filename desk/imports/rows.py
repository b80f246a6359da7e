"""What every import kind shares: a row's cells by field, its problems, and the tallies."""
from dataclasses import dataclass

from marshmallow import ValidationError


@dataclass
class Problem:
    """Why one row (or one cell of it) was not imported."""

    line: int
    column: str
    message: str
    value: str = ""

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message, "value": self.value}


@dataclass
class GoodRow:
    """A row that passed validation: the data a verb takes, and where it came from."""

    line: int
    data: dict
    key_column: str  # the header to blame if the database refuses the row


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    def __iadd__(self, other: "Tally") -> "Tally":
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed
        return self


@dataclass
class Cells:
    """One CSV row read through the resolved columns: cell(field) is its stripped text or ''."""

    header: list[str]
    columns: dict[str, int]
    values: tuple[str, ...] = ()

    def cell(self, name: str) -> str:
        index = self.columns.get(name)
        if index is None or index >= len(self.values):
            return ""
        return self.values[index].strip()

    def header_of(self, name: str) -> str:
        index = self.columns.get(name)
        return self.header[index] if index is not None else name


def flatten_messages(messages, path: tuple = ()) -> list[tuple[tuple, str]]:
    """marshmallow's nested {field: [msg] | {index: {...}}} as (path, message) pairs."""
    if isinstance(messages, dict):
        pairs = []
        for key, value in messages.items():
            pairs += flatten_messages(value, path + (key,))
        return pairs
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [(path, " ".join(messages))]
    if isinstance(messages, list):
        return [pair for item in messages for pair in flatten_messages(item, path)]
    return [(path, str(messages))]


def problems_from(err: ValidationError, line: int, blame) -> list[Problem]:
    """Turn a schema's errors into problems; blame(path) gives (header, value) for a path."""
    problems = []
    for path, message in flatten_messages(err.messages):
        header, value = blame(path)
        problems.append(Problem(line, header, message, value))
    return problems
