"""One type for what a result leaves out: events, models (and the aggregation's audit) say it alike."""

import pytest

from indicators.privacy.withheld import REASONS, Withheld


def test_an_item_says_what_it_is_and_which_rule_left_it_out():
    item = Withheld({"naam": "Havenfestival", "gebied": "WK999901", "sector": "logies", "dagen": 2}, "primary", "few")
    assert item.to_dict() == {"naam": "Havenfestival", "gebied": "WK999901", "sector": "logies", "dagen": 2,
                              "reden": "primary", "oorzaak": "few"}
    assert Withheld({"predictor": "traject"}, "few").to_dict() == {"predictor": "traject", "reden": "few",
                                                                    "oorzaak": ""}


def test_a_reason_outside_the_one_list_is_refused():
    assert "secondary" in REASONS
    with pytest.raises(ValueError, match="'reason' should be one of primary, secondary"):
        Withheld({"predictor": "traject"}, "geheim")
