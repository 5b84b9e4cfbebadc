/**
 * A read-only map from words to small numbers (the vocabulary's list bits) kept in typed arrays: the words' characters
 * in one array, and an open-addressing hash table whose every slot is one record of four numbers side by side (the
 * word's hash, where its characters start, its length and its value). Against a `Map` of the same ~430,000 words it
 * holds no JavaScript object per word (nothing for the collector to walk), and a lookup reads
 * one record (one cache line, with the next slots of the probe) and, only when the hash and length agree, the word's
 * characters: two places in memory, where separate arrays of hashes, positions, lengths and values cost five or six,
 * which is most of a lookup's cost on a busy machine. Answers exactly as a `Map` of the same entries
 * (`test/word-table.test.ts`).
 *
 * In front of the table, a small direct-mapped memo of recent lookups (words of up to `RECENT_WIDTH` code units, hits
 * and misses alike): a text's words are mostly the same few thousand ("the", "patient", "and"), and the memo's ~180 KB
 * stay in the processor's cache where the table's tens of megabytes do not. It copies the characters it keeps (a word
 * sliced from a text would hold the whole text alive) and answers only when hash, length and every character agree.
 */
export class WordTable {
  private chars: Uint16Array;
  /** Slot s is `records[4s .. 4s+3]`: hash, start in `chars`, length + 1 (0: empty slot), value. */
  private records: Int32Array;
  private mask: number;
  /** Memo slot m is `recent[3m .. 3m+2]`: hash, length + 1 (0: empty), value; its characters at `recentChars[RECENT_WIDTH * m]`. */
  private readonly recent = new Int32Array(RECENT * 3);
  private readonly recentChars = new Uint16Array(RECENT * RECENT_WIDTH);

  /**
   * From pairs of a word and a value; a word given more than once holds its values ORed together (the vocabulary passes
   * each list's words with the list's bit, and no `Map` of the union is built first: that map cost about a third of the
   * vocabulary's build). The table doubles whenever it would be over half full, so it ends the size a `Map`'s count gives.
   */
  constructor(entries: Iterable<readonly [string, number]>) {
    this.chars = new Uint16Array(1 << 16);
    this.records = new Int32Array(64 * 4);
    this.mask = 63;
    let count = 0;
    let at = 0;
    for (const [w, value] of entries) {
      const h = hash(w);
      let s = this.slotOf(w, h);
      if (this.records[s * 4 + 2] !== 0) {
        this.records[s * 4 + 3]! |= value;
        continue;
      }
      if ((count + 1) * 2 > this.mask + 1) {
        this.grow();
        s = this.slotOf(w, h);
      }
      count++;
      if (at + w.length > this.chars.length) {
        const chars = new Uint16Array(Math.max(this.chars.length * 2, at + w.length));
        chars.set(this.chars);
        this.chars = chars;
      }
      const r = s * 4;
      this.records[r] = h;
      this.records[r + 1] = at;
      this.records[r + 2] = w.length + 1;
      this.records[r + 3] = value;
      for (let c = 0; c < w.length; c++) this.chars[at++] = w.charCodeAt(c);
    }
    this.chars = this.chars.slice(0, at);
  }

  /** The word's slot: where it is, or the empty slot where it would go. */
  private slotOf(w: string, h: number): number {
    const n = w.length + 1;
    const { records, chars, mask } = this;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const r = s * 4;
      const stored = records[r + 2]!;
      if (stored === 0) return s;
      if (records[r] !== h || stored !== n) continue;
      const start = records[r + 1]!;
      let c = 0;
      while (c < w.length && chars[start + c] === w.charCodeAt(c)) c++;
      if (c === w.length) return s;
    }
  }

  /** Twice the slots, every record moved to its slot there (by its stored hash: no word is read again). */
  private grow(): void {
    const old = this.records;
    const size = (this.mask + 1) * 2;
    this.records = new Int32Array(size * 4);
    this.mask = size - 1;
    for (let r = 0; r < old.length; r += 4) {
      if (old[r + 2] === 0) continue;
      let s = old[r]! & this.mask;
      while (this.records[s * 4 + 2] !== 0) s = (s + 1) & this.mask;
      this.records.set(old.subarray(r, r + 4), s * 4);
    }
  }

  /** The word's value, 0 when it is not in the table. */
  get(w: string): number {
    const h = hash(w);
    if (w.length > RECENT_WIDTH) return this.lookUp(w, h);
    const { recent, recentChars } = this;
    const m = (h >>> 7) & (RECENT - 1);
    const at = m * RECENT_WIDTH;
    if (recent[m * 3] === h && recent[m * 3 + 1] === w.length + 1) {
      let c = 0;
      while (c < w.length && recentChars[at + c] === w.charCodeAt(c)) c++;
      if (c === w.length) return recent[m * 3 + 2]!;
    }
    const value = this.lookUp(w, h);
    recent[m * 3] = h;
    recent[m * 3 + 1] = w.length + 1;
    recent[m * 3 + 2] = value;
    for (let c = 0; c < w.length; c++) recentChars[at + c] = w.charCodeAt(c);
    return value;
  }

  /** The word's value in the table itself (an empty slot's value is 0). */
  private lookUp(w: string, h: number): number {
    return this.records[this.slotOf(w, h) * 4 + 3]!;
  }
}

/** Slots of the memo of recent lookups, and the longest word it keeps (in UTF-16 code units). */
const RECENT = 4096;
const RECENT_WIDTH = 16;

/** FNV-1a over the UTF-16 code units. */
function hash(w: string): number {
  let h = 0x811c9dc5;
  for (let c = 0; c < w.length; c++) h = Math.imul(h ^ w.charCodeAt(c), 0x01000193);
  return h | 0;
}
