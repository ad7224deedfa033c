#include "sim/sampler.hpp"

#include "sim/actor_guard.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <cstdio>

namespace terawatt {
namespace {
// Carbon intensity is reported in g/kWh, the unit of the studies in FIGURES.md section G.
constexpr double g_per_kg = 1000.0;
constexpr double j_per_kwh = 3.6e6;
// Progress lines are rewritten at most this often, so that a terminal is informed without being flooded.
constexpr auto progress_period = std::chrono::milliseconds(500);

enum Variable : std::size_t {
  it_power,
  gpu_power,
  site_it_power,
  facility_power,
  overhead_power,
  pue,
  carbon_intensity,
  emissions_rate,
  energy,
  emissions,
  variable_count
};
}  // namespace

std::vector<VariableSpec> Sampler::variables() {
  // Every value is the mean over the interval that ends at its time stamp, except the cumulative ones.
  return {
      {"it_power", "W", "IT power (accelerators and server overhead), interval mean", "cluster"},
      {"gpu_power", "W", "accelerator power, interval mean", "cluster"},
      {"site_it_power", "W", "IT power of the site, interval mean", "site"},
      {"facility_power", "W", "facility power (IT x PUE), interval mean", "site"},
      {"overhead_power", "W", "facility overhead: cooling and power distribution losses, interval mean", "site"},
      {"pue", "1", "power usage effectiveness, facility / IT energy of the interval", "site"},
      {"carbon_intensity", "g/kWh", "grid carbon intensity, location-based, interval mean", "site"},
      {"emissions_rate", "g/s", "operational CO2e emissions rate, interval mean", "site"},
      {"energy", "J", "facility energy since the start, cumulative", "site"},
      {"emissions", "kg", "operational CO2e emissions since the start, cumulative", "site"},
  };
}

Sampler::Sampler(const Scenario& scenario, const Platform& platform, RowSink sink, bool show_progress)
    : scenario_(scenario),
      platform_(platform),
      sink_(std::move(sink)),
      show_progress_(show_progress),
      last_it_energy_j_(scenario.clusters.size(), 0.0),
      last_accelerator_energy_j_(scenario.clusters.size(), 0.0),
      cumulative_facility_energy_j_(scenario.sites.size(), 0.0),
      cumulative_emissions_kg_(scenario.sites.size(), 0.0),
      row_(variable_count),
      wall_start_(std::chrono::steady_clock::now()),
      last_report_(wall_start_) {
  for (std::size_t v = 0; v < variable_count; ++v) {
    const bool per_cluster = v == it_power || v == gpu_power;
    row_[v].assign(per_cluster ? scenario.clusters.size() : scenario.sites.size(), 0.0);
  }
}

void Sampler::launch(simgrid::s4u::Host* control) {
  const auto horizon = scenario_.info.duration_s;
  auto actor = simgrid::s4u::Actor::create("sampler", control, [this, horizon] {
    guarded([&] {
      const double interval_s = scenario_.info.sample_interval_s;
      for (std::size_t k = 1;; ++k) {
        // Multiples of the interval, not repeated sleeps, so that time stamps do not drift.
        double next_s = static_cast<double>(k) * interval_s;
        if (horizon && next_s > *horizon) next_s = *horizon;
        simgrid::s4u::this_actor::sleep_until(next_s);
        sample(next_s);
        if (horizon && next_s >= *horizon) break;
      }
    });
  });
  if (!horizon) actor->daemonize();
}

void Sampler::sample(double now_s) {
  const double interval_s = now_s - last_sample_s_;
  if (!(interval_s > 0.0)) return;
  const auto wall_begin = std::chrono::steady_clock::now();
  for (auto& values : row_) std::fill(values.begin(), values.end(), 0.0);

  std::vector<double> site_it_energy_j(scenario_.sites.size(), 0.0);
  for (std::size_t c = 0; c < scenario_.clusters.size(); ++c) {
    const ClusterMeter& meter = platform_.clusters[c].meter;
    const double it_energy_j = meter.it.energy_j(now_s);
    const double accelerator_energy_j = meter.accelerators.energy_j(now_s);
    const double interval_it_j = it_energy_j - last_it_energy_j_[c];
    row_[it_power][c] = interval_it_j / interval_s;
    row_[gpu_power][c] = (accelerator_energy_j - last_accelerator_energy_j_[c]) / interval_s;
    site_it_energy_j[scenario_.clusters[c].site_index] += interval_it_j;
    last_it_energy_j_[c] = it_energy_j;
    last_accelerator_energy_j_[c] = accelerator_energy_j;
  }
  for (std::size_t s = 0; s < scenario_.sites.size(); ++s) {
    const Site& site = scenario_.sites[s];
    // Constant PUE and intensity for now (models/facility.hpp, models/grid.hpp): exact per interval.
    const double facility_energy_j = site_it_energy_j[s] * site.pue;
    const double emissions_kg = facility_energy_j * site.carbon_intensity_kg_per_j;
    cumulative_facility_energy_j_[s] += facility_energy_j;
    cumulative_emissions_kg_[s] += emissions_kg;
    row_[site_it_power][s] = site_it_energy_j[s] / interval_s;
    row_[facility_power][s] = facility_energy_j / interval_s;
    row_[overhead_power][s] = (facility_energy_j - site_it_energy_j[s]) / interval_s;
    row_[pue][s] = site_it_energy_j[s] > 0.0 ? facility_energy_j / site_it_energy_j[s] : site.pue;
    row_[carbon_intensity][s] = site.carbon_intensity_kg_per_j * g_per_kg * j_per_kwh;
    row_[emissions_rate][s] = emissions_kg * g_per_kg / interval_s;
    row_[energy][s] = cumulative_facility_energy_j_[s];
    row_[emissions][s] = cumulative_emissions_kg_[s];
  }
  sink_(now_s, row_);
  last_sample_s_ = now_s;
  ++rows_;
  if (show_progress_) report_progress(now_s);
  sampling_wall_s_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_begin).count();
}

void Sampler::report_progress(double now_s) {
  const auto wall_now = std::chrono::steady_clock::now();
  if (wall_now - last_report_ < progress_period) return;
  last_report_ = wall_now;
  reported_ = true;
  const double wall_s = std::chrono::duration<double>(wall_now - wall_start_).count();
  const double speedup = wall_s > 0.0 ? now_s / wall_s : 0.0;
  if (scenario_.info.duration_s) {
    std::fprintf(stderr, "\r  simulated %.2f d of %.2f d (%.0f %%), %.3g x real time   ", now_s / 86400.0,
                 *scenario_.info.duration_s / 86400.0, 100.0 * now_s / *scenario_.info.duration_s, speedup);
  } else {
    std::fprintf(stderr, "\r  simulated %.2f d, %.3g x real time   ", now_s / 86400.0, speedup);
  }
  std::fflush(stderr);
}

void Sampler::finish_progress() {
  if (reported_) std::fputc('\n', stderr);
  reported_ = false;
}

}  // namespace terawatt
