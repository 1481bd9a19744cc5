#!/usr/bin/env bash
# Accuracy over generated crawled pages (inputs/*.page.txt: tags stripped with no separator, the body
# on one line, both formats and the hybrid, all page damage kinds at their real rates): generate N,
# extract, score against the gold.
# Usage: scripts/eval-generated-pages.sh [count] [seed] [workdir]
set -euo pipefail
count=${1:-1000}; seed=${2:-1}; dir=${3:-$(mktemp -d)}
cd "$(dirname "$0")/.."
rm -rf "$dir/gen" "$dir/out"
node bin/nianbao.js generate --kind page --out "$dir/gen" --count "$count" --seed "$seed" > /dev/null
node bin/nianbao.js extract "$dir/gen/inputs" --out "$dir/out" --quiet > /dev/null 2> "$dir/extract.log" || true
echo "failed inputs: $(grep -c '"status":"failed"' "$dir/out/manifest.jsonl" || true) of $count"
# Why inputs failed, most frequent first (the messages of extract's stderr without the file name).
grep -E '\] failed ' "$dir/extract.log" | sed -E 's/^.*\.(page\.)?txt: //' | sort | uniq -c | sort -rn | head -5 || true
node bin/nianbao.js eval --gold "$dir/gen/gold" --out "$dir/out" | grep -v -E '^(…|syn|  /.*/gold/syn)'
