"""Text normalisation shared (by specification and by test) with the TypeScript
classifier: server/src/classifier/normalize.ts must produce the same string.

The training data is lowercase tweets without punctuation ("im furious that the
build broke"), while people write "I'm furious that the build broke again! 😡".
Mapping both to the same form means casing, punctuation, apostrophes and emoji
cannot flip a label.
"""
import re
import unicodedata

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u0060\u00b4]")
_INNER_APOSTROPHE = re.compile(r"(?<=[a-z0-9])'(?=[a-z])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Punctuation a model reads as words of their own ("!?"; config.json emotion_lens.keep_punctuation):
# a run of them ("?!!") becomes its first character, spaced. Empty: none (v1, v2).
KEEP = ""


def configure(keep: str) -> None:
    global KEEP
    KEEP = keep


def normalize(text: str, keep: str = None) -> str:
    keep = KEEP if keep is None else keep
    text = unicodedata.normalize("NFD", text.lower())
    # drop marks (accents) so "café" reads as "cafe" (JS: /\p{M}/gu)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    text = _APOSTROPHES.sub("'", text)
    text = _INNER_APOSTROPHE.sub("", text)  # i'm -> im, don't -> dont (the data's spelling)
    if keep:
        k = re.escape(keep)
        text = re.sub(f"([{k}])[{k}]*", r" \1 ", text)
        return re.sub(f"[^a-z0-9{k}]+", " ", text).strip()
    return _NOT_WORD.sub(" ", text).strip()
