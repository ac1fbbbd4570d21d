import { createHash } from 'crypto';

/** The 70/30 split of commit subjects used by model/train/data.py: SHA-1 of the subject. */
export function commitPart(subject: string): 'train' | 'heldout' {
  return parseInt(createHash('sha1').update(subject, 'utf8').digest('hex').slice(0, 8), 16) % 10 < 7 ? 'train' : 'heldout';
}
