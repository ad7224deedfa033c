#include "sim/app/projection/projection_caveats.hpp"

#include "sim/scenario/yaml_reader.hpp"

#include <cmath>

namespace terawatt {
namespace {

// The segment's electricity in year index `y` and case `c`, all regions.
double segment_twh(const ProjectionResult& result, std::size_t y, std::size_t s, std::size_t c) {
  double twh = 0.0;
  for (std::size_t r = 0; r < result.regions.size(); ++r) twh += result.electricity_twh[result.index(y, s, r, c)];
  return twh;
}

std::string ratio_text(double ratio) {
  return std::isfinite(ratio) ? "x" + short_number(ratio) : "from none";
}

}  // namespace

std::vector<std::string> growth_caveats(const ProjectionScenario& scenario, const ProjectionResult& result) {
  std::vector<std::string> warnings;
  const int first_year = scenario.model.first_year;
  const int last_year = scenario.model.last_year;
  for (std::size_t s = 0; s < scenario.segments.size(); ++s) {
    const SegmentSetup& setup = scenario.segments[s];
    if (!setup.sourced_until || *setup.sourced_until >= last_year) continue;
    const auto sourced = static_cast<std::size_t>(*setup.sourced_until - first_year);
    const auto last = static_cast<std::size_t>(last_year - first_year);
    std::string ratios;
    for (std::size_t c = 0; c < result.cases.size(); ++c) {
      const double ratio = segment_twh(result, last, s, c) / segment_twh(result, sourced, s, c);
      ratios += (c == 0 ? "" : ", ") + ratio_text(ratio) + " (" + result.cases[c] + ")";
    }
    warnings.push_back(setup.sourced_until_location + ": segment '" + result.segments[s] + "' has inputs sourced to " +
                       std::to_string(*setup.sourced_until) + " but is projected to " + std::to_string(last_year) +
                       ": its electricity grows " + ratios + " from " + std::to_string(*setup.sourced_until) + " to " +
                       std::to_string(last_year) +
                       " by compounding rates past their sources, which is not a forecast (expected last_year at "
                       "most " +
                       std::to_string(*setup.sourced_until) + ", or inputs sourced for the years beyond)");
  }
  return warnings;
}

std::vector<std::string> demand_meeting_caveats(const ProjectionScenario& scenario, const ProjectionResult& result) {
  std::vector<std::string> warnings;
  const ProjectionInputs& model = scenario.model;
  for (std::size_t s = 0; s < scenario.segments.size(); ++s) {
    const SegmentSetup& setup = scenario.segments[s];
    if (!model.segments[s].demand || setup.installed_location.empty()) continue;
    for (std::size_t c = 0; c < result.cases.size(); ++c) {
      double needed = 0.0;
      double stated = 0.0;
      for (std::size_t r = 0; r < result.regions.size(); ++r) {
        needed += result.installed_servers[result.index(0, s, r, c)];
        stated += model.segments[s].installed.at({result.regions[r], model.cases[c].chain, model.first_year});
      }
      const double ratio = stated / needed;
      if (ratio <= demand_meeting_tolerance && ratio >= 1.0 / demand_meeting_tolerance) continue;
      // The first year's utilisation, said as a number where every region has the same.
      const double u = segment_utilisation(scenario, s, 0, c, model.first_year);
      bool uniform = true;
      for (std::size_t r = 1; r < result.regions.size(); ++r) {
        uniform = uniform && segment_utilisation(scenario, s, r, c, model.first_year) == u;
      }
      const std::string at_utilisation = uniform ? "utilisation " + short_number(100.0 * u) + " %" : "its utilisations";
      const std::string served_at =
          uniform ? short_number(100.0 * u / ratio) + " %" : "x" + short_number(1.0 / ratio) + " of them";
      warnings.push_back(setup.installed_location + ": segment '" + result.segments[s] + "', case '" + result.cases[c] +
                         "': its demand in " + std::to_string(model.first_year) + " needs " + short_number(needed) +
                         " servers at " + at_utilisation + ", but " + short_number(stated) +
                         " are stated installed (x" + short_number(ratio) +
                         "): the stated base would serve that demand at " + served_at + " (expected the two within x" +
                         short_number(demand_meeting_tolerance) + ": check the demand, the utilisation" +
                         (setup.work_unit == WorkUnit::flop ? ", the MFU" : "") + " or the installed base)");
    }
  }
  return warnings;
}

}  // namespace terawatt
