#pragma once
// Every sample interval: interval-average IT and accelerator power per cluster and IT power per workload
// (exact: interval energy / interval length, read from running ledgers in O(clusters + workloads)); then per
// site the facility (constant PUE or cooling plant in the interval's weather), emissions (interval-mean grid
// intensity) and water (models/facility/site_environment.hpp). Rows go to a sink (the HDF5 writer) as they are made,
// and the site and workload totals are the sums of the intervals.

#include "sim/engine/platform.hpp"
#include "sim/engine/power_accounting.hpp"
#include "sim/engine/workloads/inference_run.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/record/accumulators.hpp"
#include "sim/scenario/scenario.hpp"

#include <chrono>
#include <functional>
#include <vector>

namespace terawatt {

using RowSink = std::function<void(double time_s, const std::vector<std::vector<double>>& values)>;

struct SampledWorkload {
  const WorkloadMeter* meter;  // IT power of the hosts the workload holds
  std::size_t site_index;
};

class Sampler {
 public:
  Sampler(const Scenario& scenario, const Platform& platform, std::vector<SampledWorkload> workloads,
          std::vector<InferenceRun*> services, RowSink sink, bool show_progress);

  // The variables of each row, in order, with units and dimensions ("cluster", "site", "workload", "service"):
  // the declarations of sim/record/series_columns.hpp and sim/engine/workloads/service_columns.hpp.
  static std::vector<VariableSpec> variables(bool with_workloads, bool with_services);

  // Creates the sampling actor. With a horizon it is the actor that keeps the simulation alive until then;
  // without one it is a daemon and the engine kills it when the work ends (read the tail with `sample`).
  void launch(simgrid::s4u::Host* control);

  // Closes the interval since the previous sample at `now_s` (no-op when no time has passed).
  void sample(double now_s);
  double last_sample_s() const { return last_sample_s_; }
  std::size_t rows() const { return rows_; }
  void finish_progress();
  const std::vector<SiteAccumulator>& sites() const { return sites_; }
  const std::vector<WorkloadAccumulator>& workloads() const { return workload_totals_; }
  // Wall time spent sampling and in the sink (the writer), and in the facility and grid models alone.
  double sampling_wall_s() const { return sampling_wall_s_; }
  double environment_wall_s() const { return environment_wall_s_; }

 private:
  void report_progress(double now_s);

  const Scenario& scenario_;
  const Platform& platform_;
  std::vector<SampledWorkload> sampled_workloads_;
  std::vector<InferenceRun*> services_;
  RowSink sink_;
  bool show_progress_;
  double last_sample_s_ = 0.0;
  std::size_t rows_ = 0;
  std::vector<double> last_it_energy_j_;
  std::vector<double> last_accelerator_energy_j_;
  std::vector<double> last_workload_energy_j_;
  std::vector<SiteAccumulator> sites_;
  std::vector<SiteEvaluator> evaluators_;
  std::vector<double> site_it_energy_scratch_j_;
  std::vector<SiteInterval> interval_scratch_;
  std::vector<WorkloadAccumulator> workload_totals_;
  // Where each dimension's variables begin in a row (clusters' at 0).
  std::size_t site_first_;
  std::size_t workload_first_;
  std::size_t service_first_;
  std::vector<std::vector<double>> row_;
  std::chrono::steady_clock::time_point wall_start_;
  std::chrono::steady_clock::time_point last_report_;
  bool reported_ = false;
  double sampling_wall_s_ = 0.0;
  double environment_wall_s_ = 0.0;
};

}  // namespace terawatt
