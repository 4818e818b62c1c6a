// The tour's parts (internal), one file each, sharing a small context.
#pragma once

#include <chrono>
#include <filesystem>
#include <ostream>

#include "strata/columnar/table.h"
#include "strata/tour/tour.h"

namespace strata::tour::internal {

struct Context {
  const TourOptions& options;
  std::ostream& out;
  columnar::Table transactions;  // made by the columnar part, used by the file parts
};

// Milliseconds since `start`.
inline double elapsed_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void heading(std::ostream& out, const std::string& title);

void orm_part(Context& ctx);
void columnar_part(Context& ctx);
void parquet_part(Context& ctx);
void formats_part(Context& ctx);
void hdf5_part(Context& ctx);

}  // namespace strata::tour::internal
