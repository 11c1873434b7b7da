"""Campaign exports -> KPI table: ``roikit.kpis(frame_or_file, columns=..., margin=...)``.

One row per campaign or send goes in (sent, delivered, bounces, opens, clicks, unsubscribes,
conversions, revenue, cost, leads, new customers); the same rows come out with their
identifying columns (campaign name, date, ...) and one column per KPI. Every KPI is a catalog
function, computed by its vectorized metric: this module only finds the columns that feed its
arguments, never a formula. What it could not compute is said, per KPI (a missing column) and
per row (the metric's own reason, e.g. "delivered is 0").

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

import numpy as np
import pandas as pd

from roikit.catalog import FunctionSpec, spec
from roikit.errors import ExportError, MetricError
from roikit.kpis.read import guess_decimal, parse_numbers, read_export
from roikit.metrics.convert import scalar_argument
from roikit.metrics.kinds import RATE

# ---------------------------------------------------------------------------------------------
# What a campaign table computes, and what feeds it

#: the KPIs, in the order of the table: a catalog function, and for an argument whose name is no
#: export field, the field that feeds it. Conversion rate is over clicks, as Google Ads, Meta and
#: LinkedIn report it, so that it means the same for email and ad rows. A KPI listed twice is
#: computed the first way the export has the fields for: CTR is clicks over delivered emails,
#: or, in an ad export, over impressions (the ads delivered), as the ad platforms define it.
KPIS: tuple[tuple[str, Mapping[str, str]], ...] = (
    ("DELIVERY_RATE", {}),
    ("BOUNCE_RATE", {}),
    ("OPEN_RATE", {}),
    ("CTR", {}),
    ("CTR", {"delivered": "impressions"}),
    ("CTOR", {}),
    ("UNSUBSCRIBE_RATE", {}),
    ("CONVERSION_RATE", {"total": "clicks"}),
    ("REVENUE_PER_EMAIL", {}),
    ("CPL", {}),
    ("CAC", {}),
    ("CPC", {}),
    ("CPA", {}),
    ("ROAS", {}),
    ("ROI", {}),
    ("ROMI", {}),
)

#: header spellings of each export field, best first, as the platforms write them (Mailchimp,
#: Klaviyo, Brevo, HubSpot, ActiveCampaign, Google Ads, Meta Ads, LinkedIn Campaign Manager).
#: Matching ignores case, spaces, punctuation and a currency code in brackets ("(EUR)"). Rates
#: ("Open Rate") and totals counting a reader twice ("Total Opens", Brevo's "Clickers") are
#: deliberately absent.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "sent": (
        "Emails Sent",
        "Sent",
        "Total Recipients",
        "Recipients",
        "Sends",
        "Total Sends",
        "Emails",
        "Sent Emails",
        "Number Sent",
        "Processed",
    ),
    "delivered": (
        "Successful Deliveries",
        "Delivered",
        "Deliveries",
        "Emails Delivered",
        "Total Deliveries",
        "Delivered Emails",
    ),
    "impressions": ("Impressions", "Impr.", "Total Impressions"),
    "bounces": ("Bounces", "Total Bounces", "Bounced", "Bounce Count"),
    "opens": (
        "Unique Opens",
        "Unique Opened",
        "Unique Openers",
        "Unique Views",
        "Openers",
        "Opened",
        "Opens",
        "Unique Open",
    ),
    "clicks": (
        "Unique Clicks",
        "Unique Link Clicks",
        "Unique Clickers",
        "Clicked",
        "Clicks",
        "Link Clicks",
        "Unique Click",
    ),
    "unsubscribes": (
        "Unsubscribes",
        "Unsubscribed",
        "Unsubscriptions",
        "Unsubscribers",
        "Unsubs",
        "Opt-outs",
    ),
    "conversions": (
        "Conversions",
        "Orders",
        "Total Orders",
        "Unique Placed Order",
        "Placed Order",
        "Placed Orders",
        "Purchases",
        "Transactions",
        "Conv.",
        "Results",
    ),
    "revenue": (
        "Revenue",
        "Total Revenue",
        "Conv. value",
        "Conversion value",
        "Total conv. value",
        "Purchases conversion value",
        "Purchase conversion value",
        "Sales",
        "Order Revenue",
        "Attributed Revenue",
    ),
    "costs": ("Cost", "Costs", "Spend", "Amount spent", "Total Spent", "Total Spend", "Spent"),
    "leads": ("Leads", "Lead", "Lead Form Submissions", "New Leads", "Contacts Created"),
    "new_customers": (
        "New Customers",
        "New Customer",
        "Customers Acquired",
        "First-time Customers",
        "Customers Won",
        "New Clients",
    ),
    "margin": ("Margin", "Gross Margin", "Profit Margin"),
}

#: headers whose meaning depends on the export's settings: said in the notes when used
CAVEATS = {
    "Results": "Meta's 'Results' count the outcome of each campaign's objective (purchases, "
    "leads, link clicks, ...); name the conversions column if that is not a conversion",
}

#: a field that some exports split into parts, summed when the field itself is absent
PARTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "bounces": (
        ("Hard Bounces", "Hard Bounced", "Hard Bounce"),
        ("Soft Bounces", "Soft Bounced", "Soft Bounce"),
    ),
}

#: columns that say which campaign a row is; kept in the KPI table as they are
IDENTIFYING = (
    "Campaign",
    "Campaign Name",
    "Campaign Title",
    "Title",
    "Name",
    "Email Name",
    "Email",
    "Subject",
    "Subject Line",
    "Campaign ID",
    "Unique Id",
    "ID",
    "Ad Set Name",
    "Ad Group",
    "Ad Name",
    "Campaign Group Name",
    "Send Date",
    "Send Time",
    "Sent Date",
    "Date",
    "Day",
    "Week",
    "Month",
    "Reporting starts",
    "Reporting ends",
    "List",
    "Audience",
    "Variant",
    "Variant Name",
    "Channel",
    "Campaign Channel",
    "Campaign Type",
    "Currency",
    "Currency Code",
)

#: rows listed per problem in a report before "and N more"
SHOWN_ROWS = 10
#: rows per KPI asked for their reason one by one (the rest are counted)
EXPLAINED_ROWS = 1000


def normalize(header: str) -> str:
    """A header as matching sees it: no currency code in brackets, lower case, letters and
    digits only (``"Amount spent (EUR)"`` -> ``"amountspent"``)."""
    header = re.sub(r"\((?:[A-Z]{3}|[$€£¥₹])\)", "", str(header))
    return re.sub(r"[\W_]+", "", header.lower())


_KNOWN = {
    normalize(name)
    for names in (*SYNONYMS.values(), *(p for parts in PARTS.values() for p in parts), IDENTIFYING)
    for name in names
}


_IDENTIFYING = {normalize(name) for name in IDENTIFYING}
_CAVEATS = {normalize(header): text for header, text in CAVEATS.items()}


def is_known_header(cell: str) -> bool:
    """Whether a cell reads as a header this module recognises (tells the header from a title)."""
    return normalize(cell) in _KNOWN


def kpi_specs() -> list[tuple[FunctionSpec, dict[str, str]]]:
    """Each KPI's catalog spec and, for each of its arguments, the field that feeds it."""
    specs = []
    for name, binding in KPIS:
        function = spec(name)
        specs.append((function, {a.name: binding.get(a.name, a.name) for a in function.arguments}))
    return specs


def fields() -> list[str]:
    """Every export field some KPI needs, in the order the KPIs first need them."""
    return list(dict.fromkeys(f for _, args in kpi_specs() for f in args.values()))


def columns_markdown() -> str:
    """``docs/campaign-exports.md``: the KPIs of a campaign table and the headers each field is
    recognised by, generated from :data:`KPIS`, the catalog and :data:`SYNONYMS`."""
    lines = [
        "# Campaign exports: KPIs and recognised columns",
        "",
        "<!-- generated by `roikit build` from src/roikit/campaigns.py; do not edit -->",
        "",
        "`roikit.kpis(frame_or_file)` and `roikit kpis FILE` compute these KPIs, each by the",
        "roikit function of the same name, from the columns below. Headers match ignoring case,",
        "spaces, punctuation and a currency code in brackets; `columns={field: header}`",
        "(`--column field=header`) names any other.",
        "",
        "| KPI | function | from |",
        "| --- | --- | --- |",
    ]
    for function, arguments in kpi_specs():
        names = [a if a == f else f"{f} (as {a})" for a, f in arguments.items()]
        lines.append(f"| {function.python_name} | `{function.signature}` | {', '.join(names)} |")
    lines += ["", "| field | recognised headers, first found wins |", "| --- | --- |"]
    for name, headers in SYNONYMS.items():
        text = ", ".join(f"`{h}`" for h in headers)
        if name in PARTS:
            sums = " + ".join("(" + " / ".join(f"`{h}`" for h in p) + ")" for p in PARTS[name])
            text += f" — or {sums}"
        if name == "delivered":
            text += " — or sent − bounces"
        lines.append(f"| {name} | {text} |")
    kept = ", ".join(f"`{h}`" for h in IDENTIFYING)
    lines += ["", f"Columns kept as they are, to say which campaign a row is: {kept}.", ""]
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
            for function, arguments in kpi_specs():
                kpi = function.python_name
                # the first way of computing it whose fields the export has is the one used
                if (
                    kpi in self.inputs
                    and kpi not in shown
                    and set(arguments.values()) <= set(self.mapping)
                ):
                    shown.add(kpi)
                    names = [a if a == f else f"{a}={f}" for a, f in arguments.items()]
                    lines.append(f"  {kpi}({', '.join(names)})")
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


def _find(headers: dict[str, str], names: Sequence[str]) -> str | None:
    for name in names:
        found = headers.get(normalize(name))
        if found is not None:
            return found
    return None


def map_columns(
    columns: Sequence[str], explicit: Mapping[str, str | Sequence[str]] | None = None
) -> dict[str, list[str]]:
    """Export field -> the column(s) feeding it: ``explicit`` first, then the synonyms.

    A field's parts (hard + soft bounces) are mapped as ``"bounces"`` with several columns;
    costs may be several columns too (cost lines, summed per row).
    """
    headers: dict[str, str] = {}
    for column in columns:
        headers.setdefault(normalize(column), column)
    mapping: dict[str, list[str]] = {}
    for name, given in (explicit or {}).items():
        if name not in SYNONYMS:
            raise ExportError(f"columns: unknown field {name!r}; fields are {', '.join(SYNONYMS)}")
        chosen = [given] if isinstance(given, str) else list(given)
        for column in chosen:
            if column not in columns:
                seen = ", ".join(repr(c) for c in columns)
                raise ExportError(f"columns: {name}={column!r} is not a column; columns: {seen}")
        if len(chosen) > 1 and name != "costs":
            raise ExportError(f"columns: only costs may take several columns, not {name}")
        mapping[name] = chosen
    for name, names in SYNONYMS.items():
        if name in mapping:
            continue
        found = _find(headers, names)
        if found is not None:
            mapping[name] = [found]
        elif name in PARTS:
            parts = [_find(headers, part) for part in PARTS[name]]
            if any(parts):
                mapping[name] = [part for part in parts if part]
    return mapping


# ---------------------------------------------------------------------------------------------
# Rows the metrics left NaN, and why


def _reason(err: MetricError, fields: Mapping[str, str]) -> str:
    """A metric's message without the row's own values, so that rows group by reason, naming
    the export field where the argument has another name (``total`` of a conversion rate is
    ``clicks``)."""
    rule = re.sub(r"\s*\(-?[\d.,e+]+\)", "", err.rule)
    rule = re.sub(r",? got [^;]*|: enter .*", "", rule)
    text = f"{err.argument} {rule}"
    for argument, name in fields.items():
        if argument != name:
            text = re.sub(rf"\b{argument}\b", name, text)
    return re.sub(r"\s+", " ", text).strip()


def _explain(
    kpi: str,
    function: FunctionSpec,
    arguments: dict[str, Any],
    fields: Mapping[str, str],
    result: pd.Series,
) -> list[RowProblem]:
    """Group the NaN rows of one KPI by the reason its scalar face gives for each."""
    positions = np.flatnonzero(result.isna().to_numpy())
    if not positions.size:
        return []
    # each argument by position: a number for every row, a row of cost lines, or one value
    per_row = [isinstance(v, pd.DataFrame | pd.Series) for v in arguments.values()]
    columns = [
        v.to_numpy(dtype=object).tolist() if row else v
        for v, row in zip(arguments.values(), per_row, strict=True)
    ]
    groups: dict[str, list[Any]] = {}
    for count, position in enumerate(positions.tolist()):
        if count == EXPLAINED_ROWS:
            reason = f"not examined (more than {EXPLAINED_ROWS:,} undefined rows)"
            groups[reason] = result.index[positions[count:]].tolist()
            break
        values = [c[position] if row else c for c, row in zip(columns, per_row, strict=True)]
        try:
            function.func(*values)
        except MetricError as err:
            groups.setdefault(_reason(err, fields), []).append(result.index[position])
        else:  # pragma: no cover - the vectorized and scalar faces agree (property-tested)
            groups.setdefault("is undefined", []).append(result.index[position])
    return [RowProblem(kpi, reason, rows) for reason, rows in groups.items()]


# ---------------------------------------------------------------------------------------------
# The KPI table


def _inputs(
    frame: pd.DataFrame, mapping: dict[str, list[str]], decimal: str
) -> tuple[dict[str, Any], dict[str, str], list[RowProblem]]:
    """Each mapped field's values (a Series; costs with several lines a DataFrame), where each
    came from, and the cells that were not numbers."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    problems: list[RowProblem] = []
    parsed: dict[str, pd.Series] = {}
    for column in dict.fromkeys(c for columns in mapping.values() for c in columns):
        numbers, unreadable = parse_numbers(frame[column], decimal)
        parsed[column] = numbers
        if not unreadable.empty:
            example = str(unreadable.iloc[0])[:30]
            problems.append(
                RowProblem(
                    f"'{column}'", f"is not a number (e.g. {example!r})", list(unreadable.index)
                )
            )
    for name, columns in mapping.items():
        sources[name] = _quoted(columns)
        if len(columns) == 1:
            values[name] = parsed[columns[0]]
        elif name == "costs":  # cost lines: the metric sums them per row
            values[name] = pd.DataFrame({c: parsed[c] for c in columns})
        else:  # parts of a count: hard + soft bounces; a row with no part is blank
            values[name] = pd.DataFrame({c: parsed[c] for c in columns}).sum(axis=1, min_count=1)
    return values, sources, problems


def _looked_for(name: str) -> str:
    """What the synonyms looked for, for a field the export does not have."""
    if name == "margin":
        return "pass margin=0.25 (roikit kpis --margin 25%) or add a Margin column"
    text = ", ".join(f"'{s}'" for s in SYNONYMS[name][:4]) + ", ..."
    return text + " (or sent and bounces)" if name == "delivered" else text


def _none_of(names: list[str]) -> str:
    """``no a``, ``no a or b``, ``no a, b or c``."""
    return "no " + (names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}")


def kpis(
    frame: pd.DataFrame | str | Path,
    columns: Mapping[str, str | Sequence[str]] | None = None,
    margin: float | None = None,
) -> KpiResult:
    """The KPI table of a campaign export (a DataFrame, or the path of a .csv / .xlsx file).

    ``columns`` maps a field to a column when the synonyms do not find it or find the wrong one
    (``{"opens": "Unique Opens", "costs": ["Platform", "Agency"]}``); fields are ``sent``,
    ``delivered``, ``impressions``, ``bounces``, ``opens``, ``clicks``, ``unsubscribes``,
    ``conversions``, ``revenue``, ``costs``, ``leads``, ``new_customers`` and ``margin``. ``margin`` (a fraction,
    0.25 for 25 %) gives ROMI for every row; a Margin column does the same per row.

    Delivered, when absent, is sent − bounces (the platforms' own definition); bounces, when
    absent, are hard + soft bounces. Conversion rate is conversions over clicks. CTR is clicks over
    delivered, or in an ad export with no delivered emails over impressions.
    """
    if not isinstance(frame, pd.DataFrame):
        frame = read_export(frame, known=is_known_header)
    frame = frame.rename(columns=str)
    twice = sorted(set(frame.columns[frame.columns.duplicated()]))
    if twice:
        raise ExportError(f"column names appear twice: {', '.join(map(repr, twice))}")
    mapping = map_columns(list(frame.columns), columns)
    if not any(name in mapping for name in fields()):
        seen = ", ".join(repr(c) for c in frame.columns[:30])
        raise ExportError(
            f"no recognizable columns (such as 'Sent', 'Opens', 'Clicks', 'Cost', 'Revenue'); "
            f"saw {seen}"
        )
    values, sources, problems, notes = _fields(frame, mapping, columns or {}, margin)
    used = {c for cs in mapping.values() for c in cs}
    kept = [c for c in frame.columns if normalize(c) in _IDENTIFYING and c not in used]
    table = frame[kept].copy()
    inputs: dict[str, dict[str, str]] = {}
    skipped: dict[str, str] = {}
    not_found: dict[str, str] = {}
    for function, arguments in kpi_specs():
        kpi = function.python_name
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
        table[kpi] = function.func(*given.values()).astype(float)
        problems += _explain(kpi, function, given, arguments, table[kpi])
    return KpiResult(table, sources, inputs, skipped, not_found, problems, notes)


def _fields(
    frame: pd.DataFrame,
    mapping: dict[str, list[str]],
    named: Mapping[str, Any],
    margin: float | None,
) -> tuple[dict[str, Any], dict[str, str], list[RowProblem], list[str]]:
    """Every field's values and source, the cells that were no numbers, and notes on reading."""
    notes = list(frame.attrs.get("notes", []))
    numeric = [frame[c] for cs in mapping.values() for c in cs]
    decimal = guess_decimal(numeric, frame.attrs.get("decimal_hint", "."))
    if decimal == "," and any(col.dtype.kind not in "fiub" for col in numeric):
        notes.append("read numbers with a decimal comma (1.234,56)")
    values, sources, problems = _inputs(frame, mapping, decimal)
    for name, used in mapping.items():
        if name not in named:  # a column the synonyms chose
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
    "IDENTIFYING",
    "KPIS",
    "PARTS",
    "SYNONYMS",
    "KpiResult",
    "RowProblem",
    "columns_markdown",
    "is_known_header",
    "kpi_specs",
    "kpis",
    "map_columns",
    "normalize",
]
