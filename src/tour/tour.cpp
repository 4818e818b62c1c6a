#include "strata/tour/tour.h"

#include <fmt/ostream.h>

#include "strata/tour/transactions.h"
#include "tour_internal.h"

namespace strata::tour {

namespace internal {

ReportSection& Reporter::current() {
  if (report_.sections.empty()) report_.sections.push_back({});
  return report_.sections.back();
}

void Reporter::close_section() {
  if (!report_.sections.empty()) report_.sections.back().elapsed_ms = elapsed_ms(section_start_);
}

void Reporter::heading(const std::string& title) {
  close_section();
  fmt::print(out_, "\n{}\n{}\n", title, std::string(title.size(), '='));
  report_.sections.push_back({title, 0, {}});
  section_start_ = std::chrono::steady_clock::now();
}

void Reporter::text(const std::string& terminal, const std::string& paragraph) {
  out_ << terminal;
  if (!paragraph.empty()) current().blocks.push_back({ReportBlock::Kind::kText, paragraph, {}, {}});
}

void Reporter::table(const std::string& terminal, ReportTable table) {
  out_ << terminal;
  current().blocks.push_back({ReportBlock::Kind::kTable, {}, std::move(table), {}});
}

void Reporter::image(const std::string& terminal, ReportImage image) {
  out_ << terminal;
  current().blocks.push_back({ReportBlock::Kind::kImage, {}, {}, std::move(image)});
}

void Reporter::finish() { close_section(); }

}  // namespace internal

TourReport run_tour(const TourOptions& options, std::ostream& out) {
  std::filesystem::create_directories(options.out_dir);
  TourReport report;
  report.title = "Strata tour: the notebook, in C++";
  report.intro =
      "The notebook replayed end to end: the ORM and its queries, a columnar table and its compute figures, "
      "Parquet with predicate pushdown, CSV vs Parquet vs Feather, an HDF5 file of a Monte Carlo simulation, "
      "and its charts.";
  report.settings = {{"Database", options.db_url},
                     {"Transactions", fmt::format("{} rows", options.transaction_rows)},
                     {"Monte Carlo paths", std::to_string(options.sim_paths)},
                     {"Threads", options.threads == 0 ? std::string("all cores") : std::to_string(options.threads)},
                     {"Files", options.out_dir.string()}};
  internal::Reporter reporter(out, report);
  internal::Context ctx{options, reporter, {}};
  fmt::print(out, "Strata tour: the notebook, in C++. Files go to {}\n", options.out_dir.string());
  const auto start = std::chrono::steady_clock::now();
  internal::orm_part(ctx);
  internal::columnar_part(ctx);
  internal::parquet_part(ctx);
  internal::formats_part(ctx);
  internal::hdf5_part(ctx);
  reporter.finish();
  report.total_ms = internal::elapsed_ms(start);
  fmt::print(out, "\nTour finished in {:.0f} ms.\n", report.total_ms);
  if (options.report_dir) {
    const auto path = write_html_report(report, *options.report_dir);
    fmt::print(out, "HTML report: {}\n", path.string());
  }
  return report;
}

}  // namespace strata::tour
