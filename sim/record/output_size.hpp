#pragma once
// How large a run's time series will be, known before simulated time starts: rows (the run's end, or an estimate of it
// without a duration, over the sample interval) times the values of one row (each variable's dimension size). A run
// whose output would be absurd (a sample interval of seconds over years on a large fleet) is refused up front; one that
// may not fit on its disk is warned about.

#include "sim/scenario/scenario.hpp"

#include <string>

namespace terawatt {

struct OutputSize {
  double rows = 0.0;
  double values_per_row = 0.0;
  double values() const { return rows * values_per_row; }
  // Before compression: float64 values and their time stamps.
  double bytes() const { return (values() + rows) * 8.0; }
};

OutputSize estimate_output_size(const Scenario& scenario);

// Throws ScenarioError at scenario.sample_interval when the time series would hold more than max_output_values.
void check_output_size(const Scenario& scenario, const OutputSize& size);

// Past this many bytes before compression a run's output is large to move, and xarray holds it in memory when a
// notebook loads it whole: the run warns before it starts.
inline constexpr double large_output_bytes = 1e9;

// A warning when the time series may exceed large_output_bytes before compression, or "".
std::string large_output_warning(const OutputSize& size);

// A warning when the uncompressed size exceeds the space free for `output_path`'s folder, or "" when it fits (or
// the space cannot be read).
std::string output_space_warning(const OutputSize& size, const std::string& output_path);

}  // namespace terawatt
