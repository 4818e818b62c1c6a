#include "strata/hdf5/selection.h"

#include <gtest/gtest.h>

#include "strata/core/error.h"

namespace strata::hdf5 {
namespace {

using Shape = std::vector<int64_t>;

TEST(Selection, ResolvesLikePythonSlices) {
  // ds[:10, :] on (500, 252)
  Hyperslab h = Selection::slices({Slice::to(10), Slice::all()}).resolve({500, 252});
  EXPECT_EQ(h.start, (Shape{0, 0}));
  EXPECT_EQ(h.count, (Shape{10, 252}));
  EXPECT_EQ(h.result_shape(), (Shape{10, 252}));
  EXPECT_EQ(h.num_elements(), 2520);

  // range(2, 100, 3) has 33 elements: 2, 5, ..., 98.
  h = Selection::slices({Slice::index(5), Slice(2, 100, 3)}).resolve({10, 252});
  EXPECT_EQ(h.start, (Shape{5, 2}));
  EXPECT_EQ(h.stride, (Shape{1, 3}));
  EXPECT_EQ(h.count, (Shape{1, 33}));
  EXPECT_EQ(h.result_shape(), (Shape{33}));

  // Negative bounds count from the end and clamp: [-10:] of 25 is 15..24; [-100:3] is 0..2; [7:3] empty.
  EXPECT_EQ(Selection::slices({Slice::from(-10)}).resolve({25}).start, (Shape{15}));
  EXPECT_EQ(Selection::slices({Slice::from(-10)}).resolve({25}).count, (Shape{10}));
  EXPECT_EQ(Selection::slices({Slice(-100, 3)}).resolve({25}).count, (Shape{3}));
  EXPECT_EQ(Selection::slices({Slice(7, 3)}).resolve({25}).count, (Shape{0}));
  EXPECT_EQ(Selection::slices({Slice::index(-1)}).resolve({25}).start, (Shape{24}));
  // Missing trailing axes are whole.
  EXPECT_EQ(Selection::slices({Slice(1, 3)}).result_shape({4, 5, 6}), (Shape{2, 5, 6}));
  EXPECT_EQ(Selection::points(2, {0, 1, 3, 4, 2, 2}).result_shape({4, 5}), (Shape{3}));
}

TEST(Selection, RejectsBadRequests) {
  EXPECT_THROW(Selection::slices({Slice::index(25)}).resolve({25}), InvalidArgument);
  EXPECT_THROW(Selection::slices({Slice(0, 5, 0)}).resolve({25}), InvalidArgument);
  EXPECT_THROW(Selection::slices({Slice(0, 5, -1)}).resolve({25}), InvalidArgument);
  EXPECT_THROW(Selection::slices({Slice::all(), Slice::all()}).resolve({25}), InvalidArgument);
  EXPECT_THROW(Selection::points(2, {1, 2, 3}), InvalidArgument);
}

TEST(Selection, ParsesText) {
  EXPECT_EQ(parse_selection("[:10, :]").to_string(), "[:10, :]");
  EXPECT_EQ(parse_selection("5, 2:100:3").to_string(), "[5, 2:100:3]");
  EXPECT_EQ(parse_selection("[-10:]").to_string(), "[-10:]");
  EXPECT_EQ(parse_selection("[::2]").result_shape({7}), (Shape{4}));
  EXPECT_EQ(parse_selection("[...]").kind(), Selection::Kind::kAll);
  EXPECT_EQ(parse_selection("").kind(), Selection::Kind::kAll);
  Hyperslab h = parse_selection("[3, 1:9:4]").resolve({5, 10});
  EXPECT_EQ(h.start, (Shape{3, 1}));
  EXPECT_EQ(h.count, (Shape{1, 2}));
  EXPECT_THROW(parse_selection("[a:3]"), InvalidArgument);
  EXPECT_THROW(parse_selection("[1:2:3:4]"), InvalidArgument);
  EXPECT_THROW(parse_selection("[1,,2]"), InvalidArgument);
  EXPECT_THROW(parse_selection("[1:2"), InvalidArgument);
}

}  // namespace
}  // namespace strata::hdf5
