#include "sim/scenario/flexibility_reader.hpp"

#include "sim/scenario/cluster_reader.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <cmath>

namespace terawatt {

TrainingFlexibility read_training_flexibility(const YamlSource& context, const MapReader& job_map,
                                              const TrainingJob& job, const Cluster& cluster) {
  const auto& spec = flexibility_section();
  const MapReader map(context, job_map.child("flexibility"), job_map.child_path("flexibility"), spec);
  if (job.failures) {
    job_map.fail("flexibility",
                 "cannot be combined with mtbf: a curtailed job's failures are not modelled (expected "
                 "one of them)");
  }
  TrainingFlexibility flex;
  flex.priority = static_cast<std::size_t>(*map.count(spec.key("priority")));
  const std::string mode = *map.name(spec.key("mode"));
  if (mode == "power_cap") {
    flex.mode = FlexMode::power_cap;
    const auto cap = read_power_cap(map, spec.key("power_cap"), cluster.accelerator);
    if (!cap) map.fail("power_cap", "missing: the power_cap mode needs the curtailed cap (expected a power)");
    const double running_cap_w = job.power_cap_w.value_or(cluster.power_cap_w.value_or(cluster.accelerator.tdp_w));
    if (!(*cap < running_cap_w)) {
      map.fail("power_cap", short_number(*cap) + " W is not below the job's running cap of " +
                                short_number(running_cap_w) + " W (expected a lower cap, or it saves nothing)");
    }
    flex.power_cap_w = *cap;
    for (const char* key : {"checkpoint_write_time", "restart_time"}) {
      if (map.has(key)) map.fail(key, "only the pause mode uses it");
    }
    return flex;
  }
  if (mode != "pause") {
    map.fail("mode", "unknown mode '" + mode + "'" + did_you_mean(mode, {"pause", "power_cap"}) +
                         " (expected pause or power_cap)");
  }
  if (map.has("power_cap")) map.fail("power_cap", "only the power_cap mode uses it");
  const auto write = map.positive_quantity(spec.key("checkpoint_write_time"));
  if (!write && !job.checkpoint) {
    map.fail("checkpoint_write_time",
             "missing: a pause writes a checkpoint first (expected a time here, or the job's checkpoint_write_time)");
  }
  flex.checkpoint_write_s = write ? *write : job.checkpoint->write_s;
  flex.restart_s = map.positive_quantity(spec.key("restart_time")).value_or(flex.checkpoint_write_s);
  return flex;
}

ServiceFlexibility read_service_flexibility(const YamlSource& context, const MapReader& service_map,
                                            const InferenceService& service, const ScenarioInfo& info) {
  const auto& spec = service_flexibility_section();
  const MapReader map(context, service_map.child("flexibility"), service_map.child_path("flexibility"), spec);
  const std::string mode = *map.name(spec.key("mode"));
  if (mode != "scale_down") {
    map.fail("mode", "unknown mode '" + mode + "'" + did_you_mean(mode, {"scale_down"}) + " (expected scale_down)");
  }
  ServiceFlexibility flex;
  flex.floor_replicas = *map.count(spec.key("floor"));
  flex.priority = static_cast<std::size_t>(*map.count(spec.key("priority")));
  // A pipeline-parallel replica runs as pipeline_stages streams, which the service counts (read_pipeline_stages).
  const std::int64_t replicas = service.max_replicas / service.pipeline_stages;
  if (flex.floor_replicas >= replicas) {
    map.fail("floor", std::to_string(flex.floor_replicas) + " is not below the service's " + std::to_string(replicas) +
                          " replicas (expected fewer, or it saves nothing)");
  }
  flex.floor_replicas *= service.pipeline_stages;
  if (service.fidelity == Fidelity::request && !(service.control_interval_s < info.sample_interval_s)) {
    service_map.fail("control_interval", short_number(service.control_interval_s) +
                                             " s is not shorter than the sample interval (" +
                                             short_number(info.sample_interval_s) + " s" +
                                             "): a request-fidelity service plans a control interval ahead, so it "
                                             "would act on the controller's decisions only after they lapse");
  }
  const double steps = info.sample_interval_s / service.control_interval_s;
  if (std::abs(steps - std::round(steps)) > 1e-9 * steps) {
    service_map.fail("control_interval", "the sample interval (" + short_number(info.sample_interval_s) +
                                             " s) is not a whole number of control intervals (" +
                                             short_number(service.control_interval_s) +
                                             " s): a flexible service acts at the controller's boundaries");
  }
  return flex;
}

}  // namespace terawatt
