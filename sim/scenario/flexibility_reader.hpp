#pragma once
// Reads a training job's `flexibility` (sim/scenario/supply_schema.cpp): how it yields when its site's controller
// curtails it.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace terawatt {

// `job_map` is the job's mapping, `job` read up to its checkpoints and failures.
TrainingFlexibility read_training_flexibility(const YamlSource& context, const MapReader& job_map,
                                              const TrainingJob& job, const Cluster& cluster);
// `service_map` is the service's mapping, `service` read with its replicas.
ServiceFlexibility read_service_flexibility(const YamlSource& context, const MapReader& service_map,
                                            const InferenceService& service, const ScenarioInfo& info);

}  // namespace terawatt
