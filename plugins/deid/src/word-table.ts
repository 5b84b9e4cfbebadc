/**
 * A read-only map from words to small numbers (the vocabulary's list bits) kept in typed arrays: the words' characters
 * in one array, and an open-addressing hash table whose every slot is one record of four numbers side by side (the
 * word's hash, where its characters start, its length and its value). Against a `Map` of the same ~430,000 words it
 * holds no JavaScript object per word (nothing for the collector to walk), and a lookup reads
 * one record (one cache line, with the next slots of the probe) and, only when the hash and length agree, the word's
 * characters: two places in memory, where separate arrays of hashes, positions, lengths and values cost five or six,
 * which is most of a lookup's cost on a busy machine. Answers exactly as the `Map` it is built from
 * (`test/word-table.test.ts`).
 *
 * In front of the table, a small direct-mapped memo of recent lookups (words of up to `RECENT_WIDTH` code units, hits
 * and misses alike): a text's words are mostly the same few thousand ("the", "patient", "and"), and the memo's ~180 KB
 * stay in the processor's cache where the table's tens of megabytes do not. It copies the characters it keeps (a word
 * sliced from a text would hold the whole text alive) and answers only when hash, length and every character agree.
 */
export class WordTable {
  private readonly chars: Uint16Array;
  /** Slot s is `records[4s .. 4s+3]`: hash, start in `chars`, length + 1 (0: empty slot), value. */
  private readonly records: Int32Array;
  private readonly mask: number;
  /** Memo slot m is `recent[3m .. 3m+2]`: hash, length + 1 (0: empty), value; its characters at `recentChars[RECENT_WIDTH * m]`. */
  private readonly recent = new Int32Array(RECENT * 3);
  private readonly recentChars = new Uint16Array(RECENT * RECENT_WIDTH);

  /** The table of `entries`; `fromArrays` restores one from the arrays of another (`arrays()`, a cached copy). */
  constructor(entries: ReadonlyMap<string, number>, restored?: { chars: Uint16Array; records: Int32Array }) {
    if (restored) {
      const slots = restored.records.length / 4;
      if (slots < 1 || (slots & (slots - 1)) !== 0 || entries.size > 0) throw new RangeError("WordTable.fromArrays: not the arrays of a table");
      this.chars = restored.chars;
      this.records = restored.records;
      this.mask = slots - 1;
      return;
    }
    let length = 0;
    for (const w of entries.keys()) length += w.length;
    this.chars = new Uint16Array(length);
    let size = 1;
    while (size < entries.size * 2) size *= 2;
    this.records = new Int32Array(size * 4);
    this.mask = size - 1;
    let at = 0;
    for (const [w, value] of entries) {
      const h = hash(w);
      let s = h & this.mask;
      while (this.records[s * 4 + 2] !== 0) s = (s + 1) & this.mask;
      const r = s * 4;
      this.records[r] = h;
      this.records[r + 1] = at;
      this.records[r + 2] = w.length + 1;
      this.records[r + 3] = value;
      for (let c = 0; c < w.length; c++) this.chars[at++] = w.charCodeAt(c);
    }
  }

  static fromArrays(chars: Uint16Array, records: Int32Array): WordTable {
    return new WordTable(new Map(), { chars, records });
  }

  /** The table's own arrays (not copies), for `fromArrays`. */
  arrays(): { chars: Uint16Array; records: Int32Array } {
    return { chars: this.chars, records: this.records };
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

  /** The word's value in the table itself. */
  private lookUp(w: string, h: number): number {
    const n = w.length + 1;
    const { records, chars, mask } = this;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const r = s * 4;
      const stored = records[r + 2]!;
      if (stored === 0) return 0;
      if (records[r] !== h || stored !== n) continue;
      const start = records[r + 1]!;
      let c = 0;
      while (c < w.length && chars[start + c] === w.charCodeAt(c)) c++;
      if (c === w.length) return records[r + 3]!;
    }
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
