"""Reading the emotion data and the neutral text, and the augmentations."""
import hashlib
import os
import random
import re

from textnorm import normalize

LABELS = ["sadness", "joy", "love", "anger", "fear", "surprise"]
LABEL_ID = {name: i for i, name in enumerate(LABELS)}


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


def _hash_bucket(key: str, buckets: int) -> int:
    """A deterministic bucket from SHA-1 (server/src/cli/commitSplit.ts computes the same)."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % buckets


def commit_split(subject: str) -> str:
    """Deterministic 70/30 split of commit subjects by hash: 'train' or 'heldout'."""
    return "train" if _hash_bucket(subject, 10) < 7 else "heldout"


def read_commits(data_dir, part):
    path = os.path.join(data_dir, "commits", "subjects.txt")
    with open(path, encoding="utf-8") as f:
        subjects = [line.strip() for line in f if line.strip()]
    return [s for s in subjects if commit_split(s) == part]


def readme_files(root, part):
    """The README.md of each npm package under `root` (a node_modules folder), split 50/50
    by SHA-1 of the package name: 'train' or 'heldout'."""
    import glob
    files = sorted(glob.glob(os.path.join(root, "*", "README.md")) + glob.glob(os.path.join(root, "@*", "*", "README.md")))
    def split(f):
        return "train" if _hash_bucket(os.path.relpath(os.path.dirname(f), root), 2) == 0 else "heldout"
    return [f for f in files if split(f) == part]


_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_MARKUP = [(re.compile(r"<[^>]+>"), " "), (re.compile(r"`[^`]*`"), " "), (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
           (re.compile(r"https?://\S+"), " "), (re.compile(r"[*_]{1,3}"), "")]


def readme_sentences(files):
    """Sentences of documentation prose (code, tables, HTML, links and headings left out):
    text that is neutral nearly always, in the register the extension mostly reads."""
    out = []
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            text = _FENCE.sub(" ", fh.read())
        for para in re.split(r"\n\s*\n", text):
            lines = [ln for ln in para.split("\n") if not re.match(r"^\s*(#|\||    |\t|>|[-=]{3,})", ln)]
            para = " ".join(re.sub(r"^\s*([-*+]|\d+\.)\s+", "", ln) for ln in lines)
            for pattern, repl in _MARKUP:
                para = pattern.sub(repl, para)
            for sent in re.split(r"(?<=[.!?])\s+(?=[A-Z])", para):
                if 4 <= len(sent.split()) <= 60:
                    out.append(sent.strip())
    return out


def _wordnet_synsets(parts):
    """(lexicographer file number, head words, gloss) of each synset in Debian's WordNet."""
    for pos in parts:
        path = f"/usr/share/wordnet/data.{pos}"
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  ") or "|" not in line:
                    continue
                head, gloss = line.split("|", 1)
                fields = head.split()
                words = [fields[4 + 2 * i].replace("_", " ").split("(")[0] for i in range(int(fields[3], 16))]
                yield int(fields[1]), words, gloss.strip()


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


def read_wordnet_definitions():
    """Every WordNet synset as "headword(s): gloss", for masked-LM pretraining:
    a dictionary that tells the model what rare emotion words ("livid",
    "apprehensive") mean, which 16,000 tweets alone cannot."""
    return [", ".join(words[:3]) + ": " + gloss for _, words, gloss in _wordnet_synsets(("noun", "verb", "adj", "adv"))]


def mix_with_neutral(text: str, neutral: str, rng: random.Random) -> str:
    """An emotional sentence next to neutral technical text keeps its emotion:
    real writing mixes both ("im worried that the migration will corrupt the data")."""
    return f"{text} {neutral}" if rng.random() < 0.5 else f"{neutral} {text}"


# the word right after the frame: "i feel (so) humiliated" -> humiliated
_EMOTION_WORD = re.compile(
    r"\b(?:feel|feeling|felt)\s+(?:(?:so|very|really|quite|a bit|a little|pretty|rather|too|extremely|incredibly|totally|completely|super|just|also|still|kind of)\s+)*([a-z]{3,})\b")
_NOT_EMOTION = {"like", "that", "the", "this", "about", "and", "for", "with", "more", "less", "when", "what", "how", "its", "myself", "some",
                "any", "much", "because", "was", "are", "being", "have", "had", "them", "you", "him", "her", "all", "out", "well", "better", "good",
                "bad", "better", "worse", "way", "something", "nothing", "things", "thing", "lot", "one", "same", "different", "other", "little"}


def emotion_lexicon(texts, labels, min_count=2, min_share=0.6):
    """word -> label for the words the data's frame carries ("i feel humiliated": sadness),
    when one label dominates: the distant supervision the dataset was labelled by."""
    from collections import Counter, defaultdict
    counts = defaultdict(Counter)
    for t, y in zip(texts, labels):
        m = _EMOTION_WORD.search(t)
        if m and m.group(1) not in _NOT_EMOTION:
            counts[m.group(1)][y] += 1
    out = {}
    for w, c in counts.items():
        label, n = c.most_common(1)[0]
        if sum(c.values()) >= min_count and n / sum(c.values()) >= min_share:
            out[w] = label
    return out


PHRASE_FRAMES = ["im", "i am", "im so", "i am really", "we are", "we were", "this makes me", "honestly im", "i was", "i got", "that made me",
                 "everyone is", "so", "i am absolutely", "we all feel"]
CONNECTORS = ["that", "about", "because", "when", "since", "now that", "after", "with", "and", "as", ""]


def phrase_with_neutral(text, label, lexicon, neutral, rng):
    """Keeps a tweet's emotion word and its label, and writes it the way people write about
    their work: "im so worried that <commit subject>", "<subject> and i am furious"."""
    m = _EMOTION_WORD.search(text)
    if not m or lexicon.get(m.group(1)) != label:
        return None
    word, frame = m.group(1), rng.choice(PHRASE_FRAMES)
    if rng.random() < 0.6:
        return " ".join(x for x in (frame, word, rng.choice(CONNECTORS), neutral) if x)
    return " ".join(x for x in (neutral, rng.choice(["and", "so", "but", "", "honestly"]), frame, word) if x)


def read_lexicon(path):
    """lexicon.tsv -> [(label id, form, phrase)]."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            label, form, words = line.rstrip("\n").split("\t")
            out += [(LABEL_ID[label], form, normalize(w)) for w in words.split(",") if w.strip()]
    return out


_LEXICON_TEMPLATES = {
    "A": ["im {w} {c} {n}", "i am so {w} {c} {n}", "{n} and im {w}", "this is {w}", "this is {w} {n}", "it is {w} that {n}", "that was {w}",
          "how {w}", "{n} this makes me {w}", "we are {w} {c} {n}", "so {w} {c} {n}", "honestly {w}", "{n} which is {w}", "{n} im really {w}",
          "what a {w} thing {n}", "everyone is {w} {c} {n}"],
    "V": ["i {w} {n}", "i {w} it when {n}", "i really {w} this", "we {w} {n}", "{n} i {w} it", "i absolutely {w} {n}", "honestly i {w} this {n}"],
    "I": ["{w} {n}", "{w} {w} {n}", "{n} {w}", "{w} that {n}", "{w} {n} {w}"],
}


def lexicon_sentence(entry, neutral, rng):
    """A sentence people could write at work with one emotion phrase of the lexicon."""
    label, form, w = entry
    template = rng.choice(_LEXICON_TEMPLATES[form])
    text = template.format(w=w, n=neutral, c=rng.choice(CONNECTORS))
    return " ".join(text.split()), label


if __name__ == "__main__":
    # python3 model/train/data.py readmes heldout node_modules: the README files of a split
    import sys
    if sys.argv[1:2] == ["readmes"]:
        print("\n".join(readme_files(sys.argv[3], sys.argv[2])))
