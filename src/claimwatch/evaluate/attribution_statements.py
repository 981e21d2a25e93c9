"""claimwatch's statement extractor as a PolNeAR predictor: each statement becomes an
attribution with its content, cue and the speaker's words in the text as source."""

from __future__ import annotations

from claimwatch.evaluate.attribution import Attribution, Span
from claimwatch.nlp.english import load_english
from claimwatch.nlp.statements import find_statements


def statement_attributions(text: str) -> tuple[Attribution, ...]:
    found = find_statements(load_english()(text))
    return tuple(
        Attribution(
            content=(Span(s.content.start, s.content.end),),
            cue=(Span(s.cue.start, s.cue.end),) if s.cue else (),
            source=(Span(s.speaker.mention.start, s.speaker.mention.end),)
            if s.speaker.mention
            else (),
        )
        for s in found.statements
    )
