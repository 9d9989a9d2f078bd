"""What a published result leaves out, and why: one type for every result that withholds something.

An aggregation withholds cells, an event study a sector of an area, a model a predictor; each says
so with ``Withheld`` items, so a page, a slide, the command line and (later) an output checker's
audit read them alike. ``reason`` names the rule that decided, from one list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PRIMARY = "primary"
"""The thing itself fails a rule: too few persons or businesses, one dominating, ..."""
SECONDARY = "secondary"
"""Withheld to protect another: published, it would give a withheld one away by subtraction."""
BASE = "base"
"""A share or mean whose base count is withheld."""
FEW = "few"
"""Too few persons (or categories of them) to publish."""
GROUP = "group"
"""Group disclosure: (almost) every member of the group has the flag, so it says so of each of them."""
DOMINANCE = "dominance"
"""One contributor holds more than the allowed share of the sum."""
PPERCENT = "p_percent"
"""The second largest contributor could estimate the largest to within p%."""
REASONS = (PRIMARY, SECONDARY, BASE, FEW, DOMINANCE, PPERCENT, GROUP)


@dataclass(frozen=True)
class Withheld:
    """One thing left out of a result, and why.

    ``what`` names it in the result's own terms (``{"naam": ..., "gebied": ..., "sector": ...}`` for
    an event's sector, ``{"predictor": "traject"}`` for a model); ``cause`` is the rule's particular
    (for a business rule: too few businesses, or one dominating).
    """

    what: dict = field(default_factory=dict)
    reason: str = PRIMARY
    cause: str = ""

    def __post_init__(self):
        if self.reason not in REASONS:
            raise ValueError(f"'reason' should be one of {', '.join(REASONS)}, got {self.reason!r} instead")

    def to_dict(self) -> dict:
        """As the command line writes it: what it is, ``reden`` and ``oorzaak``."""
        return {**self.what, "reden": self.reason, "oorzaak": self.cause}
