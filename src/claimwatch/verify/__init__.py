"""verify: known fact-checks, evidence, verdicts. Given a claim or a post, find the
fact-checks already written about it (``retrieval``: a lexical index over fact-checked
claims and their titles), gather the stored evidence for and against it, and suggest a
verdict whose every word is traceable to that evidence; ClaimReview in and out."""
