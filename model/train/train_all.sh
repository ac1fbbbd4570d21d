#!/usr/bin/env bash
# Retrains the shipped model reproducibly: two members side by side (seed 32 with one
# masked-LM epoch, seed 34 with two; one thread each is fastest on this small model), then one ensemble graph,
# calibrated and exported. Usage: model/train/train_all.sh DATA_DIR [OUT_DIR]
set -euo pipefail
DATA="${1:?usage: train_all.sh DATA_DIR [OUT_DIR]}"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${2:-$HERE/../emotion-distilbert}"
WORK="${WORK:-$(mktemp -d)}"
RECIPE=(--mix 0.2 --oe-weight 0.3 --ema 0.999 --epochs 10 --frame-rewrite --stem-split 0.15 --phrase-mix 0.25 --lexicon-mix 0.15)
train() { /usr/bin/python3 "$HERE/train.py" --data "$DATA" --out "$OUT" "${RECIPE[@]}" --seed "$1" --pretrain-epochs "$2" --save-member "$WORK/member-$1.pt" > "$WORK/member-$1.log" 2>&1; }
train 32 1 & train 34 2 & wait
cat "$WORK"/member-*.log | grep -E '"epoch"|saved'
/usr/bin/python3 "$HERE/train.py" --data "$DATA" --out "$OUT" "${RECIPE[@]}" --quantize-linears --pretrain-epochs 1 --merge "$WORK"/member-32.pt "$WORK"/member-34.pt
