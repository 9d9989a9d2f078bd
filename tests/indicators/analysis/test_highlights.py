"""One plain sentence per theme on what stands out."""

from indicators.analysis.highlights import Fact, theme_sentence


def fact(**kwargs):
    base = {"label": "Bijstand per 1.000 inwoners", "value": 45.0, "decimals": 1, "kind": "rate",
            "unit": "per 1.000 inwoners", "reference": 30.0, "rank": 1, "count": 12}
    return Fact(**{**base, **kwargs})


def test_the_figure_furthest_from_the_gemeente_is_told_with_rank_and_change():
    sentence = theme_sentence([fact(value=31.0, rank=5), fact(change=-2.0, since=2023)], "Centrum", "wijken")
    assert sentence == ("Bijstand per 1.000 inwoners is in Centrum 50% hoger dan in de gemeente (45,0 tegen 30,0 "
                        "per 1.000 inwoners), het hoogst van de 12 wijken, en gedaald met 2,0 per 1.000 inwoners "
                        "sinds 2023.")


def test_shares_differ_in_percentage_points_and_a_boundary_change_is_said():
    sentence = theme_sentence([fact(label="Zelfstandigen (%)", kind="share", unit="%", value=16.0, reference=13.0,
                                    decimals=0, rank=12, broken=2024)], "Noord", "buurten")
    assert sentence == ("Zelfstandigen (%) is in Noord 3 procentpunt hoger dan in de gemeente (16 tegen 13%), het "
                        "laagst van de 12 buurten; door een grenswijziging in 2024 niet te vergelijken met eerdere "
                        "jaren.")


def test_counts_are_not_set_against_the_gemeente_total_and_secret_values_are_never_told():
    counts = [fact(label="Aantal inwoners", kind="count", unit="", value=5000.0, reference=75000.0, decimals=0,
                   rank=3), fact(label="Personen met bijstand", kind="count", value=None, rank=None)]
    expected = "Aantal inwoners: 5.000 in Centrum, plaats 3 van de 12 wijken."
    assert theme_sentence(counts, "Centrum", "wijken") == expected
    assert theme_sentence([fact(value=None)], "Centrum", "wijken", "en").startswith("No figures")
