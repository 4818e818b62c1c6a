// The tour's results as data: sections of text, tables and images, which the tour prints to the terminal as
// it goes and `strata tour --report DIR` renders as one self-contained HTML page (DIR/index.html: styles in
// the page, charts as PNG data: URIs, no scripts and no external resources).
//
//   TourReport report = run_tour(options, std::cout);
//   write_html_report(report, "tour-report");   // tour-report/index.html
//
// Tables keep the notebook's look: cells are the text pandas would print (columnar/pretty_print.h, column by
// column, so float trimming and truncation match the terminal), every cell right-aligned as a notebook
// renders a DataFrame, the row index in bold on the left.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "strata/columnar/pretty_print.h"
#include "strata/columnar/table.h"

namespace strata::tour {

struct ReportTable {
  std::string caption;
  std::vector<std::string> header;           // header cells, the index column's first (empty when no header)
  std::vector<std::vector<std::string>> rows;  // each row: the index label, then the values
  std::vector<bool> numeric;                 // per column, index included: numbers get tabular figures
  std::string footer;                        // e.g. "[200000 rows x 7 columns]"
};

struct ReportImage {
  std::string caption;
  std::string file_name;  // where the tour wrote it
  std::string mime_type;  // "image/png" or "image/svg+xml"
  std::string bytes;
};

struct ReportBlock {
  enum class Kind { kText, kTable, kImage };
  Kind kind = Kind::kText;
  std::string text;  // kText: a paragraph (lines kept)
  ReportTable table;
  ReportImage image;
};

struct ReportSection {
  std::string title;
  double elapsed_ms = 0;  // time the section took
  std::vector<ReportBlock> blocks;
};

struct TourReport {
  std::string title = "Strata tour";
  std::string intro;
  std::vector<ReportSection> sections;
  double total_ms = 0;
  std::vector<std::pair<std::string, std::string>> settings;  // database, rows, threads, output folder
};

// `table` as pandas prints it, one cell per value: headers, index labels, the "..." row of a long table and
// its footer. Numeric columns are those of integer, floating-point and decimal types.
ReportTable report_table(const columnar::Table& table, std::string caption,
                         const columnar::PrettyPrintOptions& options = {});
// A two-column table of figures ("Total amount", "$1,234.56"), no header.
ReportTable figures_table(std::string caption, std::vector<std::pair<std::string, std::string>> figures);

// The whole page. Text is HTML-escaped; images are embedded as base64 data: URIs.
std::string render_html(const TourReport& report);
// Create `dir` if needed and write dir/index.html (atomically: a temporary, then a rename). Returns its path.
// Throws IoError.
std::filesystem::path write_html_report(const TourReport& report, const std::filesystem::path& dir);

}  // namespace strata::tour
