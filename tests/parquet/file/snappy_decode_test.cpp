// Our Snappy decoder (src/parquet/file/snappy_decode.h) against the system's libsnappy on many shapes of
// data, hand-made streams for the element kinds libsnappy never emits, and corrupt streams that must fail
// cleanly (run under ASan in the sanitizer pass).
#include <gtest/gtest.h>
#include <snappy-c.h>

#include <cstring>
#include <random>
#include <vector>

#include "snappy_decode.h"

namespace strata::parquet::internal {
namespace {

std::vector<uint8_t> compress(const std::vector<uint8_t>& in) {
  size_t n = snappy_max_compressed_length(in.size());
  std::vector<uint8_t> out(n);
  EXPECT_EQ(snappy_compress(reinterpret_cast<const char*>(in.data()), in.size(), reinterpret_cast<char*>(out.data()), &n),
            SNAPPY_OK);
  out.resize(n);
  return out;
}

std::string decode(const std::vector<uint8_t>& in, size_t size, std::vector<uint8_t>* out) {
  out->assign(size + kSnappySlack, 0xAB);
  std::string why = snappy_decompress(in, *out, size);
  out->resize(size);
  return why;
}

template <typename T>
std::vector<uint8_t> bytes_of(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  if (!b.empty()) std::memcpy(b.data(), v.data(), b.size());
  return b;
}

std::vector<std::vector<uint8_t>> samples() {
  std::mt19937_64 rng(42);
  std::vector<std::vector<uint8_t>> s;
  s.push_back({});
  s.push_back({7});
  std::vector<int64_t> ids(50000);
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int64_t>(i) + 123456789;
  s.push_back(bytes_of(ids));
  std::vector<int32_t> small(70000);
  for (size_t i = 0; i < small.size(); ++i) small[i] = static_cast<int32_t>(i / 3);
  s.push_back(bytes_of(small));
  std::vector<double> doubles(30000);
  for (auto& d : doubles) d = std::uniform_real_distribution<double>(0, 1e5)(rng);
  s.push_back(bytes_of(doubles));
  std::vector<uint8_t> runs;
  for (int k = 0; k < 3000; ++k) {
    const int len = static_cast<int>(rng() % 300);
    const auto byte = static_cast<uint8_t>(rng() % 4);
    runs.insert(runs.end(), static_cast<size_t>(len), byte);
  }
  s.push_back(runs);
  std::vector<uint8_t> text;
  const char* words[] = {"Dining", "Travel", "Groceries", "EUR", "USD", "GBP", "a", "bc"};
  for (int k = 0; k < 40000; ++k) {
    const char* w = words[rng() % 8];
    text.insert(text.end(), w, w + std::strlen(w));
  }
  s.push_back(text);
  std::vector<int64_t> steps(60000);  // 8-byte repeats of many lengths after short literals (offset 8 copies)
  uint64_t value = 1;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (rng() % 5 == 0) value += rng() % 3 == 0 ? rng() : rng() % 300;  // unsigned: wraps by design
    steps[i] = static_cast<int64_t>(value);
  }
  s.push_back(bytes_of(steps));
  std::vector<uint8_t> periodic;  // offsets 1..7: overlapping pattern copies
  for (int p = 1; p <= 9; ++p) {
    for (int k = 0; k < 500; ++k) periodic.push_back(static_cast<uint8_t>(k % p));
  }
  s.push_back(periodic);
  return s;
}

TEST(ParquetSnappyDecode, MatchesLibsnappyOnManyShapes) {
  for (const auto& in : samples()) {
    const auto c = compress(in);
    ASSERT_EQ(snappy_uncompressed_length(c), in.size());
    std::vector<uint8_t> out;
    EXPECT_EQ(decode(c, in.size(), &out), "");
    EXPECT_TRUE(out == in) << "sample of " << in.size() << " bytes";
  }
}

TEST(ParquetSnappyDecode, HandMadeElements) {
  // varint 20; literal "abcd"; copy-2 (offset 4, length 8); copy-4 (offset 3, length 5); literal of 61..64
  // bytes coded with a 1-byte length is checked below; here a 2-byte length literal of 3 bytes "xyz".
  std::vector<uint8_t> s = {20, (3 << 2) | 0, 'a', 'b', 'c', 'd', ((8 - 1) << 2) | 2, 4, 0,
                            ((5 - 1) << 2) | 3, 3, 0, 0, 0, (61 << 2) | 0, 2, 0, 'x', 'y', 'z'};
  std::vector<uint8_t> out;
  ASSERT_EQ(decode(s, 20, &out), "");
  const std::string want = "abcdabcdabcd" "bcdbc" "xyz";
  EXPECT_EQ(std::string(out.begin(), out.end()), want);
  // copy-1: length 4..11, offset up to 2047: "ab" then copy offset 2 length 6 → "abababab".
  std::vector<uint8_t> c1 = {8, (1 << 2) | 0, 'a', 'b', static_cast<uint8_t>(((6 - 4) << 2) | 1), 2};
  ASSERT_EQ(decode(c1, 8, &out), "");
  EXPECT_EQ(std::string(out.begin(), out.end()), "abababab");
  // A 300-byte literal with a 2-byte length.
  std::vector<uint8_t> big = {0xAC, 0x02, (61 << 2) | 0, 0x2B, 0x01};
  for (int i = 0; i < 300; ++i) big.push_back(static_cast<uint8_t>(i * 7));
  ASSERT_EQ(decode(big, 300, &out), "");
  for (int i = 0; i < 300; ++i) ASSERT_EQ(out[static_cast<size_t>(i)], static_cast<uint8_t>(i * 7));
}

TEST(ParquetSnappyDecode, CorruptStreamsFailCleanly) {
  std::vector<uint8_t> out;
  EXPECT_NE(decode({}, 1, &out), "");
  EXPECT_NE(decode({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, 5, &out), "");  // varint too long
  EXPECT_NE(decode({4, (0 << 2) | 1, 5}, 4, &out), "");                  // copy before any output
  EXPECT_NE(decode({4, 0, 'a', ((4 - 1) << 2) | 2, 2, 0}, 4, &out), "");  // offset past the output
  EXPECT_NE(decode({2, 0, 'a'}, 2, &out), "");                           // ends early
  EXPECT_NE(decode({1, 4, 'a', 'b'}, 1, &out), "");                      // literal past the output
  EXPECT_NE(decode({3, 0, 'a'}, 2, &out), "");                           // preamble disagrees
  // Every truncation and many byte flips of real streams: an error or the exact size, never a crash.
  std::mt19937 rng(7);
  for (const auto& in : samples()) {
    if (in.empty() || in.size() > 100000) continue;
    const auto c = compress(in);
    for (size_t cut = 0; cut < c.size(); cut += 1 + c.size() / 200) {
      std::vector<uint8_t> t(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(cut));
      EXPECT_NE(decode(t, in.size(), &out), "") << "cut at " << cut;
    }
    for (int k = 0; k < 200 && !c.empty(); ++k) {
      auto t = c;
      t[rng() % t.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
      (void)decode(t, in.size(), &out);
    }
  }
}

}  // namespace
}  // namespace strata::parquet::internal
