"""`sitrep bench geoparse`: toponym resolution and end-to-end geoparsing on LGL, TR-News and
GeoWebNews (../shared/bench/geoparsing), the corpora Mordecai 3 reports on.

(a) resolution given the gold spans: accuracy within 161 km (100 miles), mean and median error,
    coverage (share of spans resolved at all); (b) end to end: spaCy finds the place names and
    Sitrep resolves them; precision, recall and F1 where a hit is an overlapping span resolved
    within 161 km; (c) documents per second for both.

Gold toponyms without coordinates are left out of every measure (they cannot be scored).
The resolver's weights were set on the even-numbered documents of all three corpora (the
tuning halves); `--split odd` reports the held-out odd-numbered documents, `--split all` the
whole corpora (half of which was seen in tuning). `--train-ranker` refits the resolver's
weights and thresholds on the even halves (src/sitrep/geo/data/ranker.json); `--hand-weights`
scores with the hand-set weights instead.
"""

from __future__ import annotations

import json
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from . import bench_data_dir

ACCURACY_KM = 161.0  # "within 100 miles", the customary toponym-resolution threshold
CORPORA = {"LGL": "lgl.xml", "TR-News": "TR-News.xml", "GeoWebNews": "GWN.xml"}
# Mordecai 3's published accuracy within 161 km given gold spans, for the side-by-side.
MORDECAI3 = {"LGL": 82.7, "TR-News": 87.3, "GeoWebNews": 94.1}


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    geonameid: str | None = None


@dataclass
class GoldDocument:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _float(node: ET.Element | None) -> float | None:
    if node is None or not (node.text or "").strip():
        return None
    try:
        return float(node.text)
    except ValueError:
        return None


# How far a gold span may sit from its phrase. Some TR-News articles (117 of 1,319 toponyms)
# carry offsets a few characters off (up to 10 seen: "tawa i" for "Ottawa"), apparently counted
# on the text before it was re-indented; the gold phrase itself is right.
MAX_OFFSET_DRIFT = 60


def realign(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    """The span of `phrase` nearest to (start, end) when the offsets do not cover it."""
    if not phrase or text[start:end] == phrase:
        return start, end
    best: int | None = None
    low = max(0, start - MAX_OFFSET_DRIFT)
    found = text.find(phrase, low)
    while found != -1 and found <= start + MAX_OFFSET_DRIFT:
        if best is None or abs(found - start) < abs(best - start):
            best = found
        found = text.find(phrase, found + 1)
    return (best, best + len(phrase)) if best is not None else (start, end)


def read_corpus(path: Path) -> list[GoldDocument]:
    """LGL / TR-News (<toponym><gaztag><lat>) and GeoWebNews (<latitude>) articles."""
    docs: list[GoldDocument] = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        doc = GoldDocument(article.get("docid") or article.get("file") or str(len(docs)), text)
        for top in article.iter("toponym"):
            try:
                start, end = int(top.findtext("start") or ""), int(top.findtext("end") or "")
            except ValueError:
                continue
            gaz = top.find("gaztag")
            if gaz is not None:
                lat, lon = _float(gaz.find("lat")), _float(gaz.find("lon"))
                gid = gaz.get("geonameid")
            else:
                lat, lon = _float(top.find("latitude")), _float(top.find("longitude"))
                gid = (top.findtext("geonamesID") or "").strip() or None
            if lat is None or lon is None or not 0 <= start < end <= len(text):
                continue
            phrase = (top.findtext("phrase") or top.findtext("extractedName") or "").strip()
            start, end = realign(text, start, end, phrase)
            doc.toponyms.append(GoldToponym(start, end, text[start:end], lat, lon, gid))
        docs.append(doc)
    return docs


def resolution_scores(docs: list[GoldDocument], gazetteer) -> dict[str, Any]:
    from ..geo import resolve_toponyms
    from ..geo.resolve import distance_km

    errors: list[float] = []
    with_id: list[bool] = []  # per gold toponym with a GeoNames id: resolved within 161 km
    unresolved = nearby = 0
    started = time.perf_counter()
    for doc in docs:
        places = resolve_toponyms(doc.text, [(t.start, t.end) for t in doc.toponyms], gazetteer)
        for gold, place in zip(doc.toponyms, places):
            error = None
            if place is None:
                unresolved += 1
            else:
                error = distance_km(gold.lat, gold.lon, place.lat, place.lon)
                errors.append(error)
                nearby += (place.gazetteer_id or "").startswith("near:")
            if gold.geonameid:
                with_id.append(error is not None and error <= ACCURACY_KM)
    elapsed = time.perf_counter() - started
    total = len(errors) + unresolved
    hits = sum(e <= ACCURACY_KM for e in errors)
    return {
        "toponyms": total,
        "accuracy_161km": round(100 * hits / total, 1) if total else None,
        "accuracy_161km_of_resolved": round(100 * hits / len(errors), 1) if errors else None,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "coverage": round(100 * len(errors) / total, 1) if total else None,
        # Names not in the gazetteer placed at the locality named next to them.
        "placed_near_a_named_locality": round(100 * nearby / total, 1) if total else None,
        "docs_per_second": round(len(docs) / elapsed, 1) if elapsed else None,
        "toponyms_with_geonames_id": len(with_id),
        "accuracy_161km_with_geonames_id": round(100 * sum(with_id) / len(with_id), 1)
        if with_id else None,
    }


def end_to_end_scores(docs: list[GoldDocument], pipeline) -> dict[str, Any]:
    from ..geo.resolve import distance_km
    from ..kb.base import STATE_KINDS
    from ..records import PLACE_LABELS, Document

    predicted = gold_total = hits = found = 0
    started = time.perf_counter()
    analyses = pipeline.pipe(Document(text=d.text, id=f"bench-{i}") for i, d in enumerate(docs))
    for doc, analysis in zip(docs, analyses):
        gold = doc.toponyms
        gold_total += len(gold)
        matched: set[int] = set()
        for m in analysis.mentions:
            entity = analysis.entities.get(m.entity_id or "")
            if entity is None or entity.lat is None:
                continue
            # A state named as an actor ("Turkey said") or by its demonym ("Iraqi"), linked
            # to the state, still names the place: the corpora mark such uses as toponyms.
            if m.label not in PLACE_LABELS and (entity.kind or "") not in STATE_KINDS:
                continue
            predicted += 1
            for k, g in enumerate(gold):
                if k in matched or m.end <= g.start or g.end <= m.start:
                    continue
                matched.add(k)
                found += 1
                if distance_km(g.lat, g.lon, entity.lat, entity.lon) <= ACCURACY_KM:
                    hits += 1
                break
    elapsed = time.perf_counter() - started
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"gold": gold_total, "predicted": predicted, "span_matches": found,
            "correct_161km": hits, "precision": round(100 * precision, 1),
            "recall": round(100 * recall, 1), "f1": round(100 * f1, 1),
            "docs_per_second": round(len(docs) / elapsed, 1) if elapsed else None}


def select(docs: list[GoldDocument], split: str) -> list[GoldDocument]:
    """all, even (the tuning half of TR-News/GeoWebNews) or odd (held out) documents."""
    if split == "even":
        return docs[0::2]
    if split == "odd":
        return docs[1::2]
    return docs


def run(data: Path, limit: int | None = None, corpora: Iterable[str] = CORPORA,
        end_to_end: bool = True, split: str = "all") -> dict[str, Any]:
    from ..geo import open_gazetteer
    from ..pipeline import Pipeline

    pipeline = Pipeline(stages=("correct_place_labels", "resolve_entities", "resolve_places"))
    gazetteer = open_gazetteer(pipeline.kb)
    results: dict[str, Any] = {}
    for name in corpora:
        path = data / CORPORA[name]
        if not path.exists():
            continue
        docs = select(read_corpus(path), split)
        docs = docs[:limit] if limit else docs
        result: dict[str, Any] = {"documents": len(docs),
                                  "gold_spans": resolution_scores(docs, gazetteer),
                                  "mordecai3_accuracy_161km": MORDECAI3.get(name)}
        if end_to_end:
            result["end_to_end"] = end_to_end_scores(docs, pipeline)
        results[name] = result
    return results


def train_ranker_on(data: Path, log=click.echo) -> dict[str, Any]:
    """Fit the resolver's weights on the tuning halves (even documents of every corpus) and
    write src/sitrep/geo/data/ranker.json; the odd halves stay held out."""
    from ..geo import open_gazetteer, ranker
    from ..geo.resolve import set_active_weights
    from ..pipeline import Pipeline

    gazetteer = open_gazetteer(Pipeline(stages=("resolve_entities",)).kb)
    docs = {name: select(read_corpus(data / file), "even") for name, file in CORPORA.items()
            if (data / file).exists()}
    training = {name: [(d.text, [(t.start, t.end, t.lat, t.lon) for t in d.toponyms])
                       for d in ds] for name, ds in docs.items()}

    def evaluate(weights) -> float:
        set_active_weights(weights)
        try:
            return statistics.fmean(resolution_scores(ds, gazetteer)["accuracy_161km"]
                                    for ds in docs.values())
        finally:
            set_active_weights(None)

    weights, meta = ranker.train(training, gazetteer, evaluate, log)
    ranker.save(weights, trained_on="even-numbered documents of " + ", ".join(docs), **meta)
    set_active_weights(None)
    return meta


@click.command()
@click.option("--data", "data_dir", default=None,
              help="Benchmark folder (../shared/bench or its geoparsing/ subfolder).")
@click.option("--limit", type=int, default=None, help="At most N documents per corpus.")
@click.option("--corpus", "corpora", multiple=True, type=click.Choice(list(CORPORA)),
              help="Only these corpora (repeatable).")
@click.option("--split", type=click.Choice(["all", "even", "odd"]), default="all",
              help="Documents: all, even (tuning half) or odd (held-out half).")
@click.option("--no-end-to-end", is_flag=True, help="Only resolution given the gold spans.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--train-ranker", is_flag=True,
              help="Fit the resolver's weights on the even halves (writes geo/data/ranker.json)"
                   " before scoring.")
@click.option("--hand-weights", is_flag=True,
              help="Score with the hand-set weights even when a learned ranker exists.")
def command(data_dir: str | None, limit: int | None, corpora: tuple[str, ...], split: str,
            no_end_to_end: bool, as_json: bool, train_ranker: bool, hand_weights: bool) -> None:
    """Toponym resolution and geoparsing accuracy on LGL, TR-News and GeoWebNews."""
    base = bench_data_dir(data_dir)
    if base is None:
        raise click.ClickException("benchmark data not found: pass --data")
    data = base if (base / "lgl.xml").exists() else base / "geoparsing"
    if not data.is_dir():
        raise click.ClickException(f"no geoparsing data under {base}")
    if train_ranker:
        train_ranker_on(data)
    if hand_weights:
        from ..geo.resolve import HAND, set_active_weights

        set_active_weights(HAND)
    results = run(data, limit, corpora or tuple(CORPORA), not no_end_to_end, split)
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    for name, r in results.items():
        g = r["gold_spans"]
        click.echo(f"{name} ({r['documents']} docs, {g['toponyms']} toponyms with coordinates)")
        click.echo(f"  gold spans: acc@161km {g['accuracy_161km']}% (Mordecai 3: "
                   f"{r['mordecai3_accuracy_161km']}%), of resolved "
                   f"{g['accuracy_161km_of_resolved']}%, mean {g['mean_error_km']} km, median "
                   f"{g['median_error_km']} km, coverage {g['coverage']}% (placed near a "
                   f"named locality: {g['placed_near_a_named_locality']}%), "
                   f"{g['docs_per_second']} docs/s")
        click.echo(f"  gold spans with a GeoNames id ({g['toponyms_with_geonames_id']}): "
                   f"acc@161km {g['accuracy_161km_with_geonames_id']}%")
        if "end_to_end" in r:
            e = r["end_to_end"]
            click.echo(f"  end to end: P {e['precision']} R {e['recall']} F1 {e['f1']} "
                       f"({e['predicted']} predicted, {e['gold']} gold), "
                       f"{e['docs_per_second']} docs/s")
