#!/usr/bin/env bash
# Retrains the shipped model reproducibly (fixed seeds, one thread per run: fastest on this
# small model, and two runs side by side on two cores):
#   1. two encoders pretrained as masked language models for 6 epochs (seeds 40 and 41);
#   2. one member fine-tuned from each (seed 40 with outlier-exposure weight 0.3, seed 43 with 0.5),
#      with half of the npm README files in node_modules as extra neutral text (run npm ci first);
#   3. one ensemble graph, calibrated and exported.
# Usage: model/train/train_all.sh DATA_DIR [OUT_DIR]. WORK=DIR keeps the intermediate files
# there; an encoder already in WORK is reused, so a rerun only fine-tunes.
set -euo pipefail
DATA="${1:?usage: train_all.sh DATA_DIR [OUT_DIR]}"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${2:-$HERE/../emotion-distilbert}"
WORK="${WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
RECIPE=(--mix 0.2 --oe-weight 0.3 --ema 0.999 --epochs 10 --frame-rewrite --stem-split 0.15 --phrase-mix 0.25 --lexicon-mix 0.15)
run() { /usr/bin/python3 "$HERE/train.py" --data "$DATA" --out "$OUT" "${RECIPE[@]}" "$@"; }
pretrain() { [ -f "$WORK/encoder-$1.pt" ] || run --seed "$1" --pretrain-epochs 6 --save-pretrained "$WORK/encoder-$1.pt" > "$WORK/encoder-$1.log" 2>&1; }
DOCS="$HERE/../../node_modules"
[ -d "$DOCS" ] || { echo "no $DOCS: run npm ci first" >&2; exit 1; }
finetune() { run --seed "$2" --init-from "$WORK/encoder-$1.pt" --save-member "$WORK/member-$2.pt" --neutral-docs "$DOCS" "${@:3}" > "$WORK/member-$2.log" 2>&1; }
echo "intermediate files in $WORK"
pretrain 40 & pretrain 41 & wait
finetune 40 40 & finetune 41 43 --oe-weight 0.5 & wait
grep -hE '"epoch"|saved' "$WORK"/encoder-*.log "$WORK"/member-*.log
run --quantize-linears --merge "$WORK/member-40.pt" "$WORK/member-43.pt"
