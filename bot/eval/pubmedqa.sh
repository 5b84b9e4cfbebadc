#!/usr/bin/env bash
# The PubMedQA answer pack in one command: build it from a fetched github.com/pubmedqa/pubmedqa (MIT),
# run one half through the extractive answer path (embedded default) and print MedQuAD's score.py
# aggregates twice: gold = the conclusion, then gold = the whole abstract. Evaluation only, never a
# test: the fetched text stays outside the repository.
#
#   bot/eval/pubmedqa.sh <fetched pubmedqa folder> [tune|assert] [out folder]
#
# Env: RANKINGS (default "answer,bm25,hybrid": the answer's passages, then the index's BM25 and fused
# top 10; the answers once, then each index ranking with run-pack.ts --ranking-only), TITLE (pmid|question, default pmid), SCORE_PY (default
# ../shared/eval-data/medquad/score.py beside the repository, or one level up for a worktree). The knowledge base is kept in
# <out>/data-<title> between runs. Exits non-zero on any failure.
set -euo pipefail
if [[ $# -lt 1 || $# -gt 3 ]]; then
  echo "usage: bot/eval/pubmedqa.sh <fetched pubmedqa folder> [tune|assert] [out folder]" >&2
  exit 2
fi
src=$1
half=${2:-tune}
[[ $half == tune || $half == assert ]] || { echo "pubmedqa.sh: the half is tune or assert" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mkdir -p "${3:-${TMPDIR:-/tmp}/rounds-pubmedqa}" && cd "${3:-${TMPDIR:-/tmp}/rounds-pubmedqa}" && pwd)
title=${TITLE:-pmid}
score=${SCORE_PY:-}
if [[ -z $score ]]; then
  for d in "$repo/../shared" "$repo/../../shared"; do [[ -f $d/eval-data/medquad/score.py ]] && score=$d/eval-data/medquad/score.py && break; done
fi
[[ -n $score && -f $score ]] || { echo "pubmedqa.sh: MedQuAD's score.py not found next to the repository (set SCORE_PY)" >&2; exit 1; }
tsx=(node --conditions=rounds-source --import tsx)
cd "$repo"
pack=$out/pack-$title
"${tsx[@]}" bot/eval/build-pubmedqa.ts "$src" --out "$pack" --title "$title"
rankings=${RANKINGS:-answer,bm25,hybrid}
# The answers once (--ranking answer), then each index ranking without asking again (--ranking-only).
for ranking in ${rankings//,/ }; do
  results=$out/results-$title-$half-$ranking.jsonl
  only=(); [[ $ranking == answer ]] || only=(--ranking-only)
  "${tsx[@]}" bot/eval/run-pack.ts --corpus "$pack/corpus" --questions "$pack/questions-$half.jsonl" \
    --data-dir "$out/data-$title" --ranking "$ranking" "${only[@]}" --out "$results"
  for gold in conclusion abstract; do
    questions=$pack/questions-$half.jsonl
    [[ $gold == conclusion ]] || questions=$pack/questions-abstract-$half.jsonl
    echo "=== PubMedQA $half half, ranking $ranking, gold = the $( [[ $gold == conclusion ]] && echo conclusion || echo whole abstract ) ==="
    python3 "$score" "$questions" "$results" --corpus "$pack/corpus" \
      --json "$out/scores-$title-$half-$ranking-$gold.json" --per-question "$out/per-question-$title-$half-$ranking-$gold.jsonl"
  done
done
