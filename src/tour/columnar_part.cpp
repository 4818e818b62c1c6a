// "PyArrow: Schema-First Columnar Data": the 200,000-row transaction table, printed as a notebook shows it,
// and its compute figures (total amount, fraud rate, maximum) straight on the columns.
#include <fmt/ostream.h>

#include "strata/columnar/pretty_print.h"
#include "strata/compute/aggregate.h"
#include "strata/tour/transactions.h"
#include "tour_internal.h"

namespace strata::tour::internal {

namespace {

// "1234567.891" → "1,234,567.89" (two decimals, thousands separated), as Python's f"{x:,.2f}".
std::string with_thousands(double value) {
  std::string digits = fmt::format("{:.2f}", value);
  const size_t point = digits.find('.');
  std::string out;
  const size_t start = digits[0] == '-' ? 1 : 0;
  for (size_t i = start; i < point; ++i) {
    if (i > start && (point - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (start ? "-" : "") + out + digits.substr(point);
}

}  // namespace

void columnar_part(Context& ctx) {
  ctx.report.heading("Columnar: a typed table and compute kernels");
  ctx.transactions = generate_transactions(ctx.options.transaction_rows);
  const columnar::Table& t = ctx.transactions;
  ctx.report.table(columnar::to_string(t) + "\n", report_table(t, "The transactions table"));
  const auto start = std::chrono::steady_clock::now();
  const double total = compute::sum(t.column("amount")).to_double();
  const int64_t fraud = compute::count_true(t.column("is_fraud"));
  const double max_amount = compute::max(t.column("amount")).to_double();
  const double compute_ms = elapsed_ms(start);
  std::string rows = with_thousands(static_cast<double>(t.num_rows()));
  rows = rows.substr(0, rows.size() - 3);
  ctx.report.text(fmt::format("\nTable: {} rows × {} columns\n", rows, t.num_columns()),
                  fmt::format("Table: {} rows × {} columns", rows, t.num_columns()));
  const std::string total_text = "$" + with_thousands(total);
  const std::string rate_text = fmt::format("{:.2f}%", 100.0 * static_cast<double>(fraud) / static_cast<double>(t.num_rows()));
  const std::string max_text = fmt::format("${:.2f}", max_amount);
  const std::string caption = fmt::format("Columnar compute (sum, count_true, max in {:.2f} ms)", compute_ms);
  ctx.report.table(fmt::format("\n{}:\n  Total amount : {}\n  Fraud rate   : {}\n  Max amount   : {}\n", caption,
                               total_text, rate_text, max_text),
                   figures_table(caption, {{"Total amount", total_text}, {"Fraud rate", rate_text}, {"Max amount", max_text}}));
}

}  // namespace strata::tour::internal
