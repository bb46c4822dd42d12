"""BANT qualification (Budget, Authority, Need, Timeframe) and the lead
temperature that follows from it.

Temperature is never typed by hand: ``hot`` when all four criteria are met,
``warm`` when one to three are, ``cold`` when none is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any


class Answer(StrEnum):
    """The state of one BANT criterion."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, text: object) -> Answer | None:
        """Reads the spellings spreadsheets use (y/n, true/false, 1/0, ✓).

        Returns None when the text is not recognisably an answer, so the
        caller can keep the value and flag it rather than guess.
        """
        if text is None:
            return cls.UNKNOWN
        if isinstance(text, bool):
            return cls.YES if text else cls.NO
        value = str(text).strip().casefold()
        if value in _YES:
            return cls.YES
        if value in _NO:
            return cls.NO
        if value in _UNKNOWN:
            return cls.UNKNOWN
        return None

    def cycled(self) -> Answer:
        """The next answer when a toggle is pressed: unknown → yes → no → unknown."""
        return {Answer.UNKNOWN: Answer.YES, Answer.YES: Answer.NO, Answer.NO: Answer.UNKNOWN}[self]


_YES = {"yes", "y", "true", "t", "1", "1.0", "x", "✓", "✔", "oui", "ja", "si", "sí", "met", "ok"}
_NO = {"no", "n", "false", "f", "0", "0.0", "non", "nein", "not met"}
_UNKNOWN = {"", "unknown", "?", "-", "n/a", "na", "tbd", "unk", "none"}


class Criterion(StrEnum):
    """The four BANT criteria, in their customary order."""

    BUDGET = "budget"
    AUTHORITY = "authority"
    NEED = "need"
    TIMEFRAME = "timeframe"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def detail_hint(self) -> str:
        """What the free-text detail of this criterion usually holds."""
        return _DETAIL_HINTS[self]


_DETAIL_HINTS = {
    Criterion.BUDGET: "amount",
    Criterion.AUTHORITY: "decision role",
    Criterion.NEED: "pain or need",
    Criterion.TIMEFRAME: "date or horizon",
}


class Temperature(StrEnum):
    HOT = "hot"
    WARM = "warm"
    COLD = "cold"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class Bant:
    """The four answers and their details."""

    budget: Answer = Answer.UNKNOWN
    authority: Answer = Answer.UNKNOWN
    need: Answer = Answer.UNKNOWN
    timeframe: Answer = Answer.UNKNOWN
    budget_detail: str = ""
    authority_detail: str = ""
    need_detail: str = ""
    timeframe_detail: str = ""

    def answer(self, criterion: Criterion) -> Answer:
        return Answer(getattr(self, criterion.value))

    def detail(self, criterion: Criterion) -> str:
        return str(getattr(self, f"{criterion.value}_detail"))

    def with_answer(self, criterion: Criterion, answer: Answer) -> Bant:
        changes: dict[str, Any] = {criterion.value: answer}
        return replace(self, **changes)

    def with_detail(self, criterion: Criterion, detail: str) -> Bant:
        changes: dict[str, Any] = {f"{criterion.value}_detail": detail}
        return replace(self, **changes)

    @property
    def met(self) -> int:
        """How many criteria are answered yes."""
        yes = Answer.YES
        return (
            (self.budget == yes)
            + (self.authority == yes)
            + (self.need == yes)
            + (self.timeframe == yes)
        )

    @property
    def temperature(self) -> Temperature:
        return temperature_of(self.budget, self.authority, self.need, self.timeframe)

    def missing(self) -> str:
        """Names what keeps the lead from being hot, e.g.
        "Authority and Timeframe unknown" or "Budget no; Need unknown".

        Empty when all four are met.
        """
        groups: list[str] = []
        for answer in (Answer.NO, Answer.UNKNOWN):
            names = [c.label for c in Criterion if self.answer(c) is answer]
            if names:
                groups.append(f"{join_names(names)} {answer.value}")
        return "; ".join(groups)

    def describe(self) -> str:
        """The badge text: "Hot", or "Warm — Authority and Timeframe unknown"."""
        missing = self.missing()
        label = self.temperature.label
        return f"{label} — {missing}" if missing else label


def temperature_of(*answers: Answer | str) -> Temperature:
    """Temperature from the four answers (any order: only the count matters)."""
    # Answer is a str: comparing spares an enum lookup per answer.
    met = sum(a == Answer.YES for a in answers)
    if met == len(Criterion):
        return Temperature.HOT
    if met > 0:
        return Temperature.WARM
    return Temperature.COLD


def join_names(names: list[str]) -> str:
    """["A"] → "A"; ["A", "B"] → "A and B"; ["A", "B", "C"] → "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
