#pragma once
// One output variable declared once: its name, units, long_name and dimension (the HDF5 schema entry and the README's
// row) together with how its value is read from the state of one interval. `Sample` is what the recorder knows of
// one row of the dimension for the interval (a cluster's energies, a site's facility interval, a service's counts).
// Readers are plain functions so that a row costs one indirect call per value and captures nothing.

#include "sim/io/hdf5_writer.hpp"

#include <string>
#include <utility>
#include <vector>

namespace terawatt {

template <typename Sample>
struct Column {
  VariableSpec spec;              // name, units, long_name, dimension ("cluster", "site", "workload", "service")
  double (*read)(const Sample&);  // the value for the interval
};

// The CF description of a column whose value is the mean over its interval (time_bnds), with `comment` if given.
inline CfDescription interval_mean(std::string comment = {}) {
  return {std::move(comment), "time: mean", ""};
}

// The CF description of a column whose value is the state at the end of its interval: a running total since the
// start, or a count of what is waiting.
inline CfDescription value_at_end(std::string comment) {
  return {std::move(comment), "time: point", ""};
}

// The schema entries of `columns`, in their order.
template <typename Sample>
std::vector<VariableSpec> specs_of(const std::vector<Column<Sample>>& columns) {
  std::vector<VariableSpec> specs;
  specs.reserve(columns.size());
  for (const auto& column : columns) specs.push_back(column.spec);
  return specs;
}

// Reads every column for row `index` of its dimension: values[first + k][index] = columns[k].read(sample).
template <typename Sample>
void read_columns(const std::vector<Column<Sample>>& columns, const Sample& sample, std::size_t first,
                  std::size_t index, std::vector<std::vector<double>>& values) {
  for (std::size_t k = 0; k < columns.size(); ++k) values[first + k][index] = columns[k].read(sample);
}

}  // namespace terawatt
