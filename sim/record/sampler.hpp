#pragma once
// Every sample interval: interval-average IT and accelerator power per cluster and IT power per workload
// (exact: interval energy / interval length, read from running ledgers in O(clusters + workloads)); then per
// site the facility (constant PUE or cooling plant in the interval's weather), emissions (interval-mean grid
// intensity) and water (models/facility/site_environment.hpp). Rows go to a sink (the HDF5 writer) as they are made,
// and the site and workload totals are the sums of the intervals.

#include "models/supply/site_supply_operator.hpp"
#include "sim/engine/platform.hpp"
#include "sim/engine/power_accounting.hpp"
#include "sim/engine/workloads/workload.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/record/accumulators.hpp"
#include "sim/record/run_progress.hpp"
#include "sim/scenario/scenario.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

namespace terawatt {

using RowSink = std::function<void(double time_s, const std::vector<std::vector<double>>& values)>;

class Sampler {
 public:
  // `workloads`: the scenario's, in the order of the registry (sim/engine/workloads/workload_registry.hpp).
  Sampler(const Scenario& scenario, const Platform& platform, std::vector<Workload*> workloads, RowSink sink,
          ProgressStyle progress);

  // The dimensions of the time series: cluster, site, workload (when there are workloads), then those the scenario's
  // workload types add (an inference service's "service").
  static std::vector<LabelDimension> dimensions(const Scenario& scenario);
  // The variables of each row, in order, with units and dimensions: the declarations of
  // sim/record/series_columns.hpp, then those of the workload types' own dimensions.
  static std::vector<VariableSpec> variables(const Scenario& scenario);
  // Every variable any scenario may have, in the same order (the README's reference).
  static std::vector<VariableSpec> all_variables();

  // Creates the sampling actor. With a horizon it is the actor that keeps the simulation alive until then;
  // without one it is a daemon and the engine kills it when the work ends (read the tail with `sample`).
  void launch(simgrid::s4u::Host* control);
  // The sites' supply operators (one per site, empty for a site without supply), which each interval settles; they
  // must outlive the sampler. Call before the first sample when the scenario has supply (has_supply).
  void attach_supply(std::vector<std::optional<SiteSupplyOperator>>& operators);
  static bool has_supply(const Scenario& scenario);

  // Closes the interval since the previous sample at `now_s` (no-op when no time has passed).
  void sample(double now_s);
  double last_sample_s() const { return last_sample_s_; }
  std::size_t rows() const { return rows_; }
  void finish_progress();
  const std::vector<SiteAccumulator>& sites() const { return sites_; }
  const std::vector<WorkloadAccumulator>& workloads() const { return workload_totals_; }
  const std::vector<SupplyAccumulator>& supply_totals() const { return supply_totals_; }
  // The latency of a site's inference services during each of its demand-response events, and over the hour before
  // it, taken from the sample intervals that overlap the event or lie in that hour: the served-weighted mean of their
  // means, and the distribution of their requests' latencies where every service that served resolves them (request
  // fidelity; `*_resolved` false as soon as one that served does not).
  struct EventLatency {
    double during_latency_x_served = 0.0, during_served = 0.0;
    double before_latency_x_served = 0.0, before_served = 0.0;
    LatencyHistogram during, before;
    bool during_resolved = true, before_resolved = true;
  };
  // [site][event]; empty for a site whose services served nothing near an event.
  const std::vector<std::vector<EventLatency>>& event_latency() const { return event_latency_; }
  // Wall time spent sampling and in the sink (the writer), and in the facility and grid models alone.
  double sampling_wall_s() const { return sampling_wall_s_; }
  double environment_wall_s() const { return environment_wall_s_; }
  // Wall time in the sites' supply: PV, battery, dispatch and bill (models/supply/), and its columns.
  double supply_wall_s() const { return supply_wall_s_; }

 private:
  void report_progress(double now_s);

  const Scenario& scenario_;
  const Platform& platform_;
  // The workloads of one dimension of their own, and where its variables begin in a row.
  struct OwnDimension {
    const WorkloadDimension* dimension;
    std::size_t first;
    std::vector<Workload*> members;
  };
  static std::vector<VariableSpec> variables_of(bool with_supply, bool with_workloads,
                                                const std::vector<const WorkloadDimension*>& dimensions);
  // The series of the workload types' own dimensions (a service's) for the interval ending at `now_s`.
  void read_own_dimensions(double now_s, double interval_s);
  // The clusters' columns for the interval ending at `now_s`; adds each cluster's IT energy to its site's.
  void read_clusters(double now_s, double interval_s, std::vector<double>& site_it_energy_j);
  void track_event_latency(double t0_epoch_s, double t1_epoch_s, double interval_s);
  // The rows of the workloads and of their types' own dimensions.
  void add_workload_rows(const Scenario& scenario);
  // Settles site s's supply for the interval and charges its emissions to the grid import; writes its columns.
  void settle_supply(std::size_t s, double t0_epoch_s, double t1_epoch_s, double interval_s);

  std::vector<Workload*> workloads_;
  std::vector<std::size_t> workload_sites_;
  RowSink sink_;
  RunProgress progress_;
  double last_sample_s_ = 0.0;
  std::size_t rows_ = 0;
  // Each cluster's energies at the previous sample.
  struct ClusterEnergies {
    double it_j = 0.0;
    double accelerator_j = 0.0;
    double network_j = 0.0;
  };
  std::vector<ClusterEnergies> last_cluster_j_;
  std::vector<double> last_workload_energy_j_;
  std::vector<SiteAccumulator> sites_;
  std::vector<SiteEvaluator> evaluators_;
  std::vector<double> site_it_energy_scratch_j_;
  std::vector<SiteInterval> interval_scratch_;
  std::vector<WorkloadAccumulator> workload_totals_;
  std::vector<std::optional<SiteSupplyOperator>>* supply_ = nullptr;
  std::vector<SupplyAccumulator> supply_totals_;
  std::vector<std::vector<EventLatency>> event_latency_;
  // A service at a site with demand-response events: its site, its index in its dimension, and its rows.
  struct LatencySource {
    std::size_t site, member, served_row, latency_row;
    const Workload* service;
  };
  std::vector<LatencySource> latency_sources_;
  // Where each dimension's variables begin in a row (clusters' at 0).
  std::size_t site_first_;
  std::size_t supply_first_ = 0;  // the sites' supply columns, last, when the scenario has supply
  std::size_t workload_first_;
  std::vector<OwnDimension> own_dimensions_;
  std::vector<std::vector<double>> row_;
  std::chrono::steady_clock::time_point wall_start_;
  double sampling_wall_s_ = 0.0;
  double environment_wall_s_ = 0.0;
  double supply_wall_s_ = 0.0;
};

}  // namespace terawatt
