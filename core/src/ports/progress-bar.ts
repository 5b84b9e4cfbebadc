/**
 * The bar a channel draws for a progress block: ten cells, the done share
 * (clamped to 0–1) of them filled, and the whole percentage. Undefined when the
 * share is unknown (absent or not a finite number): the channel shows the label alone.
 */
export function progressBar(fraction: number | undefined, filled: string, empty: string): { bar: string; percent: number } | undefined {
  if (fraction === undefined || !Number.isFinite(fraction)) return undefined;
  const f = Math.min(1, Math.max(0, fraction));
  const cells = Math.round(f * 10);
  return { bar: filled.repeat(cells) + empty.repeat(10 - cells), percent: Math.round(f * 100) };
}
