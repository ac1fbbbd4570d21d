#!/usr/bin/env bash
# Retrains the shipped model reproducibly: two members (seeds 31 and 32), side by side
# (one thread each is fastest on this small model), then one ensemble graph,
# calibrated and exported. Usage: model/train/train_all.sh DATA_DIR [OUT_DIR]
set -euo pipefail
DATA="${1:?usage: train_all.sh DATA_DIR [OUT_DIR]}"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${2:-$HERE/../emotion-distilbert}"
WORK="${WORK:-$(mktemp -d)}"
RECIPE=(--mix 0.2 --oe-weight 0.3 --ema 0.999 --epochs 10 --frame-rewrite --stem-split 0.15 --phrase-mix 0.25 --lexicon-mix 0.15 --pretrain-epochs 1)
train() { /usr/bin/python3 "$HERE/train.py" --data "$DATA" --out "$OUT" "${RECIPE[@]}" --seed "$1" --save-member "$WORK/member-$1.pt" > "$WORK/member-$1.log" 2>&1; }
train 31 & train 32 & wait
cat "$WORK"/member-*.log | grep -E '"epoch"|saved'
/usr/bin/python3 "$HERE/train.py" --data "$DATA" --out "$OUT" "${RECIPE[@]}" --quantize-linears --merge "$WORK"/member-31.pt "$WORK"/member-32.pt
