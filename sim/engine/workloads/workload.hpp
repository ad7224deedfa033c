#pragma once
// What runs on the engine, as the platform builder, `simulate`, the sampler and the summary see it: a workload of
// some type (training job, inference service; sim/engine/workloads/workload_registry.hpp creates them by the
// scenario's `type`). It launches its actors, holds its servers' power ledger, reports its totals, and may add an
// output dimension of its own with its time series (an inference service's request rates over "service").

#include "models/workload/latency_histogram.hpp"
#include "sim/engine/platform.hpp"
#include "sim/engine/power_accounting.hpp"
#include "sim/engine/server_pool.hpp"
#include "sim/engine/site_controller.hpp"
#include "sim/engine/workloads/workload_totals.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/scenario/scenario.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace terawatt {

// What a workload needs of the engine to launch: the scenario, the built platform and each cluster's server pool.
struct LaunchContext {
  const Scenario& scenario;
  const Platform& platform;
  std::vector<std::unique_ptr<ServerPool>>& pools;  // one per cluster
  // With a horizon the sampler keeps the simulation alive until then and workloads are daemons cut at it; without
  // one the workloads keep it alive and the sampler is the daemon.
  bool cut_at_horizon;
  // The site controller that flexible work yields to (sim/engine/site_controller.hpp).
  SiteController& controller;
};

// An output dimension a workload type adds, labelled by the names of its workloads, with its time series.
struct WorkloadDimension {
  std::string name;       // e.g. "service"
  std::string long_name;  // e.g. "inference service"
  std::vector<VariableSpec> series;
};

class Workload {
 public:
  virtual ~Workload() = default;
  virtual const std::string& name() const = 0;
  virtual std::size_t cluster_index() const = 0;
  virtual void launch(const LaunchContext& context) = 0;
  // Applies the power changes it keeps in an event loop of its own up to `now_s` (Platform::settle_deferred); most
  // workloads apply theirs at the clock and have nothing to do.
  virtual void catch_up(double /*now_s*/) {}
  // IT power of the servers it holds, and their idle floor.
  virtual const WorkloadMeter& meter() const = 0;
  // Accelerator-hours it held from its start to `now_s`.
  virtual double accelerator_hours(double now_s) const = 0;
  // Completes `totals`, whose name, cluster and energy the recorder filled, with what only its type knows: its
  // submission, start and end, queue wait, progress and failures.
  virtual void complete_totals(double end_s, const Scenario& scenario, WorkloadTotals& totals) = 0;

  // Its type's output dimension, or null. With one, `read_series` writes its series for the interval that ends at
  // `now_s`: row[first + k][index] for the dimension's k-th variable, `index` being its place in the dimension.
  virtual const WorkloadDimension* dimension() const { return nullptr; }
  virtual void read_series(double /*now_s*/, double /*length_s*/, std::size_t /*first*/, std::size_t /*index*/,
                           std::vector<std::vector<double>>& /*row*/) {}
  // An inference service's requests for the summary's "service" dimension; none for other types.
  virtual std::optional<ServiceReport> service_report(double /*end_s*/) { return std::nullopt; }
  // Once asked to keep them, the latencies of the requests it completed in the interval its last read_series closed,
  // where it resolves them request by request; null otherwise (other types, and services at batch or fluid fidelity).
  virtual void keep_interval_latency() {}
  virtual const LatencyHistogram* interval_latency() const { return nullptr; }
};

}  // namespace terawatt
