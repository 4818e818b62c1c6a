// Decode throughput of Parquet value encodings on 1-2 M values, in batches of 4096 (what a column reader
// asks for): RLE dictionary indices at bit widths 3 and 17 (random indices, so mostly bit-packed runs),
// PLAIN doubles, DELTA_BINARY_PACKED int64 timestamps, BYTE_STREAM_SPLIT doubles; plus the encoders.
// Run: build/<dir>/bench/parquet_encoding_bench  (items/s = values/s).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "strata/parquet/encoding/byte_stream_split.h"
#include "strata/parquet/encoding/delta_binary_packed.h"
#include "strata/parquet/encoding/dictionary.h"
#include "strata/parquet/encoding/plain.h"
#include "strata/parquet/encoding/rle.h"

namespace {

namespace enc = strata::parquet::encoding;
constexpr size_t kBatch = 4096;

std::vector<uint32_t> random_indices(size_t n, int width) {
  std::mt19937_64 rng(42);
  std::vector<uint32_t> v(n);
  for (auto& x : v) x = static_cast<uint32_t>(rng() & ((uint64_t{1} << width) - 1));
  return v;
}

std::vector<int64_t> timestamps(size_t n) {
  std::mt19937_64 rng(7);
  std::vector<int64_t> v(n);
  int64_t t = 1'700'000'000'000'000;  // microseconds, about 1 s apart with jitter
  for (auto& x : v) x = t += 1'000'000 + static_cast<int64_t>(rng() % 5000);
  return v;
}

void BM_RleDictionaryIndices(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  const size_t n = static_cast<size_t>(state.range(1));
  std::vector<uint8_t> page;
  enc::encode_dictionary_indices(random_indices(n, width), width, page);
  std::vector<uint32_t> out(kBatch);
  for (auto _ : state) {
    auto decoder = enc::dictionary_index_decoder(page);
    for (size_t done = 0; done < n; done += kBatch) {
      decoder.decode(std::span<uint32_t>(out.data(), std::min(kBatch, n - done)));
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
}
BENCHMARK(BM_RleDictionaryIndices)->Args({3, 2'000'000})->Args({17, 2'000'000})->Unit(benchmark::kMillisecond);

void BM_RleDictionaryGatherDouble(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  const size_t n = static_cast<size_t>(state.range(1));
  std::vector<uint8_t> page;
  enc::encode_dictionary_indices(random_indices(n, width), width, page);
  std::vector<double> dictionary(size_t{1} << width);
  for (size_t i = 0; i < dictionary.size(); ++i) dictionary[i] = static_cast<double>(i) * 0.25;
  std::vector<double> out(kBatch);
  for (auto _ : state) {
    auto decoder = enc::dictionary_index_decoder(page);
    for (size_t done = 0; done < n; done += kBatch) {
      decoder.decode_gather<double>(dictionary, std::span<double>(out.data(), std::min(kBatch, n - done)));
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_RleDictionaryGatherDouble)->Args({3, 2'000'000})->Args({17, 2'000'000})->Unit(benchmark::kMillisecond);

void BM_PlainDoubleDecode(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<double> values(n);
  for (size_t i = 0; i < n; ++i) values[i] = static_cast<double>(i) * 1.5;
  std::vector<uint8_t> page;
  enc::plain_encode<double>(values, page);
  std::vector<double> out(kBatch);
  for (auto _ : state) {
    enc::PlainDecoder decoder(page);
    for (size_t done = 0; done < n; done += kBatch) {
      decoder.decode(std::span<double>(out.data(), std::min(kBatch, n - done)));
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
}
BENCHMARK(BM_PlainDoubleDecode)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

void BM_DeltaBinaryPackedTimestampDecode(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<uint8_t> page;
  enc::delta_binary_packed_encode<int64_t>(timestamps(n), page);
  std::vector<int64_t> out(kBatch);
  for (auto _ : state) {
    enc::DeltaBinaryPackedDecoder<int64_t> decoder(page);
    for (size_t done = 0; done < n; done += kBatch) {
      decoder.decode(std::span<int64_t>(out.data(), std::min(kBatch, n - done)));
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
  state.counters["bytes_per_value"] = static_cast<double>(page.size()) / static_cast<double>(n);
}
BENCHMARK(BM_DeltaBinaryPackedTimestampDecode)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

void BM_DeltaBinaryPackedTimestampEncode(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const auto values = timestamps(n);
  std::vector<uint8_t> page;
  for (auto _ : state) {
    page.clear();
    enc::delta_binary_packed_encode<int64_t>(values, page);
    benchmark::DoNotOptimize(page.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_DeltaBinaryPackedTimestampEncode)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

void BM_RleDictionaryIndicesEncode(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  const size_t n = static_cast<size_t>(state.range(1));
  const auto indices = random_indices(n, width);
  std::vector<uint8_t> page;
  for (auto _ : state) {
    page.clear();
    enc::encode_dictionary_indices(indices, width, page);
    benchmark::DoNotOptimize(page.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_RleDictionaryIndicesEncode)->Args({3, 2'000'000})->Args({17, 2'000'000})->Unit(benchmark::kMillisecond);

void BM_ByteStreamSplitDoubleDecode(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<double> values(n);
  for (size_t i = 0; i < n; ++i) values[i] = static_cast<double>(i) / 3.0;
  std::vector<uint8_t> page;
  enc::byte_stream_split_encode<double>(values, page);
  std::vector<double> out(kBatch);
  for (auto _ : state) {
    enc::ByteStreamSplitDecoder decoder(page, 8);
    for (size_t done = 0; done < n; done += kBatch) {
      decoder.decode(std::span<double>(out.data(), std::min(kBatch, n - done)));
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_ByteStreamSplitDoubleDecode)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

void BM_DictionaryBuilderInt64(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::mt19937_64 rng(3);
  std::vector<int64_t> values(n);
  for (auto& v : values) v = static_cast<int64_t>(rng() % 1000);
  std::vector<uint32_t> indices;
  for (auto _ : state) {
    enc::DictionaryBuilder<int64_t> builder;
    indices.clear();
    builder.put(values, indices);
    benchmark::DoNotOptimize(indices.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_DictionaryBuilderInt64)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
