#include "sim/scenario/projection_demand_reader.hpp"

#include "sim/scenario/projection_run_parts.hpp"
#include "sim/scenario/projection_schema.hpp"

#include <algorithm>
#include <optional>

namespace terawatt {
namespace {

// A demand key: the segment kind (and modality) it fits and the unit of its work.
struct DemandKey {
  std::string key;
  SegmentKind kind;
  std::optional<Modality> modality;  // none: any
  WorkUnit unit;
};

const std::vector<DemandKey>& demand_table() {
  static const std::vector<DemandKey> table{
      {"training_compute", SegmentKind::training, std::nullopt, WorkUnit::flop},
      {"requests_per_day", SegmentKind::inference, std::nullopt, WorkUnit::request},
      {"tokens_per_day", SegmentKind::inference, Modality::text, WorkUnit::token},
      {"images_per_day", SegmentKind::inference, Modality::image, WorkUnit::image},
      {"video_minutes_per_day", SegmentKind::inference, Modality::video, WorkUnit::video_minute},
  };
  return table;
}

const DemandKey& demand_key(const std::string& key) {
  const auto& table = demand_table();
  return *std::find_if(table.begin(), table.end(), [&](const DemandKey& d) { return d.key == key; });
}

// The work of one request of the segment's service, in its demand's unit: 1 request; its prompt and output tokens
// (text); its images (image); its minutes of video (video).
double work_per_request(const SegmentSetup& setup) {
  constexpr double seconds_per_minute = 60.0;
  const RequestOutput& output = setup.generations.front().service.output;
  switch (setup.work_unit) {
    case WorkUnit::token:
      return setup.prompt_tokens + output.output_tokens;
    case WorkUnit::image:
      return output.images;
    case WorkUnit::video_minute:
      return output.video_s / seconds_per_minute;
    default:
      return 1.0;
  }
}

}  // namespace

const std::vector<std::string>& demand_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const DemandKey& d : demand_table()) out.push_back(d.key);
    return out;
  }();
  return keys;
}

void read_shipment_inputs(const YamlSource& source, const MapReader& map, const VaryingReader& varying,
                          SegmentSetup& setup, ProjectionSegment& segment) {
  const auto& spec = projection_segment_section();
  const auto first_demand =
      std::find_if(demand_keys().begin(), demand_keys().end(), [&](const std::string& key) { return map.has(key); });
  const bool demand_driven = first_demand != demand_keys().end();
  if (map.has("installed")) {
    segment.installed = varying.read(map, spec.key("installed"), non_negative);
    setup.installed_location =
        source.location(map.child("installed"), map.child_path("installed")) + ": " + map.child_path("installed");
  } else if (!demand_driven) {
    map.fail("installed", "missing required key (expected the servers installed in first_year, or a demand: " +
                              join(demand_keys()) + ")");
  }
  for (const char* key : {"growth", "shipments"}) {
    if (demand_driven && map.has(key)) {
      map.fail(key, "conflicts with " + *first_demand + ": a demand-driven segment ships what its demand needs");
    }
  }
  segment.growth = varying.read(map, spec.key("growth"), growth_rate);
  if (map.has("shipments")) {
    if (map.has("growth")) map.fail("shipments", "conflicts with growth (expected one of them)");
    segment.shipments = varying.read(map, spec.key("shipments"), non_negative);
  }
}

void read_demand(const MapReader& map, const VaryingReader& varying, SegmentSetup& setup, ProjectionSegment& segment) {
  const auto& spec = projection_segment_section();
  std::vector<std::string> given;
  for (const auto& key : demand_keys()) {
    if (map.has(key)) given.push_back(key);
  }
  if (given.size() > 1) map.fail(given[1], "conflicts with " + given[0] + " (expected one demand)");
  const auto refuse_mfu = [&] { map.fail("mfu", "is for training segments with training_compute"); };
  if (given.empty()) {
    if (map.has("demand_share")) map.fail("demand_share", "needs a demand (" + join(demand_keys()) + ")");
    if (map.has("mfu")) refuse_mfu();
    return;
  }
  const std::string& key = given[0];
  const DemandKey& demand = demand_key(key);
  if (setup.kind != demand.kind || (demand.modality && *demand.modality != setup.modality)) {
    map.fail(key, "does not fit a segment of kind " + std::string(segment_kind_name(setup.kind)) +
                      (setup.kind == SegmentKind::inference ? " and modality " + modality_name(setup.modality) : "") +
                      " (expected training_compute for training; requests_per_day for inference, or tokens_per_day "
                      "for text, images_per_day for image, video_minutes_per_day for video)");
  }
  if (map.has("mfu") && demand.unit != WorkUnit::flop) refuse_mfu();
  setup.work_unit = demand.unit;
  if (demand.unit == WorkUnit::flop) {
    setup.mfu = *map.fraction(spec.key("mfu"));
    segment.demand = varying.read(map, spec.key(key), [](const std::string& raw) {
      const double value = parse_quantity(raw, Dimension::flop);
      if (!(value >= 0.0)) throw UnitError("'" + raw + "' is negative (expected FLOP >= 0)");
      return value;
    });
  } else {
    constexpr double days_per_year = 365.0;  // the fleet model's 8,760-hour year
    segment.demand = varying.read(map, spec.key(key), [](const std::string& raw) {
      return non_negative(raw) * days_per_year;  // a year's work
    });
    setup.work_per_request = work_per_request(setup);
  }
  segment.demand_share = varying.read(map, spec.key("demand_share"), non_negative);
}

}  // namespace terawatt
