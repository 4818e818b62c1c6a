// "Parquet: Partitioned Write and Predicate Pushdown": write the transactions with snappy in row groups of
// 50,000 with statistics, then read three columns of the fraudulent rows back.
#include <fmt/ostream.h>

#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"
#include "tour_internal.h"

namespace strata::tour::internal {

void parquet_part(Context& ctx) {
  heading(ctx.out, "Parquet: row groups, statistics and predicate pushdown");
  const auto path = ctx.options.out_dir / "transactions.parquet";
  parquet::WriterOptions w;
  w.compression = io::CompressionType::kSnappy;
  w.row_group_size = 50000;
  w.threads = ctx.options.threads;
  auto t0 = std::chrono::steady_clock::now();
  parquet::write_table(ctx.transactions, path, w);
  const double write_ms = elapsed_ms(t0);
  auto reader = parquet::FileReader::open(path);
  fmt::print(ctx.out, "Write: {:.0f} ms  |  Size: {:.2f} MB  |  Row groups: {}\n", write_ms,
             static_cast<double>(std::filesystem::file_size(path)) / 1e6, reader.num_row_groups());

  parquet::ReadOptions r;
  r.columns = {"transaction_id", "amount", "category"};
  r.filter = parquet::parse_filter("is_fraud = true");
  r.threads = ctx.options.threads;
  parquet::ReadStats stats;
  t0 = std::chrono::steady_clock::now();
  columnar::Table fraud = reader.read(r, &stats);
  const double read_ms = elapsed_ms(t0);
  const double n = static_cast<double>(ctx.transactions.num_rows());
  fmt::print(ctx.out, "\nPredicate pushdown (is_fraud = true):\n");
  fmt::print(ctx.out, "  Rows returned: {} ({:.2f}%)\n", fraud.num_rows(), 100.0 * static_cast<double>(fraud.num_rows()) / n);
  fmt::print(ctx.out, "  Read time    : {:.1f} ms  ({} of {} row groups read; {} of {} pages decoded)\n", read_ms,
             stats.row_groups_read, stats.row_groups, stats.pages_read, stats.pages);
}

}  // namespace strata::tour::internal
