#!/bin/sh
# Fill <build>/corpus/<target>/ with the seed inputs of every fuzz target:
#   - files Strata writes itself (strata_fuzz_seeds: Parquet under every writer option, Feather, IPC streams,
#     CSV, filters, and Thrift structures cut out of those Parquet files);
#   - the conformance and fuzz-regression files of ../shared/corpus (never committed; read in place, copied
#     only into the build folder), and Thrift footers cut out of its Parquet files.
# Usage: fuzz/prepare_corpus.sh build/fuzz   (run from the project root; `make fuzz` does)
set -eu
build=${1:?usage: prepare_corpus.sh <fuzz-build-folder>}
shared=${STRATA_SHARED_DIR:-../shared}/corpus
corpus=$build/corpus
mkdir -p "$corpus/parquet" "$corpus/ipc_file" "$corpus/ipc_stream" "$corpus/csv" "$corpus/thrift" "$corpus/filter"
"$build/fuzz/strata_fuzz_seeds" "$corpus"

# copy <target> <file>...: each file under a name made from its path, skipping files over 1 MiB (a fuzzer
# mutates large inputs slowly; small ones reach the same code).
copy() {
  target=$1
  shift
  for f in "$@"; do
    [ -f "$f" ] || continue
    [ "$(stat -c %s "$f")" -le 1048576 ] || continue
    cp "$f" "$corpus/$target/shared_$(echo "$f" | sed 's|.*/corpus/||; s|/|_|g')"
  done
}
if [ -d "$shared" ]; then
  copy parquet $(find "$shared/parquet" "$shared/fuzz" -name '*.parquet' -o -path '*/data/parquet/*' -type f)
  copy ipc_file $(find "$shared/arrow-ipc" -name '*.arrow_file') $(find "$shared/fuzz" -path '*arrow-ipc-file/*' -type f)
  copy ipc_stream $(find "$shared/arrow-ipc" -name '*.stream') \
    $(find "$shared/fuzz" -path '*arrow-ipc-stream/*' -type f) $(find "$shared/fuzz" -path '*tensor-stream/*' -type f)
  copy csv $(find "$shared/parquet" -name '*.csv' -size -64k)
  # Thrift: the FileMetaData of each Parquet file (selector byte 0, see fuzz_entry_points.h).
  for f in "$corpus"/parquet/shared_*; do
    python3 - "$f" "$corpus/thrift/$(basename "$f").footer" <<'PY' || true
import struct, sys
data = open(sys.argv[1], "rb").read()
if len(data) >= 12 and data[-4:] == b"PAR1":
    (length,) = struct.unpack("<I", data[-8:-4])
    if length + 12 <= len(data):
        open(sys.argv[2], "wb").write(b"\x00" + data[-8 - length:-8])
PY
  done
else
  echo "prepare_corpus.sh: $shared not found; only Strata's own seeds are used" >&2
fi
for t in parquet ipc_file ipc_stream csv thrift filter; do
  echo "$t: $(ls "$corpus/$t" | wc -l) seed inputs"
done
