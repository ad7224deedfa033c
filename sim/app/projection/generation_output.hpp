#pragma once
// The hardware generations a projection ships, as the catalog and the scenario give them: what each server holds
// and draws, and its efficiency at the nameplate. Written to /generations (dimension `generation`, labelled
// `segment.generation`) and printed before the electricity tables, so that the fleet's mean efficiency by year
// (projection_output.hpp) can be traced to the vintages behind it.

#include "sim/io/hdf5_writer.hpp"
#include "sim/scenario/projection_scenario.hpp"

#include <ostream>

namespace terawatt {

// /generations: accelerator (a coordinate), accelerators_per_server, peak_flops and memory_bandwidth per accelerator,
// accelerator_tdp, host_idle_power and host_loaded_power [W] (NaN without accelerators), nameplate_power [W] (the
// server's maximum: accelerated, the catalog's or `max_power`; without, its power at 100 %), and
// peak_flops_per_watt and memory_bandwidth_per_watt at the nameplate (NaN without accelerators).
void write_generations_group(Hdf5Writer& writer, const ProjectionScenario& scenario);

// One line per accelerated generation: its accelerator, dense 16-bit TFLOP/s and HBM TB/s per kW of nameplate, and
// its host's idle and loaded power. Nothing when no segment is accelerated.
void print_generations(std::ostream& out, const ProjectionScenario& scenario);

}  // namespace terawatt
