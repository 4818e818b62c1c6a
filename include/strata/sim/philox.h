// Philox4x32-10: the counter-based random number generator of Salmon, Moraes, Dror and Shaw, "Parallel
// random numbers: as easy as 1, 2, 3" (SC '11), section 3.3 and table 2.
//
// A pure function: 128 bits of counter and 64 bits of key map to 128 random bits. Strata's simulations set
// the key from the seed and the counter from (block index, path index), so a path's numbers depend only on
// (seed, path index) and never on the thread that draws them. Stateless and thread-safe.
#pragma once

#include <array>
#include <cstdint>

namespace strata::sim {

using PhiloxCounter = std::array<uint32_t, 4>;
using PhiloxKey = std::array<uint32_t, 2>;

// Multipliers and Weyl key increments of Philox4x32 (the paper's table 2 and its reference code).
inline constexpr uint32_t kPhiloxM0 = 0xD2511F53u;
inline constexpr uint32_t kPhiloxM1 = 0xCD9E8D57u;
inline constexpr uint32_t kPhiloxW0 = 0x9E3779B9u;  // golden ratio
inline constexpr uint32_t kPhiloxW1 = 0xBB67AE85u;  // sqrt(3) - 1
inline constexpr int kPhiloxRounds = 10;

// One round: two 32x32->64 products, the high halves xored with the other words and the round key, then
// the words permuted as the paper's S-box: (c0, c1, c2, c3) -> (hi(M1 c2) ^ c1 ^ k0, lo(M1 c2),
// hi(M0 c0) ^ c3 ^ k1, lo(M0 c0)).
constexpr PhiloxCounter philox4x32_round(const PhiloxCounter& c, const PhiloxKey& k) {
  const uint64_t p0 = static_cast<uint64_t>(kPhiloxM0) * c[0];
  const uint64_t p1 = static_cast<uint64_t>(kPhiloxM1) * c[2];
  return {static_cast<uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<uint32_t>(p1),
          static_cast<uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<uint32_t>(p0)};
}

// Apply `rounds` rounds, bumping the key by (W0, W1) between rounds (the first round uses the key as given).
constexpr PhiloxCounter philox4x32(PhiloxCounter counter, PhiloxKey key, int rounds = kPhiloxRounds) {
  for (int round = 0; round < rounds; ++round) {
    if (round > 0) {
      key[0] += kPhiloxW0;
      key[1] += kPhiloxW1;
    }
    counter = philox4x32_round(counter, key);
  }
  return counter;
}

// The key Strata derives from a 64-bit seed: its low and high halves.
constexpr PhiloxKey philox_key_from_seed(uint64_t seed) {
  return {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
}

}  // namespace strata::sim
