#!/bin/sh
# Long fuzz runs, one fuzzer process at a time (a shared machine): each target until RUNS executions
# (default 10 million) or its share of the time left until END_AT (UTC, "HH:MM"; default: 600 s per target),
# under `nice -n 19`, with -rss_limit_mb=2048 -timeout=10, -max_len=65536 for the Parquet and IPC targets
# (libFuzzer's default, derived from the corpus, for the others), on <build>/corpus/<target> (run
# fuzz/prepare_corpus.sh first). Logs: <build>/logs/long_<target>.log; a summary line per target (executions
# and exec/s from -print_final_stats=1) in <build>/logs/run_long.log; findings in <build>/findings/<target>/.
# Usage: fuzz/run_long.sh <fuzz-build-folder> [target...]   (from the project root)
set -u
build=${1:?usage: run_long.sh <fuzz-build-folder> [target...]}
shift
[ $# -gt 0 ] || set -- thrift parquet ipc_file ipc_stream csv filter
runs=${RUNS:-10000000}
if [ -n "${END_AT:-}" ]; then
  end=$(date -u -d "$END_AT" +%s)
  [ "$end" -gt "$(date +%s)" ] || end=$((end + 86400))
else
  end=$(($(date +%s) + 600 * $#))
fi
mkdir -p "$build/logs"
left=$#
for t in "$@"; do
  budget=$(( ($end - $(date +%s)) / left ))
  left=$((left - 1))
  [ "$budget" -ge 30 ] || budget=30
  case $t in parquet|ipc_file|ipc_stream) max_len="-max_len=65536" ;; *) max_len="" ;; esac
  mkdir -p "$build/findings/$t"
  log=$build/logs/long_$t.log
  echo "$(date -u +%T) start $t: up to $runs runs or ${budget}s $max_len" >> "$build/logs/run_long.log"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 nice -n 19 "$build/fuzz/${t}_fuzz" "$build/corpus/$t" \
    -runs="$runs" -max_total_time="$budget" -rss_limit_mb=2048 -timeout=10 $max_len -print_final_stats=1 \
    -artifact_prefix="$build/findings/$t/" > "$log" 2>&1
  rc=$?
  echo "$(date -u +%T) end $t: exit $rc, $(grep -h 'stat::number_of_executed_units' "$log" | tr -s ' ')," \
       "$(grep -h 'stat::average_exec_per_sec' "$log" | tr -s ' '), findings: $(ls "$build/findings/$t" | wc -l)" \
       >> "$build/logs/run_long.log"
done
