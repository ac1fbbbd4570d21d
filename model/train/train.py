"""Train, calibrate and export the Emotion Lens classifier.

    /usr/bin/python3 model/train/train.py --data ../shared/data --out model/emotion-distilbert

Reproducible: fixed seeds, one thread count, deterministic data order. Prints the
per-epoch validation metrics; model selection uses validation.txt only.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import LABELS, readme_files, readme_sentences, drop_frame, emotion_lexicon, lexicon_sentence, read_lexicon, mix_with_neutral, phrase_with_neutral, neutral_with_frame, read_commits, read_emotion, read_wordnet_definitions, read_wordnet_glosses  # noqa: E402
from modeling import DistilBert, Ensemble, MlmHead, quantize_embeddings, quantize_linears  # noqa: E402
from textnorm import normalize  # noqa: E402
from tokenizer import WordPiece, build_vocab  # noqa: E402
import export  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="folder with emotion/ and commits/ (../shared/data)")
    p.add_argument("--out", required=True, help="export folder (transformers.js layout)")
    p.add_argument("--fixtures", default=None, help="where to write parity fixtures (default: test/fixtures)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--members", type=int, default=1)
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ffn", type=int, default=512)
    p.add_argument("--max-length", type=int, default=128)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--label-smoothing", type=float, default=0.0)
    p.add_argument("--word-dropout", type=float, default=0.05, help="chance to replace a token by [UNK] while training")
    p.add_argument("--frame-drop", type=float, default=0.4, help="chance to drop the 'i feel' frame of a training sentence")
    p.add_argument("--oe-weight", type=float, default=0.5, help="weight of the neutral (uniform-target) loss")
    p.add_argument("--neutral-glosses", type=int, default=12000)
    p.add_argument("--target-recall", type=float, default=0.88, help="threshold = highest value keeping this share of validation flagged and correct")
    p.add_argument("--ema", type=float, default=0.0, help="evaluate and export an exponential moving average of the weights (e.g. 0.999)")
    p.add_argument("--mix", type=float, default=0.0, help="chance to put a neutral text beside an emotional training sentence")
    p.add_argument("--pretrain-epochs", type=int, default=0, help="masked-LM epochs over unlabelled text (training sentences, neutral text, WordNet) first")
    p.add_argument("--save-member", metavar="FILE", help="train, then save the best weights here instead of exporting (see --merge)")
    p.add_argument("--save-pretrained", metavar="FILE", help="masked-LM pretraining only: save the encoder here, then stop")
    p.add_argument("--init-from", metavar="FILE", help="start fine-tuning from an encoder saved by --save-pretrained (no pretraining)")
    p.add_argument("--merge", nargs="+", metavar="FILE", help="no training: ensemble members saved by --save-member, calibrate and export")
    p.add_argument("--frame-rewrite", action="store_true", help="rewrite the dropped frame into other wordings (im, this makes me, we are...)")
    p.add_argument("--stem-split", type=float, default=0.0, help="chance to feed a training word as stem + suffix (teaches stem tokens)")
    p.add_argument("--quantize-linears", action="store_true", help="store the blocks' Linear weights as int8 too (room for more ensemble members)")
    p.add_argument("--phrase-mix", type=float, default=0.0, help="chance to rewrite a sentence as its emotion word + a neutral text (see data.phrase_with_neutral)")
    p.add_argument("--lsa-init", action="store_true", help="initialise word embeddings from an SVD of co-occurrences in the data and WordNet (adds WordNet's frequent words to the vocabulary)")
    p.add_argument("--lexicon-mix", type=float, default=0.0, help="extra synthetic sentences per epoch, as a share of the training set, from model/train/lexicon.tsv")
    p.add_argument("--neutral-docs", metavar="NODE_MODULES", help="add the sentences of half of the npm README files there to the neutral text when fine-tuning (the other half is held out)")
    p.add_argument("--min-count", type=int, default=2, help="training words seen this often get their own token")
    p.add_argument("--threads", type=int, default=1, help="1 is fastest for this small model (2 threads contend)")
    return p.parse_args()


def batches(items, batch, rng, shuffle):
    """Length-bucketed batches: less padding, much faster on CPU."""
    idx = list(range(len(items)))
    if shuffle:
        rng.shuffle(idx)
    chunks = [idx[i:i + batch * 50] for i in range(0, len(idx), batch * 50)]
    out = []
    for c in chunks:
        c.sort(key=lambda i: len(items[i]))
        out += [c[i:i + batch] for i in range(0, len(c), batch)]
    if shuffle:
        rng.shuffle(out)
    return out


def pad(seqs):
    n = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), n, dtype=torch.long)
    mask = torch.zeros(len(seqs), n, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
    return ids, mask


@torch.no_grad()
def logits_of(model, seqs, batch=256):
    model.eval()
    out = torch.zeros(len(seqs), len(LABELS))
    for b in batches(seqs, batch, None, False):
        ids, mask = pad([seqs[i] for i in b])
        out[b] = model(ids, mask)
    return out


def metrics(pred, gold):
    n = len(LABELS)
    conf = [[0] * n for _ in range(n)]
    for p, g in zip(pred, gold):
        conf[g][p] += 1
    per = []
    for k in range(n):
        tp = conf[k][k]
        fp = sum(conf[g][k] for g in range(n)) - tp
        fn = sum(conf[k]) - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per.append({"label": LABELS[k], "precision": prec, "recall": rec, "f1": f1, "support": sum(conf[k])})
    total = len(gold)
    return {
        "accuracy": sum(conf[k][k] for k in range(n)) / total,
        "macro_f1": sum(c["f1"] for c in per) / n,
        "weighted_f1": sum(c["f1"] * c["support"] for c in per) / total,
        "per_class": per,
        "confusion": conf,
    }


def fit_temperature(logits, gold):
    """One scalar T minimising validation NLL (Guo et al., 2017)."""
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)
    target = torch.tensor(gold)

    def closure():
        opt.zero_grad()
        loss = nn.functional.cross_entropy(logits / log_t.exp(), target)
        loss.backward()
        return loss

    opt.step(closure)
    return float(log_t.exp())


def lsa_embeddings(tok, texts, definitions, dim, window=4):
    """Word vectors from a truncated SVD of positive PMI co-occurrences: words within
    `window` of each other in the texts, and each WordNet head word with the words of
    its gloss ("livid" with "fury", "anger"). Scaled like the default initialisation."""
    from collections import Counter
    pairs = Counter()
    ids = tok.ids
    for t in texts:
        w = [ids[x] for x in t.split() if x in ids]
        for i, a in enumerate(w):
            for b in w[i + 1:i + 1 + window]:
                pairs[(a, b)] += 1
                pairs[(b, a)] += 1
    for d in definitions:
        head, _, gloss = d.partition(": ")
        heads = [ids[h] for h in normalize(head).split() if h in ids]
        words = [ids[x] for x in normalize(gloss).split() if x in ids]
        for h in heads:
            for g in words:
                pairs[(h, g)] += 2
                pairs[(g, h)] += 2
    n = len(tok.vocab)
    idx = torch.tensor(list(pairs.keys()), dtype=torch.long).t()
    val = torch.tensor(list(pairs.values()), dtype=torch.float32)
    row = torch.zeros(n).index_add_(0, idx[0], val)
    col = torch.zeros(n).index_add_(0, idx[1], val).pow(0.75)
    pmi = torch.log(val * col.sum() / (row[idx[0]] * col[idx[1]]))
    keep = pmi > 0
    m = torch.sparse_coo_tensor(idx[:, keep], pmi[keep], (n, n)).coalesce()
    u, s, _ = torch.svd_lowrank(m, q=dim, niter=4)
    vec = u * s.sqrt()
    vec = vec / vec.norm(dim=1, keepdim=True).clamp(min=1e-6) * (0.02 * dim ** 0.5)
    vec[(row == 0)] = torch.randn(int((row == 0).sum()), dim) * 0.02
    vec[0] = 0
    print(f"LSA embeddings from {len(pairs):,} co-occurring pairs", flush=True)
    return vec


def pretrain(members, shared, tok, texts, args, rng):
    """Masked-LM pretraining of every member's encoder (15% of tokens: 80% [MASK],
    10% random, 10% kept), as BERT and DistilBERT were pretrained."""
    mask_id, vocab_size = tok.ids["[MASK]"], len(tok.vocab)
    ids_all = [tok.encode(t) for t in texts if t]
    for mi, member in enumerate(members):
        head = MlmHead(shared, args.dim)
        params = list({id(p): p for p in list(member.parameters()) + list(head.parameters())}.values())
        opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=args.weight_decay)
        steps = math.ceil(len(ids_all) / 64) * args.pretrain_epochs
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 500) * max(0.0, (steps - s) / steps))
        for epoch in range(1, args.pretrain_epochs + 1):
            t0, total, n = time.time(), 0.0, 0
            member.train()
            for b in batches(ids_all, 64, rng, True):
                ids, mask = pad([ids_all[i] for i in b])
                candidates = ids > 4  # real tokens only
                pick = (torch.rand(ids.shape) < 0.15) & candidates
                if not pick.any():
                    continue
                labels = ids[pick]
                r = torch.rand(ids.shape)
                inp = ids.clone()
                inp[pick & (r < 0.8)] = mask_id
                rand_pos = pick & (r >= 0.8) & (r < 0.9)
                inp[rand_pos] = torch.randint(5, vocab_size, (int(rand_pos.sum()),))
                hidden = member.encode(inp, mask)[pick]
                loss = nn.functional.cross_entropy(head(hidden), labels)
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(params, 1.0)
                opt.step()
                sched.step()
                total += float(loss)
                n += 1
            print(json.dumps({"pretrain_member": mi, "epoch": epoch, "mlm_loss": total / max(1, n), "seconds": time.time() - t0}), flush=True)


def save_weights(member, vocab, args, path, history=None):
    """One member's weights with the vocabulary and options they were trained with
    (read back by load_weights for --init-from and --merge)."""
    torch.save({"state": member.state_dict(), "vocab": vocab, "args": vars(args), "history": history or []}, path)


def load_weights(path, vocab=None):
    saved = torch.load(path)
    if vocab is not None and saved["vocab"] != vocab:
        sys.exit(f"{path} was trained with another vocabulary")
    return saved


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    started = time.time()

    train_x, train_y = read_emotion(os.path.join(args.data, "emotion", "train.txt"))
    val_x, val_y = read_emotion(os.path.join(args.data, "emotion", "validation.txt"))
    commits_train = [normalize(s) for s in read_commits(args.data, "train")]
    commits_heldout_raw = read_commits(args.data, "heldout")
    glosses = [normalize(g) for g in read_wordnet_glosses(args.neutral_glosses, 0)]  # one set for every seed: the vocabulary must not depend on it
    neutral = [t for t in commits_train + glosses if t]
    plain_neutral = list(neutral)
    neutral += [neutral_with_frame(t, rng) for t in rng.sample(neutral, len(neutral) // 5)]
    print(f"train {len(train_x)}  validation {len(val_x)}  neutral {len(neutral)} "
          f"(commit subjects {len(commits_train)}, WordNet glosses {len(glosses)})  held-out commits {len(commits_heldout_raw)}", flush=True)

    # saved weights (an encoder to fine-tune, or members to merge) bring their vocabulary
    first = args.init_from or (args.merge[0] if args.merge else None)
    saved = [load_weights(first)] if first else []
    definitions = [normalize(d) for d in read_wordnet_definitions()] if (args.pretrain_epochs or args.lsa_init) and not saved else []
    vocab = saved[0]["vocab"] if saved else build_vocab(train_x, min_count=args.min_count, extra_texts=plain_neutral + definitions, extra_min_count=10)
    tok = WordPiece(vocab, args.max_length)
    print(f"vocabulary {len(vocab)}", flush=True)
    val_ids = [tok.encode(t) for t in val_x]
    if args.merge:
        saved += [load_weights(f, vocab) for f in args.merge[1:]]
        members = []
        for m in saved:
            member = DistilBert(len(vocab), args.dim, args.layers, args.heads, args.ffn, args.max_length, len(LABELS), args.dropout)
            member.load_state_dict(m["state"])
            members.append(member)
        model = Ensemble(members)
        history = [{"member_seed": m["args"]["seed"], **row} for m in saved for row in m["history"]]
        n_params = sum(p.numel() for p in model.parameters())
        for m, member in zip(saved, members):
            acc = metrics(logits_of(Ensemble([member]), val_ids).argmax(-1).tolist(), val_y)["accuracy"]
            print(f"member seed {m['args']['seed']}: validation accuracy {acc:.4f}", flush=True)
    else:
        model, history, n_params = train_model(args, rng, tok, vocab, train_x, train_y, val_ids, val_y, neutral, plain_neutral, definitions, saved[0] if saved else None)
        if args.save_member:
            save_weights(model.members[0], vocab, args, args.save_member, history)
            print(f"saved member to {args.save_member}")
            return
    finish(args, model, vocab, tok, history, n_params, val_x, val_y, val_ids, commits_heldout_raw, started)


def train_model(args, rng, tok, vocab, train_x, train_y, val_ids, val_y, neutral, plain_neutral, definitions, encoder=None):

    shared = nn.Embedding(len(vocab), args.dim, padding_idx=0)
    nn.init.normal_(shared.weight, std=0.02)
    members = [DistilBert(len(vocab), args.dim, args.layers, args.heads, args.ffn, args.max_length, len(LABELS), args.dropout, word_embeddings=shared)
               for _ in range(args.members)]
    model = Ensemble(members)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"parameters {n_params:,}", flush=True)

    if args.lsa_init:
        with torch.no_grad():
            shared.weight.copy_(lsa_embeddings(tok, train_x + plain_neutral, read_wordnet_definitions(), args.dim))
    if encoder:
        for m in members:
            m.load_state_dict(encoder["state"])
        print(f"encoder from {args.init_from} ({encoder['args']['pretrain_epochs']} masked-LM epochs, seed {encoder['args']['seed']})", flush=True)
    elif args.pretrain_epochs:
        pretrain(members, shared, tok, train_x + neutral + definitions, args, rng)
        if args.save_pretrained:
            save_weights(members[0], vocab, args, args.save_pretrained)
            print(f"saved pretrained encoder to {args.save_pretrained}")
            sys.exit(0)
    if args.neutral_docs:  # after pretraining and the vocabulary, so that both stay as they were
        docs = [t for t in (normalize(x) for x in readme_sentences(readme_files(args.neutral_docs, "train"))) if t]
        neutral = neutral + docs
        print(f"neutral documentation sentences {len(docs)}", flush=True)
    lexicon = emotion_lexicon(train_x, train_y) if args.phrase_mix else {}
    hand_lexicon = read_lexicon(os.path.join(os.path.dirname(os.path.abspath(__file__)), "lexicon.tsv")) if args.lexicon_mix else []
    by_label = {y: [e for e in hand_lexicon if e[0] == y] for y in range(len(LABELS))}
    neutral_ids = [tok.encode(t) for t in neutral]
    steps_per_epoch = math.ceil(len(train_x) * (1 + args.lexicon_mix) / args.batch)
    total_steps = steps_per_epoch * args.epochs
    warmup = steps_per_epoch // 2
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total_steps - s) / (total_steps - warmup)))
    ce = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    unk = tok.unk

    ema = None
    if args.ema:
        import copy
        ema = copy.deepcopy(model)
        for p_ in ema.parameters():
            p_.requires_grad_(False)
    history, best, best_state = [], -1.0, None
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0 = time.time()
        # fresh augmentation each epoch: some sentences lose their "i feel" frame
        epoch_x = [drop_frame(t, rng if args.frame_rewrite else None) if rng.random() < args.frame_drop else t for t in train_x]
        if args.phrase_mix:
            for i, t in enumerate(epoch_x):
                if rng.random() < args.phrase_mix:
                    epoch_x[i] = phrase_with_neutral(train_x[i], train_y[i], lexicon, neutral[rng.randrange(len(neutral))], rng) or t
        if args.mix:
            epoch_x = [mix_with_neutral(t, neutral[rng.randrange(len(neutral))], rng) if rng.random() < args.mix else t for t in epoch_x]
        epoch_y = list(train_y)
        for _ in range(int(args.lexicon_mix * len(train_x))):
            # labels in the training set's proportions
            y = train_y[rng.randrange(len(train_y))]
            if by_label.get(y):
                t, y = lexicon_sentence(rng.choice(by_label[y]), neutral[rng.randrange(len(neutral))], rng)
                epoch_x.append(t)
                epoch_y.append(y)
        epoch_ids = [tok.encode(t, args.stem_split, rng) for t in epoch_x]
        total_loss = 0.0
        for b in batches(epoch_ids, args.batch, rng, True):
            seqs = [epoch_ids[i] for i in b]
            nb = [neutral_ids[rng.randrange(len(neutral_ids))] for _ in range(max(1, len(b) // 2))]
            ids, mask = pad(seqs + nb)
            if args.word_dropout:
                drop = (torch.rand(ids.shape) < args.word_dropout) & (ids > 4)
                ids = ids.masked_fill(drop, unk)
            y = torch.tensor([epoch_y[i] for i in b])
            loss = 0.0
            for m in model.members:
                logits = m(ids, mask)
                loss = loss + ce(logits[: len(b)], y)
                # outlier exposure: neutral text should give a flat distribution
                loss = loss - args.oe_weight * logits[len(b):].log_softmax(-1).mean()
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total_loss += float(loss)
            if ema is not None:
                with torch.no_grad():
                    for pe, pm in zip(ema.parameters(), model.parameters()):
                        pe.mul_(args.ema).add_(pm.detach(), alpha=1 - args.ema)
        scored = ema if ema is not None else model
        val_logits = logits_of(scored, val_ids)
        m = metrics(val_logits.argmax(-1).tolist(), val_y)
        row = {"epoch": epoch, "loss": total_loss / steps_per_epoch, "val_accuracy": m["accuracy"], "val_weighted_f1": m["weighted_f1"],
               "val_macro_f1": m["macro_f1"], "seconds": time.time() - t0}
        history.append(row)
        print(json.dumps(row), flush=True)
        if m["accuracy"] > best:
            best = m["accuracy"]
            best_state = {k: v.clone() for k, v in scored.state_dict().items()}

    model.load_state_dict(best_state)
    return model, history, n_params


def finish(args, model, vocab, tok, history, n_params, val_x, val_y, val_ids, commits_heldout_raw, started):
    """Calibrates (temperature, threshold) on validation, exports, writes the fixtures and last_run.json."""
    fp32_accuracy = metrics(logits_of(model, val_ids).argmax(-1).tolist(), val_y)["accuracy"]
    quantize_embeddings(model)  # what ships; calibration and metrics below are on it
    if args.quantize_linears:
        quantize_linears(model)
    val_logits = logits_of(model, val_ids)
    temperature = fit_temperature(val_logits, val_y)
    model.inv_temperature.fill_(1.0 / temperature)
    probs = (val_logits / temperature).softmax(-1)
    conf, pred = probs.max(-1)
    correct = pred == torch.tensor(val_y)
    # the highest threshold that still flags target_recall of validation with the right label
    ok = sorted(conf[correct].tolist(), reverse=True)
    k = math.ceil(args.target_recall * len(val_y))
    threshold = math.floor(ok[k - 1] * 1000) / 1000 if k <= len(ok) else 0.5
    heldout_ids = [tok.encode(normalize(s)) for s in commits_heldout_raw]
    heldout_conf = (logits_of(model, heldout_ids) / temperature).softmax(-1).max(-1).values
    final = metrics(pred.tolist(), val_y)
    summary = {
        "args": vars(args), "vocabulary": len(vocab), "parameters": n_params, "history": history, "temperature": temperature,
        "threshold": threshold, "validation": final, "validation_accuracy_fp32": fp32_accuracy,
        "validation_flagged_correct": float(((conf >= threshold) & correct).float().mean()),
        "heldout_commit_flag_rate": float((heldout_conf >= threshold).float().mean()),
        "heldout_commits": len(commits_heldout_raw), "train_seconds": time.time() - started,
    }
    print(f"best validation accuracy {final['accuracy']:.4f}  weighted F1 {final['weighted_f1']:.4f}  macro F1 {final['macro_f1']:.4f}")
    print(f"temperature {temperature:.3f}  threshold {threshold:.3f}  validation flagged+correct {summary['validation_flagged_correct']:.3f}  "
          f"held-out commits flagged {summary['heldout_commit_flag_rate']:.3f}", flush=True)

    fixtures = args.fixtures or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures")
    export.export_model(model, vocab, args, temperature, threshold, args.out)
    export.write_parity_fixture(model, tok, val_x[:50], os.path.join(fixtures, "parity.json"))
    export.write_normalize_fixture(os.path.join(fixtures, "normalize.json"))
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "last_run.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(f"exported to {args.out} in {time.time() - started:.0f} s total")


if __name__ == "__main__":
    main()
