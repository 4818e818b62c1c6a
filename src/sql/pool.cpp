#include "strata/sql/pool.h"

#include "strata/sql/transaction.h"

namespace strata::sql {

PooledConnection& PooledConnection::operator=(PooledConnection&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = other.pool_;
    connection_ = std::move(other.connection_);
    other.pool_ = nullptr;
  }
  return *this;
}

void PooledConnection::release() {
  if (pool_ && connection_) pool_->give_back(std::move(connection_));
  connection_.reset();
  pool_ = nullptr;
}

ConnectionPool::ConnectionPool(std::string url, PoolOptions options) : url_(std::move(url)), options_(options) {
  if (options_.max_size == 0) raise<InvalidArgument>("ConnectionPool: max_size must be at least 1");
}

ConnectionPool::~ConnectionPool() = default;

PooledConnection ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  for (;;) {
    while (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      bool healthy = conn->is_healthy();
      if (healthy && options_.validate_with_query) {
        try {
          conn->execute("SELECT 1");
        } catch (const OperationalError&) {
          healthy = false;
        }
      }
      if (healthy) return PooledConnection(this, std::move(conn));
      --open_;
      ++discarded_;
    }
    if (open_ < options_.max_size) {
      ++open_;
      lock.unlock();
      try {
        return PooledConnection(this, connect(url_));
      } catch (...) {
        lock.lock();
        --open_;
        freed_.notify_one();
        throw;
      }
    }
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= options_.max_size) {
      ErrorInfo info;
      info.message = "ConnectionPool::acquire(): all " + std::to_string(options_.max_size) +
                     " connections are in use and none came back in time";
      throw OperationalError(std::move(info));
    }
  }
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
  bool keep = connection->is_healthy();
  if (keep && connection->in_transaction()) {
    try {
      connection->rollback();
    } catch (const DatabaseError&) {
      keep = false;  // cannot get it back to a clean state: drop it
    }
    keep = keep && connection->is_healthy();
  }
  std::lock_guard lock(mutex_);
  if (keep) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
    ++discarded_;
  }
  freed_.notify_one();
}

size_t ConnectionPool::idle_count() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

size_t ConnectionPool::open_count() const {
  std::lock_guard lock(mutex_);
  return open_;
}

size_t ConnectionPool::discarded_count() const {
  std::lock_guard lock(mutex_);
  return discarded_;
}

}  // namespace strata::sql
