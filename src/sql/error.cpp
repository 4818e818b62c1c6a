#include "strata/sql/error.h"

#include <fmt/format.h>

namespace strata::sql {

namespace {

std::string compose(const ErrorInfo& info) {
  std::string out = info.message;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (!info.sqlstate.empty()) out += fmt::format(" (SQLSTATE {})", info.sqlstate);
  if (info.code != 0) out += fmt::format(" (sqlite code {})", info.code);
  if (!info.constraint.empty()) out += fmt::format(" [constraint {}]", info.constraint);
  if (!info.sql.empty()) out += fmt::format("; SQL: {}", info.sql);
  return out;
}

}  // namespace

DatabaseError::DatabaseError(ErrorInfo info) : Error(compose(info)), info_(std::move(info)) {}

void throw_for_sqlstate(ErrorInfo info) {
  const std::string_view cls = std::string_view(info.sqlstate).substr(0, std::min<size_t>(2, info.sqlstate.size()));
  if (cls == "23") {
    const std::string& s = info.sqlstate;
    if (info.constraint_kind == ConstraintKind::kNone) {
      info.constraint_kind = s == "23505"   ? ConstraintKind::kUnique
                             : s == "23503" ? ConstraintKind::kForeignKey
                             : s == "23502" ? ConstraintKind::kNotNull
                             : s == "23514" ? ConstraintKind::kCheck
                                            : ConstraintKind::kOther;
    }
    throw IntegrityError(std::move(info));
  }
  if (cls == "08" || cls == "53" || cls == "57" || cls == "58" || cls == "40" || cls == "55") {
    throw OperationalError(std::move(info));
  }
  if (cls == "42" || cls == "26" || cls == "34" || cls == "3F" || cls == "0A" || cls == "25") {
    throw ProgrammingError(std::move(info));
  }
  if (cls == "22") throw DataError(std::move(info));
  throw DatabaseError(std::move(info));
}

}  // namespace strata::sql
