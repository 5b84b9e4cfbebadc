#!/usr/bin/env python3
"""Scores `rounds deid --json` output on the converted ASQ-PHI set with the shared scorer unchanged.

Usage: python3 plugins/deid/scripts/score-asq-phi.py ../shared/eval-data/deid/score.py DATASET.json OUTPUTS.json [score.py options]

score.py's Safe Harbor view knows the presidio-research types only; every ASQ-PHI category is a Safe
Harbor identifier, so the three record-number types the converter keeps under their ASQ-PHI names are
added to its Safe Harbor types. Nothing else changes: same tokens, alignment, metrics and GPE/date rules.
"""
import importlib.util
import sys

if len(sys.argv) < 4:
    sys.exit(__doc__)
spec = importlib.util.spec_from_file_location("score", sys.argv[1])
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)
score.SH_TYPES |= {"MEDICAL_RECORD_NUMBER", "HEALTH_PLAN_BENEFICIARY_NUMBER", "UNIQUE_IDENTIFIER"}
data_path, out_path = sys.argv[2], sys.argv[3]
sys.argv = [sys.argv[1], *sys.argv[2:]]
score.main()
# ASQ-PHI's own utility figure: a query with no identifier (a "hard negative") should come back unchanged.
import json  # noqa: E402
with open(data_path, encoding="utf-8") as fh:
    data = json.load(fh)
with open(out_path, encoding="utf-8") as fh:
    outs = json.load(fh)
neg = [(s, r) for s, r in zip(data, outs) if not s["spans"]]
print(f"\nqueries without identifiers changed: {sum(1 for s, r in neg if r != s['full_text'])}/{len(neg)}")
