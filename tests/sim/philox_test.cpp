#include "strata/sim/philox.h"

#include <gtest/gtest.h>

namespace strata::sim {
namespace {

// Known-answer vectors of Philox4x32-10 published with the Random123 paper's reference code
// (file kat_vectors: "philox4x32 10 <counter x4> <key x2> <output x4>").
struct Kat {
  PhiloxCounter counter;
  PhiloxKey key;
  PhiloxCounter expected;
};
constexpr Kat kKats[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

static_assert(philox4x32(kKats[2].counter, kKats[2].key) == kKats[2].expected, "usable at compile time");

TEST(PhiloxTest, KnownAnswerVectors) {
  for (const Kat& kat : kKats) EXPECT_EQ(philox4x32(kat.counter, kat.key), kat.expected);
}

TEST(PhiloxTest, RoundsAndKeysMatter) {
  const Kat& kat = kKats[2];
  EXPECT_NE(philox4x32(kat.counter, kat.key, 7), kat.expected);
  EXPECT_NE(philox4x32(kat.counter, {kat.key[0] ^ 1, kat.key[1]}), kat.expected);
  PhiloxCounter next = kat.counter;
  next[0] += 1;
  EXPECT_NE(philox4x32(next, kat.key), kat.expected);
}

TEST(PhiloxTest, SeedSplitsIntoKeyWords) {
  EXPECT_EQ(philox_key_from_seed(0x0123456789abcdefull), (PhiloxKey{0x89abcdef, 0x01234567}));
}

}  // namespace
}  // namespace strata::sim

#include "sim/normal_internal.h"

namespace strata::sim {
namespace {

TEST(PhiloxBatchTest, EveryVectorVersionMatchesTheReference) {
  constexpr int kN = detail::kNormalBlockBatch;
  const PhiloxKey key = philox_key_from_seed(0x0123456789abcdefull);
  const auto variants = detail::philox_batch_variants();
  EXPECT_GE(variants.size(), 1u);
  for (const auto& [name, fn] : variants) {
    alignas(64) uint64_t c[4][kN];
    for (int i = 0; i < kN; ++i) {
      c[0][i] = 0xfffffff0u + static_cast<uint32_t>(i);  // wraps within the 32-bit word
      c[1][i] = 7;
      c[2][i] = 0x80000000u;
      c[3][i] = static_cast<uint32_t>(i * 977);
    }
    fn(key, c[0], c[1], c[2], c[3]);
    for (int i = 0; i < kN; ++i) {
      const PhiloxCounter expected =
          philox4x32({0xfffffff0u + static_cast<uint32_t>(i), 7, 0x80000000u, static_cast<uint32_t>(i * 977)}, key);
      for (int w = 0; w < 4; ++w) ASSERT_EQ(c[w][i], expected[w]) << name << " lane " << i << " word " << w;
    }
  }
}

}  // namespace
}  // namespace strata::sim
