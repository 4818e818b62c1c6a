// Interop with h5py (Debian's python3-h5py) and h5dump: the notebook's file both ways, and every kind of
// dataset h5py writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "hdf5_test_util.h"
#include "strata/hdf5/hdf5.h"

namespace strata::hdf5 {

struct PyTick {
  int64_t time = 0;
  double price = 0;
  int32_t size = 0;
};
inline Datatype hdf5_datatype(TypeTag<PyTick>) {
  return compound_of<PyTick>(member("time", &PyTick::time), member("price", &PyTick::price),
                             member("size", &PyTick::size));
}

namespace {

using strata::testing::TempDir;
using Shape = std::vector<int64_t>;

// The notebook's GBM cell: 500 paths x 252 steps, mu 0.08, sigma 0.2, S0 100, with normals from a small
// counter-based generator (splitmix64 + Box-Muller) so the test needs no simulation layer.
struct Notebook {
  static constexpr int64_t kPaths = 500;
  static constexpr int64_t kSteps = 252;
  std::vector<double> paths, time_axis, final_prices;
  double mean = 0, std = 0, var_95 = 0, var_99 = 0;

  Notebook() {
    uint64_t state = 42;
    auto next = [&] {
      uint64_t z = (state += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
    };
    const double mu = 0.08, sigma = 0.2, dt = 1.0 / kSteps;
    paths.resize(kPaths * kSteps);
    for (int64_t p = 0; p < kPaths; ++p) {
      double log_s = 0;
      for (int64_t t = 0; t < kSteps; ++t) {
        const double u1 = next() + 0x1.0p-54, u2 = next();
        const double w = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
        log_s += (mu - 0.5 * sigma * sigma) * dt + sigma * std::sqrt(dt) * w;
        paths[p * kSteps + t] = 100.0 * std::exp(log_s);
      }
      final_prices.push_back(paths[p * kSteps + kSteps - 1]);
    }
    for (int64_t t = 0; t < kSteps; ++t) time_axis.push_back(static_cast<double>(t) / (kSteps - 1));
    for (double v : final_prices) mean += v;
    mean /= kPaths;
    for (double v : final_prices) std += (v - mean) * (v - mean);
    std = std::sqrt(std / kPaths);  // numpy's default ddof=0
    var_95 = percentile(5);
    var_99 = percentile(1);
  }
  // numpy.percentile's default (linear interpolation between closest ranks).
  double percentile(double q) const {
    std::vector<double> s = final_prices;
    std::sort(s.begin(), s.end());
    const double h = (static_cast<double>(s.size()) - 1) * q / 100;
    const size_t lo = static_cast<size_t>(std::floor(h));
    return s[lo] + (h - static_cast<double>(lo)) * (s[std::min(lo + 1, s.size() - 1)] - s[lo]);
  }

  void write(const std::string& path) const {
    File f = File::create(path);
    f.attrs().set("description", "Monte Carlo GBM simulation");
    Group sim = f.create_group("simulation");
    Dataset ds = sim.create_dataset("paths", paths, {kPaths, kSteps},
                                    DatasetOptions{}.with_gzip(4).with_auto_chunks());
    ds.attrs().set("shape", fmt::format("{} paths × {} steps", kPaths, kSteps));
    sim.create_dataset("time_axis", time_axis);
    Group stats = f.create_group("statistics");
    stats.create_dataset("final_prices", final_prices);
    stats.attrs().set("mean_final", mean);
    stats.attrs().set("std_final", std);
    stats.attrs().set("var_95", var_95);
    stats.attrs().set("var_99", var_99);
    f.close();
  }
};

#define REQUIRE_H5PY() \
  if (!testing::h5py_available()) GTEST_SKIP() << "python3-h5py is not installed (apt-get install python3-h5py)"

TEST(Interop, NotebookFileWrittenByStrataReadsInH5py) {
  REQUIRE_H5PY();
  TempDir dir;
  const auto path = dir / "gbm.h5";
  Notebook nb;
  nb.write(path.string());
  auto lines = testing::h5py_describe(path, dir.path());
  ASSERT_FALSE(lines.empty()) << "h5py_probe.py failed";
  EXPECT_EQ(lines["attr / description"], "str Monte Carlo GBM simulation");
  EXPECT_EQ(lines["dataset /simulation/paths"],
            "dtype=float64 shape=500,252 chunks=63,32 compression=gzip opts=4 shuffle=0 fletcher32=0 maxshape=500,252");
  EXPECT_EQ(lines["attr /simulation/paths shape"], "str 500 paths × 252 steps");
  EXPECT_EQ(lines["dataset /simulation/time_axis"],
            "dtype=float64 shape=252 chunks=none compression=None opts=None shuffle=0 fletcher32=0 maxshape=252");
  EXPECT_EQ(lines["dataset /statistics/final_prices"],
            "dtype=float64 shape=500 chunks=none compression=None opts=None shuffle=0 fletcher32=0 maxshape=500");
  // Attributes: bit-identical doubles.
  EXPECT_EQ(lines["attr /statistics mean_final"].substr(0, 8), "float64 ");
  EXPECT_EQ(testing::hex_to_double(lines["attr /statistics mean_final"].substr(8)), nb.mean);
  EXPECT_EQ(testing::hex_to_double(lines["attr /statistics std_final"].substr(8)), nb.std);
  EXPECT_EQ(testing::hex_to_double(lines["attr /statistics var_95"].substr(8)), nb.var_95);
  EXPECT_EQ(testing::hex_to_double(lines["attr /statistics var_99"].substr(8)), nb.var_99);
  // Values: what h5py read, byte for byte.
  EXPECT_EQ(testing::read_doubles(dir / "simulation_paths.bin"), nb.paths);
  EXPECT_EQ(testing::read_doubles(dir / "simulation_time_axis.bin"), nb.time_axis);
  EXPECT_EQ(testing::read_doubles(dir / "statistics_final_prices.bin"), nb.final_prices);
  // numpy's statistics of the data it read agree with ours (summation order differs: 1e-12 relative).
  EXPECT_NEAR(testing::hex_to_double(lines["stat mean"]), nb.mean, 1e-12 * nb.mean);
  EXPECT_NEAR(testing::hex_to_double(lines["stat std"]), nb.std, 1e-12 * nb.std);
  EXPECT_NEAR(testing::hex_to_double(lines["stat p5"]), nb.var_95, 1e-12 * nb.var_95);
  EXPECT_NEAR(testing::hex_to_double(lines["stat p1"]), nb.var_99, 1e-12 * nb.var_99);
  // The partial read [:10, :].
  double partial = 0;
  for (int i = 0; i < 10 * 252; ++i) partial += nb.paths[static_cast<size_t>(i)];
  ASSERT_EQ(lines["partial /simulation/paths"].substr(0, 7), "10,252 ");
  EXPECT_NEAR(testing::hex_to_double(lines["partial /simulation/paths"].substr(7)), partial, 1e-9 * partial);
}

// h5dump -H -p without what legitimately differs between two files of other values: storage sizes and
// compression ratios, addresses, and the file name.
std::string layout_of(const std::string& path) {
  int status = 0;
  const std::string dump = testing::run(fmt::format("h5dump -H -p '{}'", path), &status);
  EXPECT_EQ(status, 0) << dump;
  // Line by line (std::regex trips GCC 12's -Wmaybe-uninitialized under the sanitizers).
  std::string out;
  size_t pos = 0;
  while (pos < dump.size()) {
    size_t end = dump.find('\n', pos);
    if (end == std::string::npos) end = dump.size();
    std::string line = dump.substr(pos, end - pos);
    pos = end + 1;
    const size_t first = line.find_first_not_of(' ');
    const std::string_view body = first == std::string::npos ? std::string_view() : std::string_view(line).substr(first);
    if (body.starts_with("SIZE ") || body.starts_with("OFFSET ")) continue;
    if (line.starts_with("HDF5 \"")) line = "HDF5 FILE {";
    out += line + "\n";
  }
  return out;
}

TEST(Interop, H5dumpLayoutMatchesH5pysOwnFile) {
  if (!testing::h5dump_available()) GTEST_SKIP() << "h5dump is not installed (apt-get install hdf5-tools)";
  TempDir dir;
  const auto path = dir / "gbm.h5";
  Notebook().write(path.string());
  const std::string ours = layout_of(path.string());
  const std::string theirs = layout_of((strata::testing::shared_dir() / "seed/data/gbm_notebook_h5py.h5").string());
  EXPECT_EQ(ours, theirs);
  EXPECT_NE(ours.find("CHUNKED ( 63, 32 )"), std::string::npos);
  EXPECT_NE(ours.find("COMPRESSION DEFLATE { LEVEL 4 }"), std::string::npos);
}

TEST(Interop, StrataReadsH5pysNotebookFile) {
  const auto path = strata::testing::shared_dir() / "seed/data/gbm_notebook_h5py.h5";
  File f = File::open(path.string());
  EXPECT_EQ(f.attrs().get<std::string>("description"), "Monte Carlo GBM simulation");
  EXPECT_EQ(f.keys(), (std::vector<std::string>{"simulation", "statistics"}));
  Dataset paths = f.dataset("simulation/paths");
  EXPECT_EQ(paths.shape(), (Shape{500, 252}));
  EXPECT_EQ(paths.chunks(), (Shape{63, 32}));
  EXPECT_EQ(paths.gzip_level(), 4);
  EXPECT_EQ(paths.attrs().get<std::string>("shape"), "500 paths × 252 steps");
  const std::vector<double> values = paths.read<double>();
  const NdArray<double> first = paths.read_array<double>(parse_selection("[:10, :]"));
  EXPECT_EQ(first.shape, (Shape{10, 252}));
  EXPECT_TRUE(std::equal(first.values.begin(), first.values.end(), values.begin()));
  Group stats = f.group("statistics");
  const std::vector<double> final_prices = stats.dataset("final_prices").read<double>();
  for (int64_t p = 0; p < 500; ++p) EXPECT_EQ(final_prices[p], values[p * 252 + 251]);  // paths[:, -1]
  // Values as h5py reads them, when h5py is here; otherwise facts about the file (GBM paths start near 100).
  if (testing::h5py_available()) {
    TempDir dir;
    auto lines = testing::h5py_describe(path, dir.path());
    EXPECT_EQ(testing::read_doubles(dir / "simulation_paths.bin"), values);
    EXPECT_EQ(testing::read_doubles(dir / "statistics_final_prices.bin"), final_prices);
    EXPECT_EQ(testing::read_doubles(dir / "simulation_time_axis.bin"), f.dataset("simulation/time_axis").read<double>());
    for (const char* name : {"mean_final", "std_final", "var_95", "var_99"}) {
      EXPECT_EQ(stats.attrs().get<double>(name),
                testing::hex_to_double(lines[fmt::format("attr /statistics {}", name)].substr(8)))
          << name;
    }
  }
  // The notebook's printout: mean final price ~ $110, VaR 95% below the mean.
  EXPECT_GT(stats.attrs().get<double>("mean_final"), 90.0);
  EXPECT_LT(stats.attrs().get<double>("var_95"), stats.attrs().get<double>("mean_final"));
  EXPECT_EQ(f.dataset("simulation/time_axis").read<double>(Selection::slices({Slice::index(-1)})),
            (std::vector<double>{1.0}));
}

TEST(Interop, StrataReadsEveryKindH5pyWrites) {
  REQUIRE_H5PY();
  TempDir dir;
  const auto path = dir / "py.h5";
  int status = 0;
  testing::run(fmt::format("/usr/bin/python3 {} write '{}'", testing::probe_script(), path.string()), &status);
  ASSERT_EQ(status, 0);
  File f = File::open(path.string());
  EXPECT_EQ(f.attrs().get<std::string>("title"), "written by h5py");
  EXPECT_EQ(f.attrs().get<int32_t>("version"), 3);
  EXPECT_EQ(f.attrs().get_array<double>("weights"), (std::vector<double>{0.5, 0.25, 0.125}));
  EXPECT_TRUE(f.attrs().get<bool>("flag"));
  EXPECT_EQ(f.attrs().get<std::string>("fixed"), "abc");
  EXPECT_EQ(f.dataset("ints/i8").read<int8_t>(), (std::vector<int8_t>{-5, -4, -3, -2, -1, 0, 1, 2, 3, 4}));
  EXPECT_EQ(f.dataset("ints/u16").read<uint16_t>()[9], 54000);
  EXPECT_EQ(f.dataset("ints/i64").read<int64_t>()[9], -9000000000000000);
  EXPECT_EQ(f.dataset("floats/f32").read<float>(), (std::vector<float>{0.0f, 0.25f, 0.5f, 0.75f, 1.0f}));
  Dataset grid = f.dataset("grid");
  EXPECT_EQ(grid.shape(), (Shape{4, 5, 6}));
  ASSERT_EQ(grid.filters().size(), 3u);
  EXPECT_EQ(grid.filters()[0].name, "shuffle");
  EXPECT_EQ(grid.gzip_level(), 9);
  EXPECT_EQ(grid.filters()[2].name, "fletcher32");
  EXPECT_EQ(grid.read<double>(Selection::slices({Slice::index(3), Slice::index(4)})),
            (std::vector<double>{114, 115, 116, 117, 118, 119}));
  EXPECT_EQ(f.dataset("flags").read<bool>(), (std::vector<bool>{true, false, true, true}));
  EXPECT_EQ(f.dataset("names").read<std::string>(), (std::vector<std::string>{"alpha", "βeta", "", "delta"}));
  EXPECT_EQ(f.dataset("codes").read<std::string>(), (std::vector<std::string>{"USD", "EUR", "GB"}));
  std::vector<PyTick> ticks = f.dataset("ticks").read<PyTick>();
  ASSERT_EQ(ticks.size(), 2u);
  EXPECT_EQ(ticks[1].time, 2);
  EXPECT_EQ(ticks[1].price, -1.0);
  EXPECT_EQ(ticks[1].size, 8);
  Dataset log = f.dataset("log");
  EXPECT_EQ(log.max_shape(), (Shape{kUnlimited, 3}));
  EXPECT_EQ(log.read<int32_t>(), (std::vector<int32_t>{1, 2, 3, 4, 5, 6}));
  log = Dataset();
  EXPECT_EQ(f.dataset("filled").read<double>(), (std::vector<double>(3, -1.5)));
  EXPECT_EQ(f.link_kind("alias"), LinkKind::kSoft);
  EXPECT_EQ(f.dataset("alias").read<double>().size(), 120u);
}

TEST(Interop, H5pyReadsEveryKindStrataWrites) {
  REQUIRE_H5PY();
  TempDir dir;
  const auto path = dir / "ours.h5";
  {
    File f = File::create(path.string());
    f.create_dataset("flags", std::vector<bool>{true, false, true});
    f.create_dataset("names", std::vector<std::string>{"alpha", "βeta", ""});
    f.create_dataset("ticks", std::vector<PyTick>{{1, 2.5, 7}, {2, -1.0, 8}});
    Dataset codes = f.create_dataset("codes", Datatype::fixed_string(3), {2});
    codes.write(std::vector<std::string>{"USD", "EU"});
    Dataset log = f.create_dataset("log", Datatype::integer(4, true), {0, 3},
                                   DatasetOptions{}.with_max_shape({kUnlimited, 3}));
    log.append(std::vector<int32_t>{1, 2, 3, 4, 5, 6});
    f.create_dataset("grid", std::vector<uint16_t>{1, 2, 3, 4, 5, 6}, {2, 3},
                     DatasetOptions{}.with_gzip(9).with_shuffle().with_fletcher32());
    f.attrs().set("ok", true);
    f.attrs().set("labels", std::vector<std::string>{"x", "y"});
  }
  auto lines = testing::h5py_describe(path, dir.path());
  EXPECT_EQ(lines["values /flags"], "bool 1,0,1");
  EXPECT_EQ(lines["values /names"], "strs alpha|βeta|");
  EXPECT_EQ(lines["values /ticks"], "compound time=1,2;price=0x1.4000000000000p+1,-0x1.0000000000000p+0;size=7,8");
  EXPECT_EQ(lines["values /codes"], "fixed USD|EU");
  EXPECT_EQ(lines["dataset /log"],
            "dtype=int32 shape=2,3 chunks=512,3 compression=None opts=None shuffle=0 fletcher32=0 maxshape=None,3");
  EXPECT_EQ(lines["dataset /grid"],
            "dtype=uint16 shape=2,3 chunks=2,3 compression=gzip opts=9 shuffle=1 fletcher32=1 maxshape=2,3");
  EXPECT_EQ(testing::read_doubles(dir / "grid.bin"), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(lines["attr / ok"], "bool 1");
  EXPECT_EQ(lines["attr / labels"], "strs x|y");
}

}  // namespace
}  // namespace strata::hdf5
