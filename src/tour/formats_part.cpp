// "Performance comparison: CSV vs Parquet vs Feather" on the first 100,000 transactions.
#include <fmt/ostream.h>

#include <cmath>

#include "strata/columnar/builder.h"
#include "strata/columnar/pretty_print.h"
#include "strata/csv/reader.h"
#include "strata/csv/writer.h"
#include "strata/ipc/reader.h"
#include "strata/ipc/writer.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"
#include "strata/tour/formats.h"
#include "tour_internal.h"

namespace strata::tour {

std::vector<FormatTiming> compare_formats(const columnar::Table& table, const std::filesystem::path& dir, int threads) {
  std::vector<FormatTiming> out;
  auto time = [&](const char* name, const std::filesystem::path& path, auto write, auto read) {
    auto t0 = std::chrono::steady_clock::now();
    write(path);
    const double w = internal::elapsed_ms(t0);
    t0 = std::chrono::steady_clock::now();
    const int64_t rows = read(path);
    const double r = internal::elapsed_ms(t0);
    out.push_back({name, w, r, static_cast<double>(std::filesystem::file_size(path)) / 1024.0, rows});
  };
  time("CSV", dir / "bench.csv", [&](const auto& p) { csv::write_csv(table, p); },
       [&](const auto& p) {
         csv::ReadOptions o;
         o.threads = threads;
         return csv::read_csv(p, o).num_rows();
       });
  time("Parquet", dir / "bench.parquet",
       [&](const auto& p) {
         parquet::WriterOptions o;
         o.threads = threads;
         parquet::write_table(table, p, o);
       },
       [&](const auto& p) {
         parquet::ReadOptions o;
         o.threads = threads;
         return parquet::read_table(p, o).num_rows();
       });
  time("Feather", dir / "bench.feather", [&](const auto& p) { ipc::write_feather(table, p); },
       [&](const auto& p) { return ipc::read_feather(p).num_rows(); });
  return out;
}

columnar::Table timings_table(const std::vector<FormatTiming>& timings) {
  columnar::StringBuilder format;
  columnar::DoubleBuilder write, read, size;
  auto round1 = [](double x) { return std::round(x * 10.0) / 10.0; };
  for (const auto& t : timings) {
    format.append(t.format);
    write.append(round1(t.write_ms));
    read.append(round1(t.read_ms));
    size.append(round1(t.size_kb));
  }
  return columnar::Table::from_arrays({"Format", "Write (ms)", "Read (ms)", "Size (KB)"},
                                      {format.finish(), write.finish(), read.finish(), size.finish()});
}

std::string format_timings(const std::vector<FormatTiming>& timings) {
  return columnar::to_string(timings_table(timings)) + "\n";
}

namespace internal {

void formats_part(Context& ctx) {
  ctx.report.heading("CSV vs Parquet vs Feather (first 100,000 rows)");
  const int64_t rows = std::min<int64_t>(100000, ctx.transactions.num_rows());
  const auto timings = compare_formats(ctx.transactions.slice(0, rows), ctx.options.out_dir, ctx.options.threads);
  ctx.report.table(format_timings(timings),
                   report_table(timings_table(timings), fmt::format("Write and read {} rows in each format", rows)));
}

}  // namespace internal
}  // namespace strata::tour
