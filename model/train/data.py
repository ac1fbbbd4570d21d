"""Reading the emotion data and the neutral text, and the augmentations."""
import hashlib
import json
import os
import random
import re

from textnorm import normalize

LABELS = ["sadness", "joy", "love", "anger", "fear", "surprise"]
LABEL_ID = {name: i for i, name in enumerate(LABELS)}
# the model's outputs: the six emotions in the reference model's order, then neutral
OUTPUTS = LABELS + ["neutral"]
NEUTRAL = len(LABELS)

# GoEmotions' labels onto ours: one table for training and evaluation (see its "about")
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "goemotions-map.json"), encoding="utf-8") as _f:
    GO_MAP = json.load(_f)["map"]


def read_emotion(path):
    """`text;label` lines, split on the LAST ';'."""
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            text, label = line.rsplit(";", 1)
            texts.append(normalize(text))
            labels.append(LABEL_ID[label])
    return texts, labels


def file_md5(path):
    """The md5 of a file's bytes: how every pinned input (data, READMEs, tarballs, novels) is checked."""
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def _hash_bucket(key: str, buckets: int) -> int:
    """A deterministic bucket from SHA-1 (server/src/cli/commitSplit.ts computes the same)."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % buckets


def read_goemotions(data_dir, split):
    """(raw texts, output ids 0-6, comment ids) of GoEmotions' train or dev split, mapped by GO_MAP:
    the comments whose labels map to exactly one of ours."""
    texts, _, mapped, ids, _, _ = read_goemotions_fine(data_dir, split)
    keep = [i for i, y in enumerate(mapped) if y is not None]
    return [texts[i] for i in keep], [mapped[i] for i in keep], [ids[i] for i in keep]


def read_goemotions_fine(data_dir, split):
    """(raw texts, GoEmotions label-id lists, output ids 0-6 or None, comment ids, number of
    fine labels, emotional flags) of every comment of a split: the fine labels of all 28
    classes, our mapped label where the labels map to exactly one of ours, and 1 where they
    map to any of our six emotions (else 0)."""
    folder = os.path.join(data_dir, "goemotions")
    with open(os.path.join(folder, "labels.txt"), encoding="utf-8") as f:
        names = [line.strip() for line in f if line.strip()]
    texts, fine, mapped_ids, cids, emotional = [], [], [], [], []
    with open(os.path.join(folder, f"{split}.tsv"), encoding="utf-8") as f:
        for line in f:
            text, label_ids, cid = line.rstrip("\n").split("\t")
            ids = [int(i) for i in label_ids.split(",")]
            mapped = {GO_MAP[names[i]] for i in ids if names[i] in GO_MAP}
            texts.append(text)
            fine.append(ids)
            mapped_ids.append(OUTPUTS.index(mapped.pop()) if len(mapped) == 1 else None)
            cids.append(cid)
            emotional.append(int(bool(mapped - {"neutral"})))
    return texts, fine, mapped_ids, cids, len(names), emotional


def half(key: str) -> str:
    """GoEmotions dev and dair-ai validation are split in two by SHA-1: 'select' (model
    selection, calibration, the threshold) and 'report' (the figures we publish)."""
    return "select" if _hash_bucket(key, 2) == 0 else "report"


def commit_split(subject: str) -> str:
    """Deterministic 70/30 split of commit subjects by hash: 'train' or 'heldout'."""
    return "train" if _hash_bucket(subject, 10) < 7 else "heldout"


def read_commits(data_dir, part):
    path = os.path.join(data_dir, "commits", "subjects.txt")
    with open(path, encoding="utf-8") as f:
        subjects = [line.strip() for line in f if line.strip()]
    return [s for s in subjects if commit_split(s) == part]


_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_MARKUP = [(re.compile(r"<[^>]+>"), " "), (re.compile(r"`[^`]*`"), " "), (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
           (re.compile(r"https?://\S+"), " "), (re.compile(r"[*_]{1,3}"), "")]


def readme_sentences(files):
    """Sentences and headings of documentation prose (code, tables, HTML and link targets
    left out): text that is neutral nearly always, in the register the extension mostly
    reads. Headings count: the extension classifies them too ("Getting started")."""
    out = []
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            text = _FENCE.sub(" ", fh.read())
        for para in re.split(r"\n\s*\n", text):
            headings = [re.sub(r"^\s*#+\s*|\s*#+\s*$", "", ln) for ln in para.split("\n") if re.match(r"^\s*#", ln)]
            lines = [ln for ln in para.split("\n") if not re.match(r"^\s*(#|\||    |\t|>|[-=]{3,})", ln)]
            para = " ".join(re.sub(r"^\s*([-*+]|\d+\.)\s+", "", ln) for ln in lines)
            for pattern, repl in _MARKUP:
                para = pattern.sub(repl, para)
                headings = [pattern.sub(repl, h) for h in headings]
            for sent in re.split(r"(?<=[.!?])\s+(?=[A-Z])", para) + headings:
                if 1 <= len(sent.split()) <= 60:
                    out.append(sent.strip())
    return out


def _wordnet_synsets(parts):
    """(lexicographer file number, head words, gloss) of each synset in Debian's WordNet."""
    for pos in parts:
        path = f"/usr/share/wordnet/data.{pos}"
        if not os.path.exists(path):
            raise SystemExit(f"missing {path}: apt-get install wordnet")
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  ") or "|" not in line:
                    continue
                head, gloss = line.split("|", 1)
                fields = head.split()
                words = [fields[4 + 2 * i].replace("_", " ").split("(")[0] for i in range(int(fields[3], 16))]
                yield int(fields[1]), words, gloss.strip()


def read_wordnet_definitions():
    """Every WordNet synset as "headword(s): gloss", for masked-LM pretraining: it tells
    the model what rare words ("livid", "apprehensive") mean."""
    return [", ".join(words[:3]) + ": " + gloss for _, words, gloss in _wordnet_synsets(("noun", "verb", "adj", "adv"))]


def read_wordnet_glosses(limit, seed=0):
    """Noun and verb glosses from Debian's WordNet: plain definitional English,
    emotionally neutral apart from the emotion words themselves (filtered)."""
    out = []
    for lex, _, gloss in _wordnet_synsets(("noun", "verb")):
        if lex in (12, 37):  # the lexicographer files noun.feeling and verb.emotion
            continue
        gloss = gloss.split(";")[0].strip()
        if len(gloss.split()) >= 4:
            out.append(gloss)
    rng = random.Random(seed)
    rng.shuffle(out)
    return out[:limit]


# "i feel", "im feeling", "i was feeling so", "i have felt" ... the frame nearly
# every training sentence uses; dropping it teaches the model the emotion word
# itself and not the frame.
_FRAME = re.compile(
    r"\b(?:i|im|i am|ive|i have|i was|i ve|i had|id|i d)?\s*(?:been\s+|also\s+|still\s+|really\s+|just\s+)?"
    r"(?:feel|feeling|feels|felt)\b(?:\s+(?:like|that|so|very|really|quite|a bit|a little|pretty|rather|more|less|too|kind of|as if))?\s*"
)

_NEGATION = re.compile(r"\b(?:didnt|dont|doesnt|not|never|cant|cannot|wont|isnt|wasnt|havent|hardly|no longer)\s*$")

NEUTRAL_FRAMES = [
    "i feel like we should {}",
    "i feel that {}",
    "i think {}",
    "we should {}",
    "i feel the docs should say {}",
    "this change {}",
]


# what the frame becomes: real writing says "I'm furious", "this makes me nervous", or nothing
FRAME_REWRITES = ["", "", "", "im ", "i am ", "im so ", "i am really ", "we are ", "we were ", "this makes me ", "honestly im ",
                  "i was ", "i got ", "that made me ", "they are ", "everyone is "]


def drop_frame(text: str, rng: random.Random = None) -> str:
    """Drops the "i feel" frame, or with `rng` rewrites it into another wording."""
    m = _FRAME.search(text)
    if not m or _NEGATION.search(text[: m.start()]):
        return text  # "i didnt feel ..." keeps its frame: dropping it would flip the meaning
    new = rng.choice(FRAME_REWRITES) if rng else ""
    out = text[: m.start()] + " " + new + text[m.end():]
    out = re.sub(r"\s+", " ", out).strip()
    return out if len(out.split()) >= 1 else text


def neutral_with_frame(text: str, rng: random.Random) -> str:
    """A neutral sentence that says "feel", so "feel" alone cannot mean emotion."""
    return rng.choice(NEUTRAL_FRAMES).format(text)
