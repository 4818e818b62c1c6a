// HDF5: the notebook's GBM file through Strata, through hand-written libhdf5 C code, and through h5py.
//
// Data: 100,000 x 252 float64 GBM paths (and the notebook's own 500 x 252), written as the notebook does —
// description attribute, simulation/paths (gzip 4, chunked) with its shape attribute, statistics/
// final_prices and four statistics attributes. Steps: write, full read (into the caller's buffer, as
// h5py's np.empty + H5Dread), partial read [:10, :], attribute reads (open file, read the four, close).
// Layouts: "h5py" = chunks=True's 1563 x 8 (63 x 32 for 500 x 252), the same for all three for an equal
// comparison; "rows" = Strata's whole-path chunks (row_chunk, 128 KiB: 65 x 252), so [:10, :] inflates
// one chunk instead of 32. Strata and the raw code read the same file (written by the raw code, zlib
// streams like h5py's); h5py reads the file it wrote. Strata runs with its defaults: whole-dataset
// transfers of gzip chunks go through direct chunk I/O with libdeflate on hardware-concurrency threads
// (src/hdf5/direct_chunk.h), and so do partial reads whose chunks exceed libhdf5's 1 MiB chunk cache
// ([:10, :] on the h5py layout touches 32 chunks of 100 KB; on the rows layout one chunk of 131 KB, which
// stays on H5Dread); the "Strata 1 thread" and "Strata, libhdf5 pipeline" columns show that path on one
// thread and the plain wrapper with it switched off.
//
// After Google Benchmark's runs, the binary runs bench/hdf5_h5py_bench.py on the same bytes (same page
// cache, same sitting) and prints one table of minimum times with the ratios. Flags: --no-h5py,
// --paths=N (default 100000). Run: build/<dir>/bench/hdf5_bench
#include <benchmark/benchmark.h>
#include <hdf5.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <cmath>
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "strata/hdf5/hdf5.h"

namespace {

namespace h5 = strata::hdf5;
namespace fs = std::filesystem;

constexpr int64_t kSteps = 252;
int64_t g_paths = 100'000;
fs::path g_dir;

struct Data {
  int64_t paths = 0;
  std::vector<double> values;
  std::vector<double> final_prices;
  double mean = 0, std = 0, var_95 = 0, var_99 = 0;
};

Data make_data(int64_t paths) {
  Data d;
  d.paths = paths;
  d.values.resize(static_cast<size_t>(paths * kSteps));
  uint64_t state = 42;
  auto next = [&] {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  };
  const double mu = 0.08, sigma = 0.2, dt = 1.0 / kSteps;
  for (int64_t p = 0; p < paths; ++p) {
    double log_s = 0;
    for (int64_t t = 0; t < kSteps; ++t) {
      const double w = std::sqrt(-2 * std::log(next() + 0x1.0p-54)) * std::cos(2 * M_PI * next());
      log_s += (mu - 0.5 * sigma * sigma) * dt + sigma * std::sqrt(dt) * w;
      d.values[static_cast<size_t>(p * kSteps + t)] = 100.0 * std::exp(log_s);
    }
    d.final_prices.push_back(d.values[static_cast<size_t>(p * kSteps + kSteps - 1)]);
  }
  for (double v : d.final_prices) d.mean += v;
  d.mean /= static_cast<double>(paths);
  for (double v : d.final_prices) d.std += (v - d.mean) * (v - d.mean);
  d.std = std::sqrt(d.std / static_cast<double>(paths));
  std::vector<double> s = d.final_prices;
  std::sort(s.begin(), s.end());
  auto pct = [&](double q) {
    const double h = (static_cast<double>(s.size()) - 1) * q / 100;
    const size_t lo = static_cast<size_t>(h);
    return s[lo] + (h - static_cast<double>(lo)) * (s[std::min(lo + 1, s.size() - 1)] - s[lo]);
  };
  d.var_95 = pct(5);
  d.var_99 = pct(1);
  return d;
}

std::map<int64_t, Data>& datasets() {
  static std::map<int64_t, Data> all;
  return all;
}
const Data& data(int64_t paths) {
  auto& all = datasets();
  auto it = all.find(paths);
  if (it == all.end()) it = all.emplace(paths, make_data(paths)).first;
  return it->second;
}

std::vector<int64_t> layout_chunks(const std::string& layout, int64_t paths) {
  if (layout == "h5py") return h5::guess_chunk({paths, kSteps}, 8);
  return h5::row_chunk({paths, kSteps}, 8, 128 << 10);
}

std::string file_for(const std::string& who, const std::string& layout, int64_t paths) {
  return (g_dir / fmt::format("{}_{}_{}.h5", who, layout, paths)).string();
}

// ---- Strata ----

void strata_write(const std::string& path, const Data& d, const std::vector<int64_t>& chunks, int threads = 0,
                  bool direct = true) {
  h5::File f = h5::File::create(path);
  f.attrs().set("description", "Monte Carlo GBM simulation");
  h5::Group sim = f.create_group("simulation");
  h5::DatasetOptions options = h5::DatasetOptions{}.with_gzip(4).with_chunks(chunks).with_threads(threads);
  if (!direct) options.without_direct_chunk_io();
  h5::Dataset ds = sim.create_dataset("paths", d.values, {d.paths, kSteps}, options);
  ds.attrs().set("shape", fmt::format("{} paths × {} steps", d.paths, kSteps));
  h5::Group stats = f.create_group("statistics");
  stats.create_dataset("final_prices", d.final_prices);
  stats.attrs().set("mean_final", d.mean);
  stats.attrs().set("std_final", d.std);
  stats.attrs().set("var_95", d.var_95);
  stats.attrs().set("var_99", d.var_99);
  f.close();
}

void strata_read_full(const std::string& path, std::span<double> out, int threads = 0, bool direct = true) {
  h5::File f = h5::File::open(path);
  f.dataset("simulation/paths").set_threads(threads).set_direct_chunk_io(direct).read(out);
}

std::vector<double> strata_read_partial(const std::string& path, int threads = 0, bool direct = true) {
  h5::File f = h5::File::open(path);
  return f.dataset("simulation/paths")
      .set_threads(threads)
      .set_direct_chunk_io(direct)
      .read<double>(h5::Selection::slices({h5::Slice::to(10), h5::Slice::all()}));
}

double strata_read_attrs(const std::string& path) {
  h5::File f = h5::File::open(path);
  h5::Attributes a = f.group("statistics").attrs();
  return a.get<double>("mean_final") + a.get<double>("std_final") + a.get<double>("var_95") + a.get<double>("var_99");
}

// ---- hand-written libhdf5 (what a careful C programmer writes; every return code checked) ----

#define CHECK_H5(x)                                                   \
  do {                                                                \
    if ((x) < 0) {                                                    \
      std::fprintf(stderr, "libhdf5 call failed: %s\n", #x);          \
      std::abort();                                                   \
    }                                                                 \
  } while (0)

void raw_string_attr(hid_t obj, const char* name, const char* value) {
  hid_t type = H5Tcopy(H5T_C_S1);
  CHECK_H5(type);
  CHECK_H5(H5Tset_size(type, H5T_VARIABLE));
  CHECK_H5(H5Tset_cset(type, H5T_CSET_UTF8));
  hid_t space = H5Screate(H5S_SCALAR);
  CHECK_H5(space);
  hid_t attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  CHECK_H5(attr);
  CHECK_H5(H5Awrite(attr, type, &value));
  CHECK_H5(H5Aclose(attr));
  CHECK_H5(H5Sclose(space));
  CHECK_H5(H5Tclose(type));
}

void raw_double_attr(hid_t obj, const char* name, double value) {
  hid_t space = H5Screate(H5S_SCALAR);
  CHECK_H5(space);
  hid_t attr = H5Acreate2(obj, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT);
  CHECK_H5(attr);
  CHECK_H5(H5Awrite(attr, H5T_NATIVE_DOUBLE, &value));
  CHECK_H5(H5Aclose(attr));
  CHECK_H5(H5Sclose(space));
}

void raw_write(const std::string& path, const Data& d, const std::vector<int64_t>& chunks) {
  hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  CHECK_H5(file);
  raw_string_attr(file, "description", "Monte Carlo GBM simulation");
  hid_t sim = H5Gcreate2(file, "simulation", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  CHECK_H5(sim);
  hsize_t dims[2] = {static_cast<hsize_t>(d.paths), kSteps};
  hsize_t chunk[2] = {static_cast<hsize_t>(chunks[0]), static_cast<hsize_t>(chunks[1])};
  hid_t space = H5Screate_simple(2, dims, nullptr);
  CHECK_H5(space);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  CHECK_H5(dcpl);
  CHECK_H5(H5Pset_chunk(dcpl, 2, chunk));
  CHECK_H5(H5Pset_deflate(dcpl, 4));
  hid_t ds = H5Dcreate2(sim, "paths", H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  CHECK_H5(ds);
  CHECK_H5(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.values.data()));
  const std::string shape = fmt::format("{} paths × {} steps", d.paths, kSteps);
  raw_string_attr(ds, "shape", shape.c_str());
  CHECK_H5(H5Dclose(ds));
  CHECK_H5(H5Pclose(dcpl));
  CHECK_H5(H5Sclose(space));
  CHECK_H5(H5Gclose(sim));
  hid_t stats = H5Gcreate2(file, "statistics", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  CHECK_H5(stats);
  hsize_t n = static_cast<hsize_t>(d.paths);
  hid_t fspace = H5Screate_simple(1, &n, nullptr);
  CHECK_H5(fspace);
  hid_t fds = H5Dcreate2(stats, "final_prices", H5T_IEEE_F64LE, fspace, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  CHECK_H5(fds);
  CHECK_H5(H5Dwrite(fds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.final_prices.data()));
  CHECK_H5(H5Dclose(fds));
  CHECK_H5(H5Sclose(fspace));
  raw_double_attr(stats, "mean_final", d.mean);
  raw_double_attr(stats, "std_final", d.std);
  raw_double_attr(stats, "var_95", d.var_95);
  raw_double_attr(stats, "var_99", d.var_99);
  CHECK_H5(H5Gclose(stats));
  CHECK_H5(H5Fclose(file));
}

void raw_read_full(const std::string& path, double* out) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  CHECK_H5(file);
  hid_t ds = H5Dopen2(file, "simulation/paths", H5P_DEFAULT);
  CHECK_H5(ds);
  CHECK_H5(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out));
  CHECK_H5(H5Dclose(ds));
  CHECK_H5(H5Fclose(file));
}

std::vector<double> raw_read_partial(const std::string& path) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  CHECK_H5(file);
  hid_t ds = H5Dopen2(file, "simulation/paths", H5P_DEFAULT);
  CHECK_H5(ds);
  hid_t fspace = H5Dget_space(ds);
  CHECK_H5(fspace);
  hsize_t start[2] = {0, 0}, count[2] = {10, kSteps};
  CHECK_H5(H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, nullptr, count, nullptr));
  hid_t mspace = H5Screate_simple(2, count, nullptr);
  CHECK_H5(mspace);
  std::vector<double> out(10 * kSteps);
  CHECK_H5(H5Dread(ds, H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT, out.data()));
  CHECK_H5(H5Sclose(mspace));
  CHECK_H5(H5Sclose(fspace));
  CHECK_H5(H5Dclose(ds));
  CHECK_H5(H5Fclose(file));
  return out;
}

double raw_read_attrs(const std::string& path) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  CHECK_H5(file);
  hid_t stats = H5Gopen2(file, "statistics", H5P_DEFAULT);
  CHECK_H5(stats);
  double sum = 0;
  for (const char* name : {"mean_final", "std_final", "var_95", "var_99"}) {
    hid_t attr = H5Aopen(stats, name, H5P_DEFAULT);
    CHECK_H5(attr);
    double v = 0;
    CHECK_H5(H5Aread(attr, H5T_NATIVE_DOUBLE, &v));
    CHECK_H5(H5Aclose(attr));
    sum += v;
  }
  CHECK_H5(H5Gclose(stats));
  CHECK_H5(H5Fclose(file));
  return sum;
}

// The same with the check Strata makes before reading into a scalar: the attribute holds one value. libhdf5
// has no call that returns an attribute's element count without creating a dataspace (H5Aget_info gives
// only count x type size), so the check costs three calls per attribute; measured with every variant
// rotating through every slot it adds ~2-3% to this step (1.10.8, thread-safe build), which is most of what
// separates Strata from the unchecked raw code. Strata makes the same calls minus the H5open() that each
// H5T_NATIVE_DOUBLE in the C code costs.
double raw_read_attrs_checked(const std::string& path) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  CHECK_H5(file);
  hid_t stats = H5Gopen2(file, "statistics", H5P_DEFAULT);
  CHECK_H5(stats);
  double sum = 0;
  for (const char* name : {"mean_final", "std_final", "var_95", "var_99"}) {
    hid_t attr = H5Aopen(stats, name, H5P_DEFAULT);
    CHECK_H5(attr);
    hid_t space = H5Aget_space(attr);
    CHECK_H5(space);
    if (H5Sget_simple_extent_npoints(space) != 1) std::abort();
    CHECK_H5(H5Sclose(space));
    double v = 0;
    CHECK_H5(H5Aread(attr, H5T_NATIVE_DOUBLE, &v));
    CHECK_H5(H5Aclose(attr));
    sum += v;
  }
  CHECK_H5(H5Gclose(stats));
  CHECK_H5(H5Fclose(file));
  return sum;
}

// ---- benchmarks ----

struct Buffer {
  std::unique_ptr<double[]> p;  // uninitialised, like np.empty
  size_t n = 0;
};
Buffer& read_buffer(int64_t paths) {
  static std::map<int64_t, Buffer> buffers;
  Buffer& b = buffers[paths];
  if (!b.p) {
    b.n = static_cast<size_t>(paths * kSteps);
    b.p.reset(new double[b.n]);
  }
  return b;
}

void ensure_file(const std::string& who, const std::string& layout, int64_t paths) {
  const std::string path = file_for(who, layout, paths);
  if (fs::exists(path)) return;
  if (who == "strata") {
    strata_write(path, data(paths), layout_chunks(layout, paths));
  } else {
    raw_write(path, data(paths), layout_chunks(layout, paths));
  }
}

// Strata, the raw C code and the extra variants run in turn inside one benchmark, each timed on its own and
// each starting the round in turn (Strata, raw, extra on the first iteration, raw, extra, Strata on the
// next, ...), so load from other processes on the machine hits all alike. The table keeps each side's
// minimum; Google Benchmark's own line is the time of the round.
std::map<std::string, double> g_best;

template <typename Fn>
void timed(const std::string& key, Fn&& fn) {
  const auto t0 = std::chrono::steady_clock::now();
  fn();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  auto it = g_best.find(key);
  if (it == g_best.end() || ms < it->second) g_best[key] = ms;
}

void h5py_step(const std::string& key, const std::string& command);
bool h5py_load(int64_t paths);
class H5pyWorker;
extern H5pyWorker* g_h5py;
double h5py_ask(const std::string& command);

// `h5py` (optional) is the worker command for the same step; it runs after the pair on each iteration.
using Variants = std::vector<std::pair<std::string, std::function<void()>>>;

void register_pair(const std::string& name, int iterations, std::function<void()> strata, std::function<void()> raw,
                   std::function<void()> setup = {}, int64_t paths = 0, std::function<std::string()> h5py = {},
                   Variants extra = {}) {
  Variants variants{{"strata", strata}, {"raw", raw}};
  variants.insert(variants.end(), extra.begin(), extra.end());
  auto* b = benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
    if (setup) setup();
    const bool with_h5py = h5py && h5py_load(paths);
    int64_t i = 0;
    for (auto _ : state) {
      if (with_h5py) {
        state.PauseTiming();
        h5py_step(name + "/h5py", h5py());
        state.ResumeTiming();
      }
      // Every variant takes every position in turn: the one that runs first after the h5py step (or after
      // the previous iteration's last one) sees other caches than the one that runs right after a call
      // like it, and a variant always run in the same slot was measured ~3% off on attribute reads.
      const size_t n = variants.size();
      const size_t first = static_cast<size_t>(i++) % n;
      for (size_t k = 0; k < n; ++k) {
        const auto& [label, fn] = variants[(first + k) % n];
        timed(name + "/" + label, fn);
      }
    }
  });
  b->Unit(benchmark::kMillisecond)->UseRealTime();
  if (iterations > 0) b->Iterations(iterations);
}

void register_all() {
  for (int64_t paths : {g_paths, int64_t{500}}) {
    const bool big = paths >= 10'000;
    for (const std::string layout : {"h5py", "rows"}) {
      const std::string suffix = fmt::format("{}/{}", paths, layout);
      const auto chunks = layout_chunks(layout, paths);
      const std::string py_chunks = layout == "h5py" ? "auto" : fmt::format("{},{}", chunks[0], chunks[1]);
      const std::string py_file = file_for("h5py", layout, paths);
      register_pair(
          "write/" + suffix, big ? 3 : 40,
          [=] { strata_write(file_for("strata_w", layout, paths), data(paths), chunks); },
          [=] { raw_write(file_for("raw_w", layout, paths), data(paths), chunks); }, {}, paths,
          [=] { return fmt::format("write {} {}", py_file, py_chunks); },
          Variants{{"strata1", [=] { strata_write(file_for("strata_w", layout, paths), data(paths), chunks, 1); }},
                   {"strata_pipeline",
                    [=] { strata_write(file_for("strata_pipeline_w", layout, paths), data(paths), chunks, 0, false); }}});
      auto setup = [=] {
        ensure_file("strata", layout, paths);
        ensure_file("raw", layout, paths);
        if (h5py_load(paths) && !fs::exists(py_file)) h5py_ask(fmt::format("write {} {}", py_file, py_chunks));
      };
      register_pair(
          "read_full/" + suffix, big ? 5 : 100,
          [=] {
            Buffer& b = read_buffer(paths);
            strata_read_full(file_for("raw", layout, paths), std::span<double>(b.p.get(), b.n));
            benchmark::DoNotOptimize(b.p[b.n - 1]);
          },
          [=] {
            Buffer& b = read_buffer(paths);
            raw_read_full(file_for("raw", layout, paths), b.p.get());
            benchmark::DoNotOptimize(b.p[b.n - 1]);
          },
          setup, paths, [=] { return "read_full " + py_file; },
          Variants{{"strata1",
                    [=] {
                      Buffer& b = read_buffer(paths);
                      strata_read_full(file_for("raw", layout, paths), std::span<double>(b.p.get(), b.n), 1);
                    }},
                   {"strata_pipeline", [=] {
                      Buffer& b = read_buffer(paths);
                      strata_read_full(file_for("raw", layout, paths), std::span<double>(b.p.get(), b.n), 0, false);
                    }}});
      register_pair(
          "read_partial/" + suffix, 200,
          [=] { benchmark::DoNotOptimize(strata_read_partial(file_for("raw", layout, paths)).data()); },
          [=] { benchmark::DoNotOptimize(raw_read_partial(file_for("raw", layout, paths)).data()); }, setup, paths,
          [=] { return "read_partial " + py_file; },
          Variants{{"strata1",
                    [=] { benchmark::DoNotOptimize(strata_read_partial(file_for("raw", layout, paths), 1).data()); }},
                   {"strata_pipeline", [=] {
                      benchmark::DoNotOptimize(strata_read_partial(file_for("raw", layout, paths), 0, false).data());
                    }}});
    }
    register_pair(
        fmt::format("read_attrs/{}/h5py", paths), 1000,
        [=] { benchmark::DoNotOptimize(strata_read_attrs(file_for("raw", "h5py", paths))); },
        [=] { benchmark::DoNotOptimize(raw_read_attrs(file_for("raw", "h5py", paths))); },
        [=] {
          ensure_file("strata", "h5py", paths);
          ensure_file("raw", "h5py", paths);
          const std::string py_file = file_for("h5py", "h5py", paths);
          if (h5py_load(paths) && !fs::exists(py_file)) h5py_ask(fmt::format("write {} auto", py_file));
        },
        paths, [=] { return "read_attrs " + file_for("h5py", "h5py", paths); },
        Variants{{"raw_checked",
                  [=] { benchmark::DoNotOptimize(raw_read_attrs_checked(file_for("raw", "h5py", paths))); }}});
  }
}

// h5py in a child process (bench/hdf5_h5py_bench.py), driven line by line over pipes.
class H5pyWorker {
 public:
  bool start() {
    int to_child[2], from_child[2];
    if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) return false;
    pid_ = ::fork();
    if (pid_ < 0) return false;
    if (pid_ == 0) {
      ::dup2(to_child[0], 0);
      ::dup2(from_child[1], 1);
      ::close(to_child[1]);
      ::close(from_child[0]);
      const std::string script = std::string(STRATA_SOURCE_DIR) + "/bench/hdf5_h5py_bench.py";
      ::execl("/usr/bin/python3", "python3", script.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    to_ = ::fdopen(to_child[1], "w");
    from_ = ::fdopen(from_child[0], "r");
    return to_ && from_;
  }
  // Send one command; the reply line parsed as a number (NaN when the worker died).
  double ask(const std::string& command) {
    if (!to_ || !from_) return NAN;
    std::fprintf(to_, "%s\n", command.c_str());
    std::fflush(to_);
    char line[128];
    if (!std::fgets(line, sizeof(line), from_)) {
      std::fclose(to_);
      to_ = nullptr;
      return NAN;
    }
    return std::string(line).rfind("ok", 0) == 0 ? 0.0 : std::strtod(line, nullptr);
  }
  bool alive() const { return to_ != nullptr; }
  ~H5pyWorker() {
    if (to_) {
      std::fprintf(to_, "quit\n");
      std::fclose(to_);
    }
    if (from_) std::fclose(from_);
    if (pid_ > 0) ::waitpid(pid_, nullptr, 0);
  }

 private:
  pid_t pid_ = -1;
  std::FILE* to_ = nullptr;
  std::FILE* from_ = nullptr;
};

H5pyWorker* g_h5py = nullptr;
int64_t g_h5py_loaded = -1;

// Make sure the worker holds the data for `paths` (written once to a .bin file it reads).
bool h5py_load(int64_t paths) {
  if (!g_h5py || !g_h5py->alive()) return false;
  if (g_h5py_loaded == paths) return true;
  const Data& d = data(paths);
  const fs::path bin = g_dir / fmt::format("paths_{}.bin", paths);
  std::FILE* f = std::fopen(bin.c_str(), "wb");
  if (!f || std::fwrite(d.values.data(), 8, d.values.size(), f) != d.values.size() || std::fclose(f) != 0) return false;
  const bool ok = g_h5py->ask(fmt::format("load {} {} {}", bin.string(), paths, kSteps)) == 0.0;
  fs::remove(bin);
  g_h5py_loaded = paths;
  return ok;
}

double h5py_ask(const std::string& command) { return g_h5py ? g_h5py->ask(command) : NAN; }

void h5py_step(const std::string& key, const std::string& command) {
  const double ms = g_h5py->ask(command);
  if (std::isnan(ms)) return;
  auto it = g_best.find(key);
  if (it == g_best.end() || ms < it->second) g_best[key] = ms;
}

void print_table(const std::map<std::string, double>& ours, int64_t paths) {
  auto get = [&](const std::string& k) {
    auto it = ours.find(k);
    return it == ours.end() ? NAN : it->second;
  };
  std::printf("\n%lld x %lld float64, gzip 4 — minimum times in ms (ratio = Strata / other)\n",
              static_cast<long long>(paths), static_cast<long long>(kSteps));
  std::printf("%-14s %-6s %10s %10s %10s %12s %12s %10s %10s\n", "step", "layout", "Strata", "raw C", "h5py",
              "Strata/raw", "Strata/h5py", "1 thread", "pipeline");
  for (const std::string step : {"write", "read_full", "read_partial", "read_attrs"}) {
    for (const std::string layout : {"h5py", "rows"}) {
      if (step == "read_attrs" && layout == "rows") continue;
      if (step == "read_full") {
        // After the writes: the files each side wrote (Strata's chunks come from libdeflate, the others'
        // from zlib, both at level 4).
        auto mb = [&](const std::string& who) {
          std::error_code ec;
          const auto size = fs::file_size(file_for(who, layout, paths), ec);
          return ec ? NAN : static_cast<double>(size) / 1e6;
        };
        std::printf("%-14s %-6s %10.2f %10.2f %10.2f %12.3f %12.3f\n", "file size MB", layout.c_str(), mb("strata_w"),
                    mb("raw_w"), mb("h5py"), mb("strata_w") / mb("raw_w"), mb("strata_w") / mb("h5py"));
      }
      const double s = get(fmt::format("{}/{}/{}/strata", step, paths, layout));
      const double r = get(fmt::format("{}/{}/{}/raw", step, paths, layout));
      const double h = get(fmt::format("{}/{}/{}/h5py", step, paths, layout));
      const double s1 = get(fmt::format("{}/{}/{}/strata1", step, paths, layout));
      const double sp = get(fmt::format("{}/{}/{}/strata_pipeline", step, paths, layout));
      std::printf("%-14s %-6s %10.4f %10.4f %10.4f %12.3f %12.3f %10.4f %10.4f\n", step.c_str(), layout.c_str(), s, r,
                  h, s / r, s / h, s1, sp);
      const double rc = get(fmt::format("{}/{}/{}/raw_checked", step, paths, layout));
      if (!std::isnan(rc)) {
        std::printf("%-14s %-6s %10s %10.4f %10s %12.3f   (raw C that checks each attribute holds one value)\n", "",
                    "", "", rc, "", s / rc);
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool with_h5py = true;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--no-h5py") {
      with_h5py = false;
    } else if (a.rfind("--paths=", 0) == 0) {
      g_paths = std::stoll(a.substr(8));
    } else {
      args.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(args.size());
  g_dir = fs::temp_directory_path() / fmt::format("strata_hdf5_bench_{}", ::getpid());
  fs::create_directories(g_dir);
  H5pyWorker worker;
  if (with_h5py) {
    if (worker.start()) {
      g_h5py = &worker;
    } else {
      std::fprintf(stderr, "cannot start the h5py worker; h5py columns stay empty\n");
    }
  }
  register_all();
  benchmark::Initialize(&n, args.data());
  benchmark::RunSpecifiedBenchmarks();
  for (int64_t paths : {g_paths, int64_t{500}}) print_table(g_best, paths);
  std::error_code ec;
  fs::remove_all(g_dir, ec);
  benchmark::Shutdown();
  return 0;
}
