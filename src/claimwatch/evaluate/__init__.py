"""Benchmark loaders, metrics and scorers behind `claimwatch eval`."""
