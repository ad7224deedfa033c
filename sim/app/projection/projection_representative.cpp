#include "sim/app/projection/projection_representative.hpp"

#include "models/base/civil_calendar.hpp"
#include "models/base/iso8601.hpp"
#include "models/base/random_stream.hpp"
#include "models/facility/climate.hpp"
#include "models/facility/facility_presets.hpp"
#include "models/power/server_utilisation_power.hpp"
#include "models/workload/arrival_profile.hpp"
#include "sim/app/common/child_process.hpp"
#include "sim/app/sweep/sweep_values.hpp"
#include "sim/io/summary_reader.hpp"
#include "sim/scenario/projection_cluster_yaml.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace terawatt {
namespace {

constexpr double seconds_per_day = 86400.0;
constexpr double seconds_per_hour = 3600.0;
// MFU of the representative jobs. It sets only how many FLOPs fill the intended busy time; power depends on the kind
// of work, not on FLOPs, so any value in (0, 1] gives the same energy.
constexpr double representative_mfu = 0.5;
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

std::vector<Representative> list_representatives(const ProjectionScenario& scenario) {
  std::vector<Representative> reps;
  for (std::size_t s = 0; s < scenario.segments.size(); ++s) {
    const SegmentSetup& setup = scenario.segments[s];
    std::vector<double> utilisations;
    for (std::size_t c = 0; c < setup.utilisation.size(); ++c) {
      if (!setup.nameplate[c] &&
          std::find(utilisations.begin(), utilisations.end(), setup.utilisation[c]) == utilisations.end()) {
        utilisations.push_back(setup.utilisation[c]);
      }
    }
    for (std::size_t g = 0; g < setup.generations.size(); ++g) {
      for (std::size_t r = 0; r < scenario.model.regions.size(); ++r) {
        for (double u : utilisations) {
          Representative rep;
          rep.segment = s;
          rep.generation = g;
          rep.region = r;
          rep.utilisation = u;
          rep.simulated = setup.accelerated();
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

// One job a day that keeps every server of the cluster busy for utilisation x 24 h from the day's start.
void append_training_jobs(std::ostringstream& out, const ProjectionScenario& scenario, const Representative& rep,
                          const std::string& cluster) {
  const GenerationSetup& g = scenario.segments[rep.segment].generations[rep.generation];
  const double accelerators = static_cast<double>(scenario.representative.servers * g.accelerators_per_server);
  const double flop_per_s = accelerators * g.accelerator->peak_flop_per_s * representative_mfu;
  const int days = static_cast<int>(scenario.representative.duration_s / seconds_per_day);
  for (int d = 0; d < days; ++d) {
    out << "  - {name: " << cluster << "-" << d << ", type: training, cluster: " << cluster
        << ", flops: " << exact_number(rep.utilisation * seconds_per_day * flop_per_s)
        << " FLOP, mfu: " << exact_number(representative_mfu) << ", start: " << exact_number(d * seconds_per_day)
        << " s}\n";
  }
}

void measure_unaccelerated(const ProjectionScenario& scenario, Representative& rep,
                           const std::vector<double>& week_starts) {
  const GenerationSetup& g = scenario.segments[rep.segment].generations[rep.generation];
  const double it_w = server_power_at_utilisation_w({g.idle_w, g.max_w}, rep.utilisation);
  const FacilityPreset* preset = find_facility_preset(scenario.segments[rep.segment].facility);
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

const PointSummaryVariable& summary_variable(const std::vector<PointSummaryVariable>& variables,
                                             const std::string& name, const std::string& path) {
  for (const auto& v : variables) {
    if (v.name == name) return v;
  }
  throw std::runtime_error(path + ": no /summary/" + name);
}

double labelled(const PointSummaryVariable& v, const std::string& label) {
  const auto found = std::find(v.labels.begin(), v.labels.end(), label);
  if (found == v.labels.end()) throw std::runtime_error("no " + v.dimension + " '" + label + "' in /summary/" + v.name);
  return v.values[static_cast<std::size_t>(found - v.labels.begin())];
}

}  // namespace

double Representative::mean_it_w() const {
  return mean(it_w);
}
double Representative::mean_facility_w() const {
  return mean(facility_w);
}

std::string representative_week_yaml(const ProjectionScenario& scenario, const std::vector<Representative>& reps,
                                     int week, double start_epoch_s) {
  const RepresentativeSettings& settings = scenario.representative;
  std::ostringstream sites;
  std::ostringstream clusters;
  std::ostringstream workloads;
  for (std::size_t i = 0; i < reps.size(); ++i) {
    const Representative& rep = reps[i];
    if (!rep.simulated) continue;
    const SegmentSetup& setup = scenario.segments[rep.segment];
    const GenerationSetup& g = setup.generations[rep.generation];
    const std::string name = "r" + std::to_string(i);
    // Emissions are the fleet model's (region intensity by year and case); the week runs only measure power.
    sites << "  - {name: " << name << ", carbon_intensity: 0 g/kWh, facility: {preset: " << setup.facility
          << ", climate: " << scenario.climates[rep.region] << "}}  # " << rep.label << "\n";
    clusters << "  - " << representative_cluster_yaml(name, name, g, settings) << "\n";
    if (setup.kind == SegmentKind::inference) {
      // Mean demand = utilisation x what the replicas serve at a full batch; the service shapes it by the hour.
      const double requests_per_day =
          rep.utilisation * g.replica_capacity_per_s * static_cast<double>(g.replicas) * seconds_per_day;
      workloads << "  - "
                << representative_service_yaml(name, name, setup, g, settings, requests_per_day,
                                               find_climate(scenario.climates[rep.region])->utc_offset_h)
                << "\n";
    } else {
      append_training_jobs(workloads, scenario, rep, name);
    }
  }
  std::ostringstream out;
  out << "# Generated by terawatt for projection '" << scenario.name << "': representative week " << week + 1
      << " (README, Projections).\n"
      << "scenario:\n  name: " << scenario.name << "-week-" << week + 1
      << "\n  start: " << format_iso8601_utc(start_epoch_s) << "\n  duration: " << exact_number(settings.duration_s)
      << " s\n  sample_interval: " << exact_number(settings.sample_interval_s) << " s\n  seed: " << scenario.seed
      << "\n"
      << "sites:\n"
      << sites.str() << "clusters:\n"
      << clusters.str();
  const std::string jobs = workloads.str();
  if (!jobs.empty()) out << "workloads:\n" << jobs;
  return out.str();
}

ServerMeanPower Coupling::power(const ProjectionScenario& scenario, std::size_t segment, std::size_t generation,
                                std::size_t region, std::size_t case_index) const {
  const SegmentSetup& setup = scenario.segments[segment];
  const double u = setup.utilisation[case_index];
  if (setup.nameplate[case_index]) {
    return {setup.generations[generation].max_w * u, std::numeric_limits<double>::quiet_NaN()};
  }
  for (const auto& rep : representatives) {
    if (rep.segment == segment && rep.generation == generation && rep.region == region && rep.utilisation == u) {
      return {rep.mean_it_w(), rep.mean_facility_w()};
    }
  }
  throw std::logic_error("no representative for segment " + std::to_string(segment));
}

Coupling measure_representatives(const ProjectionScenario& scenario, const std::string& terawatt_path,
                                 const std::string& work_dir) {
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
  const bool any_simulated = std::any_of(coupling.representatives.begin(), coupling.representatives.end(),
                                         [](const Representative& r) { return r.simulated; });
  if (any_simulated) {
    std::vector<std::string> outputs;
    for (int w = 0; w < weeks; ++w) {
      coupling.week_scenarios.push_back(
          representative_week_yaml(scenario, coupling.representatives, w, starts[static_cast<std::size_t>(w)]));
      const std::string base = work_dir + "/week-" + std::to_string(w + 1);
      std::ofstream(base + ".yaml") << coupling.week_scenarios.back();
      outputs.push_back(base + ".h5");
    }
    // A pool of child runs, at most one per usable core at a time.
    const std::size_t jobs = std::max(1u, usable_cores());
    for (std::size_t first = 0; first < outputs.size(); first += jobs) {
      std::vector<std::pair<pid_t, std::size_t>> running;
      for (std::size_t w = first; w < std::min(outputs.size(), first + jobs); ++w) {
        const std::string base = work_dir + "/week-" + std::to_string(w + 1);
        running.emplace_back(spawn_process({terawatt_path, "run", base + ".yaml", "-o", outputs[w], "--quiet"},
                                           base + ".log", base + ".log"),
                             w);
      }
      for (const auto& [pid, w] : running) {
        const ProcessExit exit = wait_process(pid);
        if (exit.exit_code != 0) {
          throw std::runtime_error("representative week " + std::to_string(w + 1) + " failed (exit " +
                                   std::to_string(exit.exit_code) + "):\n" +
                                   file_tail(work_dir + "/week-" + std::to_string(w + 1) + ".log"));
        }
      }
    }
    for (std::size_t w = 0; w < outputs.size(); ++w) {
      const auto variables = read_point_summary(outputs[w]);
      const auto& it_power = summary_variable(variables, "mean_it_power", outputs[w]);
      const auto& facility_energy = summary_variable(variables, "facility_energy", outputs[w]);
      for (std::size_t i = 0; i < coupling.representatives.size(); ++i) {
        Representative& rep = coupling.representatives[i];
        if (!rep.simulated) continue;
        const std::string name = "r" + std::to_string(i);
        const double servers = static_cast<double>(scenario.representative.servers);
        rep.it_w.push_back(labelled(it_power, name) / servers);
        rep.facility_w.push_back(labelled(facility_energy, name) / scenario.representative.duration_s / servers);
      }
    }
  }
  coupling.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return coupling;
}

}  // namespace terawatt
