// "Parquet: Partitioned Write and Predicate Pushdown": write the transactions with snappy in row groups of
// 50,000 with statistics, then read three columns of the fraudulent rows back.
#include <fmt/ostream.h>

#include <optional>

#include "strata/core/progress.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"
#include "tour_internal.h"

namespace strata::tour::internal {

void parquet_part(Context& ctx) {
  ctx.report.heading("Parquet: row groups, statistics and predicate pushdown");
  const auto path = ctx.options.out_dir / "transactions.parquet";
  parquet::WriterOptions w;
  w.compression = io::CompressionType::kSnappy;
  w.row_group_size = 50000;
  w.threads = ctx.options.threads;
  auto t0 = std::chrono::steady_clock::now();
  {
    // A row group at a time (the same file as write_table), with a progress bar for big tables.
    std::optional<Progress> progress;
    if (ctx.options.progress) progress.emplace("parquet write", ctx.transactions.num_rows());
    parquet::FileWriter writer(path, ctx.transactions.schema(), w);
    for (int64_t offset = 0; offset < ctx.transactions.num_rows(); offset += w.row_group_size) {
      const int64_t n = std::min(w.row_group_size, ctx.transactions.num_rows() - offset);
      writer.write(ctx.transactions.slice(offset, n));
      if (progress) progress->add(n);
    }
    writer.close();
    if (progress) progress->finish();
  }
  const double write_ms = elapsed_ms(t0);
  auto reader = parquet::FileReader::open(path);
  const double size_mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  ctx.report.table(fmt::format("Write: {:.0f} ms  |  Size: {:.2f} MB  |  Row groups: {}\n", write_ms, size_mb,
                               reader.num_row_groups()),
                   figures_table("Write (snappy, row groups of 50,000, statistics and page index)",
                                 {{"Write", fmt::format("{:.0f} ms", write_ms)},
                                  {"Size", fmt::format("{:.2f} MB", size_mb)},
                                  {"Row groups", std::to_string(reader.num_row_groups())}}));

  parquet::ReadOptions r;
  r.columns = {"transaction_id", "amount", "category"};
  r.filter = parquet::parse_filter("is_fraud = true");
  r.threads = ctx.options.threads;
  parquet::ReadStats stats;
  t0 = std::chrono::steady_clock::now();
  columnar::Table fraud = reader.read(r, &stats);
  const double read_ms = elapsed_ms(t0);
  const double n = static_cast<double>(ctx.transactions.num_rows());
  const std::string rows_text =
      fmt::format("{} ({:.2f}%)", fraud.num_rows(), 100.0 * static_cast<double>(fraud.num_rows()) / n);
  ctx.report.table(
      fmt::format("\nPredicate pushdown (is_fraud = true):\n  Rows returned: {}\n  Read time    : {:.1f} ms  ({} of {} "
                  "row groups read; {} of {} pages decoded)\n",
                  rows_text, read_ms, stats.row_groups_read, stats.row_groups, stats.pages_read, stats.pages),
      figures_table("Predicate pushdown (is_fraud = true; transaction_id, amount, category)",
                    {{"Rows returned", rows_text},
                     {"Read time", fmt::format("{:.1f} ms", read_ms)},
                     {"Row groups read", fmt::format("{} of {}", stats.row_groups_read, stats.row_groups)},
                     {"Pages decoded", fmt::format("{} of {}", stats.pages_read, stats.pages)},
                     {"Rows scanned", std::to_string(stats.rows_scanned)}}));
}

}  // namespace strata::tour::internal
