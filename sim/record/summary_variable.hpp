#pragma once
// What the /summary declarations share (sim/record/run_summary.cpp, sim/record/supply_columns.cpp): a variable's values
// read from the report's rows, and a variable with its full definition in the CF comment.

#include "sim/io/hdf5_writer.hpp"

#include <string>
#include <utility>
#include <vector>

namespace terawatt {

// field(row) for every row, in order.
template <typename Row, typename Field>
std::vector<double> column(const std::vector<Row>& rows, Field field) {
  std::vector<double> values;
  values.reserve(rows.size());
  for (const auto& row : rows) values.push_back(field(row));
  return values;
}

// `variable` with its full definition in the CF `comment`: its long_name stays short enough to label a plot axis.
inline SummaryVariable with_comment(SummaryVariable variable, std::string comment) {
  variable.cf.comment = std::move(comment);
  return variable;
}

}  // namespace terawatt
