"""Entities merged within an article, with keys shared across articles."""

from __future__ import annotations

import pytest

from claimwatch.nlp.entities import entity_key, find_entities


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from claimwatch.nlp.english import load_english

    return load_english()


def test_entity_key_is_the_same_for_word_order_variants_of_an_organisation():
    assert entity_key("Ministry of Defence", "organisation") == entity_key(
        "the Defence Ministry", "organisation"
    )
    assert entity_key("Defence Minister Aurel Damsky", "person") == "person:aurel damsky"


def test_entities_merge_aliases_surnames_acronyms_and_descriptions(nlp):
    doc = nlp(
        "The Defence Ministry said on Tuesday that the report was false. Defence Minister "
        "Aurel Damsky told the Valdor Press Agency (VPA) that he had not seen it. Damsky "
        "added that the Ministry of Defence would respond, and the ministry later did."
    )
    entities, mentions = find_entities(doc)
    by_key = {e.key: e for e in entities}
    ministry = by_key["organisation:defence ministry"]
    assert {"Defence Ministry", "Ministry of Defence", "ministry"} <= set(ministry.aliases)
    assert by_key["person:aurel damsky"].aliases == ("Aurel Damsky", "Damsky")
    assert "VPA" in by_key["organisation:agency press valdor"].aliases
    described = [m for m in mentions if m.label == "DESCRIPTION"]
    assert [doc.text[m.span.start : m.span.end] for m in described] == ["the ministry"]


def test_english_model_weights_are_verified(tmp_path):
    from claimwatch.errors import ConfigError
    from claimwatch.nlp.english import WEIGHT_SHA256, model_path, verify_weights

    verify_weights(model_path())
    fake = tmp_path / "model"
    for name in WEIGHT_SHA256:
        (fake / name).parent.mkdir(parents=True, exist_ok=True)
        (fake / name).write_bytes(b"not the weights")
    with pytest.raises(ConfigError, match="does not match the pinned"):
        verify_weights(fake)
