"""NLP: a Doc per article, components Doc -> Doc, and the pipeline that runs them."""
