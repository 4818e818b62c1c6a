// Getting started: build a table column by column, compute on it, print it. Run with a scratch folder
// (unused here) as the only argument.
// What `std::cout << sales` prints below (docs/getting-started.md quotes these lines).
const char* const kSalesText = R"(
    category  amount
0     Dining   42.50
1     Travel  310.00
2     Dining   17.25
3  Groceries   88.00
)";

// [first-table]
#include <iostream>

#include "strata/columnar/builder.h"
#include "strata/columnar/table.h"
#include "strata/compute/aggregate.h"
#include "strata/compute/elementwise.h"
#include "strata/compute/group_by.h"
#include "strata/compute/selection.h"

using namespace strata;
using columnar::Table;

int main() {
  columnar::StringBuilder categories;
  columnar::DoubleBuilder amounts;
  for (const char* c : {"Dining", "Travel", "Dining", "Groceries"}) categories.append(c);
  for (double a : {42.5, 310.0, 17.25, 88.0}) amounts.append(a);
  Table sales = Table::from_arrays({"category", "amount"}, {categories.finish(), amounts.finish()});

  std::cout << sales << "\n";                                       // pandas-style text
  double total = compute::sum(sales.column("amount")).to_double();  // 457.75

  // Rows with amount > 50, then totals per category (in order of first appearance).
  columnar::Array big = compute::compare(sales.column("amount").chunk(0), compute::CompareOp::kGreater,
                                         compute::make_scalar(50.0));
  Table large = compute::filter(sales, big);
  Table per_category = compute::group_by(sales, {"category"}, {{"amount", compute::AggregateFunction::kSum}});
  std::cout << per_category << "\n";

  if ("\n" + sales.to_string() + "\n" != kSalesText) return 1;  // kSalesText: the text shown next
  if (total != 457.75 || large.num_rows() != 2 || per_category.num_rows() != 3) return 1;
  auto sums = columnar::DoubleArray(per_category.column("amount_sum").chunk(0));
  return sums.value(0) == 59.75 && sums.value(1) == 310.0 && sums.value(2) == 88.0 ? 0 : 1;
}
// [end first-table]

