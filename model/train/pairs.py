"""Scores every trained member alone and every pair of them on the 'select' halves, as the merge would build them
(4-bit word embeddings, int8 blocks and block inputs, a temperature, the threshold rule), best first; the pairs
of v3 and v4 were chosen this way (model/README.md, "What we tried"). Since run d a pair replaces
the shipped one only when it beats it both by the score and by the emotional comments flagged
right at its threshold (printed last). With --narrative (narrative.py build's output) it also prints the
novel sentences' select part at the same threshold (the rule for members trained on them: model card, run n).
Usage: pairs.py --data ../shared/data --docs .train-work/docs [--narrative FILE] MEMBER.pt [MEMBER.pt ...]
"""
import argparse
import itertools
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train as T  # noqa: E402
from modeling import Ensemble  # noqa: E402
from narrative import read_built  # noqa: E402
from textnorm import normalize  # noqa: E402
from tokenizer import WordPiece  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--docs", required=True)
    p.add_argument("--embedding-bits", type=int, default=4)
    p.add_argument("--narrative", metavar="FILE")
    p.add_argument("members", nargs="+")
    args = p.parse_args()
    data = T.Data(T.parse_args(["--data", args.data, "--docs", args.docs, "--out", os.devnull]))  # the data as train.py reads it by default
    logits, nx, ny = {}, [], []
    if args.narrative:
        nx, ny = read_built(args.narrative, "select")
        nx = [normalize(x) for x in nx]
    for f in args.members:  # each member alone: a pair's logits are the mean of its members'
        s = torch.load(f)
        tok = WordPiece(s["vocab"], 128)
        data.encode_select(tok)
        model = T.quantized(Ensemble([T.saved_member(s)]), data, tok, args.embedding_bits)
        logits[f] = (T.logits_of(model, data.val_sel[0]), T.logits_of(model, data.dev_sel[0]), T.logits_of(model, [tok.encode(x) for x in nx]))
    dy, gy = data.val_sel[1], data.dev_sel[1]
    rows = []
    # a deep member alone costs what a pair of shipped-depth members costs (the WASM budget)
    for group in [(f,) for f in args.members] + list(itertools.combinations(args.members, 2)):
        ld, lg, ln = (sum(logits[f][i] for f in group) / len(group) for i in (0, 1, 2))
        t = T.fit_temperature(torch.cat([ld, lg]), dy + gy)
        pg = (lg / t).softmax(-1)
        threshold = T.choose_threshold(pg, gy)
        sc, st = T.select_scores(ld, dy, lg, gy), T.flag_stats(pg, gy, threshold)
        sn = T.flag_stats((ln / t).softmax(-1), ny, threshold) if ny else None
        rows.append((sc["dair_accuracy"] + sc["go_macro_f1"], group, sc, threshold, st, sn))
    for score, group, sc, threshold, st, sn in sorted(rows, key=lambda r: -r[0]):
        novels = f"; novels: neutral flagged {sn['neutral_flagged']:.1%}, emotional right {sn['emotional_flagged_right']:.1%}" if sn else ""
        print(f"{score:.4f}  {' + '.join(group)}: dair-ai {sc['dair_accuracy']:.4f}, GoEmotions macro-F1 {sc['go_macro_f1']:.4f}, threshold {threshold:.2f}, "
              f"neutral flagged {st['neutral_flagged']:.1%}, emotional right {st['emotional_flagged_right']:.1%}{novels}")


if __name__ == "__main__":
    main()
