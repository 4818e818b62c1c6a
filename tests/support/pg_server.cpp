#include "support/pg_server.h"

#include <fcntl.h>
#include <signal.h>
#include <pwd.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>

namespace strata::testing {

namespace fs = std::filesystem;

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int run(const std::string& command) { return std::system(command.c_str()); }

void chown_to(const fs::path& path, uid_t uid, gid_t gid) {
  if (::chown(path.c_str(), uid, gid) != 0) throw std::runtime_error("chown " + path.string() + " failed");
}

PgServer* g_server = nullptr;

// Servers left behind by test processes that died without stopping theirs (crash, kill -9): their folder is
// named strata-pg-<pid>-<n>; when that pid is gone, stop the server and remove the folder.
void reap_orphans(const fs::path& bin) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("strata-pg-") || name.starts_with("strata-pg15")) continue;
    const std::string rest = name.substr(10);
    const pid_t pid = static_cast<pid_t>(std::atol(rest.substr(0, rest.find('-')).c_str()));
    if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    const fs::path data = entry.path() / "data";
    if (fs::exists(data / "postmaster.pid")) {
      const std::string stop = quote((bin / "pg_ctl").string()) + " -D " + quote(data.string()) +
                               " -m immediate -w stop >/dev/null 2>&1";
      run(::geteuid() == 0 ? "runuser -u postgres -- sh -c " + quote(stop) : stop);
    }
    fs::remove_all(entry.path(), ec);
  }
}

// The stop command line, ready before any signal arrives (a handler must not build strings).
char g_stop_command[4096] = {0};

// Best effort on crash paths (abort, uncaught exception, Ctrl-C, kill): stop the server, then die as asked.
// Servers of processes killed harder are reaped by the next test process (reap_orphans).
void stop_on_signal(int sig) {
  if (g_stop_command[0] != '\0') {
    const int rc = std::system(g_stop_command);
    (void)rc;
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void stop_at_exit() {
  delete g_server;
  g_server = nullptr;
}

}  // namespace

bool skip_postgres() {
  const char* v = std::getenv("STRATA_SKIP_POSTGRES");
  return v != nullptr && std::string(v) == "1";
}

PgServer& PgServer::instance() {
  static std::once_flag once;
  static std::string failure;
  std::call_once(once, [] {
    try {
      // Owned by the atexit handler (not static destruction order), which stops the server and deletes it.
      g_server = new PgServer();
      std::atexit(stop_at_exit);
      for (int sig : {SIGABRT, SIGTERM, SIGINT, SIGHUP}) std::signal(sig, stop_on_signal);
    } catch (const std::exception& e) {
      failure = e.what();
    }
  });
  if (g_server == nullptr) throw std::runtime_error(failure.empty() ? "PostgreSQL test server failed earlier" : failure);
  return *g_server;
}

std::string PgServer::run_as_owner(const std::string& command) const {
  return as_postgres_user_ ? "runuser -u postgres -- sh -c " + quote(command) : command;
}

PgServer::PgServer() {
  bin_ = "/usr/lib/postgresql/15/bin";
  if (!fs::exists(bin_ / "initdb") || !fs::exists(bin_ / "pg_ctl")) {
    throw std::runtime_error("PostgreSQL 15 is not installed (no /usr/lib/postgresql/15/bin/initdb); run scripts/install-deps");
  }
  as_postgres_user_ = ::geteuid() == 0;
  uid_t uid = ::geteuid();
  gid_t gid = ::getegid();
  if (as_postgres_user_) {
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) throw std::runtime_error("running as root and there is no `postgres` user to run the server");
    uid = pw->pw_uid;
    gid = pw->pw_gid;
  }

  // The template: initdb once per build folder (or per /tmp), guarded by a lock file; later processes copy it.
  const char* binary_dir = std::getenv("STRATA_BINARY_DIR");
  const fs::path cache_root = binary_dir ? fs::path(binary_dir) : fs::temp_directory_path();
  const fs::path templ = cache_root / "strata-pg15-template-v2";
  {
    const fs::path lock_path = cache_root / "strata-pg15-template-v2.lock";
    const int lock_fd = ::open(lock_path.c_str(), O_CREAT | O_RDWR, 0644);
    if (lock_fd < 0) throw std::runtime_error("cannot open " + lock_path.string());
    ::flock(lock_fd, LOCK_EX);
    if (!fs::exists(templ / "data" / "PG_VERSION")) {
      fs::remove_all(templ);
      const fs::path building = cache_root / ("strata-pg15-template-v2.tmp" + std::to_string(::getpid()));
      fs::remove_all(building);
      fs::create_directories(building);
      chown_to(building, uid, gid);
      const std::string log = (building / "initdb.log").string();
      const int rc = run(run_as_owner(quote((bin_ / "initdb").string()) + " -D " + quote((building / "data").string()) +
                                      " -U postgres -A trust --no-sync -E UTF8 --locale=C --wal-segsize=1 >" + quote(log) + " 2>&1"));
      if (rc != 0) {
        const std::string text = slurp(log);
        fs::remove_all(building);
        ::flock(lock_fd, LOCK_UN);
        ::close(lock_fd);
        throw std::runtime_error("initdb failed: " + text);
      }
      fs::remove(log);
      fs::rename(building, templ);
    }
    ::flock(lock_fd, LOCK_UN);
    ::close(lock_fd);
  }

  reap_orphans(bin_);

  // Our own folder: data copied from the template, the socket beside it.
  std::random_device rd;
  dir_ = fs::temp_directory_path() / ("strata-pg-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000));
  fs::create_directories(dir_);
  chown_to(dir_, uid, gid);
  data_ = dir_ / "data";
  if (run(run_as_owner("cp -a " + quote((templ / "data").string()) + " " + quote(data_.string()))) != 0) {
    fs::remove_all(dir_);
    throw std::runtime_error("cannot copy the PostgreSQL template data folder");
  }
  url_ = "postgresql://postgres@/postgres?host=" + dir_.string() + "&port=" + std::to_string(port_);
  try {
    start();
  } catch (...) {
    // pg_ctl may have given up waiting on a server that did come up: stop it before removing its folder.
    run(run_as_owner(quote((bin_ / "pg_ctl").string()) + " -D " + quote(data_.string()) +
                     " -m immediate -w stop >/dev/null 2>&1"));
    fs::remove_all(dir_);
    throw;
  }
}

PgServer::~PgServer() {
  if (running_ || fs::exists(data_ / "postmaster.pid")) {
    run(run_as_owner(quote((bin_ / "pg_ctl").string()) + " -D " + quote(data_.string()) + " -m immediate -w stop >/dev/null 2>&1"));
    running_ = false;
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string PgServer::url_for(const std::string& database) const {
  return "postgresql://postgres@/" + database + "?host=" + dir_.string() + "&port=" + std::to_string(port_);
}

void PgServer::start() {
  if (running_) return;
  const std::string options = "-k " + dir_.string() + " -c listen_addresses= -c fsync=off -c synchronous_commit=off " +
                              "-c full_page_writes=off -c max_connections=50 -c shared_buffers=16MB -p " +
                              std::to_string(port_);
  const fs::path log = dir_ / "server.log";
  const int rc = run(run_as_owner(quote((bin_ / "pg_ctl").string()) + " -D " + quote(data_.string()) + " -o " +
                                  quote(options) + " -l " + quote(log.string()) + " -w -t 60 start >/dev/null 2>&1"));
  if (rc != 0) throw std::runtime_error("pg_ctl start failed; server log:\n" + slurp(log));
  running_ = true;
  const std::string stop_command = run_as_owner(quote((bin_ / "pg_ctl").string()) + " -D " + quote(data_.string()) +
                                                " -m immediate -w stop >/dev/null 2>&1");
  if (stop_command.size() < sizeof(g_stop_command)) {
    std::copy(stop_command.begin(), stop_command.end(), g_stop_command);
    g_stop_command[stop_command.size()] = '\0';
  }
}

void PgServer::stop() {
  if (!running_) return;
  const int rc = run(run_as_owner(quote((bin_ / "pg_ctl").string()) + " -D " + quote(data_.string()) +
                                  " -m fast -w stop >/dev/null 2>&1"));
  if (rc != 0) throw std::runtime_error("pg_ctl stop failed");
  running_ = false;
}

}  // namespace strata::testing
