"""A WordPiece vocabulary built from the training words, and an encoder that
matches transformers.js's BertPreTokenizer + WordPiece on normalised text.

Whole words seen at least twice, plus their stems under common English suffixes
(so "humiliating" = "humiliat" + "##ing" when only "humiliated" was seen), plus
every single character, so no normalised word is ever [UNK].
"""
from collections import Counter
import json

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
SUFFIXES = ["ing", "ed", "s", "es", "ly", "ness", "ful", "er", "est", "ment", "y", "ion", "ation", "ity", "less", "able", "ive", "d", "ies", "ied", "ily", "ous", "ious", "al", "ic", "ish", "ened", "en"]
# longest first, for splitting a known word into stem + suffix while training
_SPLIT_SUFFIXES = sorted(SUFFIXES, key=len, reverse=True)
MAX_WORD_CHARS = 100


def build_vocab(texts, min_count=2, max_words=None, extra_texts=(), extra_min_count=5):
    counts = Counter(w for t in texts for w in t.split())
    extra = Counter(w for t in extra_texts for w in t.split())
    words = [w for w, c in counts.most_common() if c >= min_count]
    words += [w for w, c in extra.most_common() if c >= extra_min_count and w not in counts]
    if max_words:
        words = words[:max_words]
    vocab = list(SPECIALS) + list(CHARS) + ["##" + c for c in CHARS] + ["##" + s for s in SUFFIXES]
    seen = set(vocab)

    def add(tok):
        if tok not in seen:
            seen.add(tok)
            vocab.append(tok)

    for w in words:
        add(w)
    for w in words:
        for s in SUFFIXES:
            if w.endswith(s) and len(w) - len(s) >= 3:
                add(w[: -len(s)])
    return vocab


class WordPiece:
    def __init__(self, vocab, max_length=128):
        self.vocab = vocab
        self.ids = {t: i for i, t in enumerate(vocab)}
        self.max_length = max_length
        self.cls, self.sep, self.unk, self.pad = (self.ids[t] for t in ("[CLS]", "[SEP]", "[UNK]", "[PAD]"))

    def word_pieces(self, word):
        if len(word) > MAX_WORD_CHARS:
            return [self.unk]
        out, start = [], 0
        while start < len(word):
            end, cur = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    cur = self.ids[piece]
                    break
                end -= 1
            if cur is None:
                return [self.unk]
            out.append(cur)
            start = end
        return out

    def stem_split(self, word, rng):
        """One of the [stem, ##suffix] splits whose pieces are both tokens, else None."""
        splits = [[self.ids[word[: -len(s)]], self.ids["##" + s]] for s in _SPLIT_SUFFIXES
                  if word.endswith(s) and len(word) - len(s) >= 3 and word[: -len(s)] in self.ids and "##" + s in self.ids]
        return rng.choice(splits) if splits else None

    def encode(self, normalized_text, split_prob=0.0, rng=None):
        """Inference is plain WordPiece (what transformers.js does). While training,
        `split_prob` of the words are sometimes given as stem + suffix, so that the
        stem tokens learn what they mean ("outrage" from "outraged") and unseen forms
        ("outrageous" = "outrage" + "##ous") are understood."""
        ids = []
        for w in normalized_text.split():
            split = self.stem_split(w, rng) if split_prob and rng.random() < split_prob else None
            ids.extend(split or self.word_pieces(w))
        ids = ids[: self.max_length - 2]
        return [self.cls] + ids + [self.sep]


def tokenizer_json(vocab, max_length):
    """The tokenizer.json that transformers.js (and HF tokenizers) load."""
    ids = {t: i for i, t in enumerate(vocab)}
    special = [
        {"id": ids[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
        for t in SPECIALS
    ]
    return {
        "version": "1.0",
        "truncation": {"direction": "Right", "max_length": max_length, "strategy": "LongestFirst", "stride": 0},
        "padding": None,
        "added_tokens": special,
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True, "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [
                {"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}},
            ],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [ids["[CLS]"]], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [ids["[SEP]"]], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": MAX_WORD_CHARS, "vocab": ids},
    }


def tokenizer_config(max_length):
    return {
        "tokenizer_class": "DistilBertTokenizer",
        "do_lower_case": True,
        "model_max_length": max_length,
        "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]",
        "clean_up_tokenization_spaces": True,
    }


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")
