#!/usr/bin/env bash
# Accuracy over pdftotext conversions of generated PDFs whose tables print zeros blank and 总计 only
# in some rows (generate --kind pdf --blank-zeros 1): every PDF converted with `pdftotext -layout`
# and in reading order (no -layout), as ../shared/real/*.pdftotext-*.txt were; each set extracted and
# scored against the PDFs' gold. Needs pdftotext (Debian: poppler-utils).
# Usage: scripts/eval-generated-pdftotext.sh [count] [seed] [workdir]
set -euo pipefail
count=${1:-300}; seed=${2:-1}; dir=${3:-$(mktemp -d)}
cd "$(dirname "$0")/.."
command -v pdftotext > /dev/null || { echo "pdftotext not found (apt-get install poppler-utils)" >&2; exit 2; }
rm -rf "$dir/gen" "$dir/text" "$dir/out-layout" "$dir/out-raw"
node bin/nianbao.js generate --kind pdf --blank-zeros 1 --out "$dir/gen" --count "$count" --seed "$seed" > /dev/null
mkdir -p "$dir/text/layout" "$dir/text/raw"
for pdf in "$dir"/gen/inputs/*.pdf; do
  id=$(basename "$pdf" .pdf)
  pdftotext -layout -enc UTF-8 "$pdf" "$dir/text/layout/$id.pdftotext-layout.txt"
  pdftotext -enc UTF-8 "$pdf" "$dir/text/raw/$id.pdftotext-raw.txt"
done
for mode in layout raw; do
  node bin/nianbao.js extract "$dir/text/$mode" --out "$dir/out-$mode" --quiet > /dev/null 2> "$dir/extract-$mode.log" || true
  echo "== pdftotext $([ $mode = layout ] && echo -layout || echo '(reading order)'): $count conversions, failed inputs: $(grep -c '"status":"failed"' "$dir/out-$mode/manifest.jsonl" || true)"
  grep -E '\] failed ' "$dir/extract-$mode.log" | sed -E 's/^.*\.txt: //' | sort | uniq -c | sort -rn | head -5 || true
  node bin/nianbao.js eval --gold "$dir/gen/gold" --out "$dir/out-$mode" | grep -v -E '^(…|syn|  /.*/gold/syn)'
done
