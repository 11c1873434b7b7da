"""Campaign exports -> KPI table: ``roikit.kpis(frame_or_file, columns=..., margin=...)``.

One row per campaign or send goes in (sent, delivered, bounces, opens, clicks, unsubscribes,
complaints, impressions, conversions, revenue, cost, leads, new customers, MQLs, SQLs, ...); the
same rows come out with their identifying columns (campaign name, date, ...) and one column per
KPI. Every KPI is a catalog function, computed by its vectorized metric: this module only finds
the columns that feed its arguments (``roikit.kpis.columns`` recognises their headers in
English, Russian, Polish and the other languages of the exports), never a formula. What it
could not compute is said, per KPI (a missing column) and per row (the metric's own reason,
e.g. "delivered is 0").

>>> import pandas as pd, roikit
>>> export = pd.DataFrame({"Campaign": ["May"], "Emails Sent": [1000], "Successful Deliveries":
...                        [980], "Unique Opens": [245], "Unique Clicks": [49]})
>>> result = roikit.kpis(export)
>>> round(float(result.table.loc[0, "ctr"]), 3)
0.05
>>> result.mapping["opens"]
"'Unique Opens'"
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from roikit.catalog import FunctionSpec, spec
from roikit.errors import ExportError
from roikit.kpis.columns import (
    IDENTIFYING,
    PARTS,
    PLATFORMS,
    VOCABULARY,
    best_column,
    header_words,
    is_field_header,
    is_identifying,
    is_known_header,
    normalize,
    part_columns,
)
from roikit.kpis.csvnumbers import CsvSource, read_numbers
from roikit.kpis.numbers import broken_cells, decimal_marks, grouping_reason, parse_numbers
from roikit.kpis.read import open_export
from roikit.metrics.convert import scalar_argument
from roikit.metrics.kinds import RATE
from roikit.metrics.reasons import reasons

# ---------------------------------------------------------------------------------------------
# What a campaign table computes, and what feeds it


@dataclass(frozen=True)
class Kpi:
    """One column of the KPI table: a catalog function, and for an argument whose name is no
    export field, the field that feeds it; ``column`` names the column when the function's
    own name would be taken twice (conversion rate between funnel stages)."""

    function: str
    fields: Mapping[str, str] = field(default_factory=dict)
    column: str | None = None


#: the KPIs, in the order of the table. Conversion rate is over clicks, as Google Ads, Meta and
#: LinkedIn report it, so that it means the same for email and ad rows. A KPI listed twice is
#: computed the first way the export has the fields for: CTR is clicks over delivered emails,
#: or, in an ad export, over impressions (the ads delivered), as the ad platforms define it.
KPIS: tuple[Kpi, ...] = (
    Kpi("DELIVERY_RATE"),
    Kpi("BOUNCE_RATE"),
    Kpi("OPEN_RATE"),
    Kpi("CTR"),
    Kpi("CTR", {"delivered": "impressions"}),
    Kpi("CTOR"),
    Kpi("UNSUBSCRIBE_RATE"),
    Kpi("COMPLAINT_RATE"),
    Kpi("CONVERSION_RATE", {"total": "clicks"}),
    Kpi("REVENUE_PER_EMAIL"),
    Kpi("AOV", {"orders": "conversions"}),
    Kpi("ARPU"),
    Kpi("CPL"),
    Kpi("CAC"),
    Kpi("CPC"),
    Kpi("CPM"),
    Kpi("CPA"),
    Kpi("ROAS"),
    Kpi("ACOS_AD"),
    Kpi("ROI"),
    Kpi("ROMI"),
    Kpi("CONVERSION_RATE", {"conversions": "sqls", "total": "mqls"}, "mql_to_sql"),
    Kpi("CONVERSION_RATE", {"conversions": "opportunities", "total": "sqls"}, "sql_to_opportunity"),
)

#: the export fields, each recognised by the phrases of roikit.kpis.columns.VOCABULARY
FIELDS = tuple(VOCABULARY)

#: headers whose meaning depends on the export's settings: said in the notes when used
CAVEATS = {
    "Results": "Meta's 'Results' count the outcome of each campaign's objective (purchases, "
    "leads, link clicks, ...); name the conversions column if that is not a conversion",
}

#: rows listed per problem in a report before "and N more"
SHOWN_ROWS = 10

_CAVEATS = {normalize(header): text for header, text in CAVEATS.items()}


def kpi_specs() -> list[tuple[FunctionSpec, dict[str, str], str]]:
    """Each KPI's catalog spec, the field that feeds each of its arguments, and its column."""
    specs = []
    for kpi in KPIS:
        function = spec(kpi.function)
        arguments = {a.name: kpi.fields.get(a.name, a.name) for a in function.arguments}
        specs.append((function, arguments, kpi.column or function.python_name))
    return specs


def fields() -> list[str]:
    """Every export field some KPI needs, in the order the KPIs first need them."""
    return list(dict.fromkeys(f for _, args, _ in kpi_specs() for f in args.values()))


def columns_markdown() -> str:
    """``docs/campaign-exports.md``: the KPIs of a campaign table, the words each field is
    recognised by and the platforms they were checked against, generated from :data:`KPIS`,
    the catalog and ``roikit.kpis.columns``."""
    lines = [
        "# Campaign exports: KPIs and recognised columns",
        "",
        "<!-- generated by `roikit build` from src/roikit/kpis/table.py and columns.py;"
        " do not edit -->",
        "",
        "`roikit.kpis(frame_or_file)` and `roikit kpis FILE` compute these KPIs, each by the",
        "roikit function of the same name, from the columns below.",
        "",
        "| KPI | function | from |",
        "| --- | --- | --- |",
    ]
    for function, arguments, column in kpi_specs():
        names = [a if a == f else f"{f} (as {a})" for a, f in arguments.items()]
        lines.append(f"| {column} | `{function.signature}` | {', '.join(names)} |")
    lines += [
        "",
        "## How a header is recognised",
        "",
        "A header is reduced to its words: the path of an API field is cut to its last part",
        "(`counters.open`, `base.shows`), a currency or unit in brackets or after a comma is",
        "dropped (`Расход (руб.)`, `Amount spent (EUR)`, `Потрачено, ₽`), snake_case and",
        "camelCase are split (`unique_open_count`, `uniqueOpened`), case and punctuation are",
        "ignored. Filler words (`number of`, `count`, `emails`, `писем`, `liczba`), *unique*",
        "words (`unique`, `уникальные`, `unikalne`) and *total* words (`total`, `all`, `всего`,",
        "`wszystkie`) are set aside; what remains must be one of the field's phrases below. Opens",
        "and clicks prefer a unique count and never take a total one (a reader opening twice",
        "would count twice); a header with a rate word (`Open Rate`, `CTR`, `ratios.*`, `%`)",
        "feeds no count or amount. `columns={field: header}` (`--column field=header`) names",
        "any other column.",
        "",
        "| field | phrases, best first |",
        "| --- | --- |",
    ]
    for name, phrases in VOCABULARY.items():
        text = ", ".join(f"`{h}`" for h in phrases)
        if name in PARTS:
            sums = " + ".join("(" + " / ".join(f"`{h}`" for h in p) + ")" for p in PARTS[name])
            text += f" — or {sums}"
        if name == "delivered":
            text += " — or sent − bounces"
        lines.append(f"| {name} | {text} |")
    kept = ", ".join(f"`{h}`" for h in IDENTIFYING)
    lines += ["", f"Columns kept as they are, to say which campaign a row is: {kept}.", ""]
    lines += [
        "## Platforms and sources",
        "",
        "| platform | export | header languages | field names from |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {name} | {export} | {languages} | {source} |"
        for name, export, languages, source in PLATFORMS
    ]
    lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The result


@dataclass
class RowProblem:
    """Rows where one KPI is undefined, and why (the metric's own words); for cells that are
    text but no number, ``kpi`` is the quoted column they are in."""

    kpi: str
    reason: str
    rows: list[Any]

    def __str__(self) -> str:
        shown = ", ".join(map(str, self.rows[:SHOWN_ROWS]))
        more = len(self.rows) - SHOWN_ROWS
        where = f"row {shown}" if len(self.rows) == 1 else f"rows {shown}"
        where += f" and {more:,} more" if more > 0 else ""
        return f"{self.kpi}, {where}: {self.reason}"


@dataclass
class KpiResult:
    """A KPI table and everything needed to trust it.

    ``table``: the identifying columns and one column per computed KPI (NaN where a row is
    undefined), indexed like the input. ``mapping``: export field -> the column(s) it was read
    from. ``inputs``: KPI -> its arguments -> the column(s) that fed each. ``skipped``:
    KPI -> why it could not be computed at all; ``not_found``: field -> what was looked for.
    ``row_problems``: which rows of which KPI are
    undefined, and why. ``notes``: what reading the file did (rows skipped, decimal comma, ...).
    """

    table: pd.DataFrame
    mapping: dict[str, str]
    inputs: dict[str, dict[str, str]]
    skipped: dict[str, str]
    not_found: dict[str, str] = field(default_factory=dict)
    row_problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def report(self) -> str:
        """A readable account: columns used, KPIs computed and skipped, problem rows."""
        lines = [f"{len(self.table):,} row(s)"]
        lines += [f"  {note}" for note in self.notes]
        lines.append("Columns used:")
        lines += [f"  {name:<14} <- {source}" for name, source in self.mapping.items()]
        if self.inputs:
            lines.append("KPIs computed:")
            shown = set()
            for function, arguments, kpi in kpi_specs():
                # the first way of computing it whose fields the export has is the one used
                if (
                    kpi in self.inputs
                    and kpi not in shown
                    and set(arguments.values()) <= set(self.mapping)
                ):
                    shown.add(kpi)
                    names = [a if a == f else f"{a}={f}" for a, f in arguments.items()]
                    call = f"{function.python_name}({', '.join(names)})"
                    lines.append(
                        f"  {call}" if kpi == function.python_name else f"  {kpi} = {call}"
                    )
        if self.skipped:
            lines.append("KPIs not computed:")
            by_reason: dict[str, list[str]] = {}
            for kpi, reason in self.skipped.items():
                by_reason.setdefault(reason, []).append(kpi)
            lines += [f"  {', '.join(kpis)}: {reason}" for reason, kpis in by_reason.items()]
        if self.not_found:
            lines.append("Not found (name a column with columns={field: header}, --column):")
            lines += [f"  {name}: {text}" for name, text in self.not_found.items()]
        if self.row_problems:
            lines.append("Rows left blank (NaN):")
            lines += [f"  {problem}" for problem in self.row_problems]
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Mapping columns to fields


def _quoted(columns: Sequence[str]) -> str:
    return " + ".join(f"'{c}'" for c in columns)


def map_columns(
    columns: Sequence[str], explicit: Mapping[str, str | Sequence[str]] | None = None
) -> dict[str, list[str]]:
    """Export field -> the column(s) feeding it: ``explicit`` first, then the vocabulary.

    A field's parts (hard + soft bounces) are mapped as ``"bounces"`` with several columns;
    costs may be several columns too (cost lines, summed per row). A column feeds one field.
    """
    mapping: dict[str, list[str]] = {}
    for name, given in (explicit or {}).items():
        if name not in VOCABULARY:
            raise ExportError(
                f"columns: unknown field {name!r}; fields are {', '.join(VOCABULARY)}"
            )
        chosen = [given] if isinstance(given, str) else list(given)
        for column in chosen:
            if column not in columns:
                seen = ", ".join(repr(c) for c in columns)
                raise ExportError(f"columns: {name}={column!r} is not a column; columns: {seen}")
        if len(chosen) > 1 and name != "costs":
            raise ExportError(f"columns: only costs may take several columns, not {name}")
        mapping[name] = chosen
    for name in VOCABULARY:
        if name in mapping:
            continue
        taken = {c for cs in mapping.values() for c in cs}
        free = [c for c in columns if c not in taken]
        found = best_column(free, name)
        if found is not None:
            mapping[name] = [found]
        elif name in PARTS and (parts := part_columns(free, name)):
            mapping[name] = parts
    return mapping


# ---------------------------------------------------------------------------------------------
# Rows the metrics left NaN, and why


def _in_fields(reason: str, fields: Mapping[str, str]) -> str:
    """A metric's reason in the export's words: the field where the argument has another name
    (``total`` of a conversion rate is ``clicks``)."""
    for argument, name in fields.items():
        if argument != name:
            reason = re.sub(rf"\b{argument}\b", name, reason)
    return reason


def _explain(kpi: str, fields: Mapping[str, str], result: pd.Series) -> list[RowProblem]:
    """The NaN rows of one KPI grouped by the reason the vectorized metric gave for each."""
    return [
        RowProblem(kpi, _in_fields(reason, fields), rows)
        for reason, rows in reasons(result).items()
    ]


# ---------------------------------------------------------------------------------------------
# The KPI table


def _inputs(
    frame: pd.DataFrame,
    mapping: dict[str, list[str]],
    decimal: Mapping[str, str],
    hint: str,
    source: CsvSource | None = None,
) -> tuple[dict[str, Any], dict[str, str], list[RowProblem], list[str]]:
    """Each mapped field's values (a Series; costs with several lines a DataFrame), where each
    came from, the cells that were not numbers, and how ambiguous numbers were read. With the
    ``source`` of a CSV file, pandas' C parser reads the number columns it can read exactly
    again from the file; :func:`parse_numbers` reads the others from their cells."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    problems: list[RowProblem] = []
    parsed: dict[str, pd.Series] = {}
    columns = list(dict.fromkeys(c for columns in mapping.values() for c in columns))
    readings = decimal_marks({c: frame[c] for c in columns}, hint, dict(decimal))
    notes = [n for c in columns if (n := readings[c].note(c))]
    rates = set(mapping.get("margin", []))
    fast: dict[str, pd.Series] = {}
    if source is not None:  # a margin column's percentages are parse_numbers' to read
        marks = {c: readings[c].mark for c in columns if c not in rates}
        fast = read_numbers(source, frame, marks)
    for column in columns:
        if column in fast:
            parsed[column] = fast[column]
            continue
        numbers, unreadable = parse_numbers(frame[column], readings[column].mark, column in rates)
        if column in rates and header_words(column).percent:  # "Margin (%)": 25 is 25 %
            plain = frame[column].map(lambda cell: "%" not in str(cell)).to_numpy(dtype=bool)
            numbers = numbers.where(~plain, numbers / 100)
        parsed[column] = numbers
        if not unreadable.empty:
            problems.extend(_unreadable(column, unreadable, readings[column].mark))
    if any(readings[c].mark == "," and frame[c].dtype.kind not in "fiub" for c in columns):
        notes.append("read numbers with a decimal comma (1.234,56)")
    for name, used in mapping.items():
        sources[name] = _quoted(used)
        if len(used) == 1:
            values[name] = parsed[used[0]]
        elif name == "costs":  # cost lines: the metric sums them per row
            values[name] = pd.DataFrame({c: parsed[c] for c in used})
        else:  # parts of a count: hard + soft bounces; a row with no part is blank
            values[name] = pd.DataFrame({c: parsed[c] for c in used}).sum(axis=1, min_count=1)
    return values, sources, problems, notes


def _unreadable(column: str, cells: pd.Series, decimal: str) -> list[RowProblem]:
    """The text cells of a column that are no number: those whose thousands separators break
    the rule (``12.34`` with a decimal comma) under their own reason, the others together."""
    broken = broken_cells(cells, decimal)
    problems = []
    for group, grouping in ((cells[~broken], False), (cells[broken], True)):
        if group.empty:
            continue
        example = str(group.iloc[0])[:30]
        reason = (
            grouping_reason(example, decimal) if grouping else f"is not a number (e.g. {example!r})"
        )
        problems.append(RowProblem(f"'{column}'", reason, list(group.index)))
    return problems


def _looked_for(name: str) -> str:
    """What the vocabulary looked for, for a field the export does not have."""
    if name == "margin":
        return "pass margin=0.25 (roikit kpis --margin 25%) or add a Margin column"
    text = ", ".join(f"'{s}'" for s in VOCABULARY[name][:4]) + ", ..."
    return text + " (or sent and bounces)" if name == "delivered" else text


def _none_of(names: list[str]) -> str:
    """``no a``, ``no a or b``, ``no a, b or c``."""
    return "no " + (names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}")


def kpis(
    frame: pd.DataFrame | str | Path,
    columns: Mapping[str, str | Sequence[str]] | None = None,
    margin: float | None = None,
    decimal: str | Mapping[str, str] | None = None,
) -> KpiResult:
    """The KPI table of a campaign export (a DataFrame, or the path of a .csv / .xlsx file).

    ``columns`` maps a field to a column when the vocabulary does not find it or finds the
    wrong one (``{"opens": "Unique Opens", "costs": ["Platform", "Agency"]}``); fields are
    those of ``roikit.kpis.columns.VOCABULARY`` (``sent``, ``delivered``, ``impressions``,
    ``bounces``, ``opens``, ``clicks``, ``unsubscribes``, ``complaints``, ``conversions``,
    ``revenue``, ``costs``, ``leads``, ``new_customers``, ``mqls``, ``sqls``,
    ``opportunities``, ``users``, ``margin``). ``margin`` (a fraction, 0.25 for 25 %) gives
    ROMI for every row; a Margin column does the same per row. ``decimal`` (``","`` or
    ``"."``, for every column or as ``{column: mark}``) says a decimal mark the cells leave
    open (``1,234`` alone); otherwise the report says which reading was taken.

    Delivered, when absent, is sent − bounces (the platforms' own definition); bounces, when
    absent, are hard + soft bounces. Conversion rate is conversions over clicks. CTR is clicks
    over delivered, or in an ad export with no delivered emails over impressions. The input
    file is only read.
    """
    source = None
    if not isinstance(frame, pd.DataFrame):
        frame, source = open_export(
            frame, known=is_known_header, keep_text=lambda header: not is_field_header(header)
        )
    frame = frame.rename(columns=str)
    twice = sorted(set(frame.columns[frame.columns.duplicated()]))
    if twice:
        raise ExportError(f"column names appear twice: {', '.join(map(repr, twice))}")
    mapping = map_columns(list(frame.columns), columns)
    if not any(name in mapping for name in fields()):
        seen = ", ".join(repr(c) for c in frame.columns[:30])
        raise ExportError(
            f"no recognizable columns (such as 'Sent', 'Opens', 'Clicks', 'Cost', 'Revenue'); "
            f"saw {seen}; name them with columns={{field: header}} (--column field=header)"
        )
    marks = _decimal_marks(decimal, mapping)
    values, sources, problems, notes = _fields(frame, mapping, columns or {}, margin, marks, source)
    used = {c for cs in mapping.values() for c in cs}
    kept = [c for c in frame.columns if is_identifying(c) and c not in used]
    table = frame[kept].copy()
    inputs: dict[str, dict[str, str]] = {}
    skipped: dict[str, str] = {}
    not_found: dict[str, str] = {}
    for function, arguments, kpi in kpi_specs():
        if kpi in inputs:  # computed already, the first way the export allowed
            continue
        missing = [name for name in dict.fromkeys(arguments.values()) if name not in values]
        if missing:
            skipped.setdefault(kpi, _none_of(missing))
            not_found.update((name, _looked_for(name)) for name in missing)
            continue
        skipped.pop(kpi, None)
        if arguments.get("delivered") == "impressions":
            notes.append(f"{kpi} is clicks / impressions, as ad platforms define it")
        inputs[kpi] = {a: sources[f] for a, f in arguments.items()}
        given = {a: values[f] for a, f in arguments.items()}
        result = function.func(*given.values())
        table[kpi] = result.astype(float)
        problems += _explain(kpi, arguments, result)
    return KpiResult(table, sources, inputs, skipped, not_found, problems, notes)


def _decimal_marks(
    decimal: str | Mapping[str, str] | None, mapping: dict[str, list[str]]
) -> dict[str, str]:
    """The decimal mark the caller gave, per column."""
    used = [c for cs in mapping.values() for c in cs]
    given = dict.fromkeys(used, decimal) if isinstance(decimal, str) else dict(decimal or {})
    for column, mark in given.items():
        if mark not in (",", "."):
            raise ExportError(f"decimal: {column!r} takes ',' or '.', not {mark!r}")
    return given


def _fields(
    frame: pd.DataFrame,
    mapping: dict[str, list[str]],
    named: Mapping[str, Any],
    margin: float | None,
    decimal: Mapping[str, str],
    source: CsvSource | None = None,
) -> tuple[dict[str, Any], dict[str, str], list[RowProblem], list[str]]:
    """Every field's values and source, the cells that were no numbers, and notes on reading."""
    notes = list(frame.attrs.get("notes", []))
    hint = frame.attrs.get("decimal_hint", ".")
    values, sources, problems, read_notes = _inputs(frame, mapping, decimal, hint, source)
    notes += read_notes
    for name, used in mapping.items():
        if name not in named:  # a column the vocabulary chose
            notes += [_CAVEATS[normalize(c)] for c in used if normalize(c) in _CAVEATS]
    _derive_delivered(values, sources)
    if margin is not None:
        scalar_argument(margin, "margin", RATE)  # MetricError names the rule (write 25 %)
        values["margin"] = float(margin)
        instead = f" (instead of {sources['margin']})" if "margin" in sources else ""
        sources["margin"] = f"{margin:g}, the margin argument{instead}"
    return values, sources, problems, notes


def _derive_delivered(values: dict[str, Any], sources: dict[str, str]) -> None:
    """Delivered as sent − bounces, when the export has no delivered column."""
    if "delivered" in values or not {"sent", "bounces"} <= values.keys():
        return
    values["delivered"] = values["sent"] - values["bounces"]
    bounces = sources["bounces"]
    sources["delivered"] = f"{sources['sent']} − " + (f"({bounces})" if "+" in bounces else bounces)


__all__ = [
    "FIELDS",
    "IDENTIFYING",
    "KPIS",
    "PARTS",
    "VOCABULARY",
    "Kpi",
    "KpiResult",
    "RowProblem",
    "columns_markdown",
    "is_known_header",
    "kpi_specs",
    "kpis",
    "map_columns",
    "normalize",
]
