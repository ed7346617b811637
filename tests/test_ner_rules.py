"""Group phrases, states as agents, pronoun resolution and case-mangled place names."""

from __future__ import annotations

from sitrep.kb.coref import COREF_SOURCE
from sitrep.kb.groups import group_anchor
from sitrep.records import Document


def _analyze(pipeline, text: str):
    return pipeline.analyze(Document(text=text, id="t"))


def _by_text(analysis) -> dict[str, list]:
    found: dict[str, list] = {}
    for m in analysis.mentions:
        found.setdefault(m.text, []).append(m)
    return found


def test_group_anchor():
    assert group_anchor("ISIL tactical units") == "ISIL"
    assert group_anchor("Iraqi government forces") == "Iraqi"
    assert group_anchor("ISIL") is None
    assert group_anchor("forces") is None


def test_group_phrases_become_one_organisation(pipeline):
    analysis = _analyze(pipeline, "Coalition military forces struck ISIL tactical units near "
                                  "Mosul, while the Syrian opposition rejected the talks.")
    found = _by_text(analysis)
    assert found["ISIL tactical units"][0].label == "ORG"
    assert found["ISIL tactical units"][0].entity_id == "kb:islamic_state"
    assert found["Coalition military forces"][0].label == "ORG"
    assert found["Syrian opposition"][0].label == "ORG"


def test_state_as_agent_is_organisation_but_place_stays_place(pipeline):
    analysis = _analyze(pipeline, "Syria has accused Turkey of shelling villages in Syria. "
                                  "Russia and Iran deployed more troops.")
    labels = [(m.text, m.label, m.entity_id) for m in analysis.mentions
              if m.text in {"Syria", "Turkey", "Russia", "Iran"}]
    assert labels[0] == ("Syria", "ORG", "kb:syria")
    assert ("Turkey", "GPE", "kb:turkey") in labels  # object, not agent
    assert labels[2][:2] == ("Syria", "GPE")  # "in Syria": a place
    assert ("Russia", "ORG", "kb:russia") in labels and ("Iran", "ORG", "kb:iran") in labels


def test_pronouns_take_their_antecedent(pipeline):
    text = ("Khalifa Haftar visited Benghazi on Monday. He said the army would advance. "
            "'We will not stop,' the Libyan National Army said.")
    analysis = _analyze(pipeline, text)
    coref = {m.text: m for m in analysis.mentions if m.source == COREF_SOURCE}
    assert coref["He"].label == "PERSON"
    haftar = next(m for m in analysis.mentions if m.text == "Khalifa Haftar")
    assert coref["He"].entity_id == haftar.entity_id
    assert coref["We"].label == "ORG"
    lna = next(m for m in analysis.mentions if "Libyan National Army" in m.text
               and m.source != COREF_SOURCE)
    assert coref["We"].entity_id == lna.entity_id
    # Pronoun mentions do not become surface forms of the entity.
    assert "He" not in analysis.entities[haftar.entity_id].aliases


def test_pronoun_without_antecedent_is_not_a_mention(pipeline):
    analysis = _analyze(pipeline, "They said it was raining heavily over the hills.")
    assert not [m for m in analysis.mentions if m.source == COREF_SOURCE]


def test_case_mangled_place_name_is_one_place(pipeline):
    analysis = _analyze(pipeline, "The commander ordered an attack on RAS lanuf and es-sider.")
    found = _by_text(analysis)
    assert "RAS lanuf" in found
    assert found["RAS lanuf"][0].label == "GPE"
    assert found["RAS lanuf"][0].entity_id


def test_name_cut_in_two_by_ner_is_one_mention(pipeline):
    from sitrep.records import Document

    text = "The forces of General Khalifa the Haftarot launched an offensive."
    analysis = pipeline.analyze(Document(text=text))
    haftar = [m for m in analysis.mentions if m.entity_id == "kb:khalifa_haftar"]
    assert [m.text for m in haftar] == ["Khalifa the Haftarot"]
