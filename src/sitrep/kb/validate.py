"""Validation of knowledge-base YAML files, with the line of every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..records import LABELS

FIELDS = {"id", "name", "type", "kind", "country", "aliases", "demonyms", "affiliation", "role",
          "class", "origin", "lat", "lon", "active_in"}
REQUIRED = ("id", "name", "type")
LIST_FIELDS = ("aliases", "demonyms", "affiliation", "active_in")
ENTRY_TYPES = frozenset(LABELS) - {"QUANTITY", "DATE", "MONEY"}


@dataclass
class Problem:
    line: int  # 1-based
    message: str
    severity: str = "error"  # error or warning

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: {self.severity}: {self.message}"


def _scalar(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def validate_text(text: str, known_ids: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """Problems in a knowledge-base file's text; `known_ids` are ids defined elsewhere."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return [Problem(line, f"not valid YAML: {getattr(exc, 'problem', None) or exc}")]
    if root is None:
        return [Problem(1, "the file is empty", "warning")]
    if not isinstance(root, yaml.SequenceNode):
        return [Problem(root.start_mark.line + 1, "a knowledge-base file is a YAML list of entries")]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    references: list[tuple[int, str]] = []
    for item in root.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(line, "an entry must be a mapping (id: ..., name: ...)"))
            continue
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in item.value:
            key = _scalar(key_node)
            if key is None or key not in FIELDS:
                problems.append(Problem(key_node.start_mark.line + 1,
                                        f"unknown field {key!r} (known: {', '.join(sorted(FIELDS))})"))
                continue
            if key in fields:
                problems.append(Problem(key_node.start_mark.line + 1, f"field {key!r} repeated"))
            fields[key] = value_node
        for key in REQUIRED:
            node = fields.get(key)
            if node is None:
                problems.append(Problem(line, f"missing required field {key!r}"))
            elif not _scalar(node) or not str(_scalar(node)).strip():
                problems.append(Problem(node.start_mark.line + 1, f"{key!r} must be a non-empty string"))
        entry_id = _scalar(fields["id"]) if "id" in fields else None
        if entry_id:
            if entry_id in seen:
                problems.append(Problem(fields["id"].start_mark.line + 1,
                                        f"duplicate id {entry_id!r} (first on line {seen[entry_id]})"))
            else:
                seen[entry_id] = fields["id"].start_mark.line + 1
            if entry_id in known_ids:
                problems.append(Problem(fields["id"].start_mark.line + 1,
                                        f"id {entry_id!r} replaces a packaged entry", "warning"))
        type_node = fields.get("type")
        entry_type = _scalar(type_node) if type_node is not None else None
        if entry_type and entry_type not in ENTRY_TYPES:
            problems.append(Problem(type_node.start_mark.line + 1,
                                    f"type {entry_type!r} is not one of {', '.join(sorted(ENTRY_TYPES))}"))
        for key in LIST_FIELDS:
            node = fields.get(key)
            if node is None:
                continue
            if not isinstance(node, yaml.SequenceNode):
                problems.append(Problem(node.start_mark.line + 1, f"{key!r} must be a list"))
                continue
            for element in node.value:
                value = _scalar(element)
                if value is None or not value.strip():
                    problems.append(Problem(element.start_mark.line + 1,
                                            f"{key!r} items must be non-empty strings"))
                elif key == "affiliation":
                    references.append((element.start_mark.line + 1, value))
        for key, low, high in (("lat", -90, 90), ("lon", -180, 180)):
            node = fields.get(key)
            if node is None:
                continue
            try:
                number = float(_scalar(node) or "")
            except ValueError:
                problems.append(Problem(node.start_mark.line + 1, f"{key!r} must be a number"))
                continue
            if not low <= number <= high:
                problems.append(Problem(node.start_mark.line + 1,
                                        f"{key!r} {number} is outside [{low}, {high}]"))
        if ("lat" in fields) != ("lon" in fields):
            problems.append(Problem(line, "give both 'lat' and 'lon', or neither"))
        if entry_type == "FAC" and "lat" not in fields:
            problems.append(Problem(line, "a facility without coordinates cannot be mapped",
                                    "warning"))
    for line, ref in references:
        if ref not in seen and ref not in known_ids:
            problems.append(Problem(line, f"affiliation {ref!r} is not a known id", "warning"))
    return sorted(problems, key=lambda p: p.line)


def validate_file(path: Path, known_ids: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(1, f"cannot read the file ({exc.__class__.__name__})")]
    return validate_text(text, known_ids)
