#pragma once
// What a projection segment's fleet follows (README, Projections): its installed base and shipments (growth or a
// table), or its demand, the work asked of it in a year: training FLOP, or requests, tokens, images or minutes of
// video served (models/fleet/demand_driven_stock.hpp). A demand-driven segment may still state `installed`, which is
// then checked against the fleet its first year's demand needs.

#include "sim/scenario/projection_scenario.hpp"
#include "sim/scenario/projection_varying_reader.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <string>
#include <vector>

namespace terawatt {

// The demand keys, each the work of one unit (WorkUnit): training_compute, requests_per_day, tokens_per_day,
// images_per_day, video_minutes_per_day.
const std::vector<std::string>& demand_keys();

// `installed`, `growth` and `shipments`, each refused where the segment's demand replaces it.
void read_shipment_inputs(const YamlSource& source, const MapReader& map, const VaryingReader& varying,
                          SegmentSetup& setup, ProjectionSegment& segment);

// The segment's demand, if it states one, and its unit; for inference, the work of one of its requests
// (SegmentSetup::work_per_request) from the service already read (the generations' services and the request).
void read_demand(const MapReader& map, const VaryingReader& varying, SegmentSetup& setup, ProjectionSegment& segment);

}  // namespace terawatt
