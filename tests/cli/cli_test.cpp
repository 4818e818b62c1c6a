// Runs the `strata` executable as a user would and checks what it prints and how it exits.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <sstream>
#include <filesystem>
#include <string>
#include <vector>

#include "strata/core/version.h"
#include "support/test_support.h"

namespace {

using RunResult = strata::testing::CommandResult;

// Standard error alone (standard output dropped).
RunResult run_stderr(const std::string& args) {
  return strata::testing::run_command(std::string(STRATA_CLI_PATH) + " " + args + " 2>&1 >/dev/null");
}

// Standard output and standard error together.
RunResult run(const std::string& args) {
  return strata::testing::run_command(std::string(STRATA_CLI_PATH) + " " + args + " 2>&1");
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
  EXPECT_EQ(r.output.substr(0, r.output.find('\n')), "    Format  Write (ms)  Read (ms)  Size (KB)");
  for (const char* f : {"\n0      CSV ", "\n1  Parquet ", "\n2  Feather "}) EXPECT_NE(r.output.find(f), std::string::npos) << r.output;
}

TEST(Cli, EverySubcommandHasHelpWithExamples) {
  for (const char* sub : {"tour", "cat", "schema", "meta", "convert", "query", "export", "h5", "h5 ls", "h5 cat",
                          "bench", "bench formats"}) {
    RunResult r = run(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_TRUE(r.output.find("Examples:\n  strata ") != std::string::npos ||
                r.output.find("Example:\n  strata ") != std::string::npos)
        << sub << ":\n" << r.output;
  }
}

TEST(Cli, QueryPrintsATableAndExportWritesFiles) {
  strata::testing::TempDir dir;
  const std::string db = "sqlite:///" + (dir / "t.db").string();
  const auto sqlite = [&](const std::string& sql) {
    return run("query --db " + strata::testing::shell_quote(db) + " " + strata::testing::shell_quote(sql));
  };
  // DDL and DML run through `query` too (an empty result prints an empty table).
  ASSERT_EQ(sqlite("CREATE TABLE t (id INTEGER, name TEXT, amount REAL)").exit_code, 0);
  ASSERT_EQ(sqlite("INSERT INTO t VALUES (1, 'a', 1.5), (2, 'San Francisco', -2.25), (3, NULL, 10)").exit_code, 0);
  RunResult q = sqlite("SELECT id, name, amount FROM t ORDER BY id");
  ASSERT_EQ(q.exit_code, 0) << q.output;
  // The cells pandas prints for the same rows (floats to two decimals over the column, None for a null string),
  // compared word by word: the column spacing is columnar::to_string's business (its own tests).
  std::vector<std::vector<std::string>> words;
  std::istringstream lines(q.output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream in(line);
    words.emplace_back(std::istream_iterator<std::string>(in), std::istream_iterator<std::string>());
  }
  EXPECT_EQ(words, (std::vector<std::vector<std::string>>{{"id", "name", "amount"},
                                                          {"0", "1", "a", "1.50"},
                                                          {"1", "2", "San", "Francisco", "-2.25"},
                                                          {"2", "3", "None", "10.00"}}))
      << q.output;
  const std::string select = strata::testing::shell_quote("SELECT id, name, amount FROM t WHERE id >= 2 ORDER BY id");
  RunResult e = run("export --db " + strata::testing::shell_quote(db) + " " + select + " " + (dir / "out.csv").string());
  ASSERT_EQ(e.exit_code, 0) << e.output;
  EXPECT_EQ(strata::testing::read_file(dir / "out.csv"), "id,name,amount\n2,San Francisco,-2.25\n3,,10\n");
  e = run("export --db " + strata::testing::shell_quote(db) + " " + select + " " + (dir / "out.parquet").string() +
          " --compression zstd");
  ASSERT_EQ(e.exit_code, 0) << e.output;
  EXPECT_EQ(run("cat " + (dir / "out.parquet").string() + " --count --filter \"amount > 0\"").output, "1\n");
  EXPECT_NE(run("meta " + (dir / "out.parquet").string()).output.find("ZSTD"), std::string::npos);
}

TEST(Cli, ErrorsGoToStderrWithANonZeroExit) {
  strata::testing::TempDir dir;
  const std::string db = strata::testing::shell_quote("sqlite:///" + (dir / "t.db").string());
  RunResult bad_sql = run_stderr("query --db " + db + " \"SELEC 1\"");
  EXPECT_EQ(bad_sql.exit_code, 1);
  EXPECT_NE(bad_sql.output.find("strata: "), std::string::npos) << bad_sql.output;
  EXPECT_NE(bad_sql.output.find("SELEC"), std::string::npos) << bad_sql.output;
  RunResult no_db = run_stderr("query \"SELECT 1\"");
  EXPECT_NE(no_db.exit_code, 0);
  EXPECT_NE(no_db.output.find("--db"), std::string::npos) << no_db.output;
  RunResult bad_ext = run_stderr("export --db " + db + " \"SELECT 1\" " + (dir / "x.unknown").string());
  EXPECT_EQ(bad_ext.exit_code, 1);
  EXPECT_NE(bad_ext.output.find("unknown format"), std::string::npos) << bad_ext.output;
  RunResult missing = run_stderr("schema " + (dir / "none.parquet").string());
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("none.parquet"), std::string::npos) << missing.output;
  RunResult rows = run_stderr("tour --rows 0");
  EXPECT_NE(rows.exit_code, 0);
  EXPECT_NE(rows.output.find("--rows"), std::string::npos) << rows.output;
}

TEST(Cli, TourWritesTheHtmlReportAndNoProgressBarsIntoPipes) {
  strata::testing::TempDir dir;
  RunResult r = run("tour --rows 3000 --out " + (dir / "files").string() + " --report " + (dir / "report").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("HTML report: " + (dir / "report" / "index.html").string()), std::string::npos);
  const std::string html = strata::testing::read_file(dir / "report" / "index.html");
  EXPECT_NE(html.find("<img src=\"data:image/png;base64,iVBORw0KGgo"), std::string::npos);  // PNG's signature
  EXPECT_NE(html.find("<td>Engineering</td>"), std::string::npos);
  // stderr is a pipe here: no bar, no carriage return anywhere (stdout and stderr were merged).
  EXPECT_EQ(r.output.find('\r'), std::string::npos);
  EXPECT_EQ(r.output.find("\x1b["), std::string::npos);
}

}  // namespace
