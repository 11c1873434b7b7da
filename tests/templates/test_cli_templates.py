"""``roikit templates list | build | copy``: a fresh copy to fill in, never over a user's file."""

from __future__ import annotations

import pytest

from roikit.cli import main
from roikit.templates import TEMPLATES, build
from roikit.templates.compare import same_workbook

pytest.importorskip("openpyxl")


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_list_names_every_template(capsys):
    status, out, _ = run(capsys, "templates", "list")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == list(TEMPLATES)


@pytest.mark.parametrize(
    ("option", "edition"), [((), "addin"), (("--native",), "native"), (("--lambda",), "lambda")]
)
def test_build_writes_every_template_into_a_folder(capsys, tmp_path, option, edition):
    status, out, _ = run(capsys, "templates", "build", str(tmp_path), *option)
    assert status == 0
    for name in TEMPLATES:
        written = (tmp_path / f"{name}.xlsx").read_bytes()
        assert same_workbook(written, build(name, edition=edition))
    assert out.count("wrote") == len(TEMPLATES)


def test_build_refuses_two_editions_at_once(capsys, tmp_path):
    with pytest.raises(SystemExit):
        run(capsys, "templates", "build", str(tmp_path), "--native", "--lambda")


def test_build_again_leaves_fresh_files_alone(capsys, tmp_path):
    run(capsys, "templates", "build", str(tmp_path))
    status, out, _ = run(capsys, "templates", "build", str(tmp_path))
    assert (status, out.count("unchanged")) == (0, len(TEMPLATES))


def test_build_into_a_folder_keeps_a_filled_in_copy_unless_forced(capsys, tmp_path):
    """A user's month, saved under the template's name in the folder: not replaced silently."""
    mine = tmp_path / "email_campaign_romi.xlsx"
    mine.write_bytes(b"my filled-in month")
    status, out, err = run(capsys, "templates", "build", str(tmp_path))
    assert status == 1 and f"kept {mine}" in err and "--force" in err
    assert mine.read_bytes() == b"my filled-in month"
    assert out.count("wrote") == len(TEMPLATES) - 1
    status, _, _ = run(capsys, "templates", "build", str(tmp_path), "--force")
    assert status == 0 and mine.read_bytes() == build("email_campaign_romi")


def test_copy_into_a_folder_uses_the_template_name(capsys, tmp_path):
    status, _, _ = run(capsys, "templates", "copy", "email_campaign_romi", str(tmp_path))
    assert status == 0
    written = (tmp_path / "email_campaign_romi.xlsx").read_bytes()
    assert same_workbook(written, build("email_campaign_romi"))


def test_copy_native_twin_to_a_file_name(capsys, tmp_path):
    dest = tmp_path / "my month.xlsx"
    assert run(capsys, "templates", "copy", "unit_economics", str(dest), "--native")[0] == 0
    assert same_workbook(dest.read_bytes(), build("unit_economics", native=True))


def test_copy_never_overwrites_without_force(capsys, tmp_path):
    dest = tmp_path / "mine.xlsx"
    dest.write_bytes(b"my own numbers")
    status, _, err = run(capsys, "templates", "copy", "b2b_funnel", str(dest))
    assert status == 2 and "--force" in err
    assert dest.read_bytes() == b"my own numbers"
    assert run(capsys, "templates", "copy", "b2b_funnel", str(dest), "--force")[0] == 0
    assert same_workbook(dest.read_bytes(), build("b2b_funnel"))
    assert [p.name for p in tmp_path.iterdir()] == ["mine.xlsx"]  # no temporary file left


def test_copy_unknown_template_lists_the_known_ones(capsys, tmp_path):
    status, _, err = run(capsys, "templates", "copy", "roas", str(tmp_path))
    assert status == 2 and "email_ab_test" in err


def test_copy_refuses_a_destination_that_is_not_xlsx(capsys, tmp_path):
    status, _, err = run(capsys, "templates", "copy", "b2b_funnel", str(tmp_path / "x.csv"))
    assert status == 2 and ".xlsx" in err


def test_copy_refuses_a_missing_folder(capsys, tmp_path):
    status, _, err = run(capsys, "templates", "copy", "b2b_funnel", str(tmp_path / "no" / "x.xlsx"))
    assert status == 2 and "no such folder" in err
