"""A period's figures per (local day, collector), as the summary adds them up: the sources'
sums, the texts that failed by error code, and the accounts worked as sets of account ids
(a distinct count over several days is the size of a union, not a sum of counts), kept as
roaring bitmaps: a month of 50,000 accounts' sets is a union of a few hundred small bitmaps.

Read from the records (`read_tally`) or from kept day sheets (desk/reports/sheets.py); the two
merge, so a period reads its settled days from sheets and only its last days from the records."""
from collections import defaultdict
from dataclasses import dataclass, field

from pyroaring import BitMap

from desk.reports import sources
from desk.reports.period import Period
from desk.reports.reading import read_all

Key = tuple[str, int | None]  # (local day 'YYYY-MM-DD', collector id or None)


@dataclass
class Tally:
    cells: dict[Key, dict] = field(default_factory=lambda: defaultdict(dict))
    failures: dict[Key, dict] = field(default_factory=lambda: defaultdict(dict))  # {code: n}
    worked: dict[Key, BitMap] = field(default_factory=dict)  # the ids of the accounts worked

    def add_figures(self, key: Key, figures: dict) -> None:
        cell = self.cells[key]
        for name, value in figures.items():
            cell[name] = cell.get(name, 0) + value

    def add_failures(self, key: Key, counts: dict) -> None:
        cell = self.failures[key]
        for code, n in counts.items():
            cell[code] = cell.get(code, 0) + n

    def merge(self, other: "Tally") -> "Tally":
        for key, figures in other.cells.items():
            self.add_figures(key, figures)
        for key, counts in other.failures.items():
            self.add_failures(key, counts)
        for key, ids in other.worked.items():
            self.worked[key] = self.worked[key] | ids if key in self.worked else ids
        return self

    def narrowed(self, collector_id: int | None) -> "Tally":
        """Only `collector_id`'s cells (every figure's "who" is the collector it is credited to)."""
        if collector_id is None:
            return self
        mine = Tally()
        mine.cells.update({k: v for k, v in self.cells.items() if k[1] == collector_id})
        mine.failures.update({k: v for k, v in self.failures.items() if k[1] == collector_id})
        mine.worked.update({k: v for k, v in self.worked.items() if k[1] == collector_id})
        return mine


def read_tally(period: Period, collector_id: int | None = None) -> Tally:
    """The period's tally from the stored records: every source read side by side, the accounts
    worked (the most rows) first."""
    answers = read_all([sources.worked_accounts(period, collector_id),
                        *(source(period, collector_id) for source in sources.SOURCES),
                        sources.failures(period, collector_id)])
    found = Tally()
    for rows in answers[1:-1]:
        for row in rows:
            found.add_figures(_key(row), {k: v for k, v in row.items() if k not in ("day", "who")})
    for row in answers[-1]:
        found.add_failures(_key(row), {row["error_code"]: row["n"]})
    found.worked.update({_key(row): BitMap(row["ids"]) for row in answers[0]})
    return found


def _key(row) -> Key:
    return str(row["day"])[:10], row["who"]


def accounts_worked(tally: Tally) -> tuple[int, dict[str, int], dict[int | None, int]]:
    """Distinct accounts worked: in all, by day, by collector."""
    by_day, by_who = defaultdict(list), defaultdict(list)
    for (day, who), ids in tally.worked.items():
        by_day[day].append(ids)
        by_who[who].append(ids)
    who_sets = {who: BitMap.union(*maps) for who, maps in by_who.items()}
    return (len(BitMap.union(BitMap(), *who_sets.values())),
            {day: len(BitMap.union(*maps)) for day, maps in by_day.items()},
            {who: len(ids) for who, ids in who_sets.items()})


def failures_by_code(tally: Tally) -> list[tuple[int | None, int]]:
    """(error code, texts) over the whole tally, the commonest first."""
    counts: dict = {}
    for cell in tally.failures.values():
        for code, n in cell.items():
            counts[code] = counts.get(code, 0) + n
    return sorted(counts.items(), key=lambda item: (-item[1], item[0] is None, item[0] or 0))
