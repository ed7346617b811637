"""`sitrep bench dates`: TIMEX3 normalisation on TimeBank + AQUAINT (TempEval-3 TBAQ-cleaned).

Given each document's creation time (DCT) and the gold TIMEX3 text, resolve the expression
and compare with the gold `value` (exact string match: 1998-02-13, 1998-W06, 1998-02, 1998,
1998-SU, PAST_REF, ...). Sitrep's resolver (sitrep.events.dates) against plain dateparser with
RELATIVE_BASE set to the DCT (its value written at the granularity dateparser reports), in the
same run.

Scored: TIMEX3 of type DATE, except the DCT itself. Split: a file is in TEST when the first 8
hex digits of the SHA-1 of its file name, as an integer, modulo 10 are below 3 (about 30%);
only the other files were looked at while writing the resolver's rules.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from . import require_data, split_benchmark_options

TEST_BUCKETS = 3  # of 10
TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def split_of(name: str) -> str:
    bucket = int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "test" if bucket < TEST_BUCKETS else "train"


def load_timexes(data_dir: Path, split: str = "test") -> list[dict[str, str]]:
    """(file, dct, text, gold value) for every DATE TIMEX3 of the chosen split."""
    folder = data_dir / "timebank_tbaq" if (data_dir / "timebank_tbaq").is_dir() else data_dir
    out = []
    for path in sorted(folder.rglob("*.tml")):
        if split != "all" and split_of(path.name) != split:
            continue
        content = path.read_text(encoding="utf-8", errors="replace")
        dct = None
        items = []
        for attributes, text in TIMEX.findall(content):
            attrs = dict(ATTRIBUTE.findall(attributes))
            if attrs.get("functionInDocument") == "CREATION_TIME":
                dct = dct or attrs.get("value", "")[:10]
                continue
            if attrs.get("type") != "DATE" or "value" not in attrs:
                continue
            plain = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
            items.append({"file": path.name, "text": plain, "gold": attrs["value"]})
        for item in items:
            item["dct"] = dct
            out.append(item)
    return out


def dateparser_value(text: str, dct: str | None) -> str | None:
    """Plain dateparser, anchored on the DCT, written at the period it reports."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {}
    if dct:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(dct)
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input; count as no answer
        return None
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return f"{day.year:04d}"
    if data.period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if data.period == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return day.isoformat()


def run(data_dir: Path, limit: int | None = None, split: str = "test") -> dict[str, Any]:
    from ..events.dates import resolve_date

    items = load_timexes(data_dir, split)
    if limit:
        items = items[:limit]
    counts: Counter = Counter()
    for item in items:
        resolved = resolve_date(item["text"], item["dct"])
        sitrep_value = resolved.value if resolved else None
        counts["sitrep"] += sitrep_value == item["gold"]
        counts["dateparser"] += dateparser_value(item["text"], item["dct"]) == item["gold"]
        counts["sitrep_answered"] += sitrep_value is not None
    total = len(items)
    share = lambda key: round(counts[key] / total, 3) if total else 0.0  # noqa: E731
    return {"split": split, "split_rule": "sha1(file name)[:8] as int % 10 < 3 -> test",
            "files": len({i["file"] for i in items}), "timexes": total,
            "sitrep_accuracy": share("sitrep"), "dateparser_accuracy": share("dateparser"),
            "sitrep_answered": counts["sitrep_answered"]}


@click.command()
@split_benchmark_options("timebank_tbaq", "TIMEX3 expressions")
def command(data_dir: str | None, limit: int | None, split: str, as_json: bool) -> None:
    """TIMEX3 value accuracy given the DCT: Sitrep's resolver vs plain dateparser."""
    folder = require_data(data_dir)
    result = run(folder, limit, split)
    if not result["timexes"]:
        raise click.ClickException(f"no TimeML files under {folder}; "
                                   "try --data ../shared/bench/timebank_tbaq")
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"TimeBank+AQUAINT DATE TIMEX3 ({result['split']} split: {result['split_rule']}): "
               f"{result['timexes']} in {result['files']} files")
    click.echo(f"{'resolver':<14}{'value accuracy':>16}")
    click.echo(f"{'sitrep':<14}{result['sitrep_accuracy']:>16.3f}")
    click.echo(f"{'dateparser':<14}{result['dateparser_accuracy']:>16.3f}")
