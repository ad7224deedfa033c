#include "sim/app/projection/projection_representative.hpp"

#include "models/base/civil_calendar.hpp"
#include "models/base/iso8601.hpp"
#include "models/base/random_stream.hpp"
#include "models/facility/climate.hpp"
#include "models/facility/facility_presets.hpp"
#include "models/power/server_utilisation_power.hpp"
#include "models/workload/arrival_profile.hpp"
#include "sim/app/common/child_runner.hpp"
#include "sim/app/common/count_progress.hpp"
#include "sim/app/projection/representative_week.hpp"
#include "sim/scenario/hardware_reader.hpp"
#include "sim/scenario/resolved_scenario.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <stdexcept>

namespace terawatt {
namespace {

constexpr double seconds_per_day = 86400.0;
constexpr double seconds_per_hour = 3600.0;
// The first representative week starts on 15 January (day 14), mid-winter in the northern hemisphere; the others
// follow at equal spacing through the year, so 4 weeks fall in mid-January, mid-April, mid-July and mid-October.
constexpr int first_week_day = 14;

double mean(const std::vector<double>& values) {
  return values.empty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double week_start_epoch_s(int first_year, int week, int weeks) {
  const int day = first_week_day + static_cast<int>(std::floor(365.0 * week / weeks));
  return (static_cast<double>(days_from_civil(first_year, 1, 1)) + day) * seconds_per_day;
}

// The distinct utilisations of a segment in a region over its cases that are simulated (not nameplate) and the
// projected years, in order of appearance.
std::vector<double> distinct_utilisations(const ProjectionScenario& scenario, std::size_t s, std::size_t r) {
  std::vector<double> utilisations;
  for (std::size_t c = 0; c < scenario.model.cases.size(); ++c) {
    if (scenario.segments[s].nameplate[c]) continue;
    for (int year = scenario.model.first_year; year <= scenario.model.last_year; ++year) {
      const double u = segment_utilisation(scenario, s, r, c, year);
      if (std::find(utilisations.begin(), utilisations.end(), u) == utilisations.end()) utilisations.push_back(u);
    }
  }
  return utilisations;
}

std::vector<Representative> list_representatives(const ProjectionScenario& scenario) {
  std::vector<Representative> reps;
  for (std::size_t s = 0; s < scenario.segments.size(); ++s) {
    for (std::size_t g = 0; g < scenario.segments[s].generations.size(); ++g) {
      for (std::size_t r = 0; r < scenario.model.regions.size(); ++r) {
        for (double u : distinct_utilisations(scenario, s, r)) {
          Representative rep;
          rep.segment = s;
          rep.generation = g;
          rep.region = r;
          rep.utilisation = u;
          rep.simulated = scenario.segments[s].accelerated();
          char percent[16];
          std::snprintf(percent, sizeof percent, "%.4g", 100.0 * u);
          rep.label = scenario.model.segments[s].name + "." + scenario.model.segments[s].generations[g].name + "." +
                      scenario.model.regions[r].name + ".u" + percent;
          reps.push_back(std::move(rep));
        }
      }
    }
  }
  return reps;
}

// The load of each hour of the week as a share of capacity: the utilisation, shaped for inference by the daily
// profile in local time (what the service's arrivals follow), at most 1.
std::vector<double> hourly_load(const ProjectionScenario& scenario, const Representative& rep, double start_epoch_s) {
  const RepresentativeSettings& settings = scenario.representative;
  const int hours = static_cast<int>(settings.duration_s / seconds_per_hour);
  std::vector<double> load(static_cast<std::size_t>(hours), rep.utilisation);
  if (scenario.segments[rep.segment].kind != SegmentKind::inference) return load;
  const ClimatePreset* climate = find_climate(scenario.climates[rep.region]);
  const ArrivalRate shape(1.0, arrival_profile_preset(settings.daily_shape, climate->utc_offset_h));
  for (int h = 0; h < hours; ++h) {
    load[static_cast<std::size_t>(h)] =
        std::min(1.0, rep.utilisation * shape.factor(start_epoch_s + (h + 0.5) * seconds_per_hour));
  }
  return load;
}

void measure_unaccelerated(const ProjectionScenario& scenario, Representative& rep,
                           const std::vector<double>& week_starts) {
  const GenerationSetup& g = scenario.segments[rep.segment].generations[rep.generation];
  const double it_w = server_power_at_utilisation_w({g.idle_w, g.max_w}, rep.utilisation);
  const FacilityPreset* preset = find_facility(scenario.hardware, scenario.segments[rep.segment].facility);
  const ClimatePreset* climate = find_climate(scenario.climates[rep.region]);
  // Design capacity = the server's maximum: the plant's fixed losses then weigh as they do at this load fraction.
  const CoolingPlantParams plant = with_design_capacity(preset->plant, std::max(g.max_w, 1.0));
  for (double start : week_starts) {
    const WeatherSeries weather =
        synthetic_weather(*climate, start, start + scenario.representative.duration_s,
                          derived_seed(scenario.seed, "projection." + scenario.model.regions[rep.region].name));
    const PlantYearSummary summary = summarise_plant(plant, weather, it_w);
    rep.it_w.push_back(it_w);
    rep.facility_w.push_back(it_w > 0.0 ? it_w * summary.pue() : 0.0);
    rep.busy.push_back(rep.utilisation);
  }
}

}  // namespace

double Representative::mean_it_w() const {
  return mean(it_w);
}
double Representative::mean_facility_w() const {
  return mean(facility_w);
}

namespace {

// The work one server of the generation delivers in a year at a mean busy fraction `busy` (demand-driven segments):
// training, its accelerators' peak x MFU while busy; inference, what its replicas serve at a full batch x busy (the
// representative service is unsaturated: its hourly load is at most its capacity), in requests x the work of one.
double work_per_server_year(const ProjectionScenario& scenario, const SegmentSetup& setup, const GenerationSetup& g,
                            double busy) {
  const double seconds_per_year = fleet_hours_per_year * seconds_per_hour;
  switch (setup.work_unit) {
    case WorkUnit::none:
      return 0.0;
    case WorkUnit::flop:
      return busy * g.accelerators_per_server * g.accelerator->peak_flop_per_s * setup.mfu * seconds_per_year;
    case WorkUnit::request:
    case WorkUnit::token:
    case WorkUnit::image:
    case WorkUnit::video_minute: {
      const double requests_per_s = busy * g.replica_capacity_per_s * static_cast<double>(g.replicas) /
                                    static_cast<double>(scenario.representative.servers);
      return requests_per_s * seconds_per_year * setup.work_per_request;
    }
  }
  return 0.0;
}

}  // namespace

ServerMeanPower Coupling::power(const ProjectionScenario& scenario, std::size_t segment, std::size_t generation,
                                std::size_t region, std::size_t case_index, int year) const {
  const SegmentSetup& setup = scenario.segments[segment];
  const GenerationSetup& g = setup.generations[generation];
  const double u = segment_utilisation(scenario, segment, region, case_index, year);
  if (setup.nameplate[case_index]) {
    return {g.max_w * u, std::numeric_limits<double>::quiet_NaN(), work_per_server_year(scenario, setup, g, u)};
  }
  for (const auto& rep : representatives) {
    if (rep.segment == segment && rep.generation == generation && rep.region == region && rep.utilisation == u) {
      return {rep.mean_it_w(), rep.mean_facility_w(), work_per_server_year(scenario, setup, g, mean(rep.busy))};
    }
  }
  throw std::logic_error("no representative for segment " + std::to_string(segment));
}

// Simulates every week in a child process of its own, in parallel up to the usable cores, and adds each simulated
// representative's power per server in each week.
void measure_simulated(const ProjectionScenario& scenario, const std::vector<double>& starts, ProgressStyle progress,
                       const Coupling* measured, Coupling& coupling) {
  std::vector<Scenario> weeks;
  for (std::size_t w = 0; w < starts.size(); ++w) {
    weeks.push_back(representative_week_scenario(scenario, coupling.representatives, static_cast<int>(w), starts[w]));
    coupling.week_scenarios.push_back(resolved_scenario_yaml(weeks.back()));
  }
  if (measured && measured->week_scenarios == coupling.week_scenarios &&
      measured->representatives.size() == coupling.representatives.size()) {
    // The same weeks to the byte run the same simulations: their figures are the measured ones.
    for (std::size_t i = 0; i < coupling.representatives.size(); ++i) {
      Representative& rep = coupling.representatives[i];
      if (!rep.simulated) continue;
      rep.it_w = measured->representatives[i].it_w;
      rep.facility_w = measured->representatives[i].facility_w;
    }
    return;
  }
  CountProgress counter(progress, weeks.size(), "representative weeks");
  const auto begin = std::chrono::steady_clock::now();
  const auto figures = simulate_in_children(
      weeks, representative_week_figures, usable_cores(), [&](std::size_t ended, std::size_t week) {
        const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        std::cerr << counter.finished(ended, wall_s, "week " + coupling.week_starts[week].substr(0, 10)) << std::flush;
      });
  std::cerr << counter.finish() << std::flush;
  const double servers = static_cast<double>(scenario.representative.servers);
  for (const auto& week : figures) {
    std::size_t next = 0;  // the week's figures: two per simulated representative, in order
    for (Representative& rep : coupling.representatives) {
      if (!rep.simulated) continue;
      const double mean_it_power_w = week.at(next++);
      const double facility_energy_j = week.at(next++);
      rep.it_w.push_back(mean_it_power_w / servers);
      rep.facility_w.push_back(facility_energy_j / scenario.representative.duration_s / servers);
    }
  }
}

Coupling measure_representatives(const ProjectionScenario& scenario, ProgressStyle progress, const Coupling* measured) {
  const auto begin = std::chrono::steady_clock::now();
  Coupling coupling;
  coupling.representatives = list_representatives(scenario);
  const int weeks = scenario.representative.weeks;
  std::vector<double> starts;
  for (int w = 0; w < weeks; ++w) {
    starts.push_back(week_start_epoch_s(scenario.model.first_year, w, weeks));
    coupling.week_starts.push_back(format_iso8601_utc(starts.back()));
  }
  for (auto& rep : coupling.representatives) {
    if (rep.simulated) {
      for (double start : starts) {
        rep.busy.push_back(mean(hourly_load(scenario, rep, start)));
      }
    } else {
      measure_unaccelerated(scenario, rep, starts);
    }
  }
  if (std::any_of(coupling.representatives.begin(), coupling.representatives.end(),
                  [](const Representative& r) { return r.simulated; })) {
    measure_simulated(scenario, starts, progress, measured, coupling);
  }
  coupling.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return coupling;
}

}  // namespace terawatt
