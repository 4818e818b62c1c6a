# The two commands: `make tour` and `make test`. Both install what is missing, configure and build first.
JOBS ?= $(shell nproc)
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
	  ctest --output-on-failure -j $(JOBS) -L fast --timeout 900

bench: build
	@for b in $(RELEASE)/bench/*_bench; do echo "== $$b"; $$b; done

format:
	@find include src tests bench tools examples -name '*.h' -o -name '*.cpp' | xargs clang-format -i

clean:
	rm -rf build
