"""Excel's TEXT function: roikit.engine.number_format.text against the strings Excel gives.

Expected values are Excel's own: the examples of Microsoft's TEXT function page, and strings Excel
cached in workbooks it saved (values copied here, not the workbooks): Apache POI's format test
suites (test-data/spreadsheet/*FormatTests.xlsx, Apache-2.0; saved with the 1904 date system) and
IronCalc's TEXT test workbook (MIT OR Apache-2.0; 1900 date system). Each row names its cell.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roikit.cells import CellError
from roikit.engine.number_format import text

VALUE = CellError("#VALUE!")


def same(got: object, expected: object) -> bool:
    if isinstance(expected, CellError):
        return isinstance(got, CellError) and got.code == expected.code
    return got == expected


# https://support.microsoft.com/office/20d5ac4d-7b94-49fd-bb38-93d29371225c (TEXT function): its
# common examples, and its table "Guidelines for number formats"
MICROSOFT = [
    (1234.567, "$#,##0.00", "$1,234.57"),
    (0.285, "0.0%", "28.5%"),
    (4.34, "# ?/?", "4 1/3"),
    (0.34, "# ?/?", " 1/3"),  # the page TRIMs it: "removes the leading space"
    (12200000, "0.00E+00", "1.22E+07"),
    (1234567898, "[<=9999999]###-####;(###) ###-####", "(123) 456-7898"),
    (1234, "0000000", "0001234"),
    (123456, "##0° 00' 00''", "12° 34' 56''"),
    (1234.59, "####.#", "1234.6"),
    (8.9, "#.000", "8.900"),
    (0.631, "0.#", "0.6"),
    (12, "#.0#", "12.0"),
    (44.398, "???.???", " 44.398"),
    (5.25, "# ???/???", "5   1/4  "),
    (12200000, "#,###.0,", "12,200.0"),
    (2.715, "$0.00", "$2.72"),
    ("4/15/91", "mmmm dd, yyyy", "April 15, 1991"),
]


@pytest.mark.parametrize(("value", "code", "expected"), MICROSOFT)
def test_microsoft_examples(value: object, code: str, expected: str) -> None:
    assert text(value, code) == expected


# IronCalc's TEXT test workbook (github.com/ironcalc/IronCalc, MIT OR Apache-2.0): 1900 system
IRONCALC = [
    (42165.0, "ddddd/mmmmm/yyyyy", "Wednesday/J/2015"),  # DATES!F10
    (42165.0, "mm###", VALUE),  # DATES!G10
    (44123.0, "m/d/y", "10/19/20"),  # DATES!B20
    (44124.0, "dd/mm--yy", "20/10--20"),  # DATES!C21
    (45125.0, "dddd/mmmm/yyyyy", "Tuesday/July/2023"),  # DATES!E22
    (-1.0, "ddd--/--mmm--/++yyy", VALUE),  # DATES!D26
    (0.0, "0", "0"),  # NUMBERS!B9
    (0.0, "#,##0_);(#,##0)", "0 "),  # NUMBERS!E9
    (0.0, "[Red]#.#", "."),  # NUMBERS!I9
    (123456789012.0, "General", "1.23457E+11"),  # NUMBERS!H10
    (123456789012.0, '#,##,, "Millions"', "123,457 Millions"),  # NUMBERS!L10
    (1.2e-16, "0.00E+0", "1.20E-16"),  # NUMBERS!M11
    (1.23456e19, "0.00%", "1234560000000000000000.00%"),  # NUMBERS!K12
    (1e16, '#,#.00 "Millions!"', "10,000,000,000,000,000.00 Millions!"),  # NUMBERS!J15
    (1e-16, "0.00", "0.00"),  # NUMBERS!C16
    (-2.5e-09, "#,##0", "0"),  # NUMBERS!D19
    (-2.5e-09, "$#,##0_);($#,##0)", "($0)"),  # NUMBERS!F19
    (-1e-08, "00-00-00-00", "00-00-00-00"),  # NUMBERS!G20
]


@pytest.mark.parametrize(("value", "code", "expected"), IRONCALC)
def test_ironcalc_workbook(value: object, code: str, expected: object) -> None:
    assert same(text(value, code), expected)


# Apache POI test-data/spreadsheet/<name>.xlsx (Apache-2.0), sheet Tests: 1904 system
POI = [
    # DateFormatNumberTests.xlsx
    (1.5, "yyyy-mm-dd hh:mm:ss.000", "1904-01-02 12:00:00.000"),  # Tests!A3
    (1.00000478703703, "yyyy-mm-dd hh:mm:ss.00", "1904-01-02 00:00:00.41"),  # Tests!A9
    (1.00000478703703, "yyyy-mm-dd hh:mm:ss.0", "1904-01-02 00:00:00.4"),  # Tests!A10
    (1.00000478703703, "yyyy-mm-dd hh:mm:ss", "1904-01-02 00:00:00"),  # Tests!A11
    # DateFormatTests.xlsx
    (17816.607951388887, "dd-mm-yy", "11-10-52"),  # Tests!A3
    (17816.607951388887, "ddd-mmm-yyy", "Sat-Oct-1952"),  # Tests!A4
    (17816.607951388887, "DDD-MMM-YYY", "Sat-Oct-1952"),  # Tests!A8
    (17816.607951388887, "hh:mm:ss.000 am/pm", "02:35:27.000 PM"),  # Tests!A13
    (17816.607951388887, "HH:MM:SS A/P", "02:35:27 P"),  # Tests!A16
    (17816.607951388887, "HH:MM:SS.000 AM/PM", "02:35:27.000 PM"),  # Tests!A18
    (
        17816.607951388887,
        "dddd-mmmm-yyyy H:M:S am/pm",
        "Saturday-October-1952 2:35:27 PM",
    ),  # Tests!A20
    (36191.1702084375, "dddd-mmmm-yyyy", "Saturday-February-2003"),  # Tests!A24
    (36191.1702084375, "D-M-Y", "1-2-03"),  # Tests!A25
    (36191.1702084375, "DD-MM-YY", "01-02-03"),  # Tests!A26
    (36191.1702084375, "h:m:s.00 A/P", "4:5:6.01 A"),  # Tests!A31
    (36191.1702084375, "d-m-y h:m:s", "1-2-03 4:5:6"),  # Tests!A33
    (36191.1702084375, "H:M:S.00 a/p", "4:5:6.01 a"),  # Tests!A36
    (44196.0, "dd-mm-yyyy", "01-01-2025"),  # Tests!A41
    (17816.607951388887, "d \\d\\a\\y\\s h", "11 days 14"),  # Tests!A43
    (17816.607951388887, "d \\d\\a\\y\\s h a/p", "11 days 2 p"),  # Tests!A45
    # ElapsedFormatTests.xlsx
    (3.14159, "[s].000", "271433.376"),  # Tests!A4
    (3.14159, 's:m" @ hour "[hh]', "53:23 @ hour 75"),  # Tests!A8
    (0.08546296296296296, "[h]:m:s.000", "2:3:4.000"),  # Tests!A12
    (0.08546296296296296, "[hh]:mm:ss.0", "02:03:04.0"),  # Tests!A15
    (0.0, "[mm]:ss.0", "00:00.0"),  # Tests!A26
    (-0.08546296296296296, 's" secs and "[m]" mins"', "-4 secs and 123 mins"),  # Tests!A39
    (
        -0.08546296296296296,
        '"It was "[h]" [yes, "h"] hours and "mm:ss',
        "-It was 2 [yes, 2] hours and 03:04",
    ),  # Tests!A40
    (-0.08546296296296296, '[s]" [yes, "ss"] seconds"', "-7384 [yes, 7384] seconds"),  # Tests!A41
    (-3.14159, "[m]:s.000", "-4523:53.376"),  # Tests!A43
    (-3.14159, "[ss].000", "-271433.376"),  # Tests!A47
    # FormatChoiceTests.xlsx
    (1.5, '[<10]#" Wow"', "2 Wow"),  # Tests!A2
    (12.0, '[>10]#" Big"', "12 Big"),  # Tests!A7
    (11.0, '[<=10]#" Wow"', "11"),  # Tests!A10
    (10.0, '[=10]#" Wow"', "10 Wow"),  # Tests!A15
    (1.0, '[< 10]#" Wow"', "1 Wow"),  # Tests!A23
    (1.0, '[<      10]#" Wow"', "1 Wow"),  # Tests!A25
    # FormatConditionTests.xlsx
    (11.0, '[>10]#" Big"', "11 Big"),  # Tests!A6
    (10.0, '[>=10]#" Big"', "10 Big"),  # Tests!A11
    (1.0, '[=10]#" Wow"', "1"),  # Tests!A14
    (10.0, '[<>10]#" Wow"', "10"),  # Tests!A18
    (-9.0, '[>-10]#" Big"', "-9 Big"),  # Tests!A24
    (-9.0, '[>=-10]#" Big"', "-9 Big"),  # Tests!A30
    (-11.0, '[<>-10]#" Wow"', "-11 Wow"),  # Tests!A35
    (1.0, '[<10]#" Wow"', "1 Wow"),  # Tests!A39
    (1.0, '[< 10]#" Wow"', "1 Wow"),  # Tests!A41
    (1.0, '[<      10]#" Wow"', "1 Wow"),  # Tests!A43
    # GeneralFormatTests.xlsx
    (12345.0, "General", "12345"),  # Tests!A6
    (1.2, "General", "1.2"),  # Tests!A8
    (10.0, "General", "10"),  # Tests!A16
    (10000000000.0, "General", "10000000000"),  # Tests!A17
    (100000000000.0, "General", "1E+11"),  # Tests!A18
    (110000000000.0, "General", "1.1E+11"),  # Tests!A19
    (112345000000.0, "General", "1.12345E+11"),  # Tests!A22
    (1e-09, "General", "0.000000001"),  # Tests!A27
    (1.12345e-10, "General", "1.12345E-10"),  # Tests!A32
    (1.123451e-10, "General", "1.12345E-10"),  # Tests!A33
    (-1.0, "General", "-1"),  # Tests!A36
    (-123.0, "General", "-123"),  # Tests!A38
    (-12345.0, "General", "-12345"),  # Tests!A40
    (-1.23, "General", "-1.23"),  # Tests!A43
    (-1.2345678912, "General", "-1.234567891"),  # Tests!A47
    (-112345000000.0, "General", "-1.12345E+11"),  # Tests!A56
    (-1e-09, "General", "-0.000000001"),  # Tests!A61
    (-1.1e-10, "General", "-1.1E-10"),  # Tests!A63
    (-1.12e-10, "General", "-1.12E-10"),  # Tests!A64
    (-1.123e-10, "General", "-1.123E-10"),  # Tests!A65
    (-1.12345e-10, "General", "-1.12345E-10"),  # Tests!A66
    (-1.123459e-10, "General", "-1.12346E-10"),  # Tests!A68
    (True, "General", "TRUE"),  # Tests!A72
    (False, "General", "FALSE"),  # Tests!A73
    # NumberFormatApproxTests.xlsx
    (123456.789, "|#,e-#|", "|1e5|"),  # Tests!A2
    (123456.789, "|#|e-|#|", "|1|e|5|"),  # Tests!A6
    (123456.789, "|0000000.0000|e-|0|", "|0123456.7890|e|0|"),  # Tests!A14
    (123456.789, "|?.?|e-|?|", "|1.2|e|5|"),  # Tests!A17
    (1.23456789e-05, "|#e-#,|", "|1e-5|"),  # Tests!A43
    (1.23456789e-05, "|#.#|e-|#|", "|1.2|e|-5|"),  # Tests!A47
    (1.23456789e-05, "|0.0|e-|0|", "|1.2|e|-5|"),  # Tests!A52
    (1.23456789e-05, "|0,000000.0000|e-|0|", "|0,000,123.4568|e|-7|"),  # Tests!A55
    (1.23456789e-05, "|#,e+#|", "|1e-5|"),  # Tests!A61
    (1.23456789e-05, "|#e+#,|", "|1e-5|"),  # Tests!A62
    (1.23456789e-05, "|#|e+|#|", "|1|e|-5|"),  # Tests!A65
    (0.000123456789, "|##.####|e+|#|", "|1.2346|e|-4|"),  # Tests!A68
    (1.23456789e-05, "|#####.####|e+|#|", "|1.2346|e|-5|"),  # Tests!A77
    (1.23456789e-06, "|###.####|e+|#|", "|1.2346|e|-6|"),  # Tests!A81
    (1.23456789e-06, "|####.####|e+|#|", "|123.4568|e|-8|"),  # Tests!A82
    (1.23456789e-06, "|#######.####|e+|#|", "|12.3457|e|-7|"),  # Tests!A84
    (1.23456789e-06, "|#,######.####|e+|#|", "|12.3457|e|-7|"),  # Tests!A85
    (1.23456789e-05, "|???????.????|e+|?|", "|    123.4568|e|-7|"),  # Tests!A94
    (1.23456789e-05, "|?,??????.????|e+|?|", "|      123.4568|e|-7|"),  # Tests!A95
    (1.23456789e-05, "|#.#|E+|#|", "|1.2|E|-5|"),  # Tests!A97
    (0.0, "|????.????|e-|?|", "|0000.    |e|0|"),  # Tests!A114
    (0.0, "|#%e+#|", "|0%e+0|"),  # Tests!A119
    (0.0, "|0|e+|0|", "|0|e|+0|"),  # Tests!A126
    (0.0, "|0000000.0000|e+|0|", "|0000000.0000|e|+0|"),  # Tests!A129
    (0.0, "|?|e+|?|", "|0|e|+0|"),  # Tests!A131
    (0.0, "|#.#|E-|#|", "|0.|E|0|"),  # Tests!A136
    (-123456.789, "|#%e-#|", "-|1%e5|"),  # Tests!A140
    (-123456.789, "|?,??????.????|e-|?|", "-|  123,456.789 |e|0|"),  # Tests!A156
    (-123456.789, "|#.#|e+|#|", "-|1.2|e|+5|"),  # Tests!A162
    (-123456.789, "|0.0|e+|0|", "-|1.2|e|+5|"),  # Tests!A167
    (-123456.789, "|0000.0000|e+|0|", "-|0012.3457|e|+4|"),  # Tests!A168
    (-1.23456789e-05, "|#e-#%|", "-|1e-5%|"),  # Tests!A181
    (-1.23456789e-05, "|####.####|e-|#|", "-|1234.5679|e|-8|"),  # Tests!A184
    (-1.23456789e-05, "|#,######.####|e-|#|", "-|123.4568|e|-7|"),  # Tests!A186
    (-1.23456789e-05, "|0|e-|0|", "-|1|e|-5|"),  # Tests!A187
    (-1.23456789e-05, "|?|e-|?|", "-|1|e|-5|"),  # Tests!A192
    (1.2345678e142, "|#.#|e+|#####|", "|1.2|e|+142|"),  # Tests!A219
    (1.2345678e142, "|#.#|e+|0|", "|1.2|e|+142|"),  # Tests!A220
    (1.2345678e142, "|#.#|e+|???|", "|1.2|e|+142|"),  # Tests!A225
    (0.0, "|#.#|e+|????|", "|0.|e|+   0|"),  # Tests!A236
    # NumberFormatTests.xlsx
    (12.344, "0.0", "12.3"),  # Tests!A3
    (12.3, "$###.##", "$12.3"),  # Tests!A8
    (-12.34, "$#.#", "-$12.3"),  # Tests!A14
    (12.3, '"before "¥#.00', "before ¥12.30"),  # Tests!A19
    (-12.3, '¥#.00" after"', "-¥12.30 after"),  # Tests!A21
    (1234567.0, "#,###", "1,234,567"),  # Tests!A24
    (1234.0, "0,000", "1,234"),  # Tests!A36
    (1234567.0, "?,????", "1,234,567"),  # Tests!A41
    (1234567.0, "?,?????????", "    1,234,567"),  # Tests!A46
    (12.0, "?,?", "12"),  # Tests!A47
    (1234.0, "?,???", "1,234"),  # Tests!A49
    (-1234567.0, "#,#", "-1,234,567"),  # Tests!A55
    (-1234567.0, ",#", "-,1234567"),  # Tests!A56
    (-1234567.0, "0,00", "-1,234,567"),  # Tests!A59
    (-1234567.0, "0,0", "-1,234,567"),  # Tests!A60
    (-1234567.0, "0,00.0", "-1,234,567.0"),  # Tests!A62
    (1234567.0, "0,00000", "1,234,567"),  # Tests!A65
    (1234567.0, "0,000000", "1,234,567"),  # Tests!A66
    (1234567.0, "0,00000000", "001,234,567"),  # Tests!A68
    (-12345.0, "0,0000", "-12,345"),  # Tests!A73
    (-123.0, "?,??", "-123"),  # Tests!A84
    (-1234567.0, "0.#,", "-1234.6"),  # Tests!A96
    (-0.0123, "0.00%", "-1.23%"),  # Tests!A102
    (-123.45, "0,0.00%", "-12,345.00%"),  # Tests!A103
    (-1.1, "|?.?|", "-|1.1|"),  # Tests!A113
    (-1.1, "|??.??|", "-| 1.1 |"),  # Tests!A116
    (0.0, "|#\\:#/#|", "|0|"),  # Tests!A124
    (-23.75, "|#-#-#\\:#/#|", "-|-2-3:3/4|"),  # Tests!A128
    (-1.0, "|#\\:#=/=0|", "-|1|"),  # Tests!A148
    (1.0, "|#\\:? ?=/=#|", "|:1      |"),  # Tests!A152
    (0.0, "|#\\:? ?=/=?|", "|:0      |"),  # Tests!A156
    (23.75, "|#\\:? ?0#/000", "|2:3  03/004"),  # Tests!A160
    (-0.75, "|#_#/#|", "-|3 /4|"),  # Tests!A168
    (0.0, "|#_#=/=#|", "|0 =/=1|"),  # Tests!A174
    (3.75, "|#_#=/=?|", "|15 =/=4|"),  # Tests!A177
    (0.0, "|#_#=/=0|", "|0 =/=1|"),  # Tests!A184
    (0.0, "|#_?=/=#|", "|0 =/=1|"),  # Tests!A189
    (0.0, "|#\\:#=/=?|", "|0      |"),  # Tests!A199
    (0.0, "|?\\:?=/=#|", "|0      |"),  # Tests!A210
    (0.0, "|?\\:?=/=0|", "|0      |"),  # Tests!A212
    (0.0, "|0\\:?=/=#|", "|0      |"),  # Tests!A219
    (0.75, "|#\\:0=/=#|", "|3=/=4|"),  # Tests!A231
    (0.75, "|?\\:#=/=#|", "|  3=/=4|"),  # Tests!A234
    (0.75, "|?\\:#=/=0|", "|  3=/=4|"),  # Tests!A236
    (1.0, "|#\\:?=/=0|", "|1      |"),  # Tests!A257
    (1.0, "|#\\:0=/=?|", "|1:0=/=1|"),  # Tests!A259
    (1.0, "|?\\:#=/=?|", "|1      |"),  # Tests!A262
    (1.0, "|?\\:?=/=?|", "|1      |"),  # Tests!A265
    (-0.75, "|#\\:0=/=0|", "-|3=/=4|"),  # Tests!A287
    (-0.75, "|?\\:0=/=#|", "-|  3=/=4|"),  # Tests!A294
    (-0.75, "|0\\:#=/=0|", "-|0:3=/=4|"),  # Tests!A299
    (-1.0, "|#\\:#=/=#|", "-|1|"),  # Tests!A306
    (-1.0, "|#\\:?=/=#|", "-|1      |"),  # Tests!A309
    (-1.0, "|#\\:?=/=?|", "-|1      |"),  # Tests!A310
    (-1.0, "|0\\:#=/=#|", "-|1|"),  # Tests!A324
    (-1.0, "|0\\:#=/=?|", "-|1      |"),  # Tests!A325
    (-1.0, "|0\\:?=/=?|", "-|1      |"),  # Tests!A328
    (-1.0, "|0\\:0=/=#|", "-|1:0=/=1|"),  # Tests!A330
    (-1.0, "|0\\:0=/=?|", "-|1:0=/=1|"),  # Tests!A331
    (-1.0, "|0\\:0=/=0|", "-|1:0=/=1|"),  # Tests!A332
    # TextFormatTests.xlsx
    ("jello", ";;;@", "jello"),  # Tests!A2
    ("jello", ';;;"h""I"', "hI"),  # Tests!A4
    ("jello", ";;;-@-", "-jello-"),  # Tests!A7
    ("jello", ";;;-@", "-jello"),  # Tests!A8
    (True, ';;;"hi"', "hi"),  # Tests!A13
    (False, ";;;\\h\\i", "hi"),  # Tests!A24
    (False, ";;;\\@@\\@", "@FALSE@"),  # Tests!A25
    (False, ";;;@-", "FALSE-"),  # Tests!A28
    (False, ";;;-@-@-", "-FALSE-FALSE-"),  # Tests!A29
]


@pytest.mark.parametrize(("value", "code", "expected"), POI)
def test_poi_workbooks(value: object, code: str, expected: object) -> None:
    assert same(text(value, code, date1904=True), expected)


# ------------------------------------------------------------------------------ edge cases

EDGES = [
    (None, "0.00", "0.00"),  # a blank is 0
    (None, "General", "0"),
    ("", "0", ""),  # empty text is text
    ("hello", "0.00", "hello"),  # text without a text section comes back
    ("hello", '0;-0;0;"<"@">"', "<hello>"),
    ("1234", "0.0", "1234.0"),  # text that reads as a number is one
    ("-1", "0.0", "-1.0"),
    ("12%", "0.00", "0.12"),
    ("2007-02-03 19:08", "yyyy-mm-dd hh:mm", "2007-02-03 19:08"),
    ("1:30 PM", "h:mm", "13:30"),
    (True, "0.00", "TRUE"),  # booleans are text
    (False, ";;;@!", "FALSE!"),
    (-0.0, "0.00", "0.00"),
    (-0.001, "0.00", "0.00"),  # rounds to zero: no minus sign
    (-0.001, "0.00;(0.00)", "(0.00)"),  # but the negative section is chosen by the value
    (2.675, "0.00", "2.68"),  # half away from zero on the decimal shown
    (-2.5, "0", "-3"),
    (0.1 + 0.2, "0.00000000000000000", "0.30000000000000000"),  # 15 significant digits
    (123456789012345678, "0", "123456789012346000"),
    (1e-300, "General", "1E-300"),
    (1.23456789e-05, "General", "1.23457E-05"),
    (0.000142857, "General", "0.000142857"),
    (-5, '"neg "General', "-neg 5"),
    (5, "@", "5"),
    (5, "", ""),
    (-5, "", "-"),
    (0, "[$€-407]#,##0.00", "€0.00"),
    (45000.5, "[$-409]yyyy-mm-dd h AM/PM", "2023-03-15 12 PM"),
    (60, "yyyy-mm-dd ddd", "1900-02-29 Wed"),  # Excel's fictitious leap day
    (0, "yyyy-mm-dd", "1900-01-00"),
    (2958466, "yyyy", VALUE),  # past 9999-12-31
    (-1, "d", VALUE),  # negative dates (1900 system)
    (-1, "[h]", "-24"),
    (1.5, "[h]:mm", "36:00"),
    (2, "# ?/8", "2    "),
    (2.5, "# ?/8", "2 4/8"),
    (12, "0;0;0;0;0", VALUE),  # five sections
    (12, "0@", VALUE),  # digits and text in one section
    (12, '0;"x"@;0', VALUE),  # a text section that is not last
    (12, "yy0", VALUE),  # dates and digits
    (CellError("#DIV/0!"), "0", CellError("#DIV/0!")),
    (1, CellError("#N/A"), CellError("#N/A")),
    (float("inf"), "0", VALUE),
    (1234.5, 0, "1235"),  # a number as the code is its General text
]


@pytest.mark.parametrize(("value", "code", "expected"), EDGES)
def test_edge_cases(value: object, code: object, expected: object) -> None:
    assert same(text(value, code), expected)


def test_date1904_serial_zero_is_1904_01_01() -> None:
    assert text(0, "yyyy-mm-dd dddd", date1904=True) == "1904-01-01 Friday"
    assert text(-1.5, "[h]:mm", date1904=True) == "-36:00"


# ------------------------------------------------------------------------------ properties

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(finite)
def test_two_decimals_round_half_away_from_zero(x: float) -> None:
    shown = Decimal(f"{abs(x):.15g}").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if x < 0 and shown else ""
    assert text(x, "0.00") == f"{sign}{shown:f}"


@given(finite)
def test_sections_are_chosen_by_sign(x: float) -> None:
    expected = "pos" if x > 0 else "neg" if x < 0 else "zero"
    assert text(x, '"pos";"neg";"zero"') == expected


@given(st.floats(min_value=1e-9, max_value=1e11, allow_nan=False))
def test_general_fits_eleven_characters(x: float) -> None:
    shown = text(x, "General")
    assert isinstance(shown, str) and len(shown) <= 11
    assert math.isclose(float(shown), x, rel_tol=1e-4)


@pytest.mark.parametrize(
    ("code", "dated"),
    [
        ("dd.mm.yyyy", True),
        ("mm-dd-yy", True),  # built-in 14, the short date
        ("mmm-yy", True),
        ("d", True),
        ("[$-419]dd mmmm yyyy", True),
        ("yyyy\\-mm\\-dd;@", True),
        ("m/d/yy h:mm", True),
        ("h:mm", False),  # a time of day
        ("h:mm:ss;@", False),
        ("[h]:mm:ss", False),  # a duration
        ("mm:ss", False),  # minutes, after all
        ("0%", False),
        ("General", False),
        ("#,##0.00 [$₽-419]", False),
        ("@", False),
    ],
)
def test_shows_date_is_a_day_month_or_year_not_a_time_or_a_number(code: str, dated: bool) -> None:
    """Checked against openpyxl's own reading of the 90 formats of the fidelity corpus's 396
    Excel-saved workbooks: the same answer for every date; only time-of-day formats differ,
    which openpyxl counts as dates."""
    from roikit.engine.number_format import shows_date

    assert shows_date(code) is dated


def test_a_serial_number_is_the_date_excel_shows_for_it(tmp_path) -> None:
    """Excel's 1900 system counts a 29 February 1900 (serial 60): serials before it are a day
    later than a plain count from 1899-12-30; the 1904 system counts from 1904-01-01. Each
    date is the one TEXT(serial, "yyyy-mm-dd hh:mm:ss") shows."""
    import datetime as dt

    from roikit.engine.number_format import serial_date
    from roikit.xlsx import Package
    from tests.helpers.workbooks import hand_made

    assert serial_date(1.0) == dt.date(1900, 1, 1)
    assert serial_date(59.0) == dt.date(1900, 2, 28)
    assert serial_date(60.0) is None  # 1900-02-29, which was not
    assert serial_date(0.0) is None  # 1900-01-00
    assert serial_date(61.0) == dt.date(1900, 3, 1)
    assert serial_date(46390.0) == dt.date(2027, 1, 3)
    assert serial_date(46390.75) == dt.datetime(2027, 1, 3, 18, 0)
    assert serial_date(46390.999999) == dt.date(2027, 1, 4)  # to the second, as Excel shows it
    assert serial_date(-1.0) is None and serial_date(math.inf) is None
    assert serial_date(2_958_465.0) == dt.date(9999, 12, 31)
    assert serial_date(2_958_466.0) is None
    assert serial_date(0.0, date1904=True) == dt.date(1904, 1, 1)
    assert serial_date(44928.0, date1904=True) == dt.date(2027, 1, 3)
    for serial in (61.0, 46390.75, 2_958_465.5):
        shown = text(serial, "yyyy-mm-dd hh:mm:ss")
        assert str(serial_date(serial)).replace("T", " ")[:19] == (
            shown if serial % 1 else shown[:10]
        )
    package = Package(hand_made(tmp_path / "dates.xlsx", "", {}))
    old = Package(hand_made(tmp_path / "mac.xlsx", "", {}, date1904=True))
    for day in (dt.date(1900, 3, 1), dt.date(2027, 1, 3), dt.date(9999, 12, 31)):
        assert serial_date(package.date_serial(day)) == day
        assert day.year == 1900 or serial_date(old.date_serial(day), date1904=True) == day
