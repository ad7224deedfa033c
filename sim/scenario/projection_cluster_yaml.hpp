#pragma once
// The YAML of a representative cluster and of its inference service, as the projection generates them for the
// representative weeks (sim/app/projection/projection_representative.hpp) and, at load time, to ask the simulation's
// own loader what one replica of a segment's service can serve (sim/scenario/projection_loader.cpp): one text, so both
// agree.

#include "sim/scenario/projection_scenario.hpp"

#include <string>

namespace terawatt {

// A flow mapping for `clusters:`: `servers` of the generation, standing `servers_per_host` to a host.
std::string representative_cluster_yaml(const std::string& name, const std::string& site, const GenerationSetup& g,
                                        const RepresentativeSettings& settings);

// A flow mapping for `workloads:`: the segment's text service on replicas of `replica_accelerators` (default: one
// server's), at `requests_per_day`, fluid fidelity, arrivals of the daily shape in local time `utc_offset_h`.
std::string representative_service_yaml(const std::string& name, const std::string& cluster,
                                        const SegmentSetup& segment, const GenerationSetup& g,
                                        const RepresentativeSettings& settings, double requests_per_day,
                                        double utc_offset_h);

}  // namespace terawatt
