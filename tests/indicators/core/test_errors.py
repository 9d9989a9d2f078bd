"""The shared rules for bad input: one message for an output folder that does not exist."""

from indicators.core.errors import missing_folder


def test_an_output_in_a_missing_folder_is_named_before_any_work(tmp_path):
    assert missing_folder(tmp_path / "kaart.png") is None
    message = missing_folder(tmp_path / "nergens" / "kaart.png")
    assert message == f"folder '{tmp_path / 'nergens'}' does not exist: create it or choose another --out"
