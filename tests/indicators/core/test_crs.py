"""The coordinate systems Dutch files come in: RD New's box holds the Netherlands, degrees never fall in it."""

from indicators.core.crs import AMBIGUOUS_BY_RANGE, RD_BOUNDS, RECOGNISED_BY_RANGE, within


def test_rd_coordinates_lie_in_rd_news_box_and_degrees_do_not():
    assert within((84_000, 447_000, 95_000, 460_000), RD_BOUNDS)  # Leidschendam-Voorburg in RD New
    assert not within((4.3, 52.0, 4.5, 52.2), RD_BOUNDS)  # the same place in degrees
    assert not within((84_000, 447_000, 400_000, 460_000), RD_BOUNDS)  # half outside


def test_the_other_metre_systems_boxes_do_not_overlap_rd_news_or_each_other():
    boxes = [RD_BOUNDS, *RECOGNISED_BY_RANGE.values(), *AMBIGUOUS_BY_RANGE.values()]
    for i, first in enumerate(boxes):
        for second in boxes[i + 1:]:
            apart = first[2] < second[0] or second[2] < first[0] or first[3] < second[1] or second[3] < first[1]
            assert apart, (first, second)
