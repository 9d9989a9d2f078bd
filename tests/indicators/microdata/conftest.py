"""The zzp'ers with four millionaires, aggregated once for the tests of amounts and of the audit."""

import pytest

from indicators.microdata.aggregate import aggregate_microdata
from tests.indicators.microdata.test_amounts import zzp_persons


@pytest.fixture(scope="session")
def zzp(tmp_path_factory):
    """(persons, their protected table by age x sex with a mean income, the folder holding zzp.parquet)."""
    folder = tmp_path_factory.mktemp("zzp")
    persons = zzp_persons()
    persons.to_parquet(folder / "zzp.parquet")
    result = aggregate_microdata(folder / "zzp.parquet", "buurt", groups=["leeftijd", "geslacht"],
                                 measures=["inkomen=mean:inkomen"])
    return persons, result, folder
