"""Which export field a column header names, in the languages of the exports roikit reads.

A header is first reduced to its words (:func:`header_words`): Unicode-normalised, the path
of an API field cut to its last part (``counters.open`` -> ``open``; ``base.shows`` ->
``shows``), a unit or currency in brackets or after a comma dropped (``Расход (руб.)``,
``Amount spent (EUR)``, ``Потрачено, ₽``, ``CTR (%)``), snake_case and camelCase split
(``unique_open_count``, ``uniqueOpened``), punctuation gone, lower case. Then the words that
only qualify the count are set aside (:func:`concept`): filler (``number``, ``of``, ``count``,
``emails``, ``писем``, ``liczba``, ...), *unique* (``unique``, ``уникальные``, ``unikalne``)
and *total* (``total``, ``all``, ``всего``, ``wszystkie``). What remains must be one of the
field's phrases in :data:`VOCABULARY` exactly, so that ``Cost / conv.`` (a cost per
conversion) is never the cost and ``Ср. цена клика`` never the clicks.

Opens and clicks count readers: a *unique* header is preferred, a plain one taken, a *total*
one never (one reader opening twice would count twice). Every other field takes its best phrase
first, and a unique, plain or total header only decides between headers of one phrase
(Mailchimp's ``Total Orders`` before ``Transactions``). A header with a rate word (``Open
Rate``, ``CTR``, ``ratios.openratio``, ``Wskaźnik otwarć``, ``ДРР (%)``) feeds no count or
amount: only a margin is a rate.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: phrases that name each export field, best first, in English, Russian, Polish, German,
#: French, Spanish and Japanese (the words a header keeps once filler, unique and total are set
#: aside). Sources per platform: docs/campaign-exports.md.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "sent": (
        "sent",
        "sends",
        "recipients",
        "processed",
        "send",
        "отправлено",
        "отправлены",
        "отправок",
        "получатели",
        "получателей",
        "wysłane",
        "wysłano",
        "wysłanych",
        "odbiorcy",
        "gesendet",
        "versendet",
        "empfänger",
        "envoyés",
        "envoyes",
        "destinataires",
        "enviados",
        "destinatarios",
        "送信数",
        "配信数",
    ),
    "delivered": (
        "delivered",
        "successful deliveries",
        "deliveries",
        "доставлено",
        "доставлены",
        "доставленные",
        "dostarczone",
        "dostarczono",
        "zugestellt",
        "délivrés",
        "delivres",
        "entregados",
        "到達数",
    ),
    "impressions": (
        "impressions",
        "impr",
        "shows",
        "показы",
        "показов",
        "wyświetlenia",
        "wyświetl",
        "odsłony",
        "impresje",
        "impressionen",
        "表示回数",
        "インプレッション数",
    ),
    "bounces": (
        "bounces",
        "bounced",
        "bounce",
        "returned",
        "возвраты",
        "недоставленные",
        "недоставлено",
        "не доставлено",
        "недоставленных",
        "zwrotki",
        "zwroty",
        "odbicia",
        "niedostarczone",
        "rebonds",
    ),
    "opens": (
        "opens",
        "opened",
        "openers",
        "open",
        "views",
        "viewed",
        "reads",
        "read",
        "открытия",
        "открытий",
        "открыто",
        "открыли",
        "прочтения",
        "прочитано",
        "otwarcia",
        "otwarć",
        "otwarte",
        "otwierający",
        "öffnungen",
        "geöffnet",
        "ouvertures",
        "ouvreurs",
        "aperturas",
        "開封数",
    ),
    "clicks": (
        "clicks",
        "link clicks",
        "clicks destination",
        "clicked",
        "click",
        "clickers",
        "клики",
        "клики на ссылку",
        "кликов",
        "кликнули",
        "переходы",
        "переходов",
        "перешли",
        "klikający",
        "kliknięcia",
        "kliknięcia linku",
        "kliknięć",
        "klicks",
        "clics",
        "cliqueurs",
        "クリック数",
        "クリック",
    ),
    "unsubscribes": (
        "unsubscribes",
        "unsubscribed",
        "unsubscriptions",
        "unsubscribers",
        "unsubs",
        "unsubscribe",
        "opt outs",
        "unsubsribed",
        "отписки",
        "отписались",
        "отписок",
        "wypisania",
        "wypisy",
        "wypisani",
        "rezygnacje",
        "abmeldungen",
        "désabonnements",
        "desabonnements",
        "bajas",
    ),
    "complaints": (
        "complaints",
        "spam complaints",
        "abuse complaints",
        "abuse reports",
        "spam reports",
        "spamreport",
        "spam",
        "complained",
        "жалобы",
        "жалоб",
        "жалобы на спам",
        "спам",
        "skargi",
        "zgłoszenia spamu",
        "beschwerden",
        "plaintes",
        "quejas",
    ),
    "conversions": (
        "conversions",
        "orders",
        "placed order",
        "placed orders",
        "purchases",
        "transactions",
        "conv",
        "results",
        "goals",
        "конверсии",
        "конверсий",
        "заказы",
        "заказов",
        "покупки",
        "покупки на сайте",
        "достижения целей",
        "результаты",
        "konwersje",
        "zamówienia",
        "transakcje",
        "zakupy",
        "cele",
        "wyniki",
        "bestellungen",
        "commandes",
        "pedidos",
        "コンバージョン",
        "コンバージョン数",
    ),
    "revenue": (
        "revenue",
        "conv value",
        "conversion value",
        "purchases conversion value",
        "purchase conversion value",
        "sales",
        "order revenue",
        "attributed revenue",
        "доход",
        "выручка",
        "ценность конверсий",
        "ценность конверсии",
        "ценность конверсии покупки с сайта",
        "przychód",
        "przychody",
        "wartość celów",
        "wartość konwersji",
        "wartość konw",
        "sprzedaż",
        "umsatz",
        "revenus",
        "chiffre d affaires",
        "ingresos",
        "コンバージョン値",
        "売上",
    ),
    "costs": (
        "cost",
        "costs",
        "spend",
        "amount spent",
        "spent",
        "campaign cost",
        "ad spend",
        "ad cost",
        "media spend",
        "расход",
        "расходы",
        "затраты",
        "потрачено",
        "потраченная сумма",
        "цена",
        "koszt",
        "koszty",
        "wydatki",
        "wydano",
        "wydana kwota",
        "kosten",
        "ausgaben",
        "coût",
        "cout",
        "dépenses",
        "costo",
        "coste",
        "gasto",
        "費用",
    ),
    "leads": (
        "leads",
        "lead",
        "lead form submissions",
        "new leads",
        "contacts created",
        "лиды",
        "лидов",
        "заявки",
        "leady",
    ),
    "new_customers": (
        "new customers",
        "new customer",
        "customers acquired",
        "first time customers",
        "customers won",
        "new clients",
        "новые клиенты",
        "новых клиентов",
        "nowi klienci",
        "neukunden",
        "nouveaux clients",
    ),
    "mqls": ("mqls", "mql", "marketing qualified leads"),
    "sqls": ("sqls", "sql", "sales qualified leads"),
    "opportunities": ("opportunities", "opportunity", "возможности", "szanse sprzedaży"),
    "users": ("users", "active users", "пользователи", "użytkownicy", "nutzer"),
    "margin": ("margin", "gross margin", "profit margin", "маржа", "маржинальность", "marża"),
}

#: the platforms whose export or API field names the vocabulary was checked against: name, what
#: was read, the languages of its headers, and where the names come from (docs/campaign-exports.md)
PLATFORMS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Mailchimp",
        "campaign report CSV; API reports",
        "en",
        "Mailchimp Marketing API, Reports: emails_sent, opens.unique_opens, "
        "clicks.unique_subscriber_clicks (mailchimp.com/developer/marketing/api/reports); the "
        "campaign report CSV: Total Recipients, Successful Deliveries, Total Bounces, Unique "
        "Opens, Unique Clicks, Total Orders, Total Revenue, Campaign Cost, and Google Analytics' "
        "Transactions, as public code that reads the export spells them",
    ),
    ("Klaviyo", "campaign CSV export", "en", "Klaviyo Help, 'Campaign performance' export columns"),
    (
        "Brevo",
        "campaign CSV export (French Excel); API",
        "en, fr",
        "Brevo API v3, GetCampaignStats: sent, delivered, uniqueViews, uniqueClicks, complaints; "
        "clickers are total clicks (github.com/getbrevo/brevo-php, docs/Model/GetCampaignStats.md)",
    ),
    (
        "HubSpot",
        "marketing email export (.xlsx); API v3 statistics",
        "en",
        "HubSpot API, Marketing emails v3 statistics: counters.sent, counters.open, counters.click "
        "(developers.hubspot.com/docs/api-reference/marketing-marketing-emails-v3-v3)",
    ),
    (
        "ActiveCampaign",
        "campaign CSV export",
        "en",
        "ActiveCampaign campaign report: Sent, Opens (unique), Total Opens, Clicks (unique), Total "
        "Link Clicks (github.com/CommandersAct/Adloop-Documentation, ActiveCampaign metrics)",
    ),
    (
        "Campaign Monitor",
        "API campaign summary",
        "en",
        "Campaign Monitor API, campaign summary: Recipients, UniqueOpened, TotalOpened, Bounced, "
        "Unsubscribed, SpamComplaints (campaignmonitor.com/api)",
    ),
    (
        "Mailcoach",
        "API / database fields",
        "en",
        "Mailcoach docs, 'Viewing statistics of a sent campaign': sent_to_number_of_subscribers, "
        "unique_open_count, unique_click_count (github.com/spatie/laravel-mailcoach docs)",
    ),
    (
        "GetResponse",
        "API v3 newsletter statistics",
        "en",
        "GetResponse API v3, GET /newsletters/statistics: sent, uniqueOpened, uniqueClicked, "
        "unsubsribed (apidocs.getresponse.com/v3/resources/newsletters)",
    ),
    (
        "UniSender (Selzy)",
        "API getCampaignCommonStats",
        "en field names, ru campaigns",
        "UniSender API, getCampaignCommonStats: sent, delivered, read_unique, clicked_unique, spam "
        "(unisender.com/en/support/api/partners/get-campaign-common-stats)",
    ),
    (
        "SendPulse, Dashamail, eSputnik, Mindbox",
        "Russian-interface CSV",
        "ru",
        "their Russian interfaces' report words (Отправлено, Доставлено, Открытия, Клики, Отписки, Жалобы); "
        "no public list of export headers found",
    ),
    (
        "ExpertSender",
        "summary email report (Polish interface)",
        "pl",
        "ExpertSender Help (pl), 'Raporty zbiorcze email': Wysłane, Zwrotki, Dostarczone, Unikalne "
        "otwarcia, Klikający, Skargi, Wypisania, Cele (help.expertsender.com/pl/emp/raporty-zbiorcze-email)",
    ),
    (
        "FreshMail, SALESmanago",
        "Polish-interface CSV",
        "pl",
        "their Polish interfaces' report words (Wysłane, Otwarcia, Kliknięcia, Wypisania, Koszt); "
        "no public list of export headers found",
    ),
    (
        "Yandex Direct",
        "Report wizard CSV (Russian Excel); Reports API TSV",
        "ru, en",
        "Yandex Direct API, Reports: TSV with a title and a totals row; Impressions, Clicks, Cost, "
        "Conversions, Revenue (yandex.com/dev/direct/doc/en/report-format); Показы, Клики, "
        "Расход (руб.) in the interface",
    ),
    (
        "VK Ads / myTarget",
        "statistics API v2, base metrics",
        "en field names",
        "myTarget statistics API v2, 'base' metrics: shows, clicks, goals, spent, cpm, cpc, cpa, ctr "
        "(rmytarget's myTarGetStats reference, target.my.com/doc/api)",
    ),
    (
        "Google Ads",
        "campaign report CSV (English, Japanese, Polish, Russian)",
        "en, ja, pl, ru",
        "Google Ads Help, report columns (Impr., Clicks, Cost, Conversions, Conv. value); "
        "Polish Wyświetl., Kliknięcia, Koszt, Konwersje, Wartość konw. and Russian Показы, Клики, "
        "Цена, Конверсии, Ценность конверсии as public code that imports these exports spells them",
    ),
    (
        "Meta Ads",
        "Ads Manager CSV export (English, Polish, Russian)",
        "en, pl, ru",
        "Meta Ads Manager export columns (Amount spent (EUR), Impressions, Link clicks, Results); "
        "Wydana kwota (PLN), Kliknięcia linku, Wyniki, Zakupy and Потраченная сумма (RUB), "
        "Клики на ссылку, Результаты, Покупки на сайте, Ценность конверсии покупки с сайта as "
        "public code that imports these exports spells them",
    ),
    (
        "TikTok Ads",
        "Ads Manager campaign export",
        "en",
        "TikTok Ads Manager columns Cost, Impressions, Clicks (destination), Conversions, as "
        "public code that imports these exports spells them",
    ),
    (
        "Microsoft Advertising",
        "report download CSV with its report header lines",
        "en",
        "Microsoft Advertising reporting docs, report file schema (Report Name, Report Time, ..., "
        "Rows lines above the header; learn.microsoft.com/advertising/guides/reports); columns "
        "Impressions, Clicks, Spend, Conversions, Revenue",
    ),
    (
        "LinkedIn",
        "Campaign Manager CSV (UTF-16, tabs)",
        "en",
        "LinkedIn Campaign Manager, campaign performance report columns (Impressions, Clicks, Total Spent, Leads)",
    ),
)

#: a field some exports split into parts, summed when the field itself is absent
PARTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "bounces": (
        (
            "hard bounces",
            "hard bounced",
            "hard bounce",
            "hardbounced",
            "odbicia twarde",
            "twarde odbicia",
            "zwroty twarde",
            "twarde zwroty",
            "жесткие возвраты",
            "жёсткие возвраты",
            "возвраты жесткие",
            "возвраты жёсткие",
            "harte bounces",
        ),
        (
            "soft bounces",
            "soft bounced",
            "soft bounce",
            "softbounced",
            "odbicia miękkie",
            "miękkie odbicia",
            "zwroty miękkie",
            "miękkie zwroty",
            "мягкие возвраты",
            "возвраты мягкие",
            "weiche bounces",
        ),
    ),
}

#: columns that say which campaign a row is; kept in the KPI table as they are
IDENTIFYING: tuple[str, ...] = (
    "campaign",
    "campaign name",
    "campaign title",
    "title",
    "name",
    "email name",
    "email",
    "subject",
    "subject line",
    "campaign id",
    "unique id",
    "id",
    "newsletter id",
    "ad set name",
    "ad group",
    "ad name",
    "campaign group name",
    "send date",
    "send time",
    "sent date",
    "sent at",
    "date",
    "day",
    "week",
    "month",
    "reporting starts",
    "reporting ends",
    "time interval",
    "list",
    "audience",
    "variant",
    "variant name",
    "channel",
    "campaign channel",
    "campaign type",
    "currency",
    "currency code",
    "кампания",
    "название",
    "название кампании",
    "рассылка",
    "название рассылки",
    "дата отправки",
    "начало отчётного периода",
    "конец отчётного периода",
    "начало отчетного периода",
    "конец отчетного периода",
    "тема",
    "дата",
    "день",
    "месяц",
    "kampania",
    "nazwa",
    "nazwa kampanii",
    "wiadomość",
    "data wysłania",
    "początek raportowania",
    "koniec raportowania",
    "temat",
    "data",
    "dzień",
    "miesiąc",
    "kampagne",
    "datum",
    "campagne",
    "campaña",
    "キャンペーン",
    "日付",
)

#: phrases that count people, not events: as good as a "unique" header
_PEOPLE = {
    "openers",
    "открыли",
    "otwierający",
    "ouvreurs",
    "кликнули",
    "перешли",
    "klikający",
    "cliqueurs",
}
#: phrases taken only with a unique word: Brevo's "clickers" are its total clicks
_ONLY_UNIQUE = {"clickers"}
#: fields where a total (a reader counted twice) is never taken
_READERS = {"opens", "clicks"}

FILLER = frozenset(
    [
        "number",
        "of",
        "count",
        "counts",
        "num",
        "no",
        "nr",
        "the",
        "a",
        "to",
        "subscriber",
        "subscribers",
        "emails",
        "email",
        "mails",
        "mail",
        "messages",
        "message",
        "letters",
        "e",
        "количество",
        "кол",
        "во",
        "число",
        "шт",
        "писем",
        "письма",
        "сообщений",
        "liczba",
        "ilość",
        "wiadomości",
        "wiadomosci",
        "maili",
        "e",
        "anzahl",
        "der",
        "de",
        "des",
        "nombre",
    ]
)
UNIQUE = frozenset(
    [
        "unique",
        "uniq",
        "uniques",
        "distinct",
        "уникальные",
        "уникальных",
        "уник",
        "unikalne",
        "unikalnych",
        "unikalni",
        "eindeutige",
        "eindeutig",
        "uniques",
        "únicos",
        "unicos",
        "uniche",
    ]
)
TOTAL = frozenset(
    [
        "total",
        "totals",
        "all",
        "всего",
        "все",
        "wszystkie",
        "łącznie",
        "gesamt",
        "insgesamt",
        "tous",
    ]
)
RATE = frozenset(
    [
        "rate",
        "rates",
        "ratio",
        "ratios",
        "percent",
        "percentage",
        "pct",
        "ctr",
        "cr",
        "ctor",
        "cpm",
        "cpc",
        "cpa",
        "cpl",
        "roi",
        "roas",
        "romi",
        "drr",
        "дрр",
        "процент",
        "доля",
        "коэффициент",
        "wskaźnik",
        "współczynnik",
        "odsetek",
        "quote",
        "taux",
        "tasa",
        "率",
    ]
)
CURRENCIES = (
    "руб",
    "руб.",
    "р.",
    "₽",
    "rub",
    "zł",
    "zl",
    "pln",
    "eur",
    "€",
    "usd",
    "$",
    "gbp",
    "£",
    "jpy",
    "¥",
    "￥",
    "円",
    "chf",
    "uah",
    "грн",
    "czk",
    "kč",
)
_CURRENCY = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
#: a unit in brackets, or after a comma at the end: (руб.), (EUR), [PLN], (%), ", ₽"
_UNIT = re.compile(
    rf"\s*[(\[]\s*(?P<b>(?i:{_CURRENCY}|шт\.?)|[A-Z]{{3}}|%)\s*[)\]]"
    rf"|,\s*(?P<c>(?i:{_CURRENCY})|%)\s*$"
)
_API_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
_CAMEL = re.compile(r"(?<=[a-zа-яё0-9])(?=[A-ZА-ЯЁ])")


@dataclass(frozen=True)
class Header:
    """A header as recognition sees it."""

    words: tuple[str, ...]
    #: a currency was named (money) or a percent sign (a rate)
    currency: bool = False
    percent: bool = False


@functools.lru_cache(maxsize=4096)
def _words(header: str) -> Header:
    text = unicodedata.normalize("NFKC", header).strip()
    rate_prefix = False
    if _API_PATH.fullmatch(text):
        *path, text = text.split(".")
        rate_prefix = path[-1].lower() in RATE
    currency = percent = False
    for found in _UNIT.finditer(text):
        unit = found.group("b") or found.group("c")
        percent |= unit == "%"
        currency |= unit != "%" and not unit.lower().startswith("шт")
    text = _UNIT.sub(" ", text)
    percent |= "%" in text
    text = _CAMEL.sub(" ", text).replace("_", " ")
    words = tuple(re.sub(r"[^\w]+", " ", text.casefold()).split())
    if rate_prefix:
        words = ("ratio", *words)
    return Header(words, currency, percent)


def header_words(header: object) -> Header:
    """The words of a header: ``"Расход (руб.)"`` -> ``("расход",)`` with a currency."""
    return _words(str(header))


def normalize(header: object) -> str:
    """A header as one key: its words joined by spaces (``"Amount spent (EUR)"`` ->
    ``"amount spent"``)."""
    return " ".join(header_words(header).words)


def concept(words: Sequence[str]) -> tuple[str, str]:
    """The phrase a header names once filler, unique and total words are set aside, and which
    of those it had: ``"unique"``, ``"total"`` or ``""``."""
    kept = [w for w in words if w not in FILLER and w not in UNIQUE and w not in TOTAL]
    kind = "unique" if any(w in UNIQUE for w in words) else ""
    kind = kind or ("total" if any(w in TOTAL for w in words) else "")
    if not kept:  # "Emails", "Total": the word itself is the phrase
        kept = [w for w in words if w not in UNIQUE]
    return " ".join(kept), kind


def _phrase_key(phrase: str) -> str:
    return concept(header_words(phrase).words)[0]


_PHRASES: dict[str, dict[str, int]] = {
    field: {_phrase_key(p): i for i, p in reversed(list(enumerate(phrases)))}
    for field, phrases in VOCABULARY.items()
}
_PART_PHRASES = {
    field: [{_phrase_key(p) for p in part} for part in parts] for field, parts in PARTS.items()
}
_IDENTIFYING = {_phrase_key(p) for p in IDENTIFYING}


def field_rank(header: object, field: str) -> tuple[int, int] | None:
    """How well ``header`` names ``field`` (lower is better), or None when it does not."""
    return _ranks(str(header)).get(field)


@functools.lru_cache(maxsize=4096)
def _ranks(header: str) -> dict[str, tuple[int, int]]:
    return {f: r for f in VOCABULARY if (r := _rank(header, f)) is not None}


def _rank(header: str, field: str) -> tuple[int, int] | None:
    parsed = header_words(header)
    if (
        parsed.words
        and field != "margin"
        and (parsed.percent or any(w in RATE for w in parsed.words))
    ):
        return None
    phrase, kind = concept(parsed.words)
    position = _PHRASES[field].get(phrase)
    if position is None:
        return None
    if phrase in _ONLY_UNIQUE and kind != "unique":
        return None
    if field in _READERS and kind == "total":
        return None
    rank = 0 if kind == "unique" or phrase in _PEOPLE else 1 if kind == "" else 2
    if field in _READERS:
        return rank, position
    # a count or amount that is no reader count: the better phrase first, its kind only
    # between headers of one phrase. Mailchimp's "Total Orders" (its own orders, the
    # ones its "Total Revenue" counts) before "Transactions" (Google Analytics', often blank)
    return position, rank


def best_column(columns: Iterable[str], field: str) -> str | None:
    ranked = [(r, i, c) for i, c in enumerate(columns) if (r := field_rank(c, field)) is not None]
    return min(ranked)[2] if ranked else None


def part_columns(columns: Sequence[str], field: str) -> list[str]:
    found = []
    for part in _PART_PHRASES.get(field, []):
        for column in columns:
            if concept(header_words(column).words)[0] in part:
                found.append(column)
                break
    return found


def is_identifying(header: object) -> bool:
    return concept(header_words(header).words)[0] in _IDENTIFYING


def is_field_header(header: object) -> bool:
    """Whether a header names some export field (a count, an amount or a margin)."""
    return any(field_rank(header, f) is not None for f in VOCABULARY) or any(
        part_columns([str(header)], f) for f in PARTS
    )


def is_known_header(header: object) -> bool:
    """Whether a cell reads as a header this module recognises (tells the header from a title)."""
    return is_identifying(header) or is_field_header(header)
