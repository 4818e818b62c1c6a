// PostgreSQL restarted mid-session (issue 9). A session from the pool is inside a transaction with flushed
// but uncommitted rows; the server is restarted (pg_ctl stop -m fast, then start: the backend is terminated).
// Then: the session's next statement raises sql::OperationalError (no crash, no other error type); its
// rollback does not throw; the pool drops the dead connections (the one handed out and an idle one opened
// before the restart) and hands out working ones; the uncommitted rows were never committed; and a new
// session on a pooled connection commits normally.
#include <gtest/gtest.h>

#include "strata/orm/mapping.h"
#include "strata/orm/metadata.h"
#include "strata/orm/session.h"
#include "strata/sql/error.h"
#include "strata/sql/pool.h"
#include "support/pg_server.h"

struct RestartRow {
  int64_t id = 0;
  std::string label;
};
template <>
inline constexpr auto strata::orm::mapping<RestartRow> =
    strata::orm::table("restart_row", strata::orm::column("id", &RestartRow::id, strata::orm::primary_key()),
                       strata::orm::column("label", &RestartRow::label, strata::orm::length(40)));

namespace strata::reliability {
namespace {

int64_t count_rows(sql::Connection& c) {
  sql::Result r = c.execute("SELECT count(*) FROM restart_row");
  EXPECT_TRUE(r.next());
  return r.get_int64(0);
}

TEST(PostgresRestart, SessionRaisesOperationalErrorPoolRecoversNothingHalfCommitted) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  auto& server = strata::testing::PgServer::instance();
  sql::ConnectionPool pool(url, {.max_size = 4});
  {
    auto c = pool.acquire();
    const auto md = orm::Metadata::of<RestartRow>();
    for (const std::string& s : md.drop_all(c->dialect())) c->execute(s);
    for (const std::string& s : md.create_all(c->dialect())) c->execute(s);
    orm::Session s(*c);
    s.add(RestartRow{.label = "committed before"});
    s.commit();
  }
  {
    auto idle = pool.acquire();  // a second connection, left idle in the pool across the restart
    auto busy = pool.acquire();
    EXPECT_EQ(pool.open_count(), 2u);
    idle.release();

    orm::Session s(*busy);
    for (int i = 0; i < 5; ++i) s.add(RestartRow{.label = "uncommitted " + std::to_string(i)});
    s.flush();  // the INSERTs ran inside the open transaction
    EXPECT_TRUE(busy->in_transaction());
    {
      auto other = sql::connect(url);
      EXPECT_EQ(count_rows(*other), 1) << "flushed rows visible before commit";
    }

    server.stop();
    server.start();

    s.add(RestartRow{.label = "after restart"});
    EXPECT_THROW(s.commit(), sql::OperationalError);
    EXPECT_THROW(s.execute(orm::select<RestartRow>()), sql::OperationalError);
    EXPECT_NO_THROW(s.rollback());
  }  // `busy` goes back to the pool broken: dropped

  // The pool hands out working connections: neither the broken one nor the idle one from before the restart.
  auto a = pool.acquire();
  auto b = pool.acquire();
  EXPECT_GE(pool.discarded_count(), 1u);
  EXPECT_EQ(count_rows(*a), 1) << "rows of the interrupted transaction are visible";
  EXPECT_EQ(count_rows(*b), 1);
  sql::Result labels = a->execute("SELECT label FROM restart_row");
  ASSERT_TRUE(labels.next());
  EXPECT_EQ(labels.get_text(0), "committed before");

  // A new session commits normally on a pooled connection.
  orm::Session s(*a);
  s.add(RestartRow{.label = "committed after"});
  s.commit();
  EXPECT_EQ(count_rows(*b), 2);
}

}  // namespace
}  // namespace strata::reliability
