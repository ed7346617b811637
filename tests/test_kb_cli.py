"""`sitrep kb check` and `sitrep kb list` through the CLI."""

from __future__ import annotations

from click.testing import CliRunner

from sitrep.cli import cli

BROKEN = """\
- id: desert_hawks
  name: Desert Hawks Brigade
  type: ORG
  aliases: Desert Hawks
- id: desert_hawks
  name: Another
  type: WIDGET
  lat: 95
  lon: 10
- name: Nameless Id
  type: PERSON
  colour: red
"""

GOOD = """\
- id: desert_hawks
  name: Desert Hawks Brigade
  type: ORG
  kind: armed_group
  country: SY
  aliases: [Desert Hawks, Suqour al-Sahraa]
- id: tiyas_air_base
  name: Tiyas Air Base
  type: FAC
  kind: air_base
  country: SY
  lat: 34.52
  lon: 37.63
"""


def test_check_reports_errors_with_line_numbers(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(cli, ["kb", "check", str(path)])
    assert result.exit_code == 1
    out = result.output
    assert f"{path}:4: error: 'aliases' must be a list" in out
    assert f"{path}:5: error: duplicate id 'desert_hawks' (first on line 1)" in out
    assert f"{path}:7: error: type 'WIDGET'" in out
    assert f"{path}:8: error: 'lat' 95.0 is outside" in out
    assert f"{path}:10: error: missing required field 'id'" in out
    assert f"{path}:12: error: unknown field 'colour'" in out


def test_check_reports_yaml_syntax_errors(tmp_path):
    path = tmp_path / "syntax.yaml"
    path.write_text("- id: a\n  name: [unclosed\n  type: ORG\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["kb", "check", str(path)])
    assert result.exit_code == 1
    assert "not valid YAML" in result.output


def test_check_accepts_a_good_file_and_list_shows_it(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["kb", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "ok" in result.output
    listed = CliRunner().invoke(cli, ["kb", "list", "--kb", str(path), "--q", "suqour",
                                      "--json"])
    assert listed.exit_code == 0, listed.output
    assert '"id": "desert_hawks"' in listed.output
    assert "tiyas_air_base" not in listed.output
    by_type = CliRunner().invoke(cli, ["kb", "list", "--kb", str(path), "--type", "FAC",
                                       "--json"])
    assert "tiyas_air_base" in by_type.output
