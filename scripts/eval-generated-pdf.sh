#!/usr/bin/env bash
# Accuracy over generated PDFs (varied layouts): generate N PDFs, extract, score against the gold.
# Usage: scripts/eval-generated-pdf.sh [count] [seed] [workdir]
set -euo pipefail
count=${1:-300}; seed=${2:-1}; dir=${3:-$(mktemp -d)}
cd "$(dirname "$0")/.."
rm -rf "$dir/gen" "$dir/out"
node bin/nianbao.js generate --kind pdf --out "$dir/gen" --count "$count" --seed "$seed" > /dev/null
node bin/nianbao.js extract "$dir/gen/inputs" --out "$dir/out" --quiet > /dev/null || true
node bin/nianbao.js eval --gold "$dir/gen/gold" --out "$dir/out" | grep -v '^synpdf'
