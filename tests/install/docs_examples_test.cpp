// The guides cannot rot: every fenced code block in docs/*.md must be a verbatim run of whole lines of a file
// under examples/ (which the suite builds and runs) or, for the two commands, of README.md. Also: every
// example program is registered in examples/CMakeLists.txt, and getting-started.md opens with README's two
// commands.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace strata {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Block {
  std::string file;
  int line = 0;  // 1-based line of the opening fence
  std::string text;  // the lines between the fences, each ending in '\n'
};

std::vector<Block> code_blocks(const fs::path& path) {
  std::vector<Block> blocks;
  std::istringstream in(slurp(path));
  std::string line;
  int number = 0;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("```", 0) == 0) {
      if (open == nullptr) {
        blocks.push_back({path.filename().string(), number, ""});
        open = &blocks.back();
      } else {
        open = nullptr;
      }
    } else if (open != nullptr) {
      open->text += line + "\n";
    }
  }
  EXPECT_EQ(open, nullptr) << path << ": a code block is never closed";
  return blocks;
}

// True when `block` is a run of whole lines of `text`.
bool contains_lines(const std::string& text, const std::string& block) {
  return ("\n" + text).find("\n" + block) != std::string::npos;
}

std::vector<fs::path> files_under(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Docs, EveryCodeBlockIsARegionOfAnExampleFile) {
  const fs::path root = testing::source_dir();
  std::vector<std::pair<fs::path, std::string>> sources;
  for (const auto& f : files_under(root / "examples")) sources.emplace_back(f, slurp(f));
  sources.emplace_back(root / "README.md", slurp(root / "README.md"));

  int checked = 0;
  std::vector<std::string> guides;
  for (const auto& doc : files_under(root / "docs")) {
    if (doc.extension() != ".md") continue;
    guides.push_back(doc.filename().string());
    for (const Block& block : code_blocks(doc)) {
      ASSERT_FALSE(block.text.empty()) << block.file << ":" << block.line << ": empty code block";
      const bool found = std::any_of(sources.begin(), sources.end(),
                                     [&](const auto& source) { return contains_lines(source.second, block.text); });
      EXPECT_TRUE(found) << "docs/" << block.file << ":" << block.line
                         << ": this code block is not a verbatim region of any file in examples/ (or README.md):\n"
                         << block.text;
      ++checked;
    }
  }
  for (const char* guide : {"getting-started.md", "orm.md", "formats.md", "tour.md", "SCALING.md"}) {
    EXPECT_NE(std::find(guides.begin(), guides.end(), guide), guides.end()) << "docs/" << guide << " is missing";
  }
  EXPECT_GE(checked, 20) << "fewer code blocks than the guides had when this test was written";
}

TEST(Docs, BlockComparisonIsLineExact) {
  const std::string file = "int a = 1;\nint b = 2;\nint c = 3;\n";
  EXPECT_TRUE(contains_lines(file, "int b = 2;\nint c = 3;\n"));
  EXPECT_TRUE(contains_lines(file, "int a = 1;\n"));
  EXPECT_FALSE(contains_lines(file, "b = 2;\n"));            // not from a line start
  EXPECT_FALSE(contains_lines(file, "int a = 1;\nint c = 3;\n"));  // not contiguous
  EXPECT_FALSE(contains_lines(file, "int b = 2; \n"));        // whitespace matters
}

TEST(Docs, GettingStartedOpensWithTheTwoCommands) {
  const fs::path root = testing::source_dir();
  const auto readme = code_blocks(root / "README.md");
  const auto guide = code_blocks(root / "docs" / "getting-started.md");
  ASSERT_FALSE(readme.empty());
  ASSERT_FALSE(guide.empty());
  EXPECT_NE(readme.front().text.find("make tour"), std::string::npos);
  EXPECT_EQ(guide.front().text, readme.front().text);
}

TEST(Docs, EveryExampleProgramIsBuiltAndRun) {
  const fs::path root = testing::source_dir();
  const std::string cmake = slurp(root / "examples" / "CMakeLists.txt");
  const auto start = cmake.find("set(STRATA_EXAMPLES ");
  ASSERT_NE(start, std::string::npos);
  std::string list = cmake.substr(start, cmake.find(')', start) - start) + " ";
  if (const auto elsewhere = cmake.find("set(STRATA_EXAMPLES_TESTED_ELSEWHERE "); elsewhere != std::string::npos) {
    list += cmake.substr(elsewhere, cmake.find(')', elsewhere) - elsewhere) + " ";
  }
  int programs = 0;
  for (const auto& entry : fs::directory_iterator(root / "examples")) {
    if (entry.path().extension() != ".cpp") continue;
    ++programs;
    EXPECT_NE(list.find(" " + entry.path().stem().string() + " "), std::string::npos)
        << entry.path().filename() << " is not in STRATA_EXAMPLES (or STRATA_EXAMPLES_TESTED_ELSEWHERE)";
  }
  EXPECT_GE(programs, 5);
}

}  // namespace
}  // namespace strata
