"""Limits on the files read: named in whole megabytes, and leaving room for the largest real inputs."""

from indicators.io import limits


def test_sizes_are_named_in_whole_megabytes_dutch_style():
    assert limits.megabytes(200 * limits.MB) == "200 MB"
    assert limits.megabytes(1536 * limits.MB) == "1.536 MB"


def test_the_limits_leave_room_for_the_national_buurten_and_a_cbs_geopackage():
    assert limits.MAX_FEATURES > 15_000 and limits.MAX_FILE_BYTES >= 500 * limits.MB
    assert limits.MAX_UPLOAD_BYTES <= limits.MAX_FILE_BYTES and limits.MAX_TABLE_BYTES <= limits.MAX_FILE_BYTES
