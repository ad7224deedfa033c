#pragma once
// The coupling of a fleet projection with the simulator: the annual mean power of one installed
// server, measured on representative clusters.
//
// - Accelerated segments (training, inference): for each segment, generation, region and utilisation (cases and
//   years may differ in it), one cluster of the generation's servers on a site of its own: the segment's facility
//   preset in the region's climate, so the cooling plant sees that load and that weather. Training clusters run one job
//   a day for utilisation x 24 h on every server (busy by day, idle after); inference clusters serve the segment's text
//   model as a `type: inference` service at fluid fidelity, its arrivals shaped by the daily profile in the region's
//   local time, at a mean demand of utilisation x what its replicas serve at a full batch (the capacity the
//   simulation's own loader reports for that model, request and accelerator). All clusters of one week run side
//   by side in one engine; each week is a typed scenario simulated in a child process of its own (SimGrid runs one
//   simulation per process), in parallel up to the usable cores. A server's IT power is its cluster's mean IT power /
//   servers; its facility power is its site's facility energy / duration / servers; the year's figure is the mean over
//   the weeks.
// - Segments without accelerators: the linear utilisation model (models/power/server_utilisation_power.hpp) for IT
//   power, and the same cooling plant model the simulator uses, in-process, over the same weeks of the same
//   synthetic weather, for facility power.

#include "sim/record/run_progress.hpp"
#include "sim/scenario/projection_scenario.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace terawatt {

struct Representative {
  std::size_t segment = 0;
  std::size_t generation = 0;
  std::size_t region = 0;
  double utilisation = 0.0;        // asked for
  bool simulated = false;          // in the engine (accelerated) or by the in-process models
  std::string label;               // "segment.generation.region.u60"
  std::vector<double> it_w;        // per week, per server
  std::vector<double> facility_w;  // per week, per server
  std::vector<double> busy;        // per week: training, the busy fraction; inference, demand / capacity
  double mean_it_w() const;
  double mean_facility_w() const;
};

struct Coupling {
  std::vector<Representative> representatives;
  std::vector<std::string> week_starts;     // ISO 8601
  std::vector<std::string> week_scenarios;  // each week's run as its resolved scenario (YAML that runs it again)
  double wall_s = 0.0;                      // measuring them
  // The fleet model's power per server for a segment's generation in a region, case and year (at that year's
  // utilisation): measured, or nameplate x utilisation for cases with `power: nameplate` (facility power then NaN:
  // the PUE is stated); and, for demand-driven segments, the work it delivers in a year.
  ServerMeanPower power(const ProjectionScenario& scenario, std::size_t segment, std::size_t generation,
                        std::size_t region, std::size_t case_index, int year) const;
};

// Lists the representatives, simulates the weeks (sim/app/projection/representative_week.hpp), each in a child
// process, and evaluates the segments without accelerators. Throws ChildRunError (sim/app/common/child_runner.hpp)
// when a week's run fails, with the end of its stderr. With `measured`, a coupling of the same weeks (their resolved
// scenarios equal, as an uncertainty sample whose inputs leave them alone has them) gives its simulated figures
// instead of simulating them again.
Coupling measure_representatives(const ProjectionScenario& scenario, ProgressStyle progress = ProgressStyle::none,
                                 const Coupling* measured = nullptr);

}  // namespace terawatt
