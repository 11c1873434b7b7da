"""Campaign exports -> KPI table: real export files, column mapping, reasons, the command line."""

from __future__ import annotations

import codecs
import csv
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import roikit
from roikit.catalog import spec
from roikit.cli import main
from roikit.errors import ExportError
from roikit.kpis.columns import IDENTIFYING, PARTS, VOCABULARY, concept, header_words, normalize
from roikit.kpis.numbers import decimal_marks, joined_text, parse_numbers, text_cells
from roikit.kpis.read import decode, sniff_separator
from roikit.kpis.table import KPIS, kpi_specs, map_columns

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def problems(result, kpi):
    return {p.reason: p.rows for p in result.row_problems if p.kpi == kpi}


# ---------------------------------------------------------------------------------------------
# Real exports


@pytest.mark.parametrize(
    ("header", "word"),
    [("Отправлено;Недоставлено", "Недоставлено"), ("Wysłane;Niedostarczone", "Niedostarczone")],
)
def test_undelivered_in_russian_and_polish_is_the_bounces(tmp_path, header, word):
    export = tmp_path / "export.csv"
    export.write_text(f"Рассылка;{header}\nX;10000;200\n", encoding="utf-8")
    result = roikit.kpis(export)
    assert result.mapping["bounces"] == f"'{word}'"
    assert result.table.iloc[0]["delivery_rate"] == pytest.approx(0.98)


@pytest.mark.parametrize(
    ("encoding", "header", "parts"),
    [
        (
            "cp1250",  # Polish: "odbicia" (FreshMail's word), either word order
            "Kampania;Wysłane;Odbicia twarde;Miękkie odbicia;Otwarcia unikalne",
            ("Odbicia twarde", "Miękkie odbicia"),
        ),
        (
            "cp1251",
            "Кампания;Отправлено;Жёсткие возвраты;Мягкие возвраты;Открыто",
            ("Жёсткие возвраты", "Мягкие возвраты"),
        ),
    ],
)
def test_hard_and_soft_bounces_in_polish_and_russian_are_summed(tmp_path, encoding, header, parts):
    """Without them the bounce rate was missing and delivered could not be derived."""
    export = tmp_path / "export.csv"
    export.write_bytes(f"{header}\r\nAutumn;10 000;120;80;3 900\r\n".encode(encoding))
    result = roikit.kpis(export)
    assert result.mapping["bounces"] == f"'{parts[0]}' + '{parts[1]}'"
    row = result.table.iloc[0]
    assert row["bounce_rate"] == pytest.approx(200 / 10000)
    assert row["delivery_rate"] == pytest.approx(9800 / 10000)


def test_mailchimp_export_uses_unique_counts_and_derives_delivered_from_bounce_parts():
    result = roikit.kpis(EXPORTS / "mailchimp_campaigns.csv")  # UTF-8 with BOM, CRLF
    assert result.mapping["opens"] == "'Unique Opens'"  # not 'Total Opens'
    assert result.mapping["clicks"] == "'Unique Clicks'"
    assert result.mapping["bounces"] == "'Hard Bounces' + 'Soft Bounces'"
    assert result.mapping["delivered"] == "'Emails Sent' − ('Hard Bounces' + 'Soft Bounces')"
    spring = result.table.loc[2]  # rows are numbered as the file's rows
    assert spring["Title"] == "Spring Sale"
    assert spring["delivery_rate"] == pytest.approx(12250 / 12500)
    assert spring["open_rate"] == pytest.approx(3061 / 12250)
    assert spring["revenue_per_email"] == pytest.approx(4820.50 / 12250)
    assert "Open Rate" not in result.mapping.values()


def test_mailchimp_rows_that_cannot_be_computed_are_nan_and_named_with_the_reason():
    result = roikit.kpis(EXPORTS / "mailchimp_campaigns.csv")
    assert math.isnan(result.table.loc[4, "open_rate"])  # nothing sent
    assert problems(result, "open_rate") == {"delivered is 0, so the ratio is undefined": [4]}
    assert problems(result, "ctor") == {
        "opens is 0, so the ratio is undefined": [4],
        "clicks cannot be more than opens; use unique counts, not totals": [5],
    }
    assert problems(result, "conversion_rate") == {"clicks is 0, so the ratio is undefined": [4]}


def test_klaviyo_export_maps_recipients_deliveries_and_placed_orders():
    result = roikit.kpis(EXPORTS / "klaviyo_campaigns.csv")
    assert result.mapping["sent"] == "'Total Recipients'"
    assert result.mapping["delivered"] == "'Successful Deliveries'"
    assert result.mapping["conversions"] == "'Unique Placed Order'"
    row = result.table.loc[2]
    assert row["Campaign Name"] == "Black Friday Early Access"
    assert row["bounce_rate"] == pytest.approx(300 / 20000)
    assert row["ctr"] == pytest.approx(1380 / 19700)
    assert row["conversion_rate"] == pytest.approx(310 / 1380)
    assert "roi" not in result.table
    assert result.skipped["roi"] == "no costs"


def test_brevo_export_in_cp1252_with_semicolons_and_decimal_commas():
    result = roikit.kpis(EXPORTS / "brevo_campaigns_fr.csv", margin=0.25)
    assert "read numbers with a decimal comma (1.234,56)" in result.notes
    row = result.table.loc[2]
    assert row["Campaign name"] == "Soldes d'été"
    assert row["delivery_rate"] == pytest.approx(10250 / 10400)  # "10.400" is ten thousand
    assert row["revenue_per_email"] == pytest.approx(4812.40 / 10250)  # "4.812,40 €"
    assert row["roi"] == pytest.approx((4812.40 - 350) / 350)
    assert problems(result, "open_rate") == {"opens is blank": [4]}  # "--"


def test_activecampaign_export_prefers_unique_counts_over_totals():
    result = roikit.kpis(EXPORTS / "activecampaign_campaigns.csv")
    assert result.mapping["opens"] == "'Opens'"  # not 'Total Opens'
    assert result.mapping["clicks"] == "'Clicks'"  # not 'Total Link Clicks'
    assert result.table.loc[2, "open_rate"] == pytest.approx(610 / (1200 - 6 - 12))


def test_ad_exports_get_ctr_over_impressions_as_the_ad_platforms_define_it():
    google = roikit.kpis(EXPORTS / "google_ads_campaigns.csv")
    assert google.table.loc[4, "ctr"] == pytest.approx(1310 / 12480)  # "Impr." 12,480
    assert google.inputs["ctr"] == {"clicks": "'Clicks'", "delivered": "'Impr.'"}
    assert "ctr is clicks / impressions, as ad platforms define it" in google.notes
    assert "ctr(clicks, delivered=impressions)" in google.report()
    assert "ctr" not in google.skipped and "revenue_per_email" in google.skipped
    meta = roikit.kpis(EXPORTS / "meta_ads_campaigns.csv")
    assert meta.table["ctr"].iloc[0] == pytest.approx(2290 / 140220)


def test_an_email_export_with_delivered_and_impressions_keeps_ctr_over_delivered():
    frame = pd.DataFrame({"Delivered": [1000], "Impressions": [5000], "Clicks": [50]})
    result = roikit.kpis(frame)
    assert result.table.loc[0, "ctr"] == pytest.approx(0.05)
    assert "ctr(clicks, delivered)" in result.report()
    assert not any("impressions" in note for note in result.notes)


def test_google_ads_export_skips_title_rows_and_leaves_out_total_rows():
    result = roikit.kpis(EXPORTS / "google_ads_campaigns.csv", margin=0.25)
    assert list(result.table.index) == [4, 5, 6]
    assert list(result.table["Campaign"]) == [
        "Brand - Search",
        "Generic - Search",
        "Display - Remarketing",
    ]
    assert "left out total row(s) 7 ('Total: Account'), 8 ('Total: Campaigns')" in result.notes
    assert result.mapping["revenue"] == "'Conv. value'"
    brand = result.table.loc[4]
    assert brand["roi"] == pytest.approx((9120 - 550.20) / 550.20)
    assert brand["conversion_rate"] == pytest.approx(96 / 1310)  # "1,310" clicks
    assert result.table.loc[5, "romi"] == pytest.approx((6150 * 0.25 - 3292.45) / 3292.45)
    assert problems(result, "roi") == {"revenue is blank": [6]}  # "--"


def test_linkedin_export_in_utf16_with_tabs_and_report_lines_above():
    result = roikit.kpis(EXPORTS / "linkedin_campaigns.csv")
    assert result.mapping["costs"] == "'Total Spent'"
    assert list(result.table["Campaign Name"]) == [
        "Whitepaper - DACH",
        "Webinar - UK",
        "Retargeting",
    ]
    assert result.table.loc[9, "cpl"] == pytest.approx(2480.35 / 38)
    assert problems(result, "cpl") == {"leads is 0, so the ratio is undefined": [10, 11]}


def test_meta_ads_export_reads_spend_with_currency_code_and_results():
    result = roikit.kpis(EXPORTS / "meta_ads_campaigns.csv")
    assert result.mapping["costs"] == "'Amount spent (EUR)'"
    assert result.mapping["conversions"] == "'Results'"
    assert result.mapping["clicks"] == "'Link clicks'"
    assert result.table.loc[2, "conversion_rate"] == pytest.approx(214 / 2290)
    assert any("Meta's 'Results'" in note for note in result.notes)
    named = roikit.kpis(EXPORTS / "meta_ads_campaigns.csv", columns={"conversions": "Results"})
    assert not any("Meta's 'Results'" in note for note in named.notes)


def test_hubspot_xlsx_export_with_a_title_row_gives_cpl_cac_and_romi():
    result = roikit.kpis(EXPORTS / "hubspot_emails.xlsx", margin=0.25)
    row = result.table.loc[4]
    assert row["Email name"] == "Sept newsletter"
    assert row["cpl"] == pytest.approx(20.0)
    assert row["cac"] == pytest.approx(100.0)
    assert row["romi"] == pytest.approx((5400 * 0.25 - 600) / 600)
    assert problems(result, "cac") == {"new_customers is 0, so the ratio is undefined": [5]}


def test_fixtures_keep_the_encodings_of_the_real_exports():
    assert (EXPORTS / "mailchimp_campaigns.csv").read_bytes().startswith(codecs.BOM_UTF8)
    assert (EXPORTS / "linkedin_campaigns.csv").read_bytes().startswith(codecs.BOM_UTF16_LE)
    brevo = (EXPORTS / "brevo_campaigns_fr.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        brevo.decode("utf-8")  # cp1252: é and € as single bytes
    assert b";" in brevo


# ---------------------------------------------------------------------------------------------
# Exports from the markets we serve: Russian, Polish, Japanese and API exports. Every expected
# value is worked by hand from the row's cells; the platform's own derived columns (HubSpot's
# ratios, myTarget's cpm / cpc / cpa / ctr / cr, Yandex's ДРР) are never inputs, and where a
# platform documents its numbers they agree with ours.


def test_yandex_direct_report_in_cp1251_with_roubles_and_a_totals_row():
    result = roikit.kpis(EXPORTS / "yandex_direct_campaigns_ru.csv", margin=0.25)
    assert "read as cp1251 text" in result.notes
    assert "left out total row(s) 7 ('Итого')" in result.notes
    assert result.mapping == {
        "impressions": "'Показы'",
        "clicks": "'Клики'",
        "conversions": "'Конверсии'",
        "revenue": "'Доход (руб.)'",
        "costs": "'Расход (руб.)'",
        "margin": "0.25, the margin argument",
    }
    assert list(result.table["Кампания"]) == ["Бренд — поиск", "Общие запросы", "РСЯ ретаргетинг"]
    brand = result.table.loc[4]  # 12 480 shows, 1 310 clicks, 55 020,00 roubles, 96, 912 000,00
    assert brand["ctr"] == pytest.approx(1310 / 12480)
    assert brand["cpc"] == pytest.approx(42.0)
    assert brand["cpm"] == pytest.approx(55020 / 12480 * 1000)
    assert brand["cpa"] == pytest.approx(573.125)
    assert brand["aov"] == pytest.approx(9500.0)
    assert brand["acos"] == pytest.approx(55020 / 912000)
    assert round(brand["acos"] * 100, 2) == 6.03  # the report's own ДРР (%) column
    assert brand["romi"] == pytest.approx((912000 * 0.25 - 55020) / 55020)
    assert result.table.loc[5, "roas"] == pytest.approx(615000 / 329245.50)
    assert problems(result, "cpa") == {"conversions is 0, so the ratio is undefined": [6]}
    assert problems(result, "acos") == {"revenue is 0, so the ratio is undefined": [6]}
    assert "delivery_rate" not in result.table and "open_rate" not in result.table


def test_expertsender_polish_report_in_cp1250_with_zloty_and_razem_above_the_rows():
    result = roikit.kpis(EXPORTS / "expertsender_summary_pl.csv")
    assert "read as cp1250 text" in result.notes
    assert "left out total row(s) 2 ('Razem')" in result.notes
    assert result.mapping["opens"] == "'Unikalne otwarcia'"  # not the total 'Otwarcia'
    assert result.mapping["clicks"] == "'Klikający'"  # people who clicked, not clicks per link
    assert result.mapping["complaints"] == "'Skargi'"
    assert result.mapping["revenue"] == "'Wartość celów'"
    row = result.table.loc[3]
    assert row["Data"] == "2026-10-01"
    assert row["open_rate"] == pytest.approx(3485 / 10250)
    assert row["ctr"] == pytest.approx(512 / 10250)
    assert row["complaint_rate"] == pytest.approx(2 / 10250)
    assert row["revenue_per_email"] == pytest.approx(4812.40 / 10250)  # "4 812,40 zł"
    assert row["aov"] == pytest.approx(4812.40 / 37)
    assert problems(result, "ctor") == {"opens is 0, so the ratio is undefined": [5]}
    assert result.skipped["roi"] == "no costs" and "roi" not in result.table


def test_getresponse_api_fields_in_camel_case_with_its_own_spelling_of_unsubscribed():
    result = roikit.kpis(EXPORTS / "getresponse_api_newsletters.csv")
    assert result.mapping["opens"] == "'uniqueOpened'"  # not 'totalOpened'
    assert result.mapping["clicks"] == "'uniqueClicked'"
    assert result.mapping["unsubscribes"] == "'unsubsribed'"
    assert result.mapping["conversions"] == "'uniqueGoals'"
    assert result.mapping["delivered"] == "'sent' − 'bounced'"
    row = result.table.loc[2]
    assert row["name"] == "Wyprzedaż jesienna"
    assert row["open_rate"] == pytest.approx(2600 / 7840)
    assert row["ctor"] == pytest.approx(0.15)
    assert row["unsubscribe_rate"] == pytest.approx(20 / 7840)
    assert row["conversion_rate"] == pytest.approx(48 / 390)


def test_hubspot_api_counters_agree_with_hubspots_own_ratios():
    result = roikit.kpis(EXPORTS / "hubspot_api_email_statistics.csv")
    assert result.mapping["opens"] == "'counters.open'"
    assert result.mapping["complaints"] == "'counters.spamreport'"
    assert not any("ratios." in source for source in result.mapping.values())
    webinar, launch = result.table.loc[2], result.table.loc[3]
    # HubSpot's API reference example: openratio 62.926, clickratio 1.136, bounceratio 20
    assert round(webinar["open_rate"] * 100, 3) == 62.926
    assert round(webinar["ctr"] * 100, 3) == 1.136
    assert launch["bounce_rate"] == pytest.approx(0.20)


def test_mailcoach_snake_case_fields():
    result = roikit.kpis(EXPORTS / "mailcoach_campaigns.csv")
    assert result.mapping["sent"] == "'sent_to_number_of_subscribers'"
    assert result.mapping["opens"] == "'unique_open_count'"  # not 'open_count'
    assert result.mapping["clicks"] == "'unique_click_count'"
    assert result.table.loc[2, "open_rate"] == pytest.approx(960 / 2376)
    assert result.table.loc[2, "ctr"] == pytest.approx(192 / 2376)
    assert result.table.loc[2, "bounce_rate"] == pytest.approx(0.01)


def test_unisender_export_gets_its_ctr_and_complaint_rate():
    result = roikit.kpis(EXPORTS / "unisender_api_campaigns.csv")
    assert result.mapping["opens"] == "'read_unique'"  # not 'read_all'
    assert result.mapping["clicks"] == "'clicked_unique'"
    assert result.mapping["complaints"] == "'spam'"
    row = result.table.loc[2]  # UniSender's API reference example
    assert row["campaign_name"] == "Осенняя коллекция"
    assert row["ctr"] == pytest.approx(447 / 81737)
    assert row["complaint_rate"] == pytest.approx(86 / 81737)
    assert row["ctor"] == pytest.approx(447 / 6816)


def test_vk_ads_api_base_metrics_agree_with_the_platforms_own():
    result = roikit.kpis(EXPORTS / "vk_ads_api_campaigns.csv")
    assert result.mapping == {
        "impressions": "'base.shows'",
        "clicks": "'base.clicks'",
        "conversions": "'base.goals'",
        "costs": "'base.spent'",
    }
    row = result.table.loc[2]  # myTarget's cpm 60.00, cpc 8.00, cpa 200.00, ctr 0.75, cr 4.0
    assert (row["cpm"], row["cpc"], row["cpa"]) == pytest.approx((60.0, 8.0, 200.0))
    assert (row["ctr"], row["conversion_rate"]) == pytest.approx((0.0075, 0.04))
    assert result.skipped["roas"] == "no revenue" and "roas" not in result.table


def test_google_ads_japanese_report_in_shift_jis_says_how_it_read_ambiguous_numbers():
    result = roikit.kpis(EXPORTS / "google_ads_campaigns_ja.csv")
    assert "read as cp932 text" in result.notes
    assert "left out total row(s) 6 ('合計: アカウント')" in result.notes
    assert list(result.table["キャンペーン"]) == ["ブランド検索", "一般検索"]
    assert any(
        n.startswith("'クリック数': read '1,310' as 1310 (decimal '.')") for n in result.notes
    )
    row = result.table.loc[4]  # "￥55,020" for "1,310" clicks
    assert row["cpc"] == pytest.approx(42.0)
    assert row["roas"] == pytest.approx(912000 / 55020)
    named = roikit.kpis(EXPORTS / "google_ads_campaigns_ja.csv", decimal=".")
    assert not any("read '1,310'" in note for note in named.notes)


#: every export file, the unseen ones (tests/test_kpis_unseen.py) too
ALL_EXPORTS = sorted(p for p in EXPORTS.rglob("*") if p.is_file() and p.suffix != ".md")


@pytest.mark.parametrize("path", ALL_EXPORTS, ids=lambda p: p.name)
def test_no_export_is_modified_and_every_kpi_has_its_inputs(path):
    before = path.read_bytes()
    result = roikit.kpis(path, margin=0.25)
    assert path.read_bytes() == before
    for _, _, kpi in kpi_specs():
        if kpi in result.table:  # computed: every argument was read from the export
            assert set(result.inputs[kpi].values()) <= set(result.mapping.values()), kpi
        else:
            assert kpi in result.skipped


def test_at_least_twelve_platforms_have_a_fixture():
    names = {path.name.split("_")[0] for path in EXPORTS.iterdir() if path.is_file()}
    assert len(names) >= 12, names


def test_russian_and_polish_interface_headers_are_recognised():
    russian = [
        "Рассылка",
        "Отправлено",
        "Доставлено",
        "Уникальные открытия",
        "Открытия",
        "Уникальные клики",
        "Отписались",
        "Жалобы на спам",
        "Доход, ₽",
        "Расходы, руб.",
    ]
    assert map_columns(russian) == {
        "sent": ["Отправлено"],
        "delivered": ["Доставлено"],
        "opens": ["Уникальные открытия"],
        "clicks": ["Уникальные клики"],
        "unsubscribes": ["Отписались"],
        "complaints": ["Жалобы на спам"],
        "revenue": ["Доход, ₽"],
        "costs": ["Расходы, руб."],
    }
    polish = [
        "Kampania",
        "Liczba wysłanych",
        "Otwarcia",
        "Kliknięcia",
        "Wypisania",
        "Koszt (PLN)",
        "Wskaźnik otwarć",
    ]
    assert map_columns(polish) == {
        "sent": ["Liczba wysłanych"],
        "opens": ["Otwarcia"],
        "clicks": ["Kliknięcia"],
        "unsubscribes": ["Wypisania"],
        "costs": ["Koszt (PLN)"],
    }


def test_mailchimps_campaign_cost_is_the_cost():
    frame = pd.DataFrame({"Title": ["Spring"], "Total Revenue": [4820.5], "Campaign Cost": [350]})
    result = roikit.kpis(frame)
    assert result.mapping["costs"] == "'Campaign Cost'"
    assert result.table.loc[0, "roas"] == pytest.approx(4820.5 / 350)


def test_rates_totals_and_costs_per_unit_never_feed_a_count():
    headers = [
        "Total Opens",
        "Open Rate",
        "Cost / conv.",
        "Ср. цена клика (руб.)",
        "CTR (%)",
        "ratios.clickratio",
        "read_all",
        "Clicks (all)",
        "Clickers",
    ]
    assert map_columns(headers) == {}


def test_funnel_stage_conversions_and_arpu_where_the_columns_exist():
    frame = pd.DataFrame(
        {
            "Month": ["Oct"],
            "MQLs": [300],
            "SQLs": [45],
            "Opportunities": [18],
            "Revenue": [50000],
            "Users": [1000],
        }
    )
    result = roikit.kpis(frame)
    row = result.table.loc[0]
    assert row["mql_to_sql"] == pytest.approx(0.15)
    assert row["sql_to_opportunity"] == pytest.approx(0.4)
    assert row["arpu"] == pytest.approx(50.0)
    assert "mql_to_sql = conversion_rate(conversions=sqls, total=mqls)" in result.report()


def test_totals_rows_in_any_language_are_left_out_wherever_they_are(tmp_path):
    path = tmp_path / "report.csv"
    path.write_text(
        "Campaign,Sent,Delivered\n"
        "Suma,300,290\n"
        "A,100,99\n"
        "Всего:,300,290\n"
        "B,200,191\n"
        "Gesamt,300,290\n"
        "Total,300,290\n",
        encoding="utf-8",
    )
    result = roikit.kpis(path)
    assert list(result.table["Campaign"]) == ["A", "B"]
    assert (
        "left out total row(s) 2 ('Suma'), 4 ('Всего:'), 6 ('Gesamt'), 7 ('Total')" in result.notes
    )


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1 234,56 zł", ",", 1234.56),
        ("12 500 руб.", ",", 12500.0),
        ("12\u00a0500 р.", ",", 12500.0),
        ("₽ 3 400", ",", 3400.0),
        ("PLN 99,90", ",", 99.9),
        ("1\u202f234,5 €", ",", 1234.5),
        ("1'234.50", ".", 1234.5),
        ("(123)", ".", -123.0),
        ("($1,234.50)", ".", -1234.5),
        ("−42", ".", -42.0),
        ("¥1,527,000", ".", 1527000.0),
    ],
)
def test_numbers_as_people_write_them(text, decimal, expected):
    numbers, unreadable = parse_numbers(pd.Series([text], dtype=object), decimal)
    assert numbers[0] == pytest.approx(expected)
    assert unreadable.empty


def test_a_percentage_is_a_rate_not_a_count():
    numbers, _ = parse_numbers(pd.Series(["12,5 %"], dtype=object), ",")
    assert numbers[0] == pytest.approx(0.125)
    numbers, unreadable = parse_numbers(pd.Series(["12,5 %"], dtype=object), ",", False)
    assert math.isnan(numbers[0]) and list(unreadable) == ["12,5 %"]


def test_a_margin_column_in_percent_reads_25_as_25_percent():
    frame = pd.DataFrame({"Revenue": [1000], "Cost": [100], "Margin (%)": ["25"]})
    assert roikit.kpis(frame).table.loc[0, "romi"] == pytest.approx(1.5)


def test_a_decimal_mark_other_than_comma_or_point_is_refused():
    with pytest.raises(ExportError, match=r"takes ',' or '\.'"):
        roikit.kpis(pd.DataFrame({"Sent": ["1,5"], "Delivered": [1]}), decimal=";")


# ---------------------------------------------------------------------------------------------
# The KPIs are the catalog's metrics


def test_kpis_equal_the_vectorized_metric_functions():
    rng = np.random.default_rng(7)
    sent = rng.integers(0, 5000, 200)
    delivered = (sent * rng.uniform(0.9, 1, 200)).astype(int)
    frame = pd.DataFrame(
        {
            "Sent": sent,
            "Delivered": delivered,
            "Unique Opens": (delivered * rng.uniform(0, 0.6, 200)).astype(int),
            "Unique Clicks": (delivered * rng.uniform(0, 0.1, 200)).astype(int),
            "Revenue": rng.uniform(0, 9000, 200),
            "Cost": rng.uniform(0, 900, 200),
        }
    )
    table = roikit.kpis(frame, margin=0.3).table
    pd.testing.assert_series_equal(
        table["ctr"], roikit.ctr(frame["Unique Clicks"], frame["Delivered"]), check_names=False
    )
    pd.testing.assert_series_equal(
        table["romi"], roikit.romi(frame["Revenue"], 0.3, frame["Cost"]), check_names=False
    )


counts = st.one_of(st.none(), st.integers(0, 50), st.floats(-5, 60), st.just(math.inf))


@given(
    st.lists(
        st.tuples(counts, counts, counts, counts, counts, counts, counts),
        min_size=1,
        max_size=12,
    ),
    st.none() | st.floats(0, 1.5),
)
def test_every_nan_row_of_every_kpi_is_reported_and_no_other(rows, margin):
    names = ["Sent", "Delivered", "Unique Opens", "Unique Clicks", "Revenue", "Cost", "Leads"]
    frame = pd.DataFrame(rows, columns=names, dtype=float)
    if margin is not None and margin > 1:
        with pytest.raises(roikit.MetricError):
            roikit.kpis(frame, margin=margin)
        return
    result = roikit.kpis(frame, margin=margin)
    for kpi in result.inputs:
        reported = sorted(row for p in result.row_problems if p.kpi == kpi for row in p.rows)
        nan_rows = list(result.table.index[result.table[kpi].isna()])
        assert reported == nan_rows, kpi


def test_every_undefined_row_of_a_million_has_its_reason():
    sent = np.tile([0, 10], 500_000)
    result = roikit.kpis(pd.DataFrame({"Sent": sent, "Delivered": np.where(sent, 9, 0)}))
    [problem] = [p for p in result.row_problems if p.kpi == "delivery_rate"]
    assert problem.reason == "sent is 0, so the ratio is undefined"
    assert len(problem.rows) == 500_000 and problem.rows[:2] == [0, 2]
    assert "rows 0, 2, 4, 6, 8, 10, 12, 14, 16, 18 and 499,990 more" in result.report()


def test_every_kpi_is_a_catalog_function_and_every_argument_a_field():
    for function, arguments, _ in kpi_specs():
        assert function is spec(function.name)
        assert set(arguments.values()) <= set(VOCABULARY)
    assert len(kpi_specs()) == len(KPIS)


def test_worked_email_month_romi_with_two_cost_lines():
    frame = pd.DataFrame(
        {"Campaign": ["email month"], "Revenue": [558800], "Platform": [13500], "Labour": [50000]}
    )
    result = roikit.kpis(frame, columns={"costs": ["Platform", "Labour"]}, margin=0.25)
    assert result.table.loc[0, "romi"] == pytest.approx(1.2)
    assert result.mapping["costs"] == "'Platform' + 'Labour'"


def test_margin_column_gives_romi_per_row_and_a_25_is_explained():
    frame = pd.DataFrame({"Revenue": [1000, 1000], "Cost": [100, 100], "Margin": ["25%", "25"]})
    result = roikit.kpis(frame)
    assert result.table.loc[0, "romi"] == pytest.approx(1.5)
    assert math.isnan(result.table.loc[1, "romi"])
    [reason] = problems(result, "romi")
    assert reason.startswith("margin must be between 0 and 1 (write 25% or 0.25)")


def test_margin_argument_out_of_range_raises_metric_error():
    frame = pd.DataFrame({"Revenue": [1000], "Cost": [100]})
    with pytest.raises(roikit.MetricError, match=r"write 25% or 0\.25"):
        roikit.kpis(frame, margin=25)


def test_missing_margin_skips_romi_and_says_how_to_give_it():
    result = roikit.kpis(pd.DataFrame({"Revenue": [1000], "Cost": [100]}))
    assert result.skipped["romi"] == "no margin"
    assert "margin=0.25" in result.not_found["margin"]
    assert "romi: no margin" in result.report()


# ---------------------------------------------------------------------------------------------
# Column mapping


def test_headers_match_ignoring_case_spaces_punctuation_and_currency_codes():
    assert normalize("Amount spent (EUR)") == normalize("amount_spent")
    assert normalize("Clicks (all)") != normalize("Clicks")  # not a currency code
    mapping = map_columns(["EMAILS  SENT", "unique-opens", "Conv. value", "Open Rate"])
    assert mapping == {
        "sent": ["EMAILS  SENT"],
        "opens": ["unique-opens"],
        "revenue": ["Conv. value"],
    }


def test_every_phrase_belongs_to_one_field_once():
    def key(phrase):
        return concept(header_words(phrase).words)[0]

    phrases = [
        key(phrase)
        for phrases in (*VOCABULARY.values(), *(p for parts in PARTS.values() for p in parts))
        for phrase in phrases
    ]
    assert len(phrases) == len(set(phrases))
    assert not {key(h) for h in IDENTIFYING} & set(phrases)


def test_explicit_columns_override_the_synonyms():
    frame = pd.DataFrame({"Opens": [10], "Unique Opens": [5], "Delivered": [100]})
    assert roikit.kpis(frame).table.loc[0, "open_rate"] == pytest.approx(0.05)
    result = roikit.kpis(frame, columns={"opens": "Opens"})
    assert result.table.loc[0, "open_rate"] == pytest.approx(0.10)
    assert result.inputs["open_rate"] == {"opens": "'Opens'", "delivered": "'Delivered'"}


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"opens": "Nope"}, "'Nope' is not a column"),
        ({"reach": "Opens"}, "unknown field 'reach'"),
        ({"opens": ["Opens", "Delivered"]}, "only costs may take several columns"),
    ],
)
def test_bad_explicit_columns_are_refused(columns, message):
    with pytest.raises(ExportError, match=message):
        roikit.kpis(pd.DataFrame({"Opens": [1], "Delivered": [2]}), columns=columns)


def test_duplicate_column_names_are_refused():
    frame = pd.DataFrame([[1, 2, 3]], columns=["Sent", "Sent", "Delivered"])
    with pytest.raises(ExportError, match="column names appear twice: 'Sent'"):
        roikit.kpis(frame)


def test_no_recognizable_columns_lists_what_it_saw():
    with pytest.raises(ExportError, match=r"no recognizable columns.*saw 'Foo', 'Bar'"):
        roikit.kpis(pd.DataFrame({"Foo": [1], "Bar": [2]}))


def test_text_that_is_no_number_is_reported_with_its_rows():
    frame = pd.DataFrame({"Delivered": [100, 100, 100], "Unique Opens": ["20", "lots", "--"]})
    result = roikit.kpis(frame)
    assert problems(result, "'Unique Opens'") == {"is not a number (e.g. 'lots')": [1]}
    assert problems(result, "open_rate") == {"opens is blank": [1, 2]}


# ---------------------------------------------------------------------------------------------
# Reading files


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1,234.56", ".", 1234.56),
        ("1.234,56", ",", 1234.56),
        ("€ 1.234", ",", 1234.0),
        ("$4,820.50", ".", 4820.5),
        ("1 234,5 EUR", ",", 1234.5),
        ("23.5%", ".", 0.235),
        ("25 %", ",", 0.25),
    ],
)
def test_parse_numbers_reads_export_spellings(text, decimal, expected):
    numbers, unreadable = parse_numbers(pd.Series([text], dtype=object), decimal)
    assert numbers[0] == pytest.approx(expected)
    assert unreadable.empty


def test_parse_numbers_reads_blanks_as_nan_and_keeps_numbers():
    numbers, unreadable = parse_numbers(pd.Series(["--", "", None, 7, "n/a"], dtype=object))
    assert numbers.isna().tolist() == [True, True, True, False, True]
    assert numbers[3] == 7.0
    assert unreadable.empty


@pytest.mark.parametrize("dtype", [None, object])  # pandas' own strings (Arrow) or objects
def test_parse_numbers_reports_a_cell_over_several_lines(dtype):
    column = pd.Series(["$1,\n234.00", "$5.00", "--"], dtype=dtype)
    numbers, unreadable = parse_numbers(column)
    assert numbers.isna().tolist() == [True, False, True]
    assert unreadable.to_dict() == {0: "$1,\n234.00"}


def test_a_number_cell_over_two_lines_is_reported_not_a_traceback(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "Campaign,Emails Sent,Successful Deliveries,Revenue\n"
        'Spring,"1,000",900,"$1,\n234.00"\n'
        'Summer,"2,000","1,800",$5.00\n'
        '"Two\nlines",500,400,$7.50\n',
        encoding="utf-8",
    )
    result = roikit.kpis(path)
    rpe = result.table["revenue_per_email"]
    assert math.isnan(rpe[2]) and rpe[3] == 5 / 1800 and rpe[4] == 7.5 / 400
    assert problems(result, "'Revenue'") == {"is not a number (e.g. '$1,\\n234.00')": [2]}
    assert "'Revenue', row 2: is not a number (e.g. '$1,\\n234.00')" in result.report()


@pytest.mark.parametrize("storage", ["pyarrow", "python", None])
def test_joined_text_is_the_text_cells_joined_by_line_ends(storage):
    pytest.importorskip("pyarrow")
    cells = ["1 234,56 руб.", None, "", "a\nb", "$4,820.50", None, "—"] * 3
    dtype = object if storage is None else pd.StringDtype(storage)
    column = pd.concat([pd.Series(cells, dtype=dtype)] * 2, ignore_index=True)  # two chunks
    for part in (column, column.iloc[3:], column.iloc[1:2], column.iloc[:0]):
        assert joined_text(part) == "\n".join(text_cells(part).tolist())


def test_the_decimal_mark_is_decided_per_column_from_its_own_cells_first():
    marks = decimal_marks(
        {
            "a": pd.Series(["1.234,5", "12"]),
            "b": pd.Series(["1,234.5", "12"]),
            "c": pd.Series(["1,234"]),
        },
        hint=",",
    )
    assert (marks["a"].mark, marks["a"].reason) == (",", "cells")
    assert (marks["b"].mark, marks["b"].reason) == (".", "cells")
    assert (marks["c"].mark, marks["c"].reason) == (",", "separator")  # a tie: the hint
    assert marks["a"].note("a") is None
    assert marks["c"].note("c").startswith("'c': read '1,234' as 1.234 (decimal ',')")
    only = decimal_marks({"c": pd.Series(["1,234"]), "d": pd.Series(["0,5"])}, hint=".")
    assert (only["c"].mark, only["c"].reason) == (",", "file")


def test_an_ambiguous_column_looks_past_its_first_cells():
    column = pd.Series(["1,234"] * 6000 + ["7,5"])
    assert decimal_marks({"x": column}, hint=".")["x"].mark == ","


def test_decode_reads_boms_utf16_without_bom_and_the_windows_code_pages():
    assert decode("\ufeffé".encode()) == ("é", "utf-8")
    assert decode("a\tb".encode("utf-16"))[0] == "a\tb"
    assert decode(("Sent\tOpens\n" * 20).encode("utf-16-le"))[0] == "Sent\tOpens\n" * 20
    french = "Campagne;Envoyés;Délivrés\nSoldes d'été;10 400;10 250\n" * 3
    assert decode(french.encode("cp1252"))[0] == french
    russian = "Кампания;Отправлено;Доставлено\nОсенняя распродажа;1000;990\n" * 3
    assert decode(russian.encode("cp1251")) == (russian, "cp1251")
    polish = "Kampania;Wysłane;Dostarczone\nWyprzedaż jesienna, Łódź;1000;990\n" * 3
    assert decode(polish.encode("cp1250")) == (polish, "cp1250")
    japanese = "キャンペーン,表示回数,クリック数\nブランド検索,12480,1310\n" * 3
    assert decode(japanese.encode("cp932"))[0] == japanese


def test_short_polish_files_are_cp1250_where_cp1252_reads_as_clean():
    """cp1252 reads the same bytes as ``558 800,00 z³``, as clean a text to charset-normalizer;
    the amount's currency decides."""
    polish = "scenario;revenue;costs\r\nbase;558 800,00 zł;63 500,00 zł\r\n"
    assert decode(polish.encode("cp1250")) == (polish, "cp1250")
    # headers roikit knows decide next: cp1252 reads this one as "Wys³ane", "Miêkkie", "Jesieñ"
    short = (
        "Kampania;Wysłane;Odbicia twarde;Miękkie odbicia;Otwarcia unikalne\r\n"
        "Jesień;10 000;120;80;3 900\r\n"
    )
    assert decode(short.encode("cp1250")) == (short, "cp1250")
    # then a reading with no sign inside a word: cp1252 reads this as "w³aœciciel", "Pawe³"
    owners = "projekt;właściciel;uwagi\r\nJesień;Paweł;brak\r\n"
    assert decode(owners.encode("cp1250")) == (owners, "cp1250")
    for text in ("Pregunta;Respuesta\r\n¿Qué?;Sí\r\n", "Objet;Prix\r\nRobe;12,50 €\r\n"):
        assert decode(text.encode("cp1252"))[0] == text  # a sign beside one letter only


def test_a_file_whose_encoding_cannot_be_told_is_refused(tmp_path):
    garbled = tmp_path / "garbled.csv"
    garbled.write_bytes(b"Sent,Opens\n" + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 40)
    with pytest.raises(ExportError, match="cannot tell its text encoding"):
        roikit.kpis(garbled)


def test_sniff_separator_reads_quoted_fields_as_one():
    assert sniff_separator('a,b\n"1,234",5\n"2,000",6\n') == ","
    assert sniff_separator("a;b\n1,5;2\n3,5;4\n") == ";"
    assert sniff_separator("Report\na\tb\n1\t2\n") == "\t"


def test_empty_file_is_an_export_error(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n")
    with pytest.raises(ExportError, match="empty"):
        roikit.kpis(empty)


def test_rows_are_numbered_as_the_spreadsheet_shows_them(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"], sheet["D3"] = "Campaign", "Sent", "Delivered"
    sheet["B4"], sheet["C4"], sheet["D4"] = "x", 10, 0
    sheet["B6"], sheet["C6"], sheet["D6"] = "y", "1,000", 900
    book.save(tmp_path / "report.xlsx")
    result = roikit.kpis(tmp_path / "report.xlsx")
    assert list(result.table.index) == [4, 6]  # the blank row 5 is left out
    assert result.table.loc[6, "delivery_rate"] == pytest.approx(0.9)


def test_the_sheet_with_the_campaign_header_is_read(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Summary"
    book.active.append(["Report", "September"])
    data = book.create_sheet("Emails")
    data.append(["Email name", "Sent", "Delivered"])
    data.append(["Sept newsletter", 100, 98])
    book.save(tmp_path / "report.xlsx")
    result = roikit.kpis(tmp_path / "report.xlsx")
    assert result.table.loc[2, "delivery_rate"] == pytest.approx(0.98)
    assert "read sheet 'Emails'" in result.notes


def test_only_rows_that_read_as_totals_are_left_out(tmp_path):
    source = tmp_path / "export.csv"
    source.write_text('Campaign,Sent,Delivered\n"two\nlines",10,9\nTotal Recall,5,5\nTotal,15,14\n')
    result = roikit.kpis(source)
    assert list(result.table["Campaign"]) == ["two\nlines", "Total Recall"]
    assert list(result.table.index) == [2, 3]  # a quoted line break stays in its row


def test_a_row_wider_than_the_header_is_cut_to_the_header(tmp_path):
    source = tmp_path / "export.csv"
    source.write_text("Campaign,Sent,Delivered\nA,10,9,stray\nB,5,5\n")
    table = roikit.kpis(source).table
    assert table["delivery_rate"].tolist() == [0.9, 1.0]


def test_a_header_without_rows_gives_an_empty_table(tmp_path):
    source = tmp_path / "export.csv"
    source.write_text("Campaign,Sent,Delivered\n")
    result = roikit.kpis(source)
    assert result.table.empty
    assert "delivery_rate" in result.table.columns


def test_old_xls_workbooks_are_refused_with_advice(tmp_path):
    source = tmp_path / "export.xls"
    source.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ExportError, match=r"save it as \.xlsx or CSV"):
        roikit.kpis(source)


def test_rows_of_a_frame_are_reported_by_its_index_labels():
    frame = pd.DataFrame({"Sent": [10, 0, 5], "Delivered": [9, 0, 6]}, index=["a", "a", "b"])
    result = roikit.kpis(frame)
    assert problems(result, "delivery_rate") == {
        "sent is 0, so the ratio is undefined": ["a"],
        "delivered cannot be more than sent": ["b"],
    }


# ---------------------------------------------------------------------------------------------
# The command line


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_writes_csv_and_reports_on_stderr(capsys, tmp_path):
    target = tmp_path / "kpis.csv"
    status, out, err = run(capsys, "kpis", EXPORTS / "klaviyo_campaigns.csv", "-o", target)
    assert status == 0
    assert out == ""
    assert "Columns used:" in err and f"wrote {target}" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0]["row"] == "2"
    assert rows[0]["Campaign Name"] == "Black Friday Early Access"
    assert float(rows[0]["ctr"]) == pytest.approx(1380 / 19700)
    assert rows[2]["ctr"] == ""  # undefined row stays blank


def test_cli_csv_neutralizes_formula_text(capsys):
    status, out, _ = run(capsys, "kpis", EXPORTS / "mailchimp_campaigns.csv")
    assert status == 0
    titles = [row["Title"] for row in csv.DictReader(io.StringIO(out))]
    assert titles[2] == '\'=HYPERLINK("http://x.example","win")'


def test_cli_writes_xlsx_with_text_never_a_formula(capsys, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "kpis.xlsx"
    status, _, _ = run(
        capsys, "kpis", EXPORTS / "mailchimp_campaigns.csv", "-o", target, "--margin", "25%"
    )
    assert status == 0
    sheet = openpyxl.load_workbook(target).active
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["row", "Title"]
    formula_row = [cell for cell in sheet[4]]
    assert formula_row[1].data_type == "s"
    assert formula_row[1].value.startswith("=HYPERLINK")
    ctr = sheet.cell(row=2, column=header.index("ctr") + 1)
    assert ctr.number_format == "0.00%"


def test_cli_column_option_and_margin(capsys, tmp_path):
    source = tmp_path / "month.csv"
    source.write_text("Campaign,Revenue,Platform,Labour\nemail month,558800,13500,50000\n")
    status, out, _ = run(
        capsys,
        "kpis",
        source,
        "--margin",
        "25%",
        "--column",
        "costs=Platform",
        "--column",
        "costs=Labour",
    )
    assert status == 0
    row = next(csv.DictReader(io.StringIO(out)))
    assert float(row["romi"]) == pytest.approx(1.2)


def test_cli_refuses_to_overwrite_its_input(capsys, tmp_path):
    source = tmp_path / "campaigns.csv"
    source.write_text("Sent,Delivered\n10,9\n")
    link = tmp_path / "link.csv"
    link.hardlink_to(source)
    for target in (source, tmp_path / "." / "campaigns.csv", link):
        status, _, err = run(capsys, "kpis", source, "-o", target)
        assert status == 2
        assert "that is an input" in err
    assert source.read_text() == "Sent,Delivered\n10,9\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("", "is empty"),
        ("Foo,Bar\n1,2\n", "no recognizable columns"),
    ],
)
def test_cli_bad_input_is_one_line_and_status_2(capsys, tmp_path, content, message):
    source = tmp_path / "in.csv"
    if content is not None:
        source.write_text(content)
    status, out, err = run(capsys, "kpis", source)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and message in err


def test_cli_bad_margin_and_output_suffix_are_status_2(capsys):
    source = EXPORTS / "google_ads_campaigns.csv"
    assert run(capsys, "kpis", source, "--margin", "25")[0] == 2
    assert run(capsys, "kpis", source, "--margin", "lots")[0] == 2
    assert run(capsys, "kpis", source, "-o", "out.json")[0] == 2


def test_cli_decimal_option_names_the_mark_of_a_column(capsys):
    path = EXPORTS / "google_ads_campaigns_ja.csv"
    assert main(["kpis", str(path), "--decimal", "クリック数=."]) == 0
    err = capsys.readouterr().err
    assert "'クリック数': read" not in err and "'費用': read '55,020' as 55020" in err
    assert main(["kpis", str(path), "--decimal", ";"]) == 2
    assert "--decimal ';': write ',' or '.'" in capsys.readouterr().err


def test_a_large_file_is_judged_on_its_first_lines_and_decoded_whole():
    row = "Осенняя распродажа;1 000;990\n"
    text = "Рассылка;Отправлено;Доставлено\n" + row * 20_000  # past the 256 KB sample
    for encoding in ("cp1251", "utf-16"):
        decoded, found = decode(text.encode(encoding))
        assert decoded.lstrip("\ufeff") == text and found.replace("_", "-").startswith(encoding)


# ---------------------------------------------------------------------------------------------
# Thousands separators only between groups of three digits


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1.234.567,5", ",", 1234567.5),
        ("1 234", ",", 1234.0),
        ("12 345 678", ",", 12345678.0),
        ("12\u00a0345,5 руб.", ",", 12345.5),
        ("1.234", ",", 1234.0),
        ("₽ 3 400", ",", 3400.0),
        ("1'234.5", ".", 1234.5),
        ("1,234,567.5", ".", 1234567.5),
    ],
)
def test_thousands_separators_between_groups_of_three_still_read(text, decimal, expected):
    numbers, unreadable = parse_numbers(pd.Series([text], dtype=object), decimal)
    assert numbers[0] == pytest.approx(expected)
    assert unreadable.empty


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        ("12.34", ","),
        ("1.2.3", ","),
        ("1.2345", ","),
        (".5", ","),
        ("0,5.1", ","),
        ("1,23 456", ","),
        ("12 34", ","),
        ("12,34", "."),
        ("1,2345", "."),
        ("$1,234.567,8", "."),
    ],
)
def test_a_thousands_separator_out_of_its_groups_is_no_number(text, decimal):
    numbers, unreadable = parse_numbers(pd.Series(["1 234", text], dtype=object), decimal)
    assert numbers[0] == 1234.0 and math.isnan(numbers[1])
    assert unreadable.to_dict() == {1: text}


@pytest.mark.parametrize("decimal", [",", "."])
@pytest.mark.parametrize(
    "text", ["1/2", "12/05/2026", "05/12/26", "12:30", "1:2", "inf", "-Infinity", "1e400"]
)
def test_a_date_a_time_a_fraction_or_an_infinity_is_no_number(text, decimal):
    # the digits of "12/05/2026" or "12:30" run together would be 12052026 or 1230: silently
    # another number; "inf" is no amount or count
    numbers, unreadable = parse_numbers(pd.Series(["1 234", text, "n/a"], dtype=object), decimal)
    assert numbers[0] == 1234.0 and math.isnan(numbers[1]) and math.isnan(numbers[2])
    assert unreadable.to_dict() == {1: text}


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        # a sign, code or word between digits: its digits run together would be another number
        ("67$ 9773", "."),
        ("86€45 896", ","),
        ("1 zł171,5", ","),
        ("9,56руб.0", ","),
        ("258.руб.693", ","),
        ("12 PLN 34", "."),
        # a first group starting with 0 groups nothing
        ("0.837", ","),
        ("03,408", "."),
        ("zł 07.680", ","),
        # a thousands mark touching no digit, or two spaces inside a number
        (".$51452", ","),
        ("947$,", "."),
        ("1,072  5", "."),
        ("65  82", ","),
        # two currency words in a row between digits ("6.891" once both were taken out)
        ("%6руб.руб..891", ","),
        ("6 руб. руб. 891", "."),
        # a figure that is no digit 0-9: taken out, it left another number
        ("12½", "."),
        ("1½2", ","),
        ("5²", "."),
        # a sign inside brackets, or a percent sign twice
        ("(-12)", "."),
        ("(+12)", ","),
        ("12%%", "."),
        ("%12%", ","),
        # an exponent not right after a plain number
        ("269 e51", "."),
        ("1 322e0", ","),
        ("95.966e4", ","),
        ("1,234e3", "."),
    ],
)
def test_a_number_with_something_inside_it_is_no_number(text, decimal):
    # found by fuzzing parse_numbers against babel's CLDR number parsing (a reference nobody
    # here wrote): each was read as its digits run together, silently
    numbers, unreadable = parse_numbers(pd.Series(["1 234", text], dtype=object), decimal)
    assert numbers[0] == 1234.0 and math.isnan(numbers[1])
    assert unreadable.to_dict() == {1: text}


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("$4,820.50", ".", 4820.5),
        ("1 234,56 zł", ",", 1234.56),
        ("12 500 руб.", ",", 12500.0),
        ("PLN 1.000.000,5", ",", 1000000.5),
        ("0,837", ",", 0.837),
        ("-0.5 $", ".", -0.5),
        ("1.023.456", ",", 1023456.0),
        ("€ 0", ",", 0.0),
        ("10 000 $", ".", 10000.0),
        # exponents as Python and pandas write them, and as Excel's scientific format shows
        # them in a locale with a decimal comma
        ("1.5e-05", ".", 1.5e-05),
        ("1,50E+06", ",", 1.5e06),
        ("-2.5E3 $", ".", -2500.0),
        ("(12%)", ".", -0.12),
    ],
)
def test_numbers_with_signs_at_their_ends_still_read(text, decimal, expected):
    numbers, unreadable = parse_numbers(pd.Series([text], dtype=object), decimal)
    assert numbers[0] == expected and unreadable.empty


def test_a_date_or_a_logical_cell_in_a_workbooks_number_column_is_no_number(tmp_path):
    # openpyxl gives a date cell as a datetime and TRUE as True: no 1 of revenue, no date serial
    import datetime

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Campaign", "Cost", "Revenue"])
    sheet.append(["Spring", 100, 500])
    sheet.append(["Summer", 100, datetime.datetime(2026, 5, 12)])
    sheet.append(["Autumn", 100, True])
    sheet.append(["Winter", 100, "1 234,5"])
    workbook.save(tmp_path / "export.xlsx")
    result = roikit.kpis(tmp_path / "export.xlsx")
    assert result.table["roas"].tolist()[0] == 5.0
    assert result.table["roas"].iloc[1:3].isna().all()
    assert result.table["roas"].iloc[3] == pytest.approx(12.345)
    assert problems(result, "'Revenue'") == {"is not a number (e.g. '2026-05-12 00:00:00')": [3, 4]}


def test_a_cell_out_of_its_groups_is_reported_with_the_columns_decimal_mark():
    frame = pd.DataFrame(
        {"Cost": ["100"] * 6, "Revenue": ["1 234,56", "12.34", "1.2.3", "lots", "5,5", "0,5"]}
    )
    result = roikit.kpis(frame)
    assert result.table["roas"].iloc[0] == pytest.approx(12.3456)
    assert result.table["roas"].iloc[1:4].isna().all()
    assert problems(result, "'Revenue'") == {
        "is not a number (e.g. 'lots')": [3],
        "is not a number (e.g. '12.34'): the column's decimal mark is ',', and '.' or a space"
        " groups thousands only in threes (1.234.567,5)": [1, 2],
    }


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8"])
@pytest.mark.parametrize("at", [10, 5500])
def test_a_decimal_comma_export_reads_no_12_34_as_1234(tmp_path, encoding, at):
    rows = ["Кампания;Расходы;Доход"]
    rows += [f"Летняя распродажа {i};1\u00a0000;1\u00a0234,56 руб." for i in range(6000)]
    rows[at + 1] = f"Летняя распродажа {at};1\u00a0000;12.34"
    rows[at + 2] = f"Летняя распродажа {at + 1};1\u00a0000;1.2.3"
    path = tmp_path / "export.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))
    result = roikit.kpis(path)
    roas = result.table["roas"]
    assert roas.isna().sum() == 2 and roas.loc[[at + 2, at + 3]].isna().all()
    assert roas.dropna().eq(1234.56 / 1000).all()
    [reason] = problems(result, "'Доход'")
    assert reason.startswith("is not a number (e.g. '12.34'): the column's decimal mark is ','")
    assert problems(result, "'Доход'")[reason] == [at + 2, at + 3]


def test_a_decimal_point_xlsx_reads_no_12_34_as_1234(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Campaign", "Cost", "Revenue"])
    for i, revenue in enumerate(["$1,234.50", "$12,34", "$2,000.00"]):
        sheet.append([f"c{i}", 100, revenue])
    book.save(tmp_path / "report.xlsx")
    result = roikit.kpis(tmp_path / "report.xlsx")
    assert result.table["roas"].tolist()[::2] == pytest.approx([12.345, 20.0])
    assert math.isnan(result.table["roas"].iloc[1])
    [reason] = problems(result, "'Revenue'")
    assert "(e.g. '$12,34'): the column's decimal mark is '.'" in reason


@settings(max_examples=300, deadline=None)
@given(
    value=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    # not de_CH: babel 2.19 groups only the last thousand there ("1000000'000.00"), which no
    # one writes (roikit refuses it); its apostrophes are tested with the export spellings
    locale=st.sampled_from(["ru_RU", "pl_PL", "uk_UA", "en_US", "de_DE", "fr_FR", "es_ES"]),
    pattern=st.sampled_from(["#,##0.00", "#,##0.##", "#,##0", "0.00"]),
    currency=st.sampled_from(["", " zł", " руб.", " ₽", "$", "€ ", "PLN "]),
    negative=st.booleans(),
)
def test_numbers_as_each_locale_writes_them_read_as_written(
    value, locale, pattern, currency, negative
):
    """Babel writes the number as the locale's CLDR data says (a reference nobody here wrote:
    no-break spaces in ru and pl, narrow no-break spaces in fr, points in de), with a
    currency before or after it; parse_numbers reads it back with that locale's decimal mark."""
    from babel.numbers import format_decimal, get_decimal_symbol

    text = format_decimal(value, format=pattern, locale=locale)
    if negative and value:
        text = "-" + text
    text = currency + text if currency.endswith(" ") or currency == "$" else text + currency
    numbers, unreadable = parse_numbers(pd.Series([text], dtype=object), get_decimal_symbol(locale))
    expected = float(round(value, 0 if pattern == "#,##0" else 2))
    assert unreadable.empty, text
    assert numbers[0] == (-expected if negative and value else expected), text
