// A thread-safe pool of connections to one URL (meant for PostgreSQL; works for SQLite files too).
// acquire() hands out a healthy connection: idle connections whose server died (socket closed, terminated
// backend) are discarded, and a new one is opened when none is idle. A PooledConnection returns its connection
// on destruction; one returned broken, or still inside a transaction it cannot roll back, is dropped.
//
//   sql::ConnectionPool pool(url, {.max_size = 8});
//   { auto c = pool.acquire(); c->execute("SELECT 1"); }   // back in the pool here
//
// The pool must outlive every PooledConnection it handed out.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "strata/sql/connection.h"

namespace strata::sql {

struct PoolOptions {
  size_t max_size = 8;                                   // connections open at once (idle + handed out)
  std::chrono::milliseconds acquire_timeout{10'000};     // OperationalError when none frees up in time
  bool validate_with_query = false;                      // also run "SELECT 1" before handing one out
};

class ConnectionPool;

class PooledConnection {
 public:
  PooledConnection() = default;
  PooledConnection(ConnectionPool* pool, std::unique_ptr<Connection> connection)
      : pool_(pool), connection_(std::move(connection)) {}
  PooledConnection(PooledConnection&& other) noexcept = default;
  PooledConnection& operator=(PooledConnection&& other) noexcept;
  ~PooledConnection() { release(); }

  Connection* operator->() const { return connection_.get(); }
  Connection& operator*() const { return *connection_; }
  Connection* get() const { return connection_.get(); }
  // Give the connection back now.
  void release();

 private:
  ConnectionPool* pool_ = nullptr;
  std::unique_ptr<Connection> connection_;
};

class ConnectionPool {
 public:
  explicit ConnectionPool(std::string url, PoolOptions options = {});
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  PooledConnection acquire();

  size_t idle_count() const;
  size_t open_count() const;     // idle + handed out
  size_t discarded_count() const; // connections dropped as unhealthy so far

 private:
  friend class PooledConnection;
  void give_back(std::unique_ptr<Connection> connection);

  std::string url_;
  PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_ = 0;
  size_t discarded_ = 0;
};

}  // namespace strata::sql
