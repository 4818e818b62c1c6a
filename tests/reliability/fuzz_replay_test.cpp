// The fuzz targets' entry points (fuzz/fuzz_entry_points.h), compiled with the project's compiler and run on
// fixed inputs, so every CI pass checks what the fuzzers check without clang: each input either reads or
// throws strata::Error — never another exception type, and (in the ASan pass) never a sanitizer report.
//
//   Regression      the inputs under tests/reliability/inputs/<target>/ (fuzzer findings, minimised, fixed).
//   Seeds           the files Strata writes itself (fuzz/seed_inputs.h), whole and cut at 40 points each.
//   Mutations       (slow) 18,000 deterministic byte flips, overwrites with extreme integers, insertions and
//                   truncations of the seeds.
//   SharedCorpus    (slow) every Parquet / IPC / fuzz-regression file of ../shared/corpus under 4 MiB.
//   DISABLED_Open   the open findings under inputs/open/<target>/: run with --gtest_also_run_disabled_tests
//                   (in an ASan build) to check a fix; move the input to inputs/<target>/ once fixed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "fuzz_entry_points.h"
#include "seed_inputs.h"
#include "support/test_support.h"

namespace strata::fuzz {
namespace {

using EntryPoint = void (*)(const uint8_t*, size_t);

const std::map<std::string, EntryPoint>& entry_points() {
  static const std::map<std::string, EntryPoint> kEntries = {
      {"thrift", fuzz_thrift}, {"parquet", fuzz_parquet}, {"ipc_file", fuzz_ipc_file},
      {"ipc_stream", fuzz_ipc_stream}, {"csv", fuzz_csv}, {"filter", fuzz_filter}};
  return kEntries;
}

#ifndef STRATA_RELIABILITY_SLOW
#define STRATA_RELIABILITY_SLOW 0
#endif

// Run one input; a failure names the target, the input and what was thrown.
void replay(const std::string& target, const std::string& what, const std::vector<uint8_t>& bytes) {
  // A private copy, so a read past the end is a read past an allocation (ASan sees it).
  const std::vector<uint8_t> copy(bytes);
  try {
    entry_points().at(target)(copy.data(), copy.size());
  } catch (const Error&) {
    // Expected for bad input.
  } catch (const std::exception& e) {
    ADD_FAILURE() << target << " " << what << ": threw a non-strata exception: " << e.what();
  }
}

std::vector<uint8_t> bytes_of(const std::filesystem::path& path) {
  const std::string text = testing::read_file(path);
  return {text.begin(), text.end()};
}

// Replay every file under `folder`/<target>/; returns how many.
[[maybe_unused]] int replay_folder(const std::filesystem::path& folder) {
  int count = 0;
  if (!std::filesystem::exists(folder)) return 0;
  for (const auto& [target, entry] : entry_points()) {
    const auto dir = folder / target;
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& file : std::filesystem::directory_iterator(dir)) {
      if (!file.is_regular_file() || file.path().extension() == ".md") continue;
      replay(target, file.path().string(), bytes_of(file.path()));
      ++count;
    }
  }
  return count;
}

#if !STRATA_RELIABILITY_SLOW
TEST(FuzzReplay, RegressionInputs) {
  const int count = replay_folder(testing::source_dir() / "tests/reliability/inputs");
  RecordProperty("inputs", count);
}

TEST(FuzzReplay, DISABLED_OpenFindings) { replay_folder(testing::source_dir() / "tests/reliability/inputs/open"); }

TEST(FuzzReplay, SeedsWholeAndTruncated) {
  testing::TempDir scratch;
  const auto seeds = strata_seeds(scratch.path());
  ASSERT_GE(seeds.size(), 40u);
  int runs = 0;
  for (const auto& seed : seeds) {
    // Every seed Strata wrote must read back without error (the readers accept the writers' output).
    if (seed.target == "parquet" || seed.target == "ipc_file" || seed.target == "ipc_stream") {
      const std::vector<uint8_t> copy(seed.bytes);
      EXPECT_NO_THROW(entry_points().at(seed.target)(copy.data(), copy.size())) << seed.name;
    }
    const size_t n = seed.bytes.size();
    for (size_t cut = 0; cut < 40 && cut < n; ++cut) {
      // Cut points spread over the input, plus the last few bytes (footers and lengths live at the end).
      const size_t length = cut < 32 ? n * cut / 32 : n - (40 - cut);
      replay(seed.target, seed.name + " cut to " + std::to_string(length),
             std::vector<uint8_t>(seed.bytes.begin(), seed.bytes.begin() + static_cast<ptrdiff_t>(length)));
      ++runs;
    }
  }
  EXPECT_GT(runs, 1000);
}
// Open finding (fuzz target ipc_file, seed generated_datetime.arrow_file of the Arrow integration files): the
// canonical text of a timestamp near INT64_MIN overflows int64 in core::text::append_timestamp
// (src/core/text_format.cpp:174, `days * ticks_per_day`); UBSan reports it. Enable once fixed (in ASan).
TEST(FuzzReplay, TimestampExtremesThroughFeather) {
  testing::TempDir dir;
  for (const auto unit : {columnar::TimeUnit::kSecond, columnar::TimeUnit::kMilli, columnar::TimeUnit::kMicro,
                          columnar::TimeUnit::kNano}) {
    columnar::Int64Builder b(columnar::timestamp(unit, "UTC"));
    for (const int64_t v : {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::min() + 1, int64_t{-1},
                            std::numeric_limits<int64_t>::max()}) {
      b.append(v);
    }
    const auto table = columnar::Table::from_arrays({"t"}, {b.finish()});
    ipc::write_feather(table, dir / "t.arrow");
    const std::vector<uint8_t> bytes = io::read_whole_file(dir / "t.arrow");
    EXPECT_NO_THROW(fuzz_ipc_file(bytes.data(), bytes.size()));
  }
}
// Open finding (fuzz target parquet): an INT96 value whose Julian day is far from 1970 overflows int64 in the
// nanosecond conversion of ChunkDecoder::decode_page (src/parquet/file/column_reader.cpp, INT96 case,
// `(julian - 2440588) * 86400LL * 1000000000LL + nanos`); UBSan reports it. The file: a Strata-written
// FIXED_LEN_BYTE_ARRAY(12) column (the same bytes as PLAIN INT96) relabelled INT96 in the footer, no ARROW:schema.
TEST(FuzzReplay, Int96FarJulianDay) {
  testing::TempDir dir;
  columnar::FixedSizeBinaryBuilder b(columnar::fixed_size_binary(12));
  const uint8_t value[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f};  // nanos 0, Julian day INT32_MAX
  b.append(std::string_view(reinterpret_cast<const char*>(value), 12));
  parquet::WriterOptions o;
  o.store_schema = false;
  o.use_dictionary = false;
  o.write_statistics = false;
  o.write_page_index = false;
  parquet::write_table(columnar::Table::from_arrays({"t"}, {b.finish()}), dir / "t.parquet", o);
  std::vector<uint8_t> bytes = io::read_whole_file(dir / "t.parquet");
  const parquet::Footer footer = parquet::read_footer(io::BufferReader(bytes));
  parquet::format::FileMetaData metadata = footer.metadata;
  metadata.schema.at(1).type = parquet::format::Type::kInt96;
  metadata.schema.at(1).type_length.reset();
  metadata.row_groups.at(0).columns.at(0).meta_data->type = parquet::format::Type::kInt96;
  bytes.resize(static_cast<size_t>(footer.metadata_offset));
  io::BufferOutputStream tail;
  parquet::write_footer(tail, metadata);
  bytes.insert(bytes.end(), tail.bytes().begin(), tail.bytes().end());
  EXPECT_NO_THROW(fuzz_parquet(bytes.data(), bytes.size()));
}
#endif  // !STRATA_RELIABILITY_SLOW

#if STRATA_RELIABILITY_SLOW
// One deterministic mutation of `in`.
std::vector<uint8_t> mutate(const std::vector<uint8_t>& in, std::mt19937_64& rng, std::string* how) {
  std::vector<uint8_t> out(in);
  if (out.empty()) return out;
  auto at = [&](size_t span) { return static_cast<size_t>(rng() % std::max<size_t>(1, out.size() - span + 1)); };
  switch (rng() % 5) {
    case 0: {  // flip 1-4 bytes
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int i = 0; i < flips; ++i) out[at(1)] ^= static_cast<uint8_t>(1 + rng() % 255);
      *how = "flip";
      break;
    }
    case 1: {  // an extreme 32-bit value (lengths, counts, offsets)
      static constexpr uint32_t kValues[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0, 0x10000};
      const uint32_t v = kValues[rng() % std::size(kValues)];
      if (out.size() >= 4) std::memcpy(out.data() + at(4), &v, 4);
      *how = "int32";
      break;
    }
    case 2: {  // a thrift-style varint of extreme size
      static constexpr uint8_t kVarint[] = {0xff, 0xff, 0xff, 0xff, 0x0f};
      const size_t p = at(5);
      for (size_t i = 0; i < 5 && p + i < out.size(); ++i) out[p + i] = kVarint[i];
      *how = "varint";
      break;
    }
    case 3: {  // insert or delete a few bytes
      const size_t p = at(1);
      if (rng() % 2 == 0) {
        out.insert(out.begin() + static_cast<ptrdiff_t>(p), 1 + rng() % 8, static_cast<uint8_t>(rng()));
      } else {
        out.erase(out.begin() + static_cast<ptrdiff_t>(p),
                  out.begin() + static_cast<ptrdiff_t>(std::min(out.size(), p + 1 + rng() % 8)));
      }
      *how = "splice";
      break;
    }
    default:  // copy a block over another (duplicated structures)
      if (out.size() > 16) {
        const size_t len = 1 + rng() % std::min<size_t>(64, out.size() / 2);
        const size_t from = at(len), to = at(len);
        std::memmove(out.data() + to, in.data() + from, len);
      }
      *how = "copy";
      break;
  }
  return out;
}

TEST(FuzzMutation, Mutations) {
  testing::TempDir scratch;
  const auto seeds = strata_seeds(scratch.path());
  std::mt19937_64 rng(20261126);
  int runs = 0;
  for (const auto& seed : seeds) {
    for (int i = 0; i < 400; ++i) {
      std::string how;
      const auto input = mutate(seed.bytes, rng, &how);
      replay(seed.target, seed.name + " mutation " + std::to_string(i) + " (" + how + ")", input);
      ++runs;
    }
  }
  EXPECT_GE(runs, 18000);
}

TEST(FuzzMutation, SharedCorpus) {
  const auto corpus = testing::shared_dir() / "corpus";
  if (!std::filesystem::exists(corpus)) GTEST_SKIP() << corpus << " not found";
  int runs = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(corpus)) {
    if (!entry.is_regular_file() || entry.file_size() > (4u << 20)) continue;
    const std::string p = entry.path().string();
    std::string target;
    if (entry.path().extension() == ".parquet" || p.find("/fuzz/arrow-testing/data/parquet/") != std::string::npos) {
      target = "parquet";
    } else if (entry.path().extension() == ".arrow_file" || p.find("arrow-ipc-file/") != std::string::npos) {
      target = "ipc_file";
    } else if (entry.path().extension() == ".stream" || p.find("arrow-ipc-stream/") != std::string::npos) {
      target = "ipc_stream";
    } else {
      continue;
    }
    replay(target, p, bytes_of(entry.path()));
    ++runs;
  }
  EXPECT_GT(runs, 200);
}
#endif  // STRATA_RELIABILITY_SLOW

}  // namespace
}  // namespace strata::fuzz
