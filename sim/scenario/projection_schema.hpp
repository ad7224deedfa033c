#pragma once
// The keys of a projection scenario, declared once like the simulation's (sim/scenario/scenario_schema.hpp):
// the loader reads through them and `terawatt keys` documents them in README.md.

#include "sim/scenario/scenario_schema.hpp"

#include <vector>

namespace terawatt {

const SectionSpec& projection_section();
const SectionSpec& projection_case_section();
const SectionSpec& projection_region_section();
const SectionSpec& projection_segment_section();
const SectionSpec& projection_generation_section();
const SectionSpec& projection_crypto_section();
const SectionSpec& projection_representative_section();

// In the order the reference lists them.
std::vector<const SectionSpec*> projection_sections();

}  // namespace terawatt
