#!/usr/bin/env bash
# Accuracy over generated HTML pages, DOCX files or pre-2019 (legacy) reports: generate N, extract, score against the gold.
# Usage: scripts/eval-generated-markup.sh html|docx|legacy [count] [seed] [workdir]
set -euo pipefail
kind=${1:?html, docx or legacy}; count=${2:-300}; seed=${3:-1}; dir=${4:-$(mktemp -d)}
cd "$(dirname "$0")/.."
rm -rf "$dir/gen" "$dir/out"
node bin/nianbao.js generate --kind "$kind" --out "$dir/gen" --count "$count" --seed "$seed" > /dev/null
node bin/nianbao.js extract "$dir/gen/inputs" --out "$dir/out" --quiet > /dev/null || true
grep -c '"status":"failed"' "$dir/out/manifest.jsonl" | sed 's/^/failed inputs: /' || true
node bin/nianbao.js eval --gold "$dir/gen/gold" --out "$dir/out" | grep -v -E '^(…|syn)'
