#!/usr/bin/env bash
# Retrains the shipped model reproducibly (fixed seeds, one thread per run: fastest for this
# small model, and the two members run side by side on two cores):
#   0. inputs: the v1 model (six outputs, dair-ai only; git commit aa56d79, md5-checked) whose
#      encoders are the starting point, and the pinned documentation READMEs (docs.py fetch);
#   1. two members fine-tuned from v1's two members on dair-ai + GoEmotions + neutral text;
#   2. one ensemble graph, calibrated on the 'select' halves, exported.
# Usage: model/train/train_all.sh DATA_DIR [OUT_DIR]. WORK=DIR keeps the intermediate files
# there; a stage whose output is already in WORK is skipped, so an interrupted run resumes.
set -euo pipefail
DATA="${1:?usage: train_all.sh DATA_DIR [OUT_DIR]}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${2:-$ROOT/model/emotion-distilbert}"
WORK="${WORK:-$ROOT/.train-work}"
PY=/usr/bin/python3
V1=aa56d79
mkdir -p "$WORK"
for f in emotion/train.txt emotion/validation.txt goemotions/train.tsv goemotions/dev.tsv goemotions/labels.txt commits/subjects.txt; do
  [ -f "$DATA/$f" ] || { echo "missing $DATA/$f (see ../shared/data/README.md)" >&2; exit 1; }
done
[ -f /usr/share/wordnet/data.noun ] || { echo "missing WordNet: apt-get install wordnet" >&2; exit 1; }
if [ ! -f "$WORK/v1.onnx" ]; then
  git -C "$ROOT" show "$V1:model/emotion-distilbert/onnx/model.onnx" > "$WORK/v1.onnx.tmp"
  git -C "$ROOT" show "$V1:model/emotion-distilbert/tokenizer.json" > "$WORK/v1-tokenizer.json"
  echo "fc356549d767d1ee14111995531afff6  $WORK/v1.onnx.tmp" | md5sum -c --quiet && mv "$WORK/v1.onnx.tmp" "$WORK/v1.onnx"
fi
$PY "$HERE/docs.py" fetch "$WORK/docs" "$ROOT/node_modules"
run() { $PY "$HERE/train.py" --data "$DATA" --docs "$WORK/docs" --out "$OUT" --init-onnx "$WORK/v1.onnx" --init-tokenizer "$WORK/v1-tokenizer.json" "$@"; }
member() { [ -f "$WORK/member-$1.pt" ] || run --seed "$1" --init-member "$2" --save-member "$WORK/member-$1.pt" "${@:3}" > "$WORK/member-$1.log" 2>&1; }
echo "intermediate files in $WORK"
member 40 0 & member 41 1 & wait
grep -h '"epoch"' "$WORK"/member-*.log
run --merge "$WORK/member-40.pt" "$WORK/member-41.pt" --embedding-bits 4
