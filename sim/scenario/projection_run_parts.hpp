#pragma once
// The typed parts of a projection's representative runs (sim/app/projection/representative_week.hpp): a cluster
// of one generation's servers, its site, its inference service. They are built as values and completed by the
// simulation loader's own readers and defaults (catalog host curves, the schema's network defaults, the site
// reader's plant and weather, the inference reader's cost models), so that a representative run is the scenario a
// user would get by writing the same keys in a file.

#include "sim/scenario/projection_scenario.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace terawatt {

// `settings.servers` of the generation's servers, `settings.servers_per_host` to a host, on site `site_index`.
Cluster representative_cluster(const std::string& name, const std::string& site, std::size_t site_index,
                               const GenerationSetup& g, const RepresentativeSettings& settings);

// A site of the facility preset in the climate, without emissions (the fleet model has its own intensities),
// completed by the simulation's site reader: its plant sized by `clusters` housed at `site_index`, its weather
// synthesised over the run of `info`.
Site representative_site(const std::string& name, const std::string& facility_preset, const std::string& climate,
                         const ScenarioInfo& info, const std::vector<Cluster>& clusters, std::size_t site_index,
                         const HardwareCatalog& hardware);

// An inference segment's service of `modality` on one replica of `replica_accelerators` (0: one server's) on
// `cluster`, read by the simulation's inference reader from the segment's `model` and `request` mappings (`segment`
// holds them; absent, the schema's defaults, a text model's), at fluid fidelity over the representative duration. Its
// demand is a placeholder: each run sets its own (representative_service). Throws ScenarioError as the inference reader
// does, with its key path under "workloads.service".
InferenceService read_representative_service(const MapReader& segment, const Cluster& cluster,
                                             const RepresentativeSettings& settings, std::int64_t replica_accelerators,
                                             Modality modality);

// The prompt tokens of an inference segment's request (`request.prompt_tokens`, or the schema's default request's).
double representative_prompt_tokens(const MapReader& segment);

// A copy of the read service on cluster `cluster_index` at a mean demand of `requests_per_day`, shaped by the
// daily profile in local time `utc_offset_h`.
InferenceService representative_service(const InferenceService& read, const std::string& name, const Cluster& cluster,
                                        std::size_t cluster_index, double requests_per_day, DailyShape shape,
                                        double utc_offset_h);

// A training job on every accelerator of the cluster, of `flops` at `mfu`, from `start_s`.
TrainingJob representative_training_job(const std::string& name, const Cluster& cluster, std::size_t cluster_index,
                                        double flops, double mfu, double start_s);

}  // namespace terawatt
