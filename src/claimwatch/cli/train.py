"""train: fit claimwatch's own models from public data."""

from __future__ import annotations

import click


@click.group("train")
def train_group() -> None:
    """Train claimwatch's models from public data (needs the train extra)."""


COMMANDS = (train_group,)
