#!/usr/bin/env bash
# Retrains the shipped model reproducibly (fixed seeds, one thread per run: fastest for this
# small model, and two runs go side by side on two cores):
#   0. inputs: the v1 model (six outputs, dair-ai only; git commit aa56d79, md5-checked) whose
#      member 1 is the starting point, and the pinned documentation READMEs (docs.py fetch);
#   1. side by side: member f (v1's member 1 fine-tuned on dair-ai + GoEmotions + neutral text,
#      with an auxiliary head over GoEmotions' 28 fine labels and a binary emotional/neutral
#      loss) and three more masked-LM epochs of v1's member 1 (tweets, GoEmotions comments,
#      neutral text, WordNet definitions);
#   2. member w: that encoder fine-tuned with the auxiliary head (no binary loss);
#   3. one ensemble graph of f and w, calibrated on the 'select' halves, exported.
# Usage: model/train/train_all.sh DATA_DIR [OUT_DIR]. WORK=DIR keeps the intermediate files
# there; a stage whose output is already in WORK is skipped, and an interrupted stage resumes
# from its last finished epoch.
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
stage() { local out="$1" log="$2"; shift 2; [ -f "$out" ] || run "$@" > "$log" 2>&1; }
echo "intermediate files in $WORK"
stage "$WORK/member-f41.pt" "$WORK/member-f41.log" --seed 41 --init-member 1 --epochs 3 --aux-goemotions 8 --emotional-weight 1 --save-member "$WORK/member-f41.pt" & f=$!
stage "$WORK/pretrained-41.pt" "$WORK/pretrained-41.log" --seed 41 --init-member 1 --pretrain-epochs 3 --save-pretrained "$WORK/pretrained-41.pt" & p=$!
wait $f; wait $p  # each, so that a failed stage stops the run
stage "$WORK/member-w41.pt" "$WORK/member-w41.log" --seed 41 --init-member 1 --init-pretrained "$WORK/pretrained-41.pt" --epochs 3 --aux-goemotions 8 --save-member "$WORK/member-w41.pt"
grep -h '"epoch"' "$WORK"/pretrained-41.log "$WORK"/member-[fw]41.log
run --merge "$WORK/member-f41.pt" "$WORK/member-w41.pt" --embedding-bits 4
