#include "sim/engine/workloads/inference_workload.hpp"

#include "models/base/nearest_name.hpp"
#include "sim/engine/workloads/service_columns.hpp"

#include <algorithm>
#include <limits>

namespace terawatt {
namespace {

std::vector<std::unique_ptr<Workload>> create(const Scenario& scenario, const Platform& platform) {
  std::vector<std::unique_ptr<Workload>> workloads;
  for (const InferenceService& service : scenario.services) {
    workloads.push_back(std::make_unique<InferenceWorkload>(service, scenario, platform));
  }
  return workloads;
}

const WorkloadDimension& service_dimension() {
  static const WorkloadDimension dimension{"service", "inference service", specs_of(service_series_columns())};
  return dimension;
}

}  // namespace

InferenceWorkload::InferenceWorkload(const InferenceService& service, const Scenario& scenario,
                                     const Platform& platform)
    : run_(service, platform.clusters[service.cluster_index].host_speed_factor, scenario.info.start_epoch_s,
           *scenario.info.duration_s, scenario.info.seed) {
  run_.set_fabric(*platform.clusters[service.cluster_index].traffic);
}

void InferenceWorkload::launch(const LaunchContext& context) {
  const InferenceService& service = run_.service();
  if (service.flexibility) {
    flexible_ = std::make_unique<FlexibleService>(
        *service.flexibility, service.replica.accelerators, run_.meter(), context.controller,
        [this] { return run_.serving_replicas(); }, [this](std::size_t n) { return run_.it_power_at_floor_w(n); },
        run_.response_lag_s());
    context.controller.enrol(context.scenario.clusters[cluster_index()].site_index, *flexible_,
                             service.flexibility->priority);
    run_.set_flexible(*flexible_);
  }
  // A service runs to the horizon, where the engine cuts it: always a daemon.
  run_.launch(context.platform.control_host, *context.pools[cluster_index()]);
}

void InferenceWorkload::complete_totals(double end_s, const Scenario& /*scenario*/, WorkloadTotals& totals) {
  totals.type = inference_workload_type().type;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const InferenceService& service = run_.service();
  totals.submitted_s = service.start_s;
  totals.started_s = run_.opened_s() >= 0.0 ? run_.opened_s() : nan;
  totals.queue_wait_s = run_.opened_s() >= 0.0 ? run_.opened_s() - service.start_s : end_s - service.start_s;
  totals.finished_s = nan;
  totals.emissions_if_run_at_once_kg = nan;
  const ServiceTotals served = run_.totals(end_s);
  totals.progress = served.arrived > 0.0 ? served.served / served.arrived : nan;
  if (flexible_) {
    totals.flexible = true;
    totals.curtailments = static_cast<double>(flexible_->curtailments());
    totals.capped_s = flexible_->curtailed_s(end_s);
    totals.curtailment_delay_s = nan;  // a service's cost is its requests' latency, not a delay
    totals.paused_s = 0.0;
    for (const FlexibleService::Span& span : flexible_->spans())
      totals.curtailed_spans.push_back(
          {span.start_s, span.end_s == span.end_s ? std::min(span.end_s, end_s) : end_s, span.accelerators});
  }
}

const WorkloadDimension* InferenceWorkload::dimension() const {
  return &service_dimension();
}

void InferenceWorkload::read_series(double now_s, double length_s, std::size_t first, std::size_t index,
                                    std::vector<std::vector<double>>& row) {
  const ServiceInterval interval = run_.take_interval(now_s);
  read_columns(service_series_columns(), ServiceSample{interval, run_.service().output, length_s}, first, index, row);
}

std::optional<ServiceReport> InferenceWorkload::service_report(double end_s) {
  const InferenceService& service = run_.service();
  return ServiceReport{service.name, service.modality, service.fidelity, service.output, run_.totals(end_s), 0};
}

const WorkloadType& inference_workload_type() {
  static const WorkloadType type{"inference", &service_dimension(),
                                 [](const Scenario& scenario) { return names_of(scenario.services); },
                                 no_platform_needs, create};
  return type;
}

}  // namespace terawatt
