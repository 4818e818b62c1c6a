#!/usr/bin/env bash
# The command-line part of the formats guide: `strata convert`, `schema`, `meta` and `cat` on a small CSV.
# Run by the test suite as: cli.sh PATH/TO/strata SCRATCH_FOLDER (each output is compared with the expected one).
set -euo pipefail
strata() { "$STRATA" "$@"; }
STRATA=$1
cd "$2"
expect() {  # expect "what" "expected output" "actual output"
  if [[ "$2" != "$3" ]]; then printf 'cli example: %s\nexpected:\n%s\ngot:\n%s\n' "$1" "$2" "$3" >&2; exit 1; fi
}

printf 'id,category,amount,is_fraud\n1,Dining,42.5,false\n2,Travel,310,true\n3,Dining,17.25,false\n4,Groceries,88,true\n' \
  > sales.csv

# [convert]
strata convert sales.csv sales.parquet --compression zstd --row-group-size 50000
strata schema sales.parquet
strata meta sales.parquet
strata cat sales.parquet --filter "is_fraud = true" --columns id,amount
strata convert sales.parquet sales.feather
strata cat sales.feather --count
# [end convert]

expect schema "$(printf 'id: int64\ncategory: string\namount: double\nis_fraud: bool')" "$(strata schema sales.parquet)"
expect cat "$(printf '{"columns":["id","amount"]}\n[2,310]\n[4,88]')" \
  "$(strata cat sales.parquet --filter "is_fraud = true" --columns id,amount)"
expect count 4 "$(strata cat sales.feather --count)"
expect meta "rows: 4" "$(strata meta sales.parquet | grep '^rows:')"
expect version "strata $(cat "$(dirname "$0")/../VERSION")" "$(strata --version)"

# A Hive-partitioned dataset folder (docs/partitioned.md): written by convert, read by cat with pruning.
# [partitioned-cli]
strata convert sales.csv sales_by_category --partition-by category --compression zstd --existing-data delete_matching
strata cat sales_by_category --filter "category = 'Dining'" --columns id,category
# [end partitioned-cli]
expect partitioned "$(printf '{"columns":["id","category"]}\n[1,"Dining"]\n[3,"Dining"]')" \
  "$(strata cat sales_by_category --filter "category = 'Dining'" --columns id,category)"
expect partitioned-files "category=Dining category=Groceries category=Travel" "$(ls sales_by_category | tr '\n' ' ' | sed 's/ $//')"
