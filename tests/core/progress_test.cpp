#include "strata/core/progress.h"

#include <gtest/gtest.h>

#include <sstream>

namespace strata {
namespace {

using std::chrono::milliseconds;

TEST(Progress, Quantities) {
  EXPECT_EQ(format_quantity(0, ProgressUnit::kRows), "0");
  EXPECT_EQ(format_quantity(999, ProgressUnit::kRows), "999");
  EXPECT_EQ(format_quantity(1000, ProgressUnit::kRows), "1.00k");
  EXPECT_EQ(format_quantity(12345, ProgressUnit::kRows), "12.3k");
  EXPECT_EQ(format_quantity(200000, ProgressUnit::kRows), "200k");
  EXPECT_EQ(format_quantity(999999, ProgressUnit::kRows), "1.00M");  // rounds up into the next prefix
  EXPECT_EQ(format_quantity(1.2e6, ProgressUnit::kRows), "1.20M");
  EXPECT_EQ(format_quantity(4.56e9, ProgressUnit::kRows), "4.56G");
  EXPECT_EQ(format_quantity(950, ProgressUnit::kBytes), "950 B");
  EXPECT_EQ(format_quantity(12.3e3, ProgressUnit::kBytes), "12.3 kB");
  EXPECT_EQ(format_quantity(1.5e6, ProgressUnit::kBytes), "1.50 MB");
  EXPECT_EQ(format_quantity(-1, ProgressUnit::kRows), "0");
}

TEST(Progress, Line) {
  // 45% of 200,000 rows in 0.075 s: 90,000 rows, 1.2M rows/s; 10 of 24 bar cells (0.45 * 24 = 10.8).
  EXPECT_EQ(format_progress("convert", 90000, 200000, 0.075, ProgressUnit::kRows),
            "convert  [##########..............]  45%  90.0k/200k rows  1.20M rows/s");
  EXPECT_EQ(format_progress("write", 0, 10, 0, ProgressUnit::kItems, 4), "write  [....]   0%  0/10 items");
  EXPECT_EQ(format_progress("sim", 500, 500, 2.0, ProgressUnit::kPaths, 4), "sim  [####] 100%  500/500 paths  250 paths/s");
  // More than the total is shown as 100%; an unknown total has no bar.
  EXPECT_EQ(format_progress("x", 12, 10, 0, ProgressUnit::kItems, 2), "x  [##] 100%  12/10 items");
  EXPECT_EQ(format_progress("read", 2500000, 0, 2.0, ProgressUnit::kBytes), "read  2.50 MB  1.25 MB/s");
}

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  Progress::Clock fn() {
    return [this] { return now; };
  }
};

TEST(Progress, DelayThrottleAndFinish) {
  FakeClock clock;
  std::ostringstream out;
  ProgressOptions o;
  o.delay = milliseconds(300);
  o.interval = milliseconds(100);
  o.bar_width = 4;
  {
    Progress p("job", 100, ProgressUnit::kItems, o, out, clock.fn());
    p.add(10);  // t = 0: inside the delay, nothing drawn
    clock.now += milliseconds(200);
    p.add(10);
    EXPECT_EQ(out.str(), "");
    clock.now += milliseconds(200);  // t = 400 ms: first draw
    p.add(20);
    EXPECT_EQ(out.str(), "\rjob  [#...]  40%  40/100 items  100 items/s\x1b[K");
    clock.now += milliseconds(50);  // within the interval: no redraw
    p.add(10);
    EXPECT_EQ(p.redraws(), 1);
    clock.now += milliseconds(50);  // t = 500 ms: a redraw
    p.set(50);
    EXPECT_EQ(p.redraws(), 2);
    EXPECT_EQ(p.done(), 50);
    clock.now += milliseconds(500);  // t = 1 s
    p.set(100);
    out.str("");
    p.finish();
    EXPECT_EQ(out.str(), "\rjob  [####] 100%  100/100 items  100 items/s\x1b[K\n");
    p.finish();  // once only
    EXPECT_EQ(p.redraws(), 4);
  }
  // Quick work (finished inside the delay) prints nothing at all.
  std::ostringstream quiet;
  {
    Progress p("quick", 10, ProgressUnit::kRows, o, quiet, clock.fn());
    p.add(10);
    p.finish();
  }
  EXPECT_EQ(quiet.str(), "");
  // Abandoned after a draw: the bar is erased.
  std::ostringstream abandoned;
  {
    const auto start = clock.now;
    Progress p("fail", 10, ProgressUnit::kRows, o, abandoned, clock.fn());
    clock.now = start + milliseconds(1000);
    p.add(5);
  }
  EXPECT_EQ(abandoned.str(), "\rfail  [##..]  50%  5/10 rows  5 rows/s\x1b[K\r\x1b[K");
}

TEST(Progress, QuietWhenStderrIsNotATerminal) {
  // Under ctest stderr is a pipe or a file: the default constructor draws nothing.
  if (stderr_is_terminal()) GTEST_SKIP() << "stderr is a terminal here";
  Progress p("job", 10);
  EXPECT_FALSE(p.enabled());
  p.add(10);
  p.finish();
  EXPECT_EQ(p.redraws(), 0);
}

}  // namespace
}  // namespace strata
