"""`sitrep bench events`: PLOVER event typing and actor matching on the PLOVER gold records.

Data: event_coding/PLOVER_GSR_CAMEO.json under the benchmark folder (never copied here).
Split: a record is in TEST when the first 8 hex digits of the SHA-1 of its id, as an integer,
modulo 10 are below 3 (about 30%); the rest is TRAIN. The lexicons were written without
reading TEST records; only TRAIN records were looked at while tuning.

Gold types from the 2016 records use the older PLOVER names; they map to the 16 types of the
current PLOVER (the one Sitrep emits): DEMAND -> REQUEST, FIGHT -> ASSAULT,
DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE.

Measured per record (one gold event per text): type accuracy and macro-F1 of Sitrep's main
event (events.primary_event, coded with PLOVER's conventions by events.plover.plover_code:
intentions are AGREE/THREATEN, refusals REJECT; "X said Y must ..." is X's REQUEST to Y,
events.plover.plover_dyad; otherwise the actors and recipients as extracted) against a trigger-lexicon-only baseline (the type of the first
lemma of the text found in the same lexicons, no parse); source and target actor match (any
predicted actor, by canonical name or a surface form seen in the text, shares a word stem with
any gold actor text) for both.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import click

from . import require_data, split_benchmark_options

OLD_TO_CURRENT = {"DEMAND": "REQUEST", "FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE",
                  "INVESTIGATE": "ACCUSE"}
TEST_BUCKETS = 3  # of 10
ACTOR_LABELS = ("PERSON", "ORG", "NORP", "GPE")
STOP_WORDS = frozenset({"the", "and", "of", "for", "from", "officials", "official", "in", "on",
                        "to", "by", "at", "an"})


def split_of(record_id: str) -> str:
    """TEST or TRAIN, fixed by the record id's hash."""
    bucket = int(hashlib.sha1(record_id.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "test" if bucket < TEST_BUCKETS else "train"


def load_records(data_dir: Path, split: str = "test") -> list[dict[str, Any]]:
    path = data_dir / "event_coding" / "PLOVER_GSR_CAMEO.json"
    if not path.is_file():
        path = data_dir / "PLOVER_GSR_CAMEO.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for record in records:
        if record.get("event") in (None, "DOCUMENT") or not record.get("text"):
            continue
        if split != "all" and split_of(record["id"]) != split:
            continue
        gold = OLD_TO_CURRENT.get(record["event"], record["event"])
        out.append({"id": record["id"], "text": record["text"], "date": record.get("date"),
                    "type": gold,
                    "source": _actor_texts(record.get("source")),
                    "target": _actor_texts(record.get("target"))})
    return out


def _actor_texts(actors: Any) -> list[str]:
    """Gold actors are a list of {actorText, code, ...}; a few records give a bare string."""
    if isinstance(actors, str):
        return [actors] if actors.strip() else []
    return [a.get("actorText", "") if isinstance(a, dict) else str(a) for a in actors or []]


def _stems(text: str) -> set[str]:
    """Five-letter stems of a name's words; dots dropped so "U.N." and "UN" agree."""
    words = re.findall(r"[a-z]{2,}", text.lower().replace(".", ""))
    return {w[:5] for w in words if w not in STOP_WORDS}


def actors_match(predicted: list[str], gold: list[str]) -> bool:
    gold_stems = set().union(*(_stems(g) for g in gold)) if gold else set()
    return any(_stems(p) & gold_stems for p in predicted)


def macro_f1(gold: list[str], predicted: list[str | None]) -> float:
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall
                      else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def _surface_names(refs, analysis) -> list[str]:
    """An argument's canonical name and the forms it had in the text ("UN", "U.S.")."""
    names = []
    for ref in refs:
        names.append(ref.name)
        entity = analysis.entities.get(ref.entity_id) if ref.entity_id else None
        if entity is not None:
            names.extend(entity.aliases)
    return names


def _baseline(analysis) -> tuple[str | None, list[str], list[str]]:
    """Lexicon-only: the first trigger lemma's type; the actor mention before it is the source,
    the one after it the target."""
    from ..events.detect import lexicon_only

    doc = analysis.doc
    plover_type = lexicon_only(doc)
    position = next((t.idx for t in doc if lexicon_only([t]) is not None), None)
    actors = [m for m in analysis.mentions if m.label in ACTOR_LABELS]
    if position is None:
        return plover_type, [], []
    before = [m.text for m in actors if m.end <= position][:1]
    after = [m.text for m in actors if m.start > position][:1]
    return plover_type, before, after


def run(data_dir: Path, limit: int | None = None, split: str = "test") -> dict[str, Any]:
    from ..events import primary_event
    from ..events.plover import plover_code, plover_dyad
    from ..pipeline import Pipeline
    from ..records import Document

    records = load_records(data_dir, split)
    if limit:
        records = records[:limit]
    pipeline = Pipeline()
    documents = [Document(text=r["text"], published=r["date"]) for r in records]
    gold, sitrep_types, base_types = [], [], []
    counts = Counter()
    for record, analysis in zip(records, pipeline.pipe(documents)):
        event = primary_event(analysis.events)
        predicted = plover_code(event) if event else None
        sources, targets = plover_dyad(event) if event else ([], [])
        base_type, base_source, base_target = _baseline(analysis)
        gold.append(record["type"])
        sitrep_types.append(predicted)
        base_types.append(base_type)
        if record["source"]:
            counts["source_total"] += 1
            counts["sitrep_source"] += bool(event) and actors_match(
                _surface_names(sources, analysis), record["source"])
            counts["baseline_source"] += actors_match(base_source, record["source"])
        if record["target"]:
            counts["target_total"] += 1
            counts["sitrep_target"] += bool(event) and actors_match(
                _surface_names(targets, analysis), record["target"])
            counts["baseline_target"] += actors_match(base_target, record["target"])

    def accuracy(predicted: list[str | None]) -> float:
        return sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0

    def share(key: str, total: str) -> float:
        return counts[key] / counts[total] if counts[total] else 0.0

    return {
        "split": split, "records": len(gold),
        "split_rule": "sha1(id)[:8] as int % 10 < 3 -> test",
        "sitrep": {"type_accuracy": round(accuracy(sitrep_types), 3),
                   "type_macro_f1": round(macro_f1(gold, sitrep_types), 3),
                   "source_match": round(share("sitrep_source", "source_total"), 3),
                   "target_match": round(share("sitrep_target", "target_total"), 3),
                   "no_event": sum(p is None for p in sitrep_types)},
        "baseline_lexicon_only": {
            "type_accuracy": round(accuracy(base_types), 3),
            "type_macro_f1": round(macro_f1(gold, base_types), 3),
            "source_match": round(share("baseline_source", "source_total"), 3),
            "target_match": round(share("baseline_target", "target_total"), 3),
            "no_event": sum(p is None for p in base_types)},
        "with_source": counts["source_total"], "with_target": counts["target_total"],
        "gold_types": dict(Counter(gold).most_common()),
    }


@click.command()
@split_benchmark_options("event_coding", "records")
def command(data_dir: str | None, limit: int | None, split: str, as_json: bool) -> None:
    """PLOVER type accuracy / macro-F1 and actor match vs a lexicon-only baseline."""
    folder = require_data(data_dir)
    if not (folder / "event_coding").is_dir() and (folder.parent / "event_coding").is_dir():
        folder = folder.parent
    try:
        result = run(folder, limit, split)
    except FileNotFoundError as exc:
        raise click.ClickException(f"{exc}. Try --data ../shared/bench") from None
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"PLOVER records ({result['split']} split: {result['split_rule']}): "
               f"{result['records']}")
    click.echo(f"{'system':<24}{'type acc':>10}{'macro-F1':>10}{'source':>9}{'target':>9}"
               f"{'no event':>10}")
    for name in ("sitrep", "baseline_lexicon_only"):
        row = result[name]
        click.echo(f"{name:<24}{row['type_accuracy']:>10.3f}{row['type_macro_f1']:>10.3f}"
                   f"{row['source_match']:>9.3f}{row['target_match']:>9.3f}"
                   f"{row['no_event']:>10}")
    click.echo(f"(source match over {result['with_source']} records with a gold source, "
               f"target over {result['with_target']})")
