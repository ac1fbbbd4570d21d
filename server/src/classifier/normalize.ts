/**
 * Maps real writing to the training data's form (lowercase ASCII words, no
 * punctuation; "I'm" -> "im"). Specified together with model/train/textnorm.py and
 * checked against it by test/unit/normalize.test.mjs.
 */
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;
const INNER_APOSTROPHE = /(?<=[a-z0-9])'(?=[a-z])/g;
const MARKS = /\p{M}/gu;
const NOT_WORD = /[^a-z0-9]+/g;

export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(APOSTROPHES, "'")
    .replace(INNER_APOSTROPHE, '')
    .replace(NOT_WORD, ' ')
    .trim();
}
