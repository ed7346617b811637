"""A learned ranker for toponym resolution: one weight per feature of `resolve.FEATURE_NAMES`.

The model is the resolver's own linear score; only the weights are fitted. For each gold
toponym, the candidates within `GOOD_KM` of the gold point are the right readings, and the
weights maximise the (softmax) probability mass on them among the name's candidates
(a listwise logistic loss), with an L2 pull towards the hand weights so that features seen
rarely keep their hand-set sense. Context features depend on the other names' chosen readings,
so training alternates: resolve with the current weights, refit on the features that gives.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .gazetteer import Gazetteer
from .resolve import FEATURE_NAMES, HAND, RANKER_PATH, Weights, candidate_features, distance_km

GOOD_KM = 161.0  # a reading within this of the gold point counts as right
# Strength of the pull towards the hand weights, per training span. Chosen from 1e-4..1e-2
# on the tuning halves: much weaker lets rare features (cues, capitals) swing wildly.
L2_TO_HAND = 1e-2
STEPS = 600
LEARNING_RATE = 0.05
REFITS = 3  # resolve-then-fit alternations
BLEND_STEPS = (0.25, 0.5, 0.75, 1.0)
NEARBY_GRID = np.arange(-2.0, 10.01, 0.5)

# A training document: its text and gold toponyms as (start, end, lat, lon).
TrainingDoc = tuple[str, Sequence[tuple[int, int, float, float]]]


def collect(docs: Sequence[TrainingDoc], gazetteer: Gazetteer,
            weights: Weights) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per gold span with both right and wrong candidates: feature rows and right-labels."""
    features: list[np.ndarray] = []
    labels: list[np.ndarray] = []
    for text, gold in docs:
        spans = [(s, e) for s, e, _, _ in gold]
        for (cands, rows), (_, _, lat, lon) in zip(
                candidate_features(text, spans, gazetteer, weights), gold):
            if not cands:
                continue
            right = np.array([distance_km(lat, lon, c.place.lat, c.place.lon) <= GOOD_KM
                              for c in cands])
            if right.any() and not right.all():
                features.append(rows)
                labels.append(right)
    return features, labels


def fit(features: list[np.ndarray], labels: list[np.ndarray], start: np.ndarray,
        span_weights: np.ndarray | None = None) -> np.ndarray:
    """Weights maximising the log softmax mass on the right candidates (Adam, full batch)."""
    n, dim = len(features), len(FEATURE_NAMES)
    width = max(len(f) for f in features)
    x = np.zeros((n, width, dim))
    mask = np.zeros((n, width), dtype=bool)
    right = np.zeros((n, width), dtype=bool)
    for k, (f, y) in enumerate(zip(features, labels)):
        x[k, :len(f)] = f
        mask[k, :len(f)] = True
        right[k, :len(f)] = y
    span_w = span_weights if span_weights is not None else np.ones(n)
    span_w = span_w / span_w.sum()
    w = start.copy()
    m = np.zeros(dim)
    v = np.zeros(dim)
    for step in range(1, STEPS + 1):
        scores = np.where(mask, x @ w, -np.inf)
        top = scores.max(axis=1, keepdims=True)
        p = np.exp(scores - top)
        p_all = p / p.sum(axis=1, keepdims=True)
        p_right = np.where(right, p, 0.0)
        p_right = p_right / p_right.sum(axis=1, keepdims=True)
        # d(-log mass_right)/dw = E_all[x] - E_right[x]
        grad_rows = (p_all - p_right)[:, :, None] * x
        grad = (span_w[:, None] * grad_rows.sum(axis=1)).sum(axis=0)
        grad += 2 * L2_TO_HAND * (w - HAND.vector)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= LEARNING_RATE * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w


def train(corpora: dict[str, Sequence[TrainingDoc]], gazetteer: Gazetteer,
          evaluate: Callable[[Weights], float], log: Callable[[str], None] = print
          ) -> tuple[Weights, dict[str, Any]]:
    """Fit weights on `corpora` (each corpus weighs the same), then the abstention threshold
    maximising `evaluate` (mean accuracy on the same training documents)."""
    weights = HAND
    for round_ in range(REFITS):
        feats: list[np.ndarray] = []
        labels: list[np.ndarray] = []
        span_w: list[float] = []
        for docs in corpora.values():
            f, y = collect(docs, gazetteer, weights)
            feats += f
            labels += y
            span_w += [1.0 / max(1, len(f))] * len(f)
        vector = fit(feats, labels, weights.vector, np.array(span_w))
        weights = Weights(vector, weights.abstain_below, "learned")
        log(f"refit {round_ + 1}: {len(feats)} ambiguous spans, training accuracy "
            f"{evaluate(weights):.2f}")
    # The likelihood is only a stand-in for accuracy, and the hand weights were searched on
    # accuracy itself: take the step from the hand weights towards the fitted ones that
    # serves accuracy best, then the abstention threshold on that score's own scale.
    best_step = (evaluate(HAND), 0.0)
    for step in BLEND_STEPS:
        vector = HAND.vector + step * (weights.vector - HAND.vector)
        score = evaluate(Weights(vector, HAND.abstain_below, "learned"))
        log(f"step {step}: training accuracy {score:.2f}")
        if score > best_step[0] + 1e-9:
            best_step = (score, step)
    vector = HAND.vector + best_step[1] * (weights.vector - HAND.vector)
    # The pipeline's abstention stays the hand one (scaled with the score); the threshold
    # under which a locality named nearby is preferred is fitted.
    abstain = HAND.abstain_below * (1.0 if best_step[1] == 0 else float(
        np.linalg.norm(vector) / np.linalg.norm(HAND.vector)))
    best = (best_step[0], abstain)
    for threshold in NEARBY_GRID:
        score = evaluate(Weights(vector, abstain, "learned", float(threshold)))
        if score > best[0] + 1e-9:
            best = (score, float(threshold))
    log(f"step {best_step[1]}, prefer nearby below {best[1]}: training accuracy {best[0]:.2f}")
    final = Weights(vector, abstain, "learned", best[1])
    return final, {"training_accuracy": round(best[0], 2), "step_from_hand": best_step[1]}


def save(weights: Weights, path: Path = RANKER_PATH, **meta: Any) -> None:
    data = {**meta, "abstain_below": weights.abstain_below,
            "prefer_nearby_below": weights.prefer_nearby_below,
            "weights": {n: round(float(v), 4) for n, v in zip(FEATURE_NAMES, weights.vector)}}
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
