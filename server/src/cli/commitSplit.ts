import { createHash } from 'crypto';

/** A deterministic bucket from SHA-1 (model/train/data.py's _hash_bucket computes the same). */
export function hashBucket(key: string, buckets: number): number {
  return parseInt(createHash('sha1').update(key, 'utf8').digest('hex').slice(0, 8), 16) % buckets;
}

/** The 70/30 split of commit subjects used by model/train/data.py: SHA-1 of the subject. */
export function commitPart(subject: string): 'train' | 'heldout' {
  return hashBucket(subject, 10) < 7 ? 'train' : 'heldout';
}
