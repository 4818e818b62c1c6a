#!/usr/bin/env bash
# Install a built Strata tree: install.sh BUILD_DIR PREFIX (tests/install runs it exactly so).
set -euo pipefail
build=$1    # e.g. build/release, as `make build` leaves it
prefix=$2   # e.g. /opt/strata, or /usr/local
# [install]
cmake --install "$build" --prefix "$prefix"
# [end install]
