#pragma once
// The resolved scenario's parts for a site's supply and connection and for a training job's flexibility
// (sim/scenario/supply_schema.cpp), with every value made explicit so that the resolved scenario re-runs alike.

#include "sim/scenario/scenario.hpp"

#include <yaml-cpp/yaml.h>

namespace terawatt {

// The site's `solar`, `battery` and `connection` keys, those it has, inside the site's mapping.
void emit_site_supply(YAML::Emitter& out, const SiteSupply& supply);
// A job's `flexibility` key and mapping.
void emit_flexibility(YAML::Emitter& out, const TrainingFlexibility& flexibility);

}  // namespace terawatt
