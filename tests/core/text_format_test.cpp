#include "strata/core/text_format.h"
#include "strata/core/xml_escape.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace strata::text {
namespace {

TEST(TextFormat, DoublesAsJavaScriptPrintsThem) {
  EXPECT_EQ(format_double_js(0.1), "0.1");
  EXPECT_EQ(format_double_js(1e21), "1e+21");
  EXPECT_EQ(format_double_js(1e20), "100000000000000000000");
  EXPECT_EQ(format_double_js(1.5e-7), "1.5e-7");
  EXPECT_EQ(format_double_js(0.000001), "0.000001");
  EXPECT_EQ(format_double_js(-0.0), "-0");
  EXPECT_EQ(format_double_js(0.0), "0");
  EXPECT_EQ(format_double_js(47.734790646936844), "47.734790646936844");
  EXPECT_EQ(format_double_js(123456.0), "123456");
  EXPECT_EQ(format_double_js(-2.5), "-2.5");
  EXPECT_EQ(format_double_js(std::nan("")), "NaN");
  EXPECT_EQ(format_double_js(-std::numeric_limits<double>::infinity()), "-Infinity");
  EXPECT_EQ(format_double_js(5e-324), "5e-324");
  EXPECT_EQ(format_double_js(1.7976931348623157e308), "1.7976931348623157e+308");
}

TEST(TextFormat, FloatsShortestAsFloat32) {
  EXPECT_EQ(format_float_js(0.1f), "0.1");
  EXPECT_EQ(format_float_js(3.4028235e38f), "3.4028235e+38");
  EXPECT_EQ(format_float_js(1.0f / 3.0f), "0.33333334");
}

TEST(TextFormat, Dates) {
  std::string s;
  append_date(s, 0);
  EXPECT_EQ(s, "1970-01-01");
  s.clear();
  append_date(s, -1);
  EXPECT_EQ(s, "1969-12-31");
  s.clear();
  append_date(s, 19723);  // 2024-01-01
  EXPECT_EQ(s, "2024-01-01");
  // Years outside 0..9999: a sign and at least four digits, as the canonical dump's reference writes them.
  s.clear();
  append_date(s, days_from_civil(52951, 7, 27));
  EXPECT_EQ(s, "+52951-07-27");
  s.clear();
  append_date(s, days_from_civil(-1, 12, 31));
  EXPECT_EQ(s, "-0001-12-31");
  s.clear();
  append_date(s, days_from_civil(10000, 1, 1));
  EXPECT_EQ(s, "+10000-01-01");
  EXPECT_EQ(days_from_civil(2024, 2, 29), 19782);
  const CivilDate c = civil_from_days(19782);
  EXPECT_EQ(c.year, 2024);
  EXPECT_EQ(c.month, 2u);
  EXPECT_EQ(c.day, 29u);
}

TEST(TextFormat, TimestampsTrimTheFraction) {
  std::string s;
  append_timestamp(s, 1720597341442, 1000);
  EXPECT_EQ(s, "2024-07-10T07:42:21.442");
  s.clear();
  append_timestamp(s, 1720597341000, 1000);
  EXPECT_EQ(s, "2024-07-10T07:42:21");
  s.clear();
  append_timestamp(s, 1720597341100000, 1000000);
  EXPECT_EQ(s, "2024-07-10T07:42:21.1");
  s.clear();
  append_timestamp(s, -1, 1000000000);
  EXPECT_EQ(s, "1969-12-31T23:59:59.999999999");
}

TEST(TextFormat, JsonStrings) {
  std::string s;
  append_json_string(s, "a\"b\\c\n\x01");
  EXPECT_EQ(s, "\"a\\\"b\\\\c\\n\\u0001\"");
}

}  // namespace
}  // namespace strata::text

#include "strata/core/base64.h"

namespace strata {
namespace {

TEST(Base64, Rfc4648Vectors) {
  auto enc = [](std::string_view s) {
    return base64_encode({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
  };
  EXPECT_EQ(enc(""), "");
  EXPECT_EQ(enc("f"), "Zg==");
  EXPECT_EQ(enc("fo"), "Zm8=");
  EXPECT_EQ(enc("foo"), "Zm9v");
  EXPECT_EQ(enc("foobar"), "Zm9vYmFy");
  auto dec = base64_decode("Zm9vYg==");
  ASSERT_TRUE(dec.has_value());
  EXPECT_EQ(std::string(dec->begin(), dec->end()), "foob");
  EXPECT_FALSE(base64_decode("Zm9v!").has_value());
  EXPECT_FALSE(base64_decode("Z").has_value());
}

}  // namespace
}  // namespace strata

TEST(TextFormat, XmlEscape) {
  EXPECT_EQ(strata::text::xml_escape("a < b & \"c\" > d"), "a &lt; b &amp; &quot;c&quot; &gt; d");
  EXPECT_EQ(strata::text::xml_escape("plain, 'single' quotes"), "plain, 'single' quotes");
  EXPECT_EQ(strata::text::xml_escape(""), "");
}
