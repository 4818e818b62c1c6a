// Every decoder fed random bytes: each call ends in values or a FormatError, never a crash, a hang, a read
// past the input (ASan) or another exception type. Short buffers with biased bytes, so headers often parse.
#include <gtest/gtest.h>

#include "encoding_test_util.h"
#include "strata/parquet/encoding/byte_stream_split.h"
#include "strata/parquet/encoding/delta_byte_array.h"
#include "strata/parquet/encoding/dictionary.h"
#include "strata/parquet/encoding/plain.h"

namespace strata::parquet::encoding {
namespace {

using testing::Bytes;

Bytes random_bytes() {
  auto& rng = testing::rng();
  Bytes out(rng() % 48);
  for (auto& b : out) {
    const uint64_t r = rng();
    b = (r & 3) == 0 ? static_cast<uint8_t>(r >> 8) : static_cast<uint8_t>((r >> 8) % 5);  // mostly small
  }
  if (!out.empty() && rng() % 2) out[0] = 0x80;  // DELTA block size 128 = 80 01
  if (out.size() > 1 && rng() % 2) out[1] = 0x01;
  return out;
}

template <typename Fn>
void expect_values_or_format_error(Fn&& fn) {
  try {
    fn();
  } catch (const FormatError&) {
  }
}

TEST(RandomInput, EveryDecoderFailsCleanly) {
  for (int round = 0; round < 3000; ++round) {
    const Bytes data = random_bytes();
    const size_t n = testing::rng()() % 300;
    expect_values_or_format_error([&] {
      RleDecoder decoder(data, static_cast<int>(testing::rng()() % 34));
      std::vector<uint32_t> out(n);
      decoder.decode(out);
    });
    expect_values_or_format_error([&] {
      auto decoder = dictionary_index_decoder(data);
      const std::vector<int64_t> dictionary = {1, 2, 3};
      std::vector<int64_t> out(n);
      decoder.decode_gather<int64_t>(dictionary, out);
    });
    expect_values_or_format_error([&] {
      PlainDecoder decoder(data);
      std::vector<std::string_view> out(n % 8);
      decoder.decode_byte_arrays(out);
    });
    expect_values_or_format_error([&] {
      DeltaBinaryPackedDecoder<int64_t> decoder(data);
      std::vector<int64_t> out(static_cast<size_t>(std::min<int64_t>(decoder.values_left(), 1000)));
      decoder.decode(out);
    });
    expect_values_or_format_error([&] {
      DeltaBinaryPackedDecoder<int32_t> decoder(data);
      decoder.encoded_size();
      std::vector<int32_t> out(static_cast<size_t>(std::min<int64_t>(decoder.values_left(), 1000)));
      decoder.decode(out);
    });
    expect_values_or_format_error([&] {
      DeltaLengthByteArrayDecoder decoder(data);
      std::vector<std::string_view> out(static_cast<size_t>(std::min<int64_t>(decoder.values_left(), 1000)));
      decoder.decode(out);
    });
    expect_values_or_format_error([&] {
      DeltaByteArrayDecoder decoder(data);
      std::vector<std::string_view> out(static_cast<size_t>(std::min<int64_t>(decoder.values_left(), 1000)));
      decoder.decode(out);
    });
    expect_values_or_format_error([&] {
      ByteStreamSplitDecoder decoder(data, 4);
      std::vector<float> out(n % 16);
      decoder.decode<float>(out);
    });
  }
}

}  // namespace
}  // namespace strata::parquet::encoding
