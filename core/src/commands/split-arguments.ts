/**
 * Splits a command's argument text into words the way a shell would for
 * plain and quoted words: `a "b c" 'd'` → `a`, `b c`, `d`. No escapes or
 * expansions; an unclosed quote runs to the end.
 */
export function splitArguments(text: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"?|'([^']*)'?|(\S+)/g;
  for (const m of text.matchAll(pattern)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}
