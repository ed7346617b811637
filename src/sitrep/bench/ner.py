"""`sitrep bench ner`: entity P/R/F1 on Dstl re3d, bare spaCy vs Sitrep's annotator.

Gold entities are re3d's with confidence > 0.5. Scores per re3d type and micro-averaged over
every gold type (types a system cannot produce count as misses), by exact span and by overlap
(same type, spans overlap; one-to-one). Both systems run in one process on the same documents.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click

from . import bench_data_dir

MIN_CONFIDENCE = 0.5
# spaCy's OntoNotes labels as re3d types.
SPACY_TO_RE3D = {
    "PERSON": "Person", "ORG": "Organisation", "GPE": "Location", "LOC": "Location",
    "FAC": "Location", "NORP": "Nationality", "DATE": "Temporal", "TIME": "Temporal",
    "CARDINAL": "Quantity", "QUANTITY": "Quantity", "PERCENT": "Quantity", "MONEY": "Money",
    "LAW": "DocumentReference",
}
# Sitrep's mention labels as re3d types.
SITREP_TO_RE3D = {
    "PERSON": "Person", "ORG": "Organisation", "GPE": "Location", "LOC": "Location",
    "FAC": "Location", "NORP": "Nationality", "DATE": "Temporal", "QUANTITY": "Quantity",
    "MONEY": "Money", "WEAPON": "Weapon", "VEHICLE": "Vehicle",
    "MILITARY_PLATFORM": "MilitaryPlatform",
}
EQUIPMENT_TYPES = ("Weapon", "Vehicle", "MilitaryPlatform")

Span = tuple[str, int, int, str]  # doc id, begin, end, type


@dataclass
class Re3dDocument:
    id: str
    source: str
    text: str


def read_re3d(root: Path, sources: Iterable[str] = ()) -> tuple[list[Re3dDocument], list[Span]]:
    """re3d documents and gold spans (confidence > 0.5) from the source folders under `root`."""
    wanted = set(sources)
    documents: list[Re3dDocument] = []
    gold: list[Span] = []
    for folder in sorted(p for p in root.iterdir() if (p / "documents.json").is_file()):
        if wanted and folder.name not in wanted:
            continue
        for line in (folder / "documents.json").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                documents.append(Re3dDocument(row["_id"], folder.name, row["text"]))
        for line in (folder / "entities.json").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if float(row.get("confidence", 0)) > MIN_CONFIDENCE:
                    gold.append((row["documentId"], int(row["begin"]), int(row["end"]),
                                 row["type"]))
    return documents, sorted(set(gold))


def bare_spacy_spans(documents: list[Re3dDocument]) -> list[Span]:
    """en_core_web_sm alone, its labels mapped to re3d's."""
    import spacy

    from ..nlp.models import model_name

    nlp = spacy.load(model_name())  # a fresh copy: the cached one carries Sitrep's rulers
    spans: list[Span] = []
    for doc, d in nlp.pipe(((d.text, d) for d in documents), as_tuples=True):
        for ent in doc.ents:
            if ent.label_ in SPACY_TO_RE3D:
                spans.append((d.id, ent.start_char, ent.end_char, SPACY_TO_RE3D[ent.label_]))
    return spans


def sitrep_spans(documents: list[Re3dDocument]) -> list[Span]:
    """Sitrep's annotator (spaCy + knowledge-base rulers + entity resolution)."""
    from ..pipeline import Pipeline
    from ..records import Document

    pipeline = Pipeline(stages=("correct_place_labels", "resolve_entities", "nominal_mentions"))
    docs = [Document(text=d.text, id=d.id) for d in documents]
    spans: list[Span] = []
    for analysis, d in zip(pipeline.pipe(docs), documents, strict=True):
        for m in analysis.mentions:
            if m.label in SITREP_TO_RE3D:
                spans.append((d.id, m.start, m.end, SITREP_TO_RE3D[m.label]))
    return spans


_DETERMINER_BEFORE = re.compile(r"\b(?:the|The|an?|An?)\s$")
# A name followed by a hyphen or a lower-case noun modifies it: "an ISIL-held building",
# "the Mosul offensive"; the article belongs to the noun.
_MODIFIER_AFTER = re.compile(r"-|\s(?:offensive|operations?|campaign|battle|front|dam|"
                             r"border|area|region|government|authorities|forces)\b")
# Types whose re3d spans take the article before them ("the Gulf", "a hospital").
WITH_ARTICLE = frozenset({"Organisation", "Location", "Person"})
_DIRECTION_BEFORE = re.compile(
    r"\b(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est|[Cc]entral)(?:-?(?:east|west))?(?:ern)?\s$")
_PLURAL_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ians|ans|is|ese|s)$")
_TITLE_WORD = (
    r"(?:Mr|Mrs|Ms|Dr|President|Presidential|Prime|Minister|Foreign|Office|Secretary|Deputy|"
    r"Defence|Defense|State|General|Gen\.|Colonel|Col\.|Lt\.|Sheikh|Special|Advisor|Envoy|"
    r"Ambassador|King|Queen|FCO|Chancellor|Senator|Spokesman|Commander|Press|Army|Acting|"
    r"Director|Major|Lieutenant|Brigadier|Staff|Spc\.|Sgt\.|Pentagon|US|U\.S\.|UK|UN|"
    r"[A-Z][a-z]+(?:ian|ish|ese|i))")
# A title, possibly with its remit ("Minister for the Middle East", "Secretary of State").
_TITLE_BEFORE = re.compile(
    r"(?:\b" + _TITLE_WORD + r"(?:\s(?:of|for)\s(?:the\s)?[A-Z]\w+(?:\s[A-Z]\w+)?)?\s)+$")
TITLE_WINDOW = 90


def re3d_conventions(texts: dict[str, str], spans: list[Span]) -> list[Span]:
    """Re-bound spans as re3d's annotators do, for either system alike.

    Learned by reading re3d documents: names and nominals include their article ("the SDF",
    "the Gulf", "a hospital"); persons their titles ("Foreign Secretary Philip Hammond");
    locations include a compass qualifier ("northern Iraq") and a trailing ", Country"
    ("Palmyra, Syria"); a plural demonym used as a noun ("Syrians") is a group of people, an
    Organisation; equipment takes the name of its owner written before it ("ISIL tanks").
    """
    out: list[Span] = []
    for doc_id, start, end, kind in sorted(set(spans)):
        text = texts[doc_id]
        if kind == "Nationality" and _PLURAL_DEMONYM.match(text[start:end]):
            kind = "Organisation"
        if kind == "Person":
            start = _grow_left(text, start, _TITLE_BEFORE, TITLE_WINDOW)
        elif kind == "Location":
            start = _grow_left(text, start, _DIRECTION_BEFORE)
        if kind in WITH_ARTICLE and not _MODIFIER_AFTER.match(text, end):
            start = _grow_left(text, start, _DETERMINER_BEFORE)
        out.append((doc_id, start, end, kind))
    return _join_owners(texts, _join_place_pairs(texts, sorted(set(out))))


def _join_owners(texts: dict[str, str], spans: list[Span]) -> list[Span]:
    """"ISIL tanks", "Coalition aircraft": re3d's equipment span takes its owner's name."""
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if last is not None and span[3] in EQUIPMENT_TYPES and last[0] == span[0] \
                and last[3] in ("Organisation", "Nationality", "Location") \
                and texts[span[0]][last[2]:span[1]] == " ":
            joined[-1] = (span[0], last[1], span[2], span[3])
            continue
        joined.append(span)
    return joined


def _grow_left(text: str, start: int, pattern: re.Pattern, window: int = 20) -> int:
    """`start` moved back over what `pattern` finds right before it, if anything."""
    found = pattern.search(text[max(0, start - window):start])
    return start - len(found.group(0)) if found else start


def _join_place_pairs(texts: dict[str, str], spans: list[Span]) -> list[Span]:
    """"Palmyra, Syria" is one re3d Location; a list ("Iraq, Syria, Turkey") stays apart."""
    runs: list[list[Span]] = []
    for span in spans:
        last = runs[-1][-1] if runs else None
        if last is not None and span[3] == "Location" and last[3] == "Location" \
                and last[0] == span[0] and texts[span[0]][last[2]:span[1]] == ", ":
            runs[-1].append(span)
        else:
            runs.append([span])
    joined: list[Span] = []
    for run in runs:
        if len(run) == 2:
            joined.append((run[0][0], run[0][1], run[1][2], "Location"))
        else:
            joined.extend(run)
    return joined


def score(gold: list[Span], predicted: list[Span], overlap: bool = False) -> dict[str, dict]:
    """P/R/F1 per type and micro over all gold and predicted types."""
    predicted = sorted(set(predicted))
    tp: Counter[str] = Counter()
    if overlap:
        by_key: dict[tuple[str, str], list[Span]] = {}
        for g in gold:
            by_key.setdefault((g[0], g[3]), []).append(g)
        used: set[Span] = set()
        for p in predicted:
            for g in by_key.get((p[0], p[3]), ()):
                if g not in used and g[1] < p[2] and p[1] < g[2]:
                    used.add(g)
                    tp[p[3]] += 1
                    break
    else:
        gold_set = set(gold)
        for p in predicted:
            if p in gold_set:
                tp[p[3]] += 1
    n_gold = Counter(g[3] for g in gold)
    n_pred = Counter(p[3] for p in predicted)
    result: dict[str, dict] = {}
    for kind in sorted(set(n_gold) | set(n_pred)):
        result[kind] = _prf(tp[kind], n_pred[kind], n_gold[kind])
    result["micro"] = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    eq = EQUIPMENT_TYPES
    result["equipment"] = _prf(sum(tp[k] for k in eq), sum(n_pred[k] for k in eq),
                               sum(n_gold[k] for k in eq))
    return result


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "pred": n_pred,
            "gold": n_gold}


def run(root: Path, sources: Iterable[str] = ()) -> dict:
    documents, gold = read_re3d(root, sources)
    texts = {d.id: d.text for d in documents}
    raw = {"spacy": bare_spacy_spans(documents), "sitrep": sitrep_spans(documents)}
    adjusted = {name: re3d_conventions(texts, spans) for name, spans in raw.items()}

    def scores(systems: dict[str, list[Span]]) -> dict:
        return {name: {"exact": score(gold, spans), "overlap": score(gold, spans, True)}
                for name, spans in systems.items()}

    return {
        "documents": len(documents),
        "gold_entities": len(gold),
        "span_conventions": "re3d (articles, compass words, 'City, Country'), both systems",
        "systems": scores(adjusted),
        "systems_raw_spans": scores(raw),
    }


@click.command()
@click.option("--data", "data", type=click.Path(), default=None,
              help="re3d folder, or the bench folder holding re3d/ (default ../shared/bench).")
@click.option("--source", "sources", multiple=True,
              help="Only this re3d source folder (repeatable), e.g. 'BBC Online'.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def command(data: str | None, sources: tuple[str, ...], as_json: bool) -> None:
    """Entity P/R/F1 per re3d type: bare en_core_web_sm vs Sitrep's annotator."""
    base = bench_data_dir(data)
    if base is None:
        raise click.UsageError("no benchmark data: pass --data or set SITREP_BENCH_DATA")
    root = base / "re3d" if (base / "re3d").is_dir() else base
    if not root.is_dir():
        raise click.UsageError(f"{root} is not a folder")
    result = run(root, sources)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    _print_table(result)


def _print_table(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    systems = result["systems"]
    kinds = [k for k in systems["sitrep"]["exact"] if k not in {"micro", "equipment"}]
    kinds = sorted(set(kinds) | set(systems["spacy"]["exact"]) - {"micro", "equipment"})
    raw = result["systems_raw_spans"]
    table = Table(title=f"re3d NER: {result['documents']} documents, "
                        f"{result['gold_entities']} gold entities (confidence > {MIN_CONFIDENCE}),"
                        " re3d span conventions applied to both systems")
    table.add_column("type")
    table.add_column("gold", justify="right")
    for name in systems:
        for mode in ("exact", "overlap"):
            table.add_column(f"{name} {mode} P/R/F1", justify="right")
    for kind in [*kinds, "equipment", "micro"]:
        row = [kind, str(systems["sitrep"]["exact"].get(kind, {}).get("gold", 0))]
        for name in systems:
            for mode in ("exact", "overlap"):
                s = systems[name][mode].get(kind)
                row.append(f"{s['p']:.2f}/{s['r']:.2f}/{s['f1']:.2f}" if s else "-")
        table.add_row(*row)
    console = Console(width=160)
    console.print(table)
    for name in raw:
        micro, equipment = raw[name]["exact"]["micro"], raw[name]["exact"]["equipment"]
        console.print(f"{name} without span conventions: exact micro P/R/F1 "
                      f"{micro['p']:.2f}/{micro['r']:.2f}/{micro['f1']:.2f}, equipment "
                      f"{equipment['p']:.2f}/{equipment['r']:.2f}/{equipment['f1']:.2f}")
