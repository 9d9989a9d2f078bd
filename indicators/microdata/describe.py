"""What each column of a long table is, for its descriptor: labels, units, kinds and the rule applied.

``aggregate`` knows what it made (the persons, a flag's count, a share, a mean or a total of an
amount, the groups); this module says it in the words of ``indicators.io.descriptor``, so every
page, slide and report can show a label instead of a column name. A label comes from the analyst
(``--label NAME=TEXT``), else from the registry where it knows the column, else from the
product's own words for it (the Doelgroepen page's), else from the name made readable
(``zzp_inkomen`` -> Zzp inkomen); a share, mean or total is named after its column's label.
"""

from __future__ import annotations

from indicators.core.columns import readable
from indicators.core.registry import find_indicator
from indicators.core.words import STRINGS, t
from indicators.io.descriptor import Field, table_descriptor
from indicators.microdata.audit import rule_words
from indicators.microdata.longtable import TOTAL, WRITTEN, status_column

KIND_OF_MEASURE = {"sum": "flag_count", "share": "share", "mean": "mean", "total": "total"}
DECIMALS = {"count": 0, "flag_count": 0, "share": 1, "total": 0}


def describe_aggregated(result, table_path, labels: dict | None = None, labels_en: dict | None = None,
                        synthetic: bool = False, themes: dict | None = None, period: dict | None = None,
                        units: dict | None = None) -> dict:
    """The descriptor of an ``aggregate`` result written to ``table_path`` (``indicators.io.descriptor``).

    Parameters
    ----------
    result : indicators.microdata.aggregate.Aggregated
    table_path : str or Path
        Where the table is written (its name and format go into the descriptor).
    labels, labels_en : dict, optional
        Column name -> label in Dutch, and in English (the Dutch one where none is given).
    synthetic : bool
        The table is made from synthetic persons (the demo): said in the descriptor.
    themes : dict, optional
        Figure column -> theme (a key of the registry's ``[themes]``), where the map pages list it.
    period : dict, optional
        The period of a person-period file the table is of (``{"column": "jaar", "value": "2023"}``).
    units : dict, optional
        Figure column -> its unit as the analyst writes it (``euro``), for a mean or total of an amount.
    """
    from indicators.privacy.magnitude import MEAN_DECIMALS

    labels, labels_en = labels or {}, labels_en or {}
    frame, report = result.frame, result.report

    def label(name: str, lang: str) -> str:
        given = (labels_en.get(name) or labels.get(name)) if lang == "en" else labels.get(name)
        if given:
            return given
        known = find_indicator(name)
        if known is not None:
            return known.label_in(lang)
        for key in (f"tg_measure_{name}", f"tg_column_{name}"):  # the product's own words for a column it knows
            if key in STRINGS:
                words = t(key, lang)
                return words[:1].upper() + words[1:]
        return readable(name)

    fields = [Field("code", "code", t("descriptor_code"), t("descriptor_code", "en")),
              Field("niveau", "level", t("descriptor_level"), t("descriptor_level", "en"),
                    values=list(dict.fromkeys(frame["niveau"].astype(str))))]
    for group in result.groups:
        values = [v for v in dict.fromkeys(frame[group].astype(str)) if v != TOTAL] + [TOTAL]
        fields.append(Field(group, "group", label(group, "nl"), label(group, "en"), values=values))
    measures = {m.name: m for m in result.measures}
    for name in result.figures:
        measure = measures.get(name)
        kind = "count" if measure is None else KIND_OF_MEASURE[measure.kind]
        if name in labels:
            words = {lang: label(name, lang) for lang in ("nl", "en")}
        elif kind == "count":
            words = {lang: t("descriptor_persons", lang) for lang in ("nl", "en")}
        elif kind == "flag_count":
            words = {lang: label(name, lang) for lang in ("nl", "en")}
        else:  # named after its column: "Inkomen, gemiddeld"
            words = {lang: t(f"descriptor_{kind}", lang, label=label(measure.column, lang)) for lang in ("nl", "en")}
        unit = {"count": "aantal", "flag_count": "aantal", "share": "%"}  # a count: StatLine's unit "aantal"
        decimals = MEAN_DECIMALS if kind == "mean" else DECIMALS[kind]
        rule = t("descriptor_share_rule", min=report.min_count) if kind == "share" else rule_words(name, report)
        fields.append(Field(name, kind, words["nl"], words["en"], unit=(units or {}).get(name) or unit.get(kind, ""),
                            decimals=decimals,
                            rule=rule, theme=(themes or {}).get(name, "")))
        fields.append(Field(status_column(name), "status", t("descriptor_status", label=words["nl"]),
                            t("descriptor_status", "en", label=words["en"]), values=list(WRITTEN.values())))
    described = {f.name: f for f in fields}
    # in the file's order (a reader matches the header to the fields); anything else written with the table
    # (the demo's source column) as text
    fields = [described.get(column) or Field(column, "text", label(column, "nl"), label(column, "en"))
              for column in frame.columns]
    extra = {"levels": list(dict.fromkeys(frame["niveau"].astype(str))), "groups": list(result.groups),
             "population": int(report.used), "synthetic": bool(synthetic)}
    if report.subset:  # the persons the table is about: a subset of the file's
        extra["subset"] = report.subset
    if period:
        extra["period"] = dict(period)
    title = t("descriptor_title", title=report.source) + (f" ({period['column']} {period['value']})" if period else "")
    return table_descriptor(table_path, fields, title=title,
                            source=report.source, keys=["code", *result.groups], extra=extra)
