// The tour's parts (internal), one file each, sharing a small context. Each part reports through the
// Reporter: what it prints to the terminal (exactly as before) and the same results as structured blocks for
// the HTML report (strata/tour/report.h).
#pragma once

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>

#include "strata/columnar/table.h"
#include "strata/tour/report.h"
#include "strata/tour/tour.h"

namespace strata::tour::internal {

// Milliseconds since `start`.
inline double elapsed_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

class Reporter {
 public:
  Reporter(std::ostream& out, TourReport& report) : out_(out), report_(report) {}

  // A new section: its title underlined on the terminal.
  void heading(const std::string& title);
  // `terminal` printed as is; `paragraph` (when not empty) added to the section as text.
  void text(const std::string& terminal, const std::string& paragraph);
  // `terminal` printed as is; the table added to the section.
  void table(const std::string& terminal, ReportTable table);
  void image(const std::string& terminal, ReportImage image);
  // Close the last section's timer.
  void finish();

  std::ostream& out() { return out_; }

 private:
  ReportSection& current();
  void close_section();

  std::ostream& out_;
  TourReport& report_;
  std::chrono::steady_clock::time_point section_start_ = std::chrono::steady_clock::now();
};

struct Context {
  const TourOptions& options;
  Reporter& report;
  columnar::Table transactions;  // made by the columnar part, used by the file parts
};

void orm_part(Context& ctx);
void columnar_part(Context& ctx);
void parquet_part(Context& ctx);
void formats_part(Context& ctx);
void hdf5_part(Context& ctx);

}  // namespace strata::tour::internal
