#include "strata/tour/report.h"

#include <fmt/format.h>

#include <span>
#include <sstream>

#include "strata/core/base64.h"
#include "strata/core/error.h"
#include "strata/core/xml_escape.h"
#include "strata/io/output_stream.h"

namespace strata::tour {

namespace {

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(' ');
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(' ');
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string escape(std::string_view s) { return text::xml_escape(s); }

// "Parquet: row groups, ..." → "parquet-row-groups-..." for the section's anchor.
std::string anchor(const std::string& title, size_t index) {
  std::string out;
  for (unsigned char c : title) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return fmt::format("s{}-{}", index + 1, out);
}

bool numeric_type(const columnar::DataType& type) {
  return type.is_numeric() || type.id() == columnar::TypeId::kDecimal128;
}

constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", system-ui, sans-serif; color: #1f2328; background: #fff; margin: 0; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 21px; border-bottom: 2px solid #4682b4; padding-bottom: 4px; margin: 36px 0 12px; }
h2 .time { font-size: 13px; font-weight: normal; color: #59636e; margin-left: 12px; }
p { line-height: 1.45; margin: 8px 0; white-space: pre-wrap; }
.intro { color: #59636e; }
nav ol { columns: 2; margin: 12px 0; padding-left: 20px; }
nav a { color: #0b5cad; text-decoration: none; }
dl.settings { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 12px 0; font-size: 14px; }
dl.settings dt { color: #59636e; }
dl.settings dd { margin: 0; font-family: "DejaVu Sans Mono", monospace; }
figure { margin: 16px 0; }
figure.table { overflow-x: auto; }
figcaption { font-weight: bold; margin-bottom: 6px; }
table.dataframe { border-collapse: collapse; border: none; font-size: 13px; font-variant-numeric: tabular-nums; }
table.dataframe th, table.dataframe td { padding: 4px 10px; text-align: right; vertical-align: top; white-space: pre; }
table.dataframe thead th { border-bottom: 1px solid #1f2328; }
table.dataframe tbody tr:nth-child(odd) { background: #f5f5f5; }
table.dataframe tbody tr:hover { background: #e1effa; }
table.dataframe tbody th { font-weight: bold; }
table.figures td:first-child { text-align: left; color: #59636e; }
td.num { font-family: "DejaVu Sans Mono", monospace; }
.footer { color: #59636e; font-size: 13px; margin-top: 4px; }
img { max-width: 100%; height: auto; border: 1px solid #d0d7de; }
footer { margin-top: 40px; color: #59636e; font-size: 13px; }
)";

void render_table(std::string& html, const ReportTable& t, bool figures) {
  html += figures ? "<figure class=\"table\">" : "<figure class=\"table\">";
  if (!t.caption.empty()) html += "<figcaption>" + escape(t.caption) + "</figcaption>";
  html += figures ? "<table class=\"dataframe figures\">" : "<table class=\"dataframe\">";
  if (!t.header.empty()) {
    html += "<thead><tr>";
    for (const auto& h : t.header) html += "<th>" + escape(h) + "</th>";
    html += "</tr></thead>";
  }
  html += "<tbody>";
  for (const auto& row : t.rows) {
    html += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      if (i == 0 && !figures) {
        html += "<th>" + escape(row[i]) + "</th>";
      } else {
        const bool num = i < t.numeric.size() && t.numeric[i];
        html += (num ? "<td class=\"num\">" : "<td>") + escape(row[i]) + "</td>";
      }
    }
    html += "</tr>\n";
  }
  html += "</tbody></table>";
  if (!t.footer.empty()) html += "<div class=\"footer\">" + escape(t.footer) + "</div>";
  html += "</figure>\n";
}

}  // namespace

ReportTable report_table(const columnar::Table& table, std::string caption, const columnar::PrettyPrintOptions& options) {
  ReportTable out;
  out.caption = std::move(caption);
  out.header.push_back("");
  out.numeric.push_back(false);
  const int64_t n = table.num_rows();
  const bool truncated = options.max_rows > 0 && n > options.max_rows;
  // Each column rendered alone: pandas' formatting is column-wise (float trimming, widths), so the cells are
  // what the terminal table shows. Each line is "<index label> <value>"; index labels hold no spaces.
  for (int c = 0; c < table.num_columns(); ++c) {
    const auto& field = table.schema()->field(c);
    out.header.push_back(field->name());
    out.numeric.push_back(numeric_type(*field->type()));
    if (n == 0) continue;
    const columnar::Table one(columnar::schema({field}), {table.column(c)}, n);
    const std::vector<std::string> lines = lines_of(columnar::to_string(one, options));
    size_t row = 0;
    for (size_t l = 1; l < lines.size() && !lines[l].empty(); ++l, ++row) {
      const std::string& line = lines[l];
      const size_t space = line.find(' ');
      if (space == std::string::npos) {
        raise<Error>("report table: cannot split the line \"{}\" of column \"{}\"", line, field->name());
      }
      std::string label = line.substr(0, space);
      std::string value = trim(std::string_view(line).substr(space));
      // The row between head and tail: pandas cuts its "..." to the column widths (".." under a 2-digit index).
      const bool ellipsis = label.find_first_not_of('.') == std::string::npos;
      if (ellipsis) label = value = "...";
      if (c == 0) out.rows.push_back({label});
      if (row >= out.rows.size()) raise<Error>("report table: column \"{}\" has more lines than the first", field->name());
      out.rows[row].push_back(value);
    }
  }
  if (truncated) out.footer = fmt::format("[{} rows x {} columns]", n, table.num_columns());
  return out;
}

ReportTable figures_table(std::string caption, std::vector<std::pair<std::string, std::string>> figures) {
  ReportTable out;
  out.caption = std::move(caption);
  out.numeric = {false, true};
  for (auto& [label, value] : figures) out.rows.push_back({std::move(label), std::move(value)});
  return out;
}

std::string render_html(const TourReport& report) {
  std::string html;
  html += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  html += "<title>" + escape(report.title) + "</title><style>" + kStyle + "</style></head>\n<body><main>\n";
  html += "<h1>" + escape(report.title) + "</h1>\n";
  if (!report.intro.empty()) html += "<p class=\"intro\">" + escape(report.intro) + "</p>\n";
  if (!report.settings.empty()) {
    html += "<dl class=\"settings\">";
    for (const auto& [k, v] : report.settings) html += "<dt>" + escape(k) + "</dt><dd>" + escape(v) + "</dd>";
    html += "</dl>\n";
  }
  html += "<nav><ol>";
  for (size_t i = 0; i < report.sections.size(); ++i) {
    html += fmt::format("<li><a href=\"#{}\">{}</a></li>", anchor(report.sections[i].title, i),
                        escape(report.sections[i].title));
  }
  html += "</ol></nav>\n";
  for (size_t i = 0; i < report.sections.size(); ++i) {
    const ReportSection& s = report.sections[i];
    html += fmt::format("<section id=\"{}\"><h2>{}<span class=\"time\">{:.0f} ms</span></h2>\n", anchor(s.title, i),
                        escape(s.title), s.elapsed_ms);
    for (const ReportBlock& b : s.blocks) {
      switch (b.kind) {
        case ReportBlock::Kind::kText: html += "<p>" + escape(b.text) + "</p>\n"; break;
        case ReportBlock::Kind::kTable: render_table(html, b.table, b.table.header.empty()); break;
        case ReportBlock::Kind::kImage: {
          const auto* data = reinterpret_cast<const uint8_t*>(b.image.bytes.data());
          html += "<figure>";
          if (!b.image.caption.empty()) html += "<figcaption>" + escape(b.image.caption) + "</figcaption>";
          html += fmt::format("<img src=\"data:{};base64,{}\" alt=\"{}\">", b.image.mime_type,
                              base64_encode(std::span<const uint8_t>(data, b.image.bytes.size())),
                              escape(b.image.caption.empty() ? b.image.file_name : b.image.caption));
          if (!b.image.file_name.empty()) html += "<div class=\"footer\">" + escape(b.image.file_name) + "</div>";
          html += "</figure>\n";
          break;
        }
      }
    }
    html += "</section>\n";
  }
  html += fmt::format("<footer>Tour finished in {:.0f} ms.</footer>\n</main></body></html>\n", report.total_ms);
  return html;
}

std::filesystem::path write_html_report(const TourReport& report, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) raise<IoError>("{}: cannot create the report folder: {}", dir.string(), ec.message());
  const auto path = dir / "index.html";
  const std::string html = render_html(report);
  io::AtomicFileWriter file(path, io::Durability::kAtomic);
  file.write(html.data(), static_cast<int64_t>(html.size()));
  file.commit();
  return path;
}

}  // namespace strata::tour
