"""Exports roikit was not tuned on (tests/fixtures/exports/unseen/README.md): which column fed
which field, and KPIs worked out by hand from the cells of each file."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import roikit

UNSEEN = Path(__file__).parent / "fixtures" / "exports" / "unseen"


def mapped(result):
    return {field: column for field, column in result.mapping.items() if field != "margin"}


def test_mailchimp_web_report_takes_its_own_orders_not_google_analytics_transactions():
    result = roikit.kpis(UNSEEN / "mailchimp_ui_campaigns.csv", margin=0.25)
    assert mapped(result) == {
        "sent": "'Total Recipients'",
        "delivered": "'Successful Deliveries'",
        "bounces": "'Total Bounces'",
        "opens": "'Unique Opens'",
        "clicks": "'Unique Clicks'",
        "unsubscribes": "'Unsubscribes'",
        "complaints": "'Abuse Complaints'",
        "conversions": "'Total Orders'",  # not 'Transactions', Google Analytics', blank here
        "revenue": "'Total Revenue'",
        "costs": "'Campaign Cost'",
    }
    row = result.table.loc[2]
    assert row["Title"] == "Autumn Sale"
    assert row["delivery_rate"] == pytest.approx(11820 / 12000)
    assert row["bounce_rate"] == pytest.approx(180 / 12000)
    assert row["open_rate"] == pytest.approx(4137 / 11820)
    assert row["ctor"] == pytest.approx(591 / 4137)
    assert row["conversion_rate"] == pytest.approx(37 / 591)
    assert row["aov"] == pytest.approx(3512.40 / 37)  # "$3,512.40"
    assert row["roi"] == pytest.approx((3512.40 - 150) / 150)
    assert math.isnan(result.table.loc[3, "roi"])  # "$0.00" campaign cost


def test_meta_ads_polish_export_reads_spend_link_clicks_and_purchases():
    result = roikit.kpis(UNSEEN / "meta_ads_pl.csv")
    assert mapped(result) == {
        "impressions": "'Wyświetlenia'",
        "clicks": "'Kliknięcia linku'",
        "conversions": "'Zakupy'",  # purchases before 'Wyniki' (results of any kind)
        "costs": "'Wydana kwota (PLN)'",
    }
    row = result.table.loc[2]
    assert row["Nazwa kampanii"] == "Jesień – konwersje"
    assert row["ctr"] == pytest.approx(1830 / 152400)
    assert row["cpc"] == pytest.approx(2500 / 1830)
    assert row["cpm"] == pytest.approx(2500 / 152400 * 1000)
    assert row["cpa"] == pytest.approx(2500 / 48)


def test_meta_ads_russian_export_reads_spend_link_clicks_purchases_and_their_value():
    result = roikit.kpis(UNSEEN / "meta_ads_ru.csv", margin=0.25)
    assert mapped(result) == {
        "impressions": "'Показы'",
        "clicks": "'Клики на ссылку'",
        "conversions": "'Покупки на сайте'",
        "revenue": "'Ценность конверсии покупки с сайта'",
        "costs": "'Потраченная сумма (RUB)'",
    }
    row = result.table.loc[3]
    assert row["Название кампании"] == "Ретаргет"
    assert row["ctr"] == pytest.approx(780 / 52000)
    assert row["cpa"] == pytest.approx(20000 / 18)
    assert row["roas"] == pytest.approx(126000 / 20000)
    assert row["romi"] == pytest.approx((126000 * 0.25 - 20000) / 20000)


def test_google_ads_polish_excel_csv_in_utf16_with_abbreviated_headers_and_razem():
    result = roikit.kpis(UNSEEN / "google_ads_campaigns_pl.csv")
    assert mapped(result) == {
        "impressions": "'Wyświetl.'",
        "clicks": "'Kliknięcia'",
        "conversions": "'Konwersje'",
        "revenue": "'Wartość konw.'",
        "costs": "'Koszt'",
    }
    assert list(result.table.index) == [4, 5, 6]  # 'Razem: konto' left out
    brand = result.table.loc[4]  # "12 480" with a no-break space, "550,20"
    assert brand["ctr"] == pytest.approx(1310 / 12480)
    assert brand["cpc"] == pytest.approx(550.20 / 1310)
    assert brand["roas"] == pytest.approx(9120 / 550.20)
    generic = result.table.loc[5]  # "< 10%" in an impression-share column read by no KPI
    assert generic["cpa"] == pytest.approx(3292.45 / 61.5)
    assert math.isnan(result.table.loc[6, "cpa"])  # no conversions


def test_google_ads_russian_report_reads_cena_as_the_cost_and_its_conversion_value():
    result = roikit.kpis(UNSEEN / "google_ads_campaigns_ru.csv", margin=0.25)
    assert mapped(result) == {
        "impressions": "'Показы'",
        "clicks": "'Клики'",
        "conversions": "'Конверсии'",
        "revenue": "'Ценность конверсии'",
        "costs": "'Цена'",  # not 'Ср. цена за клик' or 'Цена/конв.'
    }
    assert list(result.table.index) == [4, 5, 6]  # 'Итого: аккаунт' left out
    row = result.table.loc[5]
    assert row["cpc"] == pytest.approx(34615 / 215)
    assert row["cpa"] == pytest.approx(34615 / 6)
    assert row["roi"] == pytest.approx((60000 - 34615) / 34615)


def test_yandex_direct_report_wizard_tsv_with_total_spend_and_profit_left_aside():
    result = roikit.kpis(UNSEEN / "yandex_direct_wizard_ru.tsv")
    assert mapped(result) == {
        "impressions": "'Показы'",
        "clicks": "'Клики'",
        "conversions": "'Конверсии'",
        "revenue": "'Доход (руб.)'",  # not 'Прибыль (руб.)'
        "costs": "'Расход всего (руб.)'",
    }
    assert list(result.table.index) == [4, 5, 6]
    row = result.table.loc[5]
    assert row["ctr"] == pytest.approx(390 / 41000)
    assert row["cpa"] == pytest.approx(15600 / 6)
    assert row["roas"] == pytest.approx(57000 / 15600)
    assert math.isnan(result.table.loc[6, "cpa"])  # 0 conversions, "-" cost per goal


def test_tiktok_export_reads_clicks_destination():
    result = roikit.kpis(UNSEEN / "tiktok_ads_campaigns.csv")
    assert mapped(result) == {
        "impressions": "'Impressions'",
        "clicks": "'Clicks (destination)'",  # not 'CTR (destination)' or 'CPC (destination)'
        "conversions": "'Conversions'",
        "costs": "'Cost'",
    }
    row = result.table.loc[2]
    assert row["ctr"] == pytest.approx(3600 / 480000)
    assert row["cpc"] == pytest.approx(1250 / 3600)
    assert row["cpa"] == pytest.approx(1250 / 90)


def test_microsoft_ads_report_download_below_its_report_lines():
    result = roikit.kpis(UNSEEN / "microsoft_ads_campaigns.csv", margin=0.25)
    assert mapped(result) == {
        "impressions": "'Impressions'",
        "clicks": "'Clicks'",
        "conversions": "'Conversions'",
        "revenue": "'Revenue'",
        "costs": "'Spend'",
    }
    brand = result.table.loc[12]
    assert brand["Campaign name"] == "Brand - Search"
    assert brand["ctr"] == pytest.approx(1140 / 15200)
    assert brand["cpa"] == pytest.approx(627 / 88)
    assert brand["roas"] == pytest.approx(7920 / 627)
    assert result.table.loc[13, "romi"] == pytest.approx((3690 * 0.25 - 2196) / 2196)


def test_microsoft_ads_copyright_footer_is_no_campaign_row():
    result = roikit.kpis(UNSEEN / "microsoft_ads_campaigns.csv")
    assert list(result.table.index) == [12, 13]
    assert not result.row_problems


def test_getresponse_polish_message_report_derives_delivered_from_zwroty():
    result = roikit.kpis(UNSEEN / "getresponse_messages_pl.csv")
    assert mapped(result) == {
        "sent": "'Wysłane'",
        "bounces": "'Zwroty'",
        "opens": "'Unikalne otwarcia'",  # not 'Otwarcia'
        "clicks": "'Unikalne kliknięcia'",
        "unsubscribes": "'Wypisania'",
        "complaints": "'Skargi'",
        "delivered": "'Wysłane' − 'Zwroty'",
    }
    row = result.table.loc[2]
    assert row["Data wysłania"] == "2026-10-07 10:00"
    assert row["bounce_rate"] == pytest.approx(160 / 8000)
    assert row["open_rate"] == pytest.approx(2600 / 7840)
    assert row["ctr"] == pytest.approx(390 / 7840)
    assert row["complaint_rate"] == pytest.approx(4 / 7840)


def test_sendpulse_russian_campaign_list_in_cp1251():
    result = roikit.kpis(UNSEEN / "sendpulse_campaigns_ru.csv")
    assert mapped(result) == {
        "sent": "'Отправлено'",
        "delivered": "'Доставлено'",
        "opens": "'Открыто'",
        "clicks": "'Переходы'",
        "unsubscribes": "'Отписались'",
        "complaints": "'Жалобы на спам'",
    }
    row = result.table.loc[2]
    assert row["Название рассылки"] == "Осенняя распродажа"
    assert row["delivery_rate"] == pytest.approx(12250 / 12500)
    assert row["open_rate"] == pytest.approx(3185 / 12250)
    assert row["ctor"] == pytest.approx(490 / 3185)
    assert row["unsubscribe_rate"] == pytest.approx(37 / 12250)


def test_a_bound_is_no_number(tmp_path):
    path = tmp_path / "bound.csv"
    path.write_text("Campaign,Impressions,Clicks,Cost\nA,< 10,2,5.00\nB,2000,20,3.00\n")
    result = roikit.kpis(path)
    assert math.isnan(result.table.loc[2, "ctr"])


def test_a_campaign_row_without_numbers_right_below_the_others_stays_a_row(tmp_path):
    # only a note after a blank line is left out; a campaign with no figures yet is a row
    path = tmp_path / "export.csv"
    path.write_text("Campaign,Impressions,Clicks\nA,100,2\nB,,\n\nExported by roikit-test\n")
    result = roikit.kpis(path)
    assert list(result.table.index) == [2, 3]
    assert "left out the line(s) below the table, 5 ('Exported by roikit-test')" in result.report()
