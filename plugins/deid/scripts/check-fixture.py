#!/usr/bin/env python3
"""Standalone checker for a deid fixture (.jsonl of {"text", "phi": [[value, TYPE], ...]}).

Imports nothing from Rounds. Re-implements the fixture's documented offset rule (a value is found at
its next occurrence not glued to a letter/digit run; a value listed twice means its first and second
occurrence) and checks:
  - each line is JSON with exactly the keys text, phi; phi a list of [str, TYPE] pairs
  - TYPE is one of the PhiType names
  - every value is non-empty, has no leading/trailing blank, and is found
  - no two gold spans overlap
  - every whole-word occurrence of a labelled value is covered by some gold span (else a repeat was
    left unlabelled, which would count as over-redaction, or the span landed on the wrong occurrence)
Optionally (--lookalikes FILE.json: list per line of strings that must stay) checks that each
look-alike is in its text and overlaps no gold span.
Prints counts per type. Exits 1 on any problem.

    python3 plugins/deid/scripts/check-fixture.py plugins/deid/test/fixtures/blind-5.jsonl \
      --lookalikes plugins/deid/eval/blind-5-lookalikes.json
"""
import json, re, sys
from collections import Counter

TYPES = {"NAME", "LOCATION", "ZIP", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTH_PLAN",
         "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "BIOMETRIC", "PHOTO", "ID"}

def cls(ch):
    if ch is None: return None
    if re.match(r"\d", ch): return "N"
    if ch.isalpha(): return "L"
    return None

def glued(a, b):
    ca, cb = cls(a), cls(b)
    return ca is not None and ca == cb

def at(text, i):
    return text[i] if 0 <= i < len(text) else None

def occurrences(text, value):
    out, i = [], text.find(value)
    while i >= 0:
        if not (glued(at(text, i - 1), value[0]) or glued(at(text, i + len(value)), value[-1])):
            out.append(i)
        i = text.find(value, i + 1)
    return out

def gold_spans(text, phi):
    seen, spans = {}, []
    for value, typ in phi:
        start = text.find(value, seen.get(value, 0))
        while start >= 0 and (glued(at(text, start - 1), value[0]) or glued(at(text, start + len(value)), value[-1])):
            start = text.find(value, start + 1)
        if start < 0:
            raise ValueError(f'"{value}" not found (after earlier occurrences)')
        seen[value] = start + len(value)
        spans.append((start, start + len(value), typ, value))
    return spans

def main():
    args = sys.argv[1:]
    look = None
    if "--lookalikes" in args:
        k = args.index("--lookalikes"); look = json.load(open(args[k + 1])); del args[k:k + 2]
    path = args[0]
    problems, counts, rows = [], Counter(), 0
    lines = [l for l in open(path, encoding="utf8").read().split("\n") if l.strip()]
    look_n = 0
    for n, line in enumerate(lines, 1):
        rows += 1
        try:
            row = json.loads(line)
        except Exception as e:
            problems.append(f"line {n}: not JSON ({e})"); continue
        if set(row) != {"text", "phi"} or not isinstance(row["text"], str) or not isinstance(row["phi"], list):
            problems.append(f"line {n}: keys must be text, phi"); continue
        text, phi = row["text"], row["phi"]
        ok = True
        for p in phi:
            if not (isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and p[1] in TYPES):
                problems.append(f"line {n}: bad pair {p!r}"); ok = False
            elif not p[0] or p[0] != p[0].strip():
                problems.append(f"line {n}: empty or untrimmed value {p[0]!r}"); ok = False
        if not ok: continue
        try:
            spans = gold_spans(text, phi)
        except ValueError as e:
            problems.append(f"line {n}: {e}"); continue
        for i, a in enumerate(spans):
            # the span really is the value at those offsets
            if text[a[0]:a[1]] != a[3]: problems.append(f"line {n}: offsets of {a[3]!r} do not match")
            for b in spans[i + 1:]:
                if a[0] < b[1] and b[0] < a[1]:
                    problems.append(f"line {n}: spans overlap: {a[3]!r} and {b[3]!r}")
        for value in {v for v, _ in phi}:
            for o in occurrences(text, value):
                if not any(s[0] <= o and o + len(value) <= s[1] for s in spans):
                    problems.append(f"line {n}: occurrence of {value!r} at {o} is not labelled")
        for s in spans: counts[s[2]] += 1
        if look is not None:
            for w in look[n - 1]:
                o = occurrences(text, w)
                if not o: problems.append(f"line {n}: look-alike {w!r} not in text")
                for x in o:
                    if any(s[0] < x + len(w) and x < s[1] for s in spans):
                        problems.append(f"line {n}: look-alike {w!r} overlaps a gold span")
                look_n += 1
    print(f"{path}: {rows} texts, {sum(counts.values())} spans")
    for t, c in counts.most_common(): print(f"  {t:12} {c}")
    if look is not None: print(f"  look-alikes that must stay: {look_n}")
    for p in problems: print("PROBLEM:", p)
    sys.exit(1 if problems else 0)

if __name__ == "__main__":
    main()
