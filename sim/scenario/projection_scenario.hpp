#pragma once
// A projection scenario as loaded (sim/scenario/projection_loader.hpp): the pure fleet model's inputs
// (models/fleet/projection_fleet.hpp) plus what the simulator needs to measure power per server on representative
// clusters (sim/app/projection/projection_representative.hpp).

#include "models/fleet/projection_fleet.hpp"
#include "models/power/catalog.hpp"
#include "models/power/hardware_catalog.hpp"
#include "models/workload/arrival_profile.hpp"
#include "sim/scenario/scenario.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace terawatt {

enum class SegmentKind { training, inference, conventional, storage, network };

// What a demand-driven segment's demand counts (none: the segment is driven by its shipments).
enum class WorkUnit { none, flop, request, token, image, video_minute };

struct GenerationSetup {
  std::optional<AcceleratorSpec> accelerator;  // none: a server without accelerators
  int accelerators_per_server = 0;
  std::optional<double> server_overhead_w;  // accelerated: a measured constant host power; none: the catalog curve
  HostPowerCurve host;                      // accelerated: the host's power, `server_overhead` or the catalog's
  double idle_w = 0.0;                      // without accelerators: power at 0 % utilisation
  double max_w = 0.0;                       // nameplate maximum (accelerated) or power at 100 % (without)
  // Inference: the representative service as the simulation's inference reader makes it (its demand is set by each
  // run), its replicas and the requests per second one completes at a full batch.
  InferenceService service;
  std::int64_t replicas = 0;
  double replica_capacity_per_s = 0.0;
};

struct SegmentSetup {
  SegmentKind kind = SegmentKind::conventional;
  std::string facility;         // facility preset of its representative sites
  Varying utilisation;          // by region, case and year (segment_utilisation)
  std::vector<bool> nameplate;  // per case: power = nameplate x utilisation instead of simulated
  std::vector<GenerationSetup> generations;
  std::int64_t replica_accelerators = 0;  // inference: 0 for one server's
  WorkUnit work_unit = WorkUnit::none;    // demand-driven: the unit of ProjectionSegment::demand
  double mfu = 0.0;                       // training: model FLOP / peak FLOP while busy
  Modality modality = Modality::text;     // inference: what its representative service generates
  double prompt_tokens = 0.0;             // text inference: the prompt tokens of its request
  double work_per_request = 0.0;          // inference demand: one request's work in the demand's unit
  // The last year its growth inputs were sourced for, and where the key was given ("file:line:col"); none: unchecked.
  std::optional<int> sourced_until;
  std::string sourced_until_location;
  std::string installed_location;  // where `installed` was given ("file:line:col: path"); empty: not given
  bool accelerated() const { return kind == SegmentKind::training || kind == SegmentKind::inference; }
};

struct RepresentativeSettings {
  int weeks = 4;
  double duration_s = 0.0;
  double sample_interval_s = 0.0;
  std::int64_t servers = 0;
  std::int64_t servers_per_host = 0;
  DailyShape daily_shape = DailyShape::consumer;
};

struct ProjectionScenario {
  std::string name;
  std::string description;
  std::string source_file;
  std::uint64_t seed = 1;
  std::string resolved_yaml;                // the document after --set overrides
  std::vector<std::string> central_values;  // as Scenario::central_values
  ProjectionInputs model;
  std::vector<SegmentSetup> segments;  // parallel to model.segments
  std::vector<std::string> climates;   // parallel to model.regions
  RepresentativeSettings representative;
  // The built-in hardware and facility presets, then the user's: the document's `catalog` files and `hardware`
  // section, and the run's --catalog files (sim/scenario/hardware_reader.hpp).
  HardwareCatalog hardware;
};

std::string_view segment_kind_name(SegmentKind kind);
// "FLOP", "request", "token", "image", "video-minute"; "" for none.
std::string_view work_unit_name(WorkUnit unit);

// A segment's utilisation in a region, case and calendar year (held at its first and last values outside the years
// it names).
double segment_utilisation(const ProjectionScenario& scenario, std::size_t segment, std::size_t region,
                           std::size_t case_index, int year);

}  // namespace terawatt
