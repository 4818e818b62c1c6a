// Runs the `strata` executable as a user would and checks what it prints and how it exits.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

#include "strata/core/version.h"

namespace {

struct RunResult {
  int exit_code;
  std::string output;  // stdout and stderr together
};

RunResult run(const std::string& args) {
  const std::string command = std::string(STRATA_CLI_PATH) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(Cli, Version) {
  RunResult r = run("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, std::string("strata ") + strata::version() + "\n");
}

TEST(Cli, HelpListsTheSubcommands) {
  RunResult r = run("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* sub : {"tour", "cat", "schema", "meta", "convert", "query", "export", "h5", "bench"}) {
    EXPECT_NE(r.output.find(sub), std::string::npos) << sub;
  }
}

TEST(Cli, UnknownOptionFailsWithAMessage) {
  RunResult r = run("--no-such-option");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("no-such-option"), std::string::npos);
}

}  // namespace
