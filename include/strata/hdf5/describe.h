// Text renderings of an HDF5 file for people and for the CLI (`strata h5 ls`, `strata h5 cat`).
//
// describe_tree prints one line per object, indented by depth, h5dump -H in brief:
//   /                                   group
//     @description = "Monte Carlo GBM simulation"
//     simulation/                       group
//       paths                           float64 (500, 252) chunks (63, 32) gzip 4
//         @shape = "500 paths × 252 steps"
// format_dataset prints the selected values, one row of the last axis per line, numbers in the shortest
// form that reads back exactly (JavaScript style), strings JSON-quoted.
#pragma once

#include <string>

#include "strata/hdf5/group.h"
#include "strata/hdf5/selection.h"

namespace strata::hdf5 {

struct DescribeOptions {
  bool attributes = true;  // list attributes with their values
  int max_attribute_chars = 80;
};

std::string describe_tree(const Group& root, const DescribeOptions& options = {});
// One line for a dataset: "float64 (500, 252) chunks (63, 32) gzip 4 shuffle".
std::string describe_dataset(const Dataset& dataset);
std::string format_dataset(const Dataset& dataset, const Selection& selection = Selection::all());

}  // namespace strata::hdf5
