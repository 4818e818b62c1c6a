// A progress bar on stderr for long work (conversions, simulations, big writes):
//
//   convert  [###########.............]  45%  90.0k/200.0k rows  1.20M rows/s
//
//   strata::Progress progress("convert", table.num_rows(), strata::ProgressUnit::kRows);
//   for (...) { write(slice); progress.add(slice.num_rows()); }
//   progress.finish();   // the last line, at 100%, then a newline
//
// Quiet unless stderr is a terminal (isatty), so logs and pipes never see it; also quiet for the first
// `delay` (quick work shows nothing). Redraws are throttled to one per `interval`, each a carriage return,
// the line and an erase-to-end-of-line. The clock and the stream can be injected, so the formatting and the
// throttling are tested without a terminal. add() may be called from several threads (a mutex guards the
// state; call it per batch, not per value).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>

namespace strata {

enum class ProgressUnit { kRows, kPaths, kBytes, kItems };

struct ProgressOptions {
  std::chrono::milliseconds interval{100};  // at most one redraw per interval
  std::chrono::milliseconds delay{300};     // draw nothing before this much time has passed
  int bar_width = 24;                       // characters between the brackets
};

// The line for `done` of `total` after `elapsed_seconds`, without the leading carriage return: label, bar,
// percentage, counts and rate. Counts and rates use k/M/G (bytes: kB/MB/GB, powers of 1000) with three
// significant figures; total <= 0 shows no bar or percentage (unknown size).
std::string format_progress(const std::string& label, int64_t done, int64_t total, double elapsed_seconds,
                            ProgressUnit unit, int bar_width = 24);
// "950", "12.3k", "1.20M", "4.56G" (bytes: "950 B", "12.3 kB", "1.20 MB").
std::string format_quantity(double value, ProgressUnit unit);

class Progress {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // On stderr, when it is a terminal.
  Progress(std::string label, int64_t total, ProgressUnit unit = ProgressUnit::kRows, ProgressOptions options = {});
  // On `out` (always enabled), with the given clock: for tests.
  Progress(std::string label, int64_t total, ProgressUnit unit, ProgressOptions options, std::ostream& out, Clock clock);
  // An unfinished bar is erased (the work failed or was abandoned); nothing is printed otherwise.
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void add(int64_t n);
  void set(int64_t done);
  // Draw the final line (when anything was drawn) and end it with a newline.
  void finish();

  bool enabled() const { return out_ != nullptr; }
  int64_t done() const;
  int redraws() const { return redraws_; }

 private:
  void maybe_draw_locked(bool force);

  std::string label_;
  int64_t total_;
  ProgressUnit unit_;
  ProgressOptions options_;
  std::ostream* out_;  // null when quiet
  Clock clock_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  mutable std::mutex mutex_;
  int64_t done_ = 0;
  int redraws_ = 0;
  bool drawn_ = false;
  bool finished_ = false;
};

// True when file descriptor 2 is a terminal.
bool stderr_is_terminal();

}  // namespace strata
