"""link: same claim across outlets, stories (story clustering). Pure functions and small
classes that group what the analysis produced: articles that report the same real-world
event become one story (``link.stories``: online, time-aware TF-IDF clustering, plus a
batch average-linkage variant); no I/O here, callers read and write the store."""
