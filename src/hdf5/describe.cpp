// Text renderings: the tree listing behind `strata h5 ls` and the value dump behind `strata h5 cat`.
#include "strata/hdf5/describe.h"

#include <fmt/format.h>

#include "hdf5_internal.h"
#include "strata/core/text_format.h"

namespace strata::hdf5 {

namespace {

void append_attributes(std::string& out, const Attributes& attrs, int indent, const DescribeOptions& options) {
  if (!options.attributes) return;
  for (const std::string& name : attrs.names()) {
    std::string value = attrs.value_to_string(name);
    if (static_cast<int>(value.size()) > options.max_attribute_chars) {
      value = value.substr(0, static_cast<size_t>(options.max_attribute_chars)) + "...";
    }
    out += fmt::format("{:{}}@{} = {}\n", "", indent, name, value);
  }
}

template <typename T>
void append_numbers(std::vector<std::string>& cells, const Dataset& ds, const Selection& sel) {
  for (const T& v : ds.read<T>(sel)) {
    if constexpr (std::is_same_v<T, double>) {
      cells.push_back(text::format_double_js(v));
    } else if constexpr (std::is_same_v<T, float>) {
      cells.push_back(text::format_float_js(v));
    } else {
      cells.push_back(std::to_string(v));
    }
  }
}

}  // namespace

std::string describe_dataset(const Dataset& ds) {
  std::string out = fmt::format("{} {}", ds.datatype().to_string(), internal::join_shape(ds.shape()));
  const std::vector<int64_t> max = ds.max_shape();
  if (max != ds.shape()) out += " max " + internal::join_shape(max);
  if (auto chunks = ds.chunks()) out += " chunks " + internal::join_shape(*chunks);
  for (const FilterInfo& f : ds.filters()) {
    if (f.id == H5Z_FILTER_DEFLATE) {
      out += fmt::format(" gzip {}", f.parameters.empty() ? 6u : f.parameters[0]);
    } else {
      out += " " + f.name;
    }
  }
  return out;
}

std::string describe_tree(const Group& root, const DescribeOptions& options) {
  std::string out = fmt::format("{:<36}group\n", root.path());
  append_attributes(out, root.attrs(), 2, options);
  root.visit([&](const std::string& path, ObjectKind kind) {
    int depth = 1;
    for (char c : path) depth += c == '/';
    const size_t slash = path.rfind('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const int indent = 2 * depth;
    if (kind == ObjectKind::kGroup) {
      std::string label = fmt::format("{:{}}{}/", "", indent, name);
      out += fmt::format("{:<36}group\n", label);
      append_attributes(out, root.group(path).attrs(), indent + 2, options);
    } else if (kind == ObjectKind::kDataset) {
      Dataset ds = root.dataset(path);
      std::string label = fmt::format("{:{}}{}", "", indent, name);
      out += fmt::format("{:<36}{}\n", label, describe_dataset(ds));
      append_attributes(out, ds.attrs(), indent + 2, options);
    } else {
      out += fmt::format("{:{}}{}  {}\n", "", indent, name, to_string(kind));
    }
  });
  return out;
}

std::string format_dataset(const Dataset& ds, const Selection& selection) {
  const std::vector<int64_t> shape = selection.result_shape(ds.shape());
  const Datatype type = ds.datatype();
  std::vector<std::string> cells;
  switch (type.type_class()) {
    case TypeClass::kFloat:
      if (type.size() == 4) {
        append_numbers<float>(cells, ds, selection);
      } else {
        append_numbers<double>(cells, ds, selection);
      }
      break;
    case TypeClass::kInteger:
      if (type.is_signed()) {
        append_numbers<int64_t>(cells, ds, selection);
      } else {
        append_numbers<uint64_t>(cells, ds, selection);
      }
      break;
    case TypeClass::kBool:
      for (bool b : ds.read<bool>(selection)) cells.push_back(b ? "true" : "false");
      break;
    case TypeClass::kString:
      for (const std::string& s : ds.read<std::string>(selection)) {
        std::string q;
        text::append_json_string(q, s);
        cells.push_back(std::move(q));
      }
      break;
    default:
      raise<NotImplemented>("hdf5: cannot print \"{}\" of type {} as text", ds.path(), type.to_string());
  }
  const size_t row = shape.empty() ? 1 : static_cast<size_t>(shape.back() > 0 ? shape.back() : 1);
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    out += cells[i];
    out += (i + 1) % row == 0 ? '\n' : ' ';
  }
  if (!cells.empty() && out.back() != '\n') out += '\n';
  return out;
}

}  // namespace strata::hdf5
