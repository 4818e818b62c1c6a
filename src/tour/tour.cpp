#include "strata/tour/tour.h"

#include <fmt/ostream.h>

#include "strata/tour/transactions.h"
#include "tour_internal.h"

namespace strata::tour {

namespace internal {

void heading(std::ostream& out, const std::string& title) {
  fmt::print(out, "\n{}\n{}\n", title, std::string(title.size(), '='));
}

}  // namespace internal

void run_tour(const TourOptions& options, std::ostream& out) {
  std::filesystem::create_directories(options.out_dir);
  internal::Context ctx{options, out, {}};
  fmt::print(out, "Strata tour: the notebook, in C++. Files go to {}\n", options.out_dir.string());
  const auto start = std::chrono::steady_clock::now();
  internal::orm_part(ctx);
  ctx.transactions = generate_transactions(options.transaction_rows);
  internal::columnar_part(ctx);
  internal::parquet_part(ctx);
  internal::formats_part(ctx);
  internal::hdf5_part(ctx);
  fmt::print(out, "\nTour finished in {:.0f} ms.\n", internal::elapsed_ms(start));
}

}  // namespace strata::tour
