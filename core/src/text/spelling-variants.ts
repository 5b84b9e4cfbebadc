/**
 * British and American spellings of one word. Clinicians write "leukaemia",
 * "oesophagus", "tumour" and "paediatric" where many pages say "leukemia",
 * "esophagus", "tumor" and "pediatric", and the reverse is only ambiguous
 * ("e" could be "ae" or "oe"), so the British forms are rewritten to the
 * American ones by the general rules of English orthography; a variant the
 * knowledge base never uses costs nothing (no lexeme matches it).
 */
import type { Alternative } from "./synonyms.ts";

const RULES: Array<[RegExp, string]> = [
  [/(?<=[a-z])ae(?=[a-qs-z])|^ae(?=ti)/g, "e"], // haem-, anaemia, paediatric, caecum, aetiology (not aerobic, maestro)
  [/^oe(?=[a-z])|(?<=rrh)oe|(?<=[cf])oe(?=[lt])/g, "e"], // oesophagus, oedema, oestrogen, diarrhoea, coeliac, foetus (not poetry, shoe)
  [/our(s?)$/g, "or$1"], // tumour(s), behaviour, colour
  [/(?<=[a-z]{2})isation(s?)$/g, "ization$1"], // immunisation, hospitalisations
  [/(?<=[a-z](?:al|an|im|un|gn|it))is(e|es|ed|ing)$/g, "iz$1"], // hospitalised, minimise, immunise (not noise, promise, arise)
  [/ys(e|es|ed|ing)$/g, "yz$1"], // analyse, paralysed
  [/(?<=[a-z]{2}[tb])re(s?)$/g, "er$1"], // centre, litre, fibre(s) (not genre, acre)
];

/** The American spelling of a British-spelled word, or undefined when the rules change nothing. */
export function americanSpelling(word: string): string | undefined {
  // Short words and words with digits are left alone ("toe", "hbA1c").
  if (word.length < 5 || /\d/.test(word)) return undefined;
  let out = word;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out === word ? undefined : out;
}

/** Alternatives for the subject words that have another spelling. */
export function spellingVariants(subject: Iterable<string>): Alternative[] {
  return [...subject].flatMap((w) => {
    const variant = americanSpelling(w);
    return variant ? [{ words: [variant], for: [w] }] : [];
  });
}
