// A throw-away PostgreSQL 15 server for a test process.
//
//   TEST(X, Y) { const std::string url = strata::testing::postgres_url_or_fail(); ... }
//
// The first call starts the server: a data folder copied from a cached initdb template (made once per build
// folder), owned by the `postgres` user when the tests run as root, listening only on a unix socket in its own
// temporary folder, fsync off. It is stopped (pg_ctl stop -m immediate) and removed at process exit.
// A server that cannot start fails the test, unless STRATA_SKIP_POSTGRES=1, which skips it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace strata::testing {

class PgServer {
 public:
  // The process-wide server, started on first use. Throws std::runtime_error (with pg_ctl's log) on failure.
  static PgServer& instance();

  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // "postgresql://postgres@/postgres?host=<socket dir>&port=<port>"
  const std::string& url() const { return url_; }
  // "postgresql://postgres@/<database>?host=..."
  std::string url_for(const std::string& database) const;
  bool running() const { return running_; }

  // Stop (fast shutdown: sessions are terminated) and start again; for lost-connection tests.
  void stop();
  void start();

 private:
  PgServer();
  std::string run_as_owner(const std::string& command) const;  // a shell command line, as the data folder's owner

  std::filesystem::path bin_;
  std::filesystem::path dir_;
  std::filesystem::path data_;
  int port_ = 5432;
  bool as_postgres_user_ = false;
  bool running_ = false;
  std::string url_;
};

// True when STRATA_SKIP_POSTGRES=1.
bool skip_postgres();

}  // namespace strata::testing

// Inside a TEST body: the server's URL, or GTEST_SKIP when STRATA_SKIP_POSTGRES=1, or a FAIL when the server
// cannot start.
#define STRATA_POSTGRES_URL_OR_RETURN(var)                                                 \
  std::string var;                                                                         \
  do {                                                                                     \
    if (::strata::testing::skip_postgres()) GTEST_SKIP() << "STRATA_SKIP_POSTGRES=1";      \
    try {                                                                                  \
      var = ::strata::testing::PgServer::instance().url();                                 \
    } catch (const std::exception& e) {                                                    \
      FAIL() << "PostgreSQL test server did not start: " << e.what();                      \
    }                                                                                      \
  } while (0)
