#include "sim/scenario/hourly_span.hpp"

namespace terawatt {
namespace {
// Weather and time-varying grid inputs are series of hourly values over the whole run, several per site, each
// built in memory before the run. 1e6 hours (114 years) is 8 MB per series, far beyond any planning horizon;
// a 100,000-year duration would need about 7 GB per series.
constexpr double seconds_per_hour = 3600.0;
constexpr double hours_per_year = 8760.0;  // 365 days, the unit yr of scenarios
constexpr double max_hourly_values = 1e6;
}  // namespace

void require_hourly_span(const MapReader& reader, const char* key, const ScenarioInfo& info) {
  if (!info.duration_s) {
    reader.fail(key,
                "a time-varying input needs scenario.duration, so that it can cover the whole run "
                "(expected a duration in the scenario section)");
  }
  const double hours = *info.duration_s / seconds_per_hour;
  if (hours > max_hourly_values) {
    reader.fail(key, "a time-varying input holds one value per hour of the run: scenario.duration makes " +
                         short_number(hours) + " hours, more than " + short_number(max_hourly_values) +
                         " (expected a duration of at most " + short_number(max_hourly_values / hours_per_year) +
                         " years, or a constant input)");
  }
}

}  // namespace terawatt
