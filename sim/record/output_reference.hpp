#pragma once
// The README's reference of the time-series variables, generated from their declarations (`terawatt outputs`).

#include <string>

namespace terawatt {

// A Markdown table of every time-series variable (all dimensions, workloads and services included), in the order of
// a row: name, dimensions, units and long_name.
std::string timeseries_reference_markdown();

}  // namespace terawatt
