"""Training code for the models claimwatch ships (needs torch: ``pip install -e '.[train]'``).

Nothing here runs at analysis time: inference uses numpy (``claimwatch.nlp.minilm``) and
the weights in ``claimwatch/weights``.
"""

from __future__ import annotations

from claimwatch.errors import ConfigError

TORCH_MISSING = "training needs torch, which is not installed: pip install -e '.[train]'"


def require_torch() -> None:
    """Raise a one-line ConfigError when torch is not installed."""
    try:
        import torch  # noqa: F401
    except ImportError as exc:
        raise ConfigError(TORCH_MISSING) from exc
