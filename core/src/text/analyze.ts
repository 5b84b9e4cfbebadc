/**
 * Text analysis shared by the embedder and the classifier: lower-casing,
 * word splitting, an English stop-word list and a light suffix stemmer, so
 * "doses", "dosing" and "dosed" meet.
 */

const STOP = new Set(
  ("a about above after again against all am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers herself him himself his " +
    "how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out " +
    "over own same she should so some such than that the their theirs them themselves then there these they this those through to too " +
    "under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves " +
    "also may might must shall us via per etc").split(" "),
);

/** Lower-cased word tokens (letters and digits; keeps "0.5" and "mg/kg" parts). */
export function words(text: string): string[] {
  return text.toLowerCase().normalize("NFKD").match(/[\p{L}\p{N}]+(?:[.'][\p{L}\p{N}]+)*/gu) ?? [];
}

/** A small, deterministic suffix stemmer (Porter step 1 plus common derivations). */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  for (const suffix of ["ational", "ization", "fulness", "ousness", "iveness", "ations", "ation", "ments", "ment", "ness", "ingly", "edly", "ing", "ed", "ly", "er", "ive", "al", "ic", "e"]) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (/(.)\1$/.test(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
  return w;
}

/**
 * The terms of the texts analysed last (each caller gets its own copy): answering one question analyses each retrieved
 * passage several times over (the evidence check, the subject focus and the ranking, before and after the anchor's
 * sections join), and the next question often retrieves some of the same passages. Passage-sized texts only.
 */
const recentTerms = new Map<string, readonly string[]>();
const RECENT_TEXTS = 2048;
const RECENT_TEXT_LENGTH = 4096;

/** Stemmed content words, stop words removed. */
export function terms(text: string): string[] {
  const known = recentTerms.get(text);
  if (known) return known.slice();
  const out: string[] = [];
  for (const w of words(text)) if (!STOP.has(w)) out.push(stem(w));
  if (text.length <= RECENT_TEXT_LENGTH) {
    if (recentTerms.size >= RECENT_TEXTS) recentTerms.delete(recentTerms.keys().next().value!);
    recentTerms.set(text, out.slice());
  }
  return out;
}
