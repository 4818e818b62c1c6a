# The two commands: `make tour` and `make test`. Both install what is missing, configure and build first.
JOBS ?= $(shell nproc)
# ccache: paths relative to the source tree, so a fresh clone (CI) hits the cache of earlier builds.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
RELEASE := build/release
ASAN := build/asan
CMAKE_COMMON := -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

.PHONY: all deps configure build tour test test-release test-asan bench format clean

all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release -DSTRATA_ASSERTIONS=ON $(CMAKE_COMMON) > /dev/null

build: configure
	@cmake --build $(RELEASE) -j $(JOBS)

tour: build
	$(RELEASE)/tools/strata/strata tour

# The whole suite: every test in a Release build with assertions, then the fast tests under ASan+UBSan.
test: test-release test-asan

test-release: build
	cd $(RELEASE) && ctest --output-on-failure -j $(JOBS) --timeout 900

test-asan: deps
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DSTRATA_SANITIZE=ON \
	  -DSTRATA_BUILD_BENCH=OFF $(CMAKE_COMMON) > /dev/null
	@cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  ctest --output-on-failure -j $(JOBS) -L fast --timeout 900

bench: build
	@for b in $(RELEASE)/bench/*_bench; do echo "== $$b"; $$b; done

format:
	@find include src tests bench tools examples -name '*.h' -o -name '*.cpp' | xargs clang-format -i

clean:
	rm -rf build

# Every libFuzzer target (fuzz/) for FUZZ_SECONDS each, built with clang + ASan + UBSan in build/fuzz, on the
# seed corpora of fuzz/prepare_corpus.sh. Crashes, leaks, timeouts (>10 s) and >2 GB RSS land in
# build/fuzz/findings/<target>/; a finding stops the run with a non-zero status.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: deps
	@cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DSTRATA_FUZZ=ON -DSTRATA_BUILD_TESTS=OFF -DSTRATA_BUILD_BENCH=OFF -DSTRATA_WERROR=OFF $(CMAKE_COMMON) > /dev/null
	@cmake --build build/fuzz -j $(JOBS) --target fuzz_all
	@fuzz/prepare_corpus.sh build/fuzz
	@for t in thrift parquet ipc_file ipc_stream csv filter; do \
	  echo "== $$t ($(FUZZ_SECONDS) s)"; mkdir -p build/fuzz/findings/$$t; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/fuzz/fuzz/$${t}_fuzz build/fuzz/corpus/$$t \
	    -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/findings/$$t/ 2>&1 | grep -E '^(#[0-9]+ +DONE|stat::|==[0-9]+==|SUMMARY|Test unit)' \
	    ; test $$(ls build/fuzz/findings/$$t | wc -l) -eq 0 || exit 1; \
	done

# The API reference of the public headers in build/docs/html, by Debian's doxygen; any warning fails (docs/Doxyfile).
.PHONY: docs
docs: deps
	@mkdir -p build/docs
	doxygen docs/Doxyfile
