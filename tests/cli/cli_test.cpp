// Runs the `strata` executable as a user would and checks what it prints and how it exits.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>

#include "strata/core/version.h"
#include "support/test_support.h"

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

TEST(Cli, ConvertBetweenEveryFormatAndInspect) {
  strata::testing::TempDir dir;
  strata::testing::write_file(dir / "in.csv", "id,name,amount,flag\n1,a,1.5,true\n2,\"b, c\",,false\n3,d,-2,true\n");
  const std::string in = (dir / "in.csv").string();
  RunResult r = run("convert " + in + " " + (dir / "t.parquet").string() + " --compression zstd --row-group-size 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(run("schema " + (dir / "t.parquet").string()).output,
            "id: int64\nname: string\namount: double\nflag: bool\n");
  RunResult meta = run("meta " + (dir / "t.parquet").string());
  EXPECT_NE(meta.output.find("row groups: 2"), std::string::npos) << meta.output;
  EXPECT_NE(meta.output.find("ZSTD"), std::string::npos);
  EXPECT_NE(meta.output.find("min 1 max 2 nulls 0"), std::string::npos) << meta.output;
  for (const char* target : {"t.feather", "t.h5", "back.csv"}) {
    RunResult c = run("convert " + (dir / "t.parquet").string() + " " + (dir / target).string());
    ASSERT_EQ(c.exit_code, 0) << target << ": " << c.output;
  }
  EXPECT_EQ(strata::testing::read_file(dir / "back.csv"),
            "id,name,amount,flag\n1,a,1.5,true\n2,\"b, c\",,false\n3,d,-2,true\n");
  EXPECT_EQ(run("cat " + (dir / "t.feather").string() + " --count --filter \"flag = true\"").output, "2\n");
  EXPECT_EQ(run("cat " + (dir / "t.h5").string() + " --path table --count --filter \"amount > 0\"").output, "1\n");
  EXPECT_EQ(run("cat " + (dir / "t.parquet").string() + " --count --filter \"amount is null\"").output, "1\n");
}

// `strata convert --partition-by` writes a Hive-partitioned dataset folder; `strata cat FOLDER` reads it back
// (parquet/dataset.h), pruning by the partition column.
TEST(Cli, PartitionedDatasetConvertAndCat) {
  strata::testing::TempDir dir;
  strata::testing::write_file(dir / "in.csv", "id,category,amount\n1,Dining,42.5\n2,Travel,310\n3,Dining,17.25\n"
                                              "4,Home/Garden,88\n");
  const std::string out = (dir / "by_category").string();
  RunResult r = run("convert " + (dir / "in.csv").string() + " " + out + " --partition-by category");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("4 rows in 3 files"), std::string::npos) << r.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "by_category" / "category=Home%2FGarden" / "part-0.parquet"));
  // Folders in byte order: Dining, Home%2FGarden, Travel; the partition column last.
  EXPECT_EQ(run("cat " + out).output,
            "{\"columns\":[\"id\",\"amount\",\"category\"]}\n[1,42.5,\"Dining\"]\n[3,17.25,\"Dining\"]\n"
            "[4,88,\"Home/Garden\"]\n[2,310,\"Travel\"]\n");
  EXPECT_EQ(run("cat " + out + " --columns category,id --filter \"category = 'Dining' and amount > 20\"").output,
            "{\"columns\":[\"category\",\"id\"]}\n[\"Dining\",1]\n");
  // The folder now holds files: the default refuses, delete_matching replaces the matching partitions.
  EXPECT_NE(run("convert " + (dir / "in.csv").string() + " " + out + " --partition-by category").exit_code, 0);
  RunResult again = run("convert " + (dir / "in.csv").string() + " " + out +
                        " --partition-by category --existing-data delete_matching");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(run("cat " + out + " --count").output, "4\n");
}

TEST(Cli, BadInputGivesAMessageAndANonZeroExit) {
  strata::testing::TempDir dir;
  strata::testing::write_file(dir / "bad.parquet", "PAR1 this is not a parquet file PAR1");
  RunResult r = run("schema " + (dir / "bad.parquet").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("strata: "), std::string::npos);
  EXPECT_NE(r.output.find("bad.parquet"), std::string::npos) << r.output;
  RunResult unknown = run("convert " + (dir / "bad.parquet").string() + " " + (dir / "x.unknown").string());
  EXPECT_EQ(unknown.exit_code, 1);
  RunResult filter = run("cat " + (dir / "bad.parquet").string() + " --count --filter \"a >> 1\"");
  EXPECT_NE(filter.output.find("at character"), std::string::npos) << filter.output;
}

TEST(Cli, H5ListsAndPrintsSlices) {
  const std::string file = (strata::testing::shared_dir() / "seed" / "data" / "gbm_notebook_h5py.h5").string();
  RunResult ls = run("h5 ls " + file);
  ASSERT_EQ(ls.exit_code, 0) << ls.output;
  EXPECT_NE(ls.output.find("paths"), std::string::npos) << ls.output;
  EXPECT_NE(ls.output.find("(500, 252)"), std::string::npos) << ls.output;
  EXPECT_NE(ls.output.find("gzip 4"), std::string::npos) << ls.output;
  EXPECT_NE(ls.output.find("description"), std::string::npos) << ls.output;
  RunResult cat = run("h5 cat " + file + " simulation/paths --slice \"[:2, :3]\"");
  ASSERT_EQ(cat.exit_code, 0) << cat.output;
  EXPECT_EQ(std::count(cat.output.begin(), cat.output.end(), '\n'), 2) << cat.output;
  EXPECT_NE(run("h5 cat " + file + " no/such/dataset").exit_code, 0);
}

TEST(Cli, BenchFormatsPrintsTheNotebooksTable) {
  strata::testing::TempDir dir;
  RunResult r = run("bench formats --rows 5000 --dir " + (dir / "b").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.substr(0, r.output.find('\n')), "    Format Write (ms) Read (ms) Size (KB)");
  for (const char* f : {"\n0      CSV ", "\n1  Parquet ", "\n2  Feather "}) EXPECT_NE(r.output.find(f), std::string::npos) << r.output;
}

}  // namespace
