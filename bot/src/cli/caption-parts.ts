/**
 * A caption file (WebVTT, SubRip) split into what is format and what is
 * words, so `rounds deid` de-identifies the words and leaves the format alone:
 * the `WEBVTT` signature, cue numbers, timing lines with their settings,
 * `STYLE`/`REGION` blocks and markup tags are structure; cue text, the
 * header's title, `NOTE` comments and the speaker named in a `<v …>` voice
 * tag are words. Whatever is not recognised as structure is words, so an
 * odd file is de-identified whole rather than left with a name in it.
 * Joining the parts' texts gives back the input exactly.
 */
export interface CaptionPart {
  text: string;
  /** True for words to de-identify; false for the format's own structure. */
  words: boolean;
}

const TIMING = /-->/;
/** Markup inside a cue: `<v.loud Name>` (the name is words), any other tag or `<00:00:01.000>`, and SubRip's `{\an8}`. */
const MARKUP = /(<v(?:\.[^\s>]*)?[ \t]+)([^>]*)(>)|<[^>]*>|\{\\[^}]*\}/g;

/** Parts of a caption file of `mediaType` (`text/vtt` or `application/x-subrip`); any other type is one part of words. */
export function captionParts(text: string, mediaType: string): CaptionPart[] {
  if (mediaType !== "text/vtt" && mediaType !== "application/x-subrip") return [{ text, words: true }];
  const parts: CaptionPart[] = [];
  const push = (s: string, words: boolean) => {
    if (!s) return;
    const last = parts.at(-1);
    if (last && last.words === words) last.text += s;
    else parts.push({ text: s, words });
  };
  const lines = text.match(/[^\r\n]*(?:\r\n|\n|\r|$)/g)!.filter((l, i, all) => l !== "" || i < all.length - 1);
  let block: "header" | "start" | "cue" | "note" | "style" = mediaType === "text/vtt" ? "header" : "start";
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const body = line.replace(/[\r\n]+$/, "");
    const end = line.slice(body.length);
    if (!body.trim()) {
      push(line, false);
      if (!first || block !== "header") block = "start";
      continue;
    }
    if (block === "header") {
      if (first) {
        // "WEBVTT" (after a byte-order mark), then an optional title: words.
        const m = /^(\uFEFF?WEBVTT[ \t]*)(.*)$/.exec(body);
        if (m) { push(m[1]!, false); push(m[2]!, true); } else push(body, true);
        first = false;
      } else {
        // Header metadata, "Kind: captions": the key is structure, the value words.
        const m = /^([\w-]+:[ \t]*)(.*)$/.exec(body);
        if (m) { push(m[1]!, false); push(m[2]!, true); } else push(body, true);
      }
      push(end, false);
      continue;
    }
    first = false;
    if (block === "start") {
      const next = lines[i + 1] ?? "";
      if (TIMING.test(body)) block = "cue";
      else if (mediaType === "text/vtt" && /^NOTE(?:[ \t]|$)/.test(body)) block = "note";
      else if (mediaType === "text/vtt" && /^(?:STYLE|REGION)[ \t]*$/.test(body)) block = "style";
      if (block === "note") {
        push("NOTE", false);
        push(body.slice(4), true);
      } else if (block === "style" || block === "cue") {
        push(body, false);
      } else if (TIMING.test(next) && /^\s*\d+\s*$/.test(body)) {
        push(body, false); // a cue number
      } else {
        push(body, true); // a named cue identifier, or a line this splitter does not know
      }
      push(end, false);
      continue;
    }
    if (block === "cue") cueText(body, push);
    else push(body, block === "note");
    // A line break inside a cue's text or a comment belongs to its words, so a multi-line cue is de-identified as one text.
    push(end, block !== "style" && !!(lines[i + 1] ?? "").trim());
  }
  return parts;
}

function cueText(line: string, push: (s: string, words: boolean) => void): void {
  let at = 0;
  for (const m of line.matchAll(MARKUP)) {
    push(line.slice(at, m.index), true);
    if (m[1] !== undefined) {
      push(m[1], false);
      push(m[2]!, true);
      push(m[3]!, false);
    } else {
      push(m[0], false);
    }
    at = m.index + m[0].length;
  }
  push(line.slice(at), true);
}
