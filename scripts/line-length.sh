#!/usr/bin/env bash
# Lines of code at most 120 characters (Biome's formatter wraps code, not strings or comments).
git ls-files '*.ts' '*.js' '*.json' '*.jsonc' | xargs awk 'length > 120 { print FILENAME ":" FNR ": " length " characters (at most 120)"; bad = 1 } END { exit bad }'
