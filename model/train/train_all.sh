#!/usr/bin/env bash
# Retrains the shipped model reproducibly (fixed seeds, one thread per run: fastest for this
# small model, and two runs go side by side on two cores):
#   0. inputs: the v1 model (six outputs, dair-ai only; git commit aa56d79, md5-checked) whose
#      member 1 is the starting point, the pinned documentation READMEs (docs.py fetch) and
#      84,460 sentences of other English from three pinned npm datasets (unlabelled.py);
#   1. three more masked-LM epochs of v1's member 1 (tweets, GoEmotions comments, neutral
#      text, WordNet definitions: 113,354 texts);
#   2. side by side: member w (that encoder fine-tuned, with an auxiliary head over
#      GoEmotions' 28 fine labels) and two more masked-LM epochs with the other English
#      (197,680 texts);
#   3. that encoder stacked to four blocks (its two blocks copied on top of themselves),
#      two masked-LM epochs over the 113,354 texts;
#   4. member a: the four-block encoder fine-tuned with the auxiliary head and a binary
#      emotional/neutral loss that also reads the comments our six do not map;
#   5. one ensemble graph of w and a (int8 weights and block inputs), calibrated on the
#      'select' halves, exported.
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
[ -f "$WORK/extra.txt" ] || $PY "$HERE/unlabelled.py" "$WORK/extra.txt" "$WORK/pkgs"
echo "93f742efbfe06ba1ba397860d4647c70  $WORK/extra.txt" | md5sum -c --quiet || { echo "$WORK/extra.txt differs from the pinned text: delete it and run again" >&2; exit 1; }
run() { $PY "$HERE/train.py" --data "$DATA" --docs "$WORK/docs" --out "$OUT" --init-onnx "$WORK/v1.onnx" --init-tokenizer "$WORK/v1-tokenizer.json" --seed 41 --init-member 1 "$@"; }
stage() { local out="$1" log="$2"; shift 2; [ -f "$out" ] || run "$@" > "$log" 2>&1; }
echo "intermediate files in $WORK"
stage "$WORK/pretrained-41.pt" "$WORK/pretrained-41.log" --pretrain-epochs 3 --save-pretrained "$WORK/pretrained-41.pt"
stage "$WORK/member-w41.pt" "$WORK/member-w41.log" --init-pretrained "$WORK/pretrained-41.pt" --epochs 3 --aux-goemotions 8 --save-member "$WORK/member-w41.pt" & w=$!
stage "$WORK/pretrained-41c.pt" "$WORK/pretrained-41c.log" --init-pretrained "$WORK/pretrained-41.pt" --pretrain-text "$WORK/extra.txt" --pretrain-epochs 2 --save-pretrained "$WORK/pretrained-41c.pt" & c=$!
wait $c  # each, so that a failed stage stops the run
stage "$WORK/pre4-41c.pt" "$WORK/pre4-41c.log" --layers 4 --init-pretrained "$WORK/pretrained-41c.pt" --pretrain-epochs 2 --save-pretrained "$WORK/pre4-41c.pt"
wait $w
stage "$WORK/member-sca41.pt" "$WORK/member-sca41.log" --layers 4 --init-pretrained "$WORK/pre4-41c.pt" --epochs 3 --aux-goemotions 8 --emotional-weight 0.5 --ambiguous-binary --save-member "$WORK/member-sca41.pt"
grep -hs 'epoch"' "$WORK"/pretrained-41.log "$WORK"/pretrained-41c.log "$WORK"/pre4-41c.log "$WORK"/member-w41.log "$WORK"/member-sca41.log || true  # -s: a stage reused from elsewhere may have no log
run --merge "$WORK/member-w41.pt" "$WORK/member-sca41.pt" --embedding-bits 4
