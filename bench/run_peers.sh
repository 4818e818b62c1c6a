#!/usr/bin/env bash
# Side-by-side runs: make the transaction CSVs (../shared/seed/gen_transactions.py), run DuckDB's timings on
# them (../shared/interop/bench_duckdb.mjs, installed under build/interop by scripts/install-deps), then
# Strata's benches on the same files, in one sitting. Usage: bench/run_peers.sh [ROWS ...] (default 200000).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=("${@:-200000}")
mkdir -p build/bench-data
for n in "${rows[@]}"; do
  csv="build/bench-data/transactions_${n}.csv"
  [[ -f "$csv" ]] || /usr/bin/python3 ../shared/seed/gen_transactions.py "$n" "$csv"
  echo "=== ${n} rows: DuckDB"
  node build/interop/bench_duckdb.mjs "$csv" --threads 1,2 --runs 5
  echo "=== ${n} rows: Strata"
  STRATA_TX_CSV="$csv" build/release/bench/parquet_bench --benchmark_min_time=0.5
  STRATA_TX_CSV="$csv" build/release/bench/csv_bench --benchmark_min_time=0.5
done
