#include "strata/core/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace strata {

namespace {

const char* unit_noun(ProgressUnit unit) {
  switch (unit) {
    case ProgressUnit::kRows: return "rows";
    case ProgressUnit::kPaths: return "paths";
    case ProgressUnit::kBytes: return "";
    case ProgressUnit::kItems: return "items";
  }
  return "";
}

// Three significant figures: 1.20, 12.3, 123.
std::string three_figures(double v) {
  if (v < 9.995) return fmt::format("{:.2f}", v);
  if (v < 99.95) return fmt::format("{:.1f}", v);
  return fmt::format("{:.0f}", v);
}

}  // namespace

std::string format_quantity(double value, ProgressUnit unit) {
  const bool bytes = unit == ProgressUnit::kBytes;
  static const char* kCountSuffix[] = {"", "k", "M", "G", "T"};
  static const char* kByteSuffix[] = {" B", " kB", " MB", " GB", " TB"};
  const char** suffix = bytes ? kByteSuffix : kCountSuffix;
  if (!std::isfinite(value) || value < 0) value = 0;
  if (value < 999.5) {
    // Whole counts print as integers; rates below 1000 too (a fraction of a row per second says nothing).
    return fmt::format("{:.0f}{}", value, suffix[0]);
  }
  int scale = 0;
  while (scale < 4 && value >= 999.5) {
    value /= 1000.0;
    ++scale;
  }
  return three_figures(value) + suffix[scale];
}

std::string format_progress(const std::string& label, int64_t done, int64_t total, double elapsed_seconds,
                            ProgressUnit unit, int bar_width) {
  const char* noun = unit_noun(unit);
  const std::string space_noun = *noun ? std::string(" ") + noun : std::string();
  std::string line = label;
  if (total > 0) {
    const double fraction = std::clamp(static_cast<double>(done) / static_cast<double>(total), 0.0, 1.0);
    const int filled = static_cast<int>(fraction * bar_width);
    line += fmt::format("  [{}{}] {:3d}%", std::string(static_cast<size_t>(filled), '#'),
                        std::string(static_cast<size_t>(bar_width - filled), '.'),
                        static_cast<int>(fraction * 100.0));
    line += fmt::format("  {}/{}{}", format_quantity(static_cast<double>(done), unit),
                        format_quantity(static_cast<double>(total), unit), space_noun);
  } else {
    line += fmt::format("  {}{}", format_quantity(static_cast<double>(done), unit), space_noun);
  }
  if (elapsed_seconds > 0) {
    line += fmt::format("  {}{}/s", format_quantity(static_cast<double>(done) / elapsed_seconds, unit), space_noun);
  }
  return line;
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

Progress::Progress(std::string label, int64_t total, ProgressUnit unit, ProgressOptions options)
    : label_(std::move(label)),
      total_(total),
      unit_(unit),
      options_(options),
      out_(stderr_is_terminal() ? &std::cerr : nullptr),
      clock_([] { return std::chrono::steady_clock::now(); }),
      start_(clock_()),
      last_draw_(start_) {}

Progress::Progress(std::string label, int64_t total, ProgressUnit unit, ProgressOptions options, std::ostream& out,
                   Clock clock)
    : label_(std::move(label)),
      total_(total),
      unit_(unit),
      options_(options),
      out_(&out),
      clock_(std::move(clock)),
      start_(clock_()),
      last_draw_(start_) {}

Progress::~Progress() {
  if (out_ != nullptr && drawn_ && !finished_) {
    *out_ << "\r\x1b[K" << std::flush;  // the work stopped early: leave no half-drawn bar behind
  }
}

int64_t Progress::done() const {
  std::lock_guard lock(mutex_);
  return done_;
}

void Progress::add(int64_t n) {
  std::lock_guard lock(mutex_);
  done_ += n;
  maybe_draw_locked(false);
}

void Progress::set(int64_t done) {
  std::lock_guard lock(mutex_);
  done_ = done;
  maybe_draw_locked(false);
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  if (out_ != nullptr && drawn_) {
    maybe_draw_locked(true);
    *out_ << "\n" << std::flush;
  }
  finished_ = true;
}

void Progress::maybe_draw_locked(bool force) {
  if (out_ == nullptr || finished_) return;
  const auto now = clock_();
  if (!force) {
    if (now - start_ < options_.delay) return;
    if (drawn_ && now - last_draw_ < options_.interval) return;
  }
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  *out_ << '\r' << format_progress(label_, done_, total_, elapsed, unit_, options_.bar_width) << "\x1b[K" << std::flush;
  last_draw_ = now;
  drawn_ = true;
  ++redraws_;
}

}  // namespace strata
