"""The wijkprofiel benchmark runs and prints every stage (python -m pytest -m bench); times are not checked."""

import pytest

from bench.report_benchmark import main


@pytest.mark.bench
def test_the_report_benchmark_prints_every_stage(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    for line in ("load all years + national rows", "figures, references, sentences", "draw the PDFs",
                 "merge into one PDF", "cli.py report --all, end to end"):
        assert line in out
    assert "Demostad (demo, 2 years): 12 wijken" in out
