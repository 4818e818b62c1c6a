// Strata's exception hierarchy. Every error Strata raises derives from strata::Error; messages say what,
// where (file, offset, column, row) and why. Thread-safe: exceptions are plain values.
//
//   Error
//   ├── IoError           the operating system refused (open, read, write, rename, full disk)
//   ├── FormatError       input bytes are not what the format says (corrupt or truncated file); carries
//   │                     the file and byte offset when known
//   ├── SchemaError       types or columns do not fit (unknown column, mismatched schema)
//   ├── InvalidArgument   the caller asked for something impossible (bad option, out-of-range index)
//   ├── TypeError         a value of the wrong type for the operation
//   ├── NotImplemented    a valid request Strata does not support yet
//   └── DatabaseError     (sql/) IntegrityError, OperationalError, ProgrammingError, ...
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace strata {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

class IoError : public Error {
 public:
  using Error::Error;
};

class FormatError : public Error {
 public:
  explicit FormatError(const std::string& message) : Error(message) {}
  FormatError(std::string file, std::optional<int64_t> offset, const std::string& why)
      : Error(compose(file, offset, why)), file_(std::move(file)), offset_(offset), why_(why) {}

  const std::string& file() const { return file_; }
  std::optional<int64_t> offset() const { return offset_; }
  const std::string& why() const { return why_; }

 private:
  static std::string compose(const std::string& file, std::optional<int64_t> offset, const std::string& why);

  std::string file_;
  std::optional<int64_t> offset_;
  std::string why_;
};

class SchemaError : public Error {
 public:
  using Error::Error;
};

class InvalidArgument : public Error {
 public:
  using Error::Error;
};

class TypeError : public Error {
 public:
  using Error::Error;
};

class NotImplemented : public Error {
 public:
  using Error::Error;
};

// Throw helpers: cold and out of line, so hot callers stay small.
[[noreturn]] void throw_io_error(const std::string& what, const std::string& path, int errno_value);

template <typename E = InvalidArgument, typename... Args>
[[noreturn]] void raise(fmt::format_string<Args...> format, Args&&... args) {
  throw E(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace strata
