#pragma once
// The README's reference of the output variables, generated from their declarations (`terawatt outputs`).

#include <string>

namespace terawatt {

// A Markdown table of every time-series variable (all dimensions, workloads and services included), in the order of
// a row: name, dimensions, units and long_name.
std::string timeseries_reference_markdown();
// The same for /summary: name, dimension, units (a flag variable's values and meanings) and long_name.
std::string summary_reference_markdown();
// Both tables under their group names, as `terawatt outputs` prints them and README.md holds them.
std::string output_reference_markdown();

}  // namespace terawatt
