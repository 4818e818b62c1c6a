// The fixture of the ORM tests that run on both backends: SQLite in memory and the PostgreSQL server the test
// harness starts (support/pg_server.h), with the tables of `Models` dropped and created afresh for each test.
// A derived fixture's SetUp calls FreshTables::SetUp() first and returns when stopped() (no PostgreSQL server:
// skipped; or a failure).
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "strata/orm/orm.h"
#include "strata/sql/connection.h"
#include "support/pg_server.h"

namespace strata::orm::testing {

template <typename... Models>
class FreshTables : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kSqlite) {
      conn_ = sql::connect("sqlite://:memory:");
    } else {
      STRATA_POSTGRES_URL_OR_RETURN(url);
      conn_ = sql::connect(url);
    }
    auto md = Metadata::template of<Models...>();
    for (const std::string& s : md.drop_all(GetParam())) conn_->execute(s);
    for (const std::string& s : md.create_all(GetParam())) conn_->execute(s);
  }
  static bool stopped() { return ::testing::Test::IsSkipped() || ::testing::Test::HasFatalFailure(); }
  Dialect dialect() const { return GetParam(); }

  std::unique_ptr<sql::Connection> conn_;
};

}  // namespace strata::orm::testing
