#include "strata/core/error.h"

#include <cstring>

namespace strata {

std::string FormatError::compose(const std::string& file, std::optional<int64_t> offset,
                                 const std::string& why) {
  std::string out = file.empty() ? std::string("<memory>") : file;
  if (offset) out += fmt::format(" at byte {}", *offset);
  out += ": ";
  out += why;
  return out;
}

void throw_io_error(const std::string& what, const std::string& path, int errno_value) {
  throw IoError(fmt::format("{} \"{}\": {}", what, path, std::strerror(errno_value)));
}

}  // namespace strata
