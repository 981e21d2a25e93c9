from claimwatch.ingest.dedup import content_hash, fingerprint, similarity

TEXT = (
    "The harbour authority said on Thursday that the new container terminal would open in "
    "May, two months later than planned, because cranes ordered from abroad arrived late. "
    "Officials said the delay would cost the city about four million euros in lost fees, "
    "a figure the opposition called optimistic at a meeting of the council on Friday."
)


def test_content_hash_ignores_whitespace_only():
    assert content_hash("a  b\n\nc") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")


def test_fingerprint_of_near_copy_is_similar_and_of_other_text_is_not():
    base = fingerprint(TEXT)
    near = fingerprint(TEXT + " The port's director declined to comment.")
    other = fingerprint(
        "The cup final ended two to one after extra time, with a late header from the captain "
        "settling a tense evening in front of eighteen thousand supporters in the rain."
    )
    assert similarity(base.signature, near.signature) > 0.8
    assert similarity(base.signature, other.signature) < 0.1
    assert set(base.bands) & set(near.bands)


def test_fingerprint_of_very_short_text_has_no_signature():
    fp = fingerprint("Storm warning issued")
    assert fp.signature == b"" and fp.bands == ()
    assert similarity(fp.signature, fingerprint(TEXT).signature) == 0.0


def test_fingerprint_is_deterministic():
    assert fingerprint(TEXT) == fingerprint(TEXT)
