"""Ingest: sources → raw items → clean text and metadata → the store."""
