"""Export to the transformers.js layout (config.json, tokenizer.json,
tokenizer_config.json, onnx/model.onnx), parity fixtures, and a random-weight
DistilBERT-base-shaped model for cost comparisons:

    /usr/bin/python3 model/train/export.py --reference-shaped /tmp/reference-shaped
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import LABELS, OUTPUTS  # noqa: E402
from modeling import DistilBert, Ensemble  # noqa: E402
from textnorm import normalize  # noqa: E402
from tokenizer import CHARS, SPECIALS, WordPiece, tokenizer_config, tokenizer_json, write_json  # noqa: E402

NORMALIZE_CASES = [
    "I'm furious that the build broke again!",
    "I\u2019M FURIOUS THAT THE BUILD BROKE AGAIN \U0001F621\U0001F621",
    "Don't you dare — it's *really* not OK...",
    "Caf\u00e9 na\u00efve r\u00e9sum\u00e9",
    "\u4eca\u5929\u5f88\u9ad8\u5174 and \u0645\u0631\u062d\u0628\u0627 happy",
    "tabs\tand\r\nnewlines  and   spaces",
    "NUL\u0000byte",
    "rock 'n' roll 'quoted' words' end",
    "",
    "   ",
    "emoji only \U0001F389\U0001F44D\u2764\ufe0f",
    "numbers 4.17.21 and v2-rc1 #123 @user",
]


class Shape:
    """The shipped model's shape (DistilBERT's architecture, small)."""
    dim, ffn, layers, heads, max_length, dropout = 128, 512, 2, 4, 128, 0.1


def config_json(args, vocab_size, temperature, threshold, members, labels=OUTPUTS, keep=""):
    """`members`: the blocks of each ensemble member."""
    return {
        "_name_or_path": "emotion-lens/emotion-distilbert-small",
        "architectures": ["DistilBertForSequenceClassification"],
        "model_type": "distilbert",
        "activation": "gelu",
        "dim": args.dim,
        "hidden_dim": args.ffn,
        "n_layers": args.layers,
        "n_heads": args.heads,
        "vocab_size": vocab_size,
        "max_position_embeddings": args.max_length,
        "dropout": args.dropout,
        "attention_dropout": args.dropout,
        "seq_classif_dropout": 0.2,
        "sinusoidal_pos_embds": False,
        "pad_token_id": 0,
        "id2label": {str(i): l for i, l in enumerate(labels)},
        "label2id": {l: i for i, l in enumerate(labels)},
        "problem_type": "single_label_classification",
        # Read by Emotion Lens (other models fall back to its defaults)
        "emotion_lens": {
            "normalization": "lowercase-ascii-words-v1",
            "temperature": temperature,
            "temperature_applied_in_graph": True,
            "threshold": threshold,
            "ensemble_members": len(members),
            **({"member_layers": members} if len(set(members)) > 1 else {}),
            **({"keep_punctuation": keep} if keep else {}),
        },
    }


def export_onnx(model, path, opset=14):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    model.eval()
    ids = torch.tensor([[2, 10, 11, 3], [2, 12, 3, 0]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    torch.onnx.export(
        model, (ids, mask), path, input_names=["input_ids", "attention_mask"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"}, "attention_mask": {0: "batch_size", 1: "sequence_length"},
                      "logits": {0: "batch_size"}},
        # no constant folding: it would turn the int8 weights and their Cast/Mul back into
        # float initialisers in the file; onnxruntime folds them when the session loads
        opset_version=opset, do_constant_folding=False,
    )
    import onnx
    onnx.checker.check_model(onnx.load(path))


def export_model(model, vocab, temperature, threshold, out, keep=""):
    os.makedirs(out, exist_ok=True)
    depths = [len(m.blocks) for m in model.members]
    shape = type("MemberShape", (Shape,), {"layers": max(depths)})  # config.json's n_layers: the deepest member's
    write_json(os.path.join(out, "config.json"), config_json(shape, len(vocab), temperature, threshold, depths, keep=keep))
    write_json(os.path.join(out, "tokenizer.json"), tokenizer_json(vocab, Shape.max_length))
    write_json(os.path.join(out, "tokenizer_config.json"), tokenizer_config(Shape.max_length))
    export_onnx(model, os.path.join(out, "onnx", "model.onnx"))


@torch.no_grad()
def write_parity_fixture(model, tok, texts, path):
    """Reference probabilities from PyTorch for the transformers.js parity test."""
    model.eval()
    rows = []
    for t in texts:
        ids = tok.encode(normalize(t))
        logits = model(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long))
        rows.append({"text": t, "input_ids": ids, "probs": logits.softmax(-1)[0].tolist()})
    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_json(path, {"labels": OUTPUTS, "cases": rows})


def write_normalize_fixture(path):
    """Every case without kept punctuation (v1, v2) and with "!?" kept."""
    rows = [{"input": s, "normalized": normalize(s, "")} for s in NORMALIZE_CASES]
    rows += [{"input": s, "keep": "!?", "normalized": normalize(s, "!?")} for s in NORMALIZE_CASES]
    write_json(path, rows)


def reference_shaped(out):
    """DistilBERT-base's shape with random weights: what the reference model costs."""
    torch.manual_seed(0)

    class A:
        dim, ffn, layers, heads, max_length, dropout = 768, 3072, 6, 12, 512, 0.1

    vocab = list(SPECIALS) + list(CHARS) + ["##" + c for c in CHARS]
    vocab += [f"[unused{i}]" for i in range(30522 - len(vocab))]
    model = Ensemble([DistilBert(30522, 768, 6, 12, 3072, 512, len(LABELS))])
    os.makedirs(out, exist_ok=True)
    cfg = config_json(A, 30522, 1.0, 0.5, [A.layers], LABELS)
    del cfg["emotion_lens"]
    write_json(os.path.join(out, "config.json"), cfg)
    write_json(os.path.join(out, "tokenizer.json"), tokenizer_json(vocab, 512))
    write_json(os.path.join(out, "tokenizer_config.json"), tokenizer_config(512))
    export_onnx(model, os.path.join(out, "onnx", "model.onnx"))
    print(f"wrote a DistilBERT-base-shaped model ({sum(p.numel() for p in model.parameters()):,} parameters) to {out}")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reference-shaped", required=True, metavar="DIR", help="write the reference-shaped model here (outside the repo)")
    a = p.parse_args()
    torch.set_num_threads(2)
    reference_shaped(a.reference_shaped)
