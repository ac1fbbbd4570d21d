/**
 * Maps real writing to the training data's form (lowercase ASCII words, no
 * punctuation; "I'm" -> "im"). Specified together with model/train/textnorm.py and
 * checked against it by test/unit/normalize.test.mjs. `keep`: punctuation the model
 * reads as words of their own (config.json emotion_lens.keep_punctuation, e.g. "!?");
 * a run of them ("?!!") becomes its first character, spaced.
 */
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;
const INNER_APOSTROPHE = /(?<=[a-z0-9])'(?=[a-z])/g;
const MARKS = /\p{M}/gu;
const NOT_WORD = /[^a-z0-9]+/g;

const kept = new Map<string, { run: RegExp; notWord: RegExp }>();

export function normalizeText(text: string, keep = ''): string {
  const words = text.toLowerCase().normalize('NFD').replace(MARKS, '').replace(APOSTROPHES, "'").replace(INNER_APOSTROPHE, '');
  if (!keep) return words.replace(NOT_WORD, ' ').trim();
  let re = kept.get(keep);
  if (!re) {
    const k = keep.replace(/[\\\]^-]/g, '\\$&');
    kept.set(keep, (re = { run: new RegExp(`([${k}])[${k}]*`, 'g'), notWord: new RegExp(`[^a-z0-9${k}]+`, 'g') }));
  }
  return words.replace(re.run, ' $1 ').replace(re.notWord, ' ').trim();
}

/** Whether a normalised text has anything to judge (kept punctuation alone is not). */
export function hasWords(normalized: string): boolean {
  return /[a-z0-9]/.test(normalized);
}
