#!/usr/bin/env bash
# The consumer built with pkg-config instead of CMake: build_with_pkg_config.sh PREFIX OUT_DIR (tests/install).
set -euo pipefail
prefix=$1
out=$2
cd "$(dirname "$0")"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
# [pkg-config]
g++ -std=c++20 -O2 main.cpp -o "$out/app" $(pkg-config --cflags --libs strata) -Wl,-rpath,"$prefix/lib"
# [end pkg-config]
