/**
 * A read-only map from words to small numbers (the vocabulary's list bits) kept in typed arrays: the words' characters
 * in one array, an open-addressing hash table of their positions beside each one's hash, and the values. Against a
 * `Map` of the same ~430,000 words it holds no JavaScript object per word (nothing for the collector to walk, about
 * half the memory) and a lookup touches two or three places in memory instead of five or six, which is most of its
 * cost on a busy machine. Answers exactly as the `Map` it is built from (`test/word-table.test.ts`).
 */
export class WordTable {
  private readonly chars: Uint16Array;
  /** Where each word starts in `chars` (word k ends where k + 1 starts). */
  private readonly offsets: Int32Array;
  private readonly values: Int32Array;
  /** Slot → word index + 1 (0: empty), and the word's hash beside it. */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;

  constructor(entries: ReadonlyMap<string, number>) {
    let length = 0;
    for (const w of entries.keys()) length += w.length;
    this.chars = new Uint16Array(length);
    this.offsets = new Int32Array(entries.size + 1);
    this.values = new Int32Array(entries.size);
    let size = 1;
    while (size < entries.size * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    let k = 0;
    let at = 0;
    for (const [w, value] of entries) {
      this.offsets[k] = at;
      for (let c = 0; c < w.length; c++) this.chars[at++] = w.charCodeAt(c);
      this.values[k] = value;
      const h = hash(w);
      let s = h & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = k + 1;
      this.hashes[s] = h;
      k++;
    }
    this.offsets[k] = at;
  }

  /** The word's value, 0 when it is not in the table. */
  get(w: string): number {
    const h = hash(w);
    const { slots, hashes, offsets, chars, mask } = this;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = slots[s]!;
      if (k === 0) return 0;
      if (hashes[s] !== h) continue;
      const start = offsets[k - 1]!;
      if (offsets[k]! - start !== w.length) continue;
      let c = 0;
      while (c < w.length && chars[start + c] === w.charCodeAt(c)) c++;
      if (c === w.length) return this.values[k - 1]!;
    }
  }
}

/** FNV-1a over the UTF-16 code units. */
function hash(w: string): number {
  let h = 0x811c9dc5;
  for (let c = 0; c < w.length; c++) h = Math.imul(h ^ w.charCodeAt(c), 0x01000193);
  return h | 0;
}
