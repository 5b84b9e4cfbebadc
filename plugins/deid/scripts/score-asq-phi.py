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
sys.argv = [sys.argv[1], *sys.argv[2:]]
score.main()
