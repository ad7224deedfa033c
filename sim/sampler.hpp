#pragma once
// Every sample interval: interval-average IT and accelerator power per cluster (exact: interval energy /
// interval length, read from the clusters' running ledgers in O(clusters)), then facility power with the site's
// PUE and emissions with its grid intensity. Rows go to a sink (the HDF5 writer) as they are made.

#include "sim/hdf5_writer.hpp"
#include "sim/platform.hpp"
#include "sim/scenario.hpp"

#include <chrono>
#include <functional>
#include <vector>

namespace terawatt {

using RowSink = std::function<void(double time_s, const std::vector<std::vector<double>>& values)>;

class Sampler {
 public:
  Sampler(const Scenario& scenario, const Platform& platform, RowSink sink, bool show_progress);

  // The variables of each row, in order, with units and dimensions ("cluster" or "site").
  static std::vector<VariableSpec> variables();

  // Creates the sampling actor. With a horizon it is the actor that keeps the simulation alive until then;
  // without one it is a daemon and the engine kills it when the work ends (read the tail with `sample`).
  void launch(simgrid::s4u::Host* control);

  // Closes the interval since the previous sample at `now_s` (no-op when no time has passed).
  void sample(double now_s);
  double last_sample_s() const { return last_sample_s_; }
  std::size_t rows() const { return rows_; }
  void finish_progress();
  // Wall time spent sampling and in the sink (the writer), for the benchmark's overhead budget.
  double sampling_wall_s() const { return sampling_wall_s_; }

 private:
  void report_progress(double now_s);

  const Scenario& scenario_;
  const Platform& platform_;
  RowSink sink_;
  bool show_progress_;
  double last_sample_s_ = 0.0;
  std::size_t rows_ = 0;
  std::vector<double> last_it_energy_j_;
  std::vector<double> last_accelerator_energy_j_;
  std::vector<double> cumulative_facility_energy_j_;
  std::vector<double> cumulative_emissions_kg_;
  std::vector<std::vector<double>> row_;
  std::chrono::steady_clock::time_point wall_start_;
  std::chrono::steady_clock::time_point last_report_;
  bool reported_ = false;
  double sampling_wall_s_ = 0.0;
};

}  // namespace terawatt
