"""Labelled narrative sentences: 19th-century novels, the register the training data lacked
(model card, "What is missing"). The sentences come from pinned public-domain sources, the
labels from three annotators (model/data/narrative-guidelines.md, majority label); the repo
keeps only each sentence's key (SHA-1) and the three labels, model/data/narrative-labels.tsv,
never the text.

    /usr/bin/python3 model/train/narrative.py sample OUT_DIR TARBALL_DIR   # files for the annotators
    /usr/bin/python3 model/train/narrative.py collect DIR                   # their labels → narrative-labels.tsv
    /usr/bin/python3 model/train/narrative.py build OUT.tsv TARBALL_DIR    # key, part, label, sentence

Sources: Jane Austen's six novels from Debian's r-cran-janeaustenr (read by Rscript; the data
file's md5 is pinned) and Moby-Dick from the npm tarball unlabelled.py pins. Sentences are cut
by ICU's sentence rules (python3-icu), those of the extension's Intl.Segmenter, with ICU's
abbreviation list on ("Mr. Darcy" stays whole, as server/src/analysis/segment.ts joins it).
Parts by SHA-1 of the key: two thirds train; the rest split into 'select' and 'report' halves
like GoEmotions dev. Sentences of the prose check set are never sampled. `npm run eval --
--novels FILE` reports on the report part; fine-tuning on the train part was tried in run n of
the model card (train.py --narrative at commit 03f4cd8) and did not ship.
"""
import hashlib
import json
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from data import OUTPUTS, _hash_bucket, file_md5, half  # noqa: E402
from unlabelled import PINNED, members, tarball  # noqa: E402

LABELS_FILE = os.path.join(HERE, "..", "data", "narrative-labels.tsv")
CHECK_SET = os.path.join(HERE, "..", "eval", "prose-check.tsv")
AUSTEN_DATA = ("/usr/lib/R/site-library/janeaustenr/data/Rdata.rdb", "51f7db053902045d33739c77703dffeb")
AUSTEN_BOOKS = ["sensesensibility", "prideprejudice", "mansfieldpark", "emma", "northangerabbey", "persuasion"]
SAMPLE = {"austen": 1200, "moby_dick": 600}
CHUNKS = 2


def key(sentence: str) -> str:
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12]


def part(k: str) -> str:
    """'train' for two thirds of the keys, else the 'select' or 'report' half."""
    return "train" if _hash_bucket(k, 3) < 2 else half(k)


def icu_sentences(paragraph: str):
    import icu  # python3-icu: ICU's sentence rules, as Intl.Segmenter applies them
    text = re.sub(r"\s+", " ", paragraph.replace("_", "")).strip()
    it = icu.BreakIterator.createSentenceInstance(icu.Locale("en@ss=standard"))
    it.setText(text)
    bounds = [0] + list(it)
    return [s for s in (text[a:b].strip() for a, b in zip(bounds, bounds[1:])) if 4 <= len(s.split()) <= 60]


def _paragraphs(lines):
    out, cur = [], []
    for ln in lines + [""]:
        if ln.strip():
            cur.append(ln.strip())
        elif cur:
            out.append(" ".join(cur))
            cur = []
    # headings ("CHAPTER 1", "VOLUME I", titles in capitals) are not prose
    return [p for p in out if not re.match(r"^(chapter|volume)\b", p, re.I) and p != p.upper()]


def austen():
    path, md5 = AUSTEN_DATA
    if not os.path.exists(path):
        sys.exit(f"missing {path}: apt-get install r-cran-janeaustenr")
    if file_md5(path) != md5:
        sys.exit(f"{path}: md5 differs from the pinned one ({md5}): another r-cran-janeaustenr version")
    out = []
    for book in AUSTEN_BOOKS:
        r = subprocess.run(["Rscript", "-e", f"cat(janeaustenr::{book}, sep='\\n')"], capture_output=True, text=True)
        if r.returncode:
            sys.exit(f"Rscript could not read janeaustenr::{book}: {r.stderr.strip()[:300]}")
        out += [s for p in _paragraphs(r.stdout.split("\n")) for s in icu_sentences(p)]
    return out


def moby_dick(tar_dir):
    tar = tarball(tar_dir, *PINNED[0])
    return [s for _, b in members(tar, r"/data/(chapter_\d+|epilogue)\.json$")
            for p in re.split(r"\n\s*\n", json.loads(b)["text"]) for s in icu_sentences(p)]


def _plain(s):
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def sources(tar_dir):
    """{source: sentences}, each list deduplicated in order."""
    return {"austen": list(dict.fromkeys(austen())), "moby_dick": list(dict.fromkeys(moby_dick(tar_dir)))}


def sample(out_dir, tar_dir):
    with open(CHECK_SET, encoding="utf-8") as f:
        seen = {_plain(ln.rstrip("\n").split("\t")[-1]) for ln in f if not ln.startswith("#")}
    rng = random.Random(0)
    picked = []
    for name, sents in sources(tar_dir).items():
        pool = [s for s in sents if _plain(s) not in seen]
        picked += [(name, s) for s in rng.sample(pool, SAMPLE[name])]
    rng.shuffle(picked)
    os.makedirs(out_dir, exist_ok=True)
    size = -(-len(picked) // CHUNKS)
    for c in range(CHUNKS):
        with open(os.path.join(out_dir, f"chunk-{c + 1}.tsv"), "w", encoding="utf-8") as f:
            f.writelines(f"{key(s)}\t{name}\t{s}\n" for name, s in picked[c * size:(c + 1) * size])
    print(json.dumps({"sampled": len(picked), "chunks": CHUNKS}), f"→ {out_dir}")


ANNOTATORS = "ABC"
LABELS_HEADER = """# Labelled novel sentences (model/train/narrative.py): key = SHA-1 of the sentence (first 12 hex
# digits), its source, and the labels of annotators A, B and C, each given alone by a separate
# AI-assistant session following model/data/narrative-guidelines.md before any model output was seen.
# The sentences are rebuilt from the pinned sources by `narrative.py build`; the majority label is used.
"""


def collect(folder):
    """DIR/chunk-N.tsv (what `sample` wrote) and DIR/out-N-{A,B,C}.tsv (key, label: one file per
    annotator and chunk) → narrative-labels.tsv; a missing, extra or reordered key is an error."""
    rows = []
    for c in range(1, CHUNKS + 1):
        with open(os.path.join(folder, f"chunk-{c}.tsv"), encoding="utf-8") as f:
            given = [ln.rstrip("\n").split("\t")[:2] for ln in f]
        votes = []
        for a in ANNOTATORS:
            with open(os.path.join(folder, f"out-{c}-{a}.tsv"), encoding="utf-8") as f:
                got = [ln.strip().split("\t") for ln in f if ln.strip()]
            if [g[0] for g in got] != [k for k, _ in given] or any(len(g) != 2 or g[1] not in OUTPUTS for g in got):
                sys.exit(f"out-{c}-{a}.tsv: keys differ from chunk-{c}.tsv, or a label is not one of {OUTPUTS}")
            votes.append([g[1] for g in got])
        rows += [(k, source, ",".join(v)) for (k, source), *v in zip(given, *votes)]
    with open(LABELS_FILE, "w", encoding="utf-8") as f:
        f.write(LABELS_HEADER)
        f.writelines(f"{k}\t{source}\t{labels}\n" for k, source, labels in rows)
    print(json.dumps({"sentences": len(rows)}), f"→ {LABELS_FILE}")


def majority(labels):
    best = max(set(labels), key=labels.count)
    return best if labels.count(best) * 2 > len(labels) else None


def read_labels(path=LABELS_FILE):
    """{key: (source, [label A, B, C])}."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for ln in f:
            if ln.startswith("#") or not ln.strip():
                continue
            k, source, labels = ln.rstrip("\n").split("\t")[:3]
            out[k] = (source, labels.split(","))
    return out


def build(out_path, tar_dir):
    labels = read_labels()
    texts = {key(s): s for sents in sources(tar_dir).values() for s in sents}
    missing = [k for k in labels if k not in texts]
    if missing:
        sys.exit(f"{len(missing)} labelled sentences are not in the sources (first {missing[0]}): another source version?")
    counts = {}
    with open(out_path, "w", encoding="utf-8") as f:
        for k, (source, ls) in labels.items():
            m = majority(ls)
            if m is None:
                continue
            if m not in OUTPUTS:
                sys.exit(f"{k}: unknown label {m}")
            p = part(k)
            counts[p] = counts.get(p, 0) + 1
            f.write(f"{k}\t{p}\t{m}\t{texts[k]}\n")
    print(json.dumps(counts), f"→ {out_path}")


def read_built(path, which):
    """(sentences, output ids) of one part of a file `build` wrote."""
    xs, ys = [], []
    with open(path, encoding="utf-8") as f:
        for ln in f:
            _, p, label, text = ln.rstrip("\n").split("\t", 3)
            if p == which:
                xs.append(text)
                ys.append(OUTPUTS.index(label))
    return xs, ys


def main(argv):
    commands = {"sample": (sample, 3), "collect": (collect, 2), "build": (build, 3)}
    if not argv or argv[0] not in commands or len(argv) != commands[argv[0]][1]:
        sys.exit(__doc__)
    commands[argv[0]][0](*argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
