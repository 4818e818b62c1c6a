// "PyArrow: Schema-First Columnar Data": the 200,000-row transaction table, printed as a notebook shows it,
// and its compute figures (total amount, fraud rate, maximum) straight on the columns.
#include <fmt/ostream.h>

#include "strata/columnar/pretty_print.h"
#include "strata/compute/aggregate.h"
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
  heading(ctx.out, "Columnar: a typed table and compute kernels");
  const columnar::Table& t = ctx.transactions;
  ctx.out << columnar::to_string(t) << "\n";
  const auto start = std::chrono::steady_clock::now();
  const double total = compute::sum(t.column("amount")).to_double();
  const int64_t fraud = compute::count_true(t.column("is_fraud"));
  const double max_amount = compute::max(t.column("amount")).to_double();
  const double compute_ms = elapsed_ms(start);
  const std::string rows = with_thousands(static_cast<double>(t.num_rows()));
  fmt::print(ctx.out, "\nTable: {} rows × {} columns\n", rows.substr(0, rows.size() - 3), t.num_columns());
  fmt::print(ctx.out, "\nColumnar compute (sum, count_true, max in {:.2f} ms):\n", compute_ms);
  fmt::print(ctx.out, "  Total amount : ${}\n", with_thousands(total));
  fmt::print(ctx.out, "  Fraud rate   : {:.2f}%\n", 100.0 * static_cast<double>(fraud) / static_cast<double>(t.num_rows()));
  fmt::print(ctx.out, "  Max amount   : ${:.2f}\n", max_amount);
}

}  // namespace strata::tour::internal
