#include "sim/record/sampler.hpp"

#include "sim/engine/actor_guard.hpp"
#include "sim/engine/log_category.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <cstdio>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(terawatt_record, terawatt, "the sampler: one row per interval");

namespace terawatt {
namespace {
// Carbon intensity is reported in g/kWh, the unit of the studies in docs/references.md G.
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
  cooling_power,
  distribution_loss_power,
  other_power,
  pue,
  outdoor_temperature,
  wet_bulb_temperature,
  carbon_intensity,
  emissions_rate,
  marginal_emissions_rate,
  market_emissions_rate,
  energy,
  emissions,
  water_onsite,
  water_offsite,
  workload_power,
  // Services (inference workloads), per interval.
  request_rate,
  served_rate,
  token_rate,
  image_rate,
  video_rate,
  queue_length,
  serving_replicas,
  busy_fraction,
  latency_mean,
  latency_p50,
  latency_p99,
  variable_count
};
constexpr std::size_t first_service_variable = request_rate;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

std::vector<VariableSpec> Sampler::variables(bool with_workloads, bool with_services) {
  // Every value is the mean over the interval that ends at its time stamp, except the cumulative ones.
  std::vector<VariableSpec> variables{
      {"it_power", "W", "IT power (accelerators and their servers' hosts), interval mean", "cluster"},
      {"gpu_power", "W", "accelerator power, interval mean", "cluster"},
      {"site_it_power", "W", "IT power of the site, interval mean", "site"},
      {"facility_power", "W", "facility power, interval mean", "site"},
      {"overhead_power", "W", "facility overhead (facility - IT power), interval mean", "site"},
      {"cooling_power", "W", "cooling plant power (NaN with a constant PUE), interval mean", "site"},
      {"distribution_loss_power", "W", "UPS and PDU losses (NaN with a constant PUE), interval mean", "site"},
      {"other_power", "W", "lighting and other fixed loads (NaN with a constant PUE), interval mean", "site"},
      {"pue", "1", "power usage effectiveness, facility / IT energy of the interval", "site"},
      {"outdoor_temperature", "degC", "outdoor dry-bulb temperature, interval mean (NaN without weather)", "site"},
      {"wet_bulb_temperature", "degC", "outdoor wet-bulb temperature, interval mean (NaN without weather)", "site"},
      {"carbon_intensity", "g/kWh", "grid carbon intensity, location-based, interval mean", "site"},
      {"emissions_rate", "g/s", "operational CO2e emissions rate, location-based, interval mean", "site"},
      {"marginal_emissions_rate", "g/s", "consequential CO2e rate at the marginal intensity (NaN if none)", "site"},
      {"market_emissions_rate", "g/s", "market-based CO2e rate (NaN if none)", "site"},
      {"energy", "J", "facility energy since the start, cumulative", "site"},
      {"emissions", "kg", "operational CO2e emissions since the start, location-based, cumulative", "site"},
      {"water_onsite", "m3", "on-site water consumed (cooling towers) since the start, cumulative", "site"},
      {"water_offsite", "m3", "water consumed to generate the electricity since the start, cumulative", "site"},
  };
  if (with_workloads) {
    variables.push_back(
        {"workload_power", "W", "IT power of the servers the workload holds, interval mean", "workload"});
  }
  if (with_services) {
    const std::vector<VariableSpec> services{
        {"request_rate", "1/s", "requests arrived per second, interval mean", "service"},
        {"served_rate", "1/s", "requests completed per second, interval mean", "service"},
        {"token_rate", "1/s", "output tokens generated per second, interval mean", "service"},
        {"image_rate", "1/s", "images generated per second, interval mean", "service"},
        {"video_rate", "1", "seconds of video generated per second, interval mean", "service"},
        {"queue_length", "1", "requests waiting at the end of the interval (batch and fluid: the backlog)", "service"},
        {"serving_replicas", "1", "replicas serving, interval mean", "service"},
        {"busy_fraction", "1", "share of serving replica-time holding at least one request", "service"},
        {"latency_mean", "s", "mean latency (arrival to last output) of the requests completed in the interval",
         "service"},
        {"latency_p50", "s", "median latency of the interval's requests (request fidelity; else NaN)", "service"},
        {"latency_p99", "s", "99th-percentile latency of the interval's requests (request fidelity; else NaN)",
         "service"},
    };
    variables.insert(variables.end(), services.begin(), services.end());
  }
  return variables;
}

Sampler::Sampler(const Scenario& scenario, const Platform& platform, std::vector<SampledWorkload> workloads,
                 std::vector<InferenceRun*> services, RowSink sink, bool show_progress)
    : scenario_(scenario),
      platform_(platform),
      sampled_workloads_(std::move(workloads)),
      services_(std::move(services)),
      sink_(std::move(sink)),
      show_progress_(show_progress),
      last_it_energy_j_(scenario.clusters.size(), 0.0),
      last_accelerator_energy_j_(scenario.clusters.size(), 0.0),
      last_workload_energy_j_(sampled_workloads_.size(), 0.0),
      sites_(scenario.sites.size()),
      workload_totals_(sampled_workloads_.size()),
      row_(services_.empty() ? (sampled_workloads_.empty() ? workload_power : first_service_variable) : variable_count),
      wall_start_(std::chrono::steady_clock::now()),
      last_report_(wall_start_) {
  for (const auto& site : scenario.sites) evaluators_.emplace_back(site.environment);
  site_it_energy_scratch_j_.assign(scenario.sites.size(), 0.0);
  interval_scratch_.reserve(scenario.sites.size());
  for (std::size_t v = 0; v < row_.size(); ++v) {
    const std::size_t size = v == it_power || v == gpu_power ? scenario.clusters.size()
                             : v == workload_power           ? sampled_workloads_.size()
                             : v >= first_service_variable   ? services_.size()
                                                             : scenario.sites.size();
    row_[v].assign(size, 0.0);
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
  XBT_VERB("sample of the interval %.3f s to %.3f s", last_sample_s_, now_s);
  const auto wall_begin = std::chrono::steady_clock::now();

  // Scratch buffers are members: a sample allocates nothing (a year of 5-minute samples is 105,120 of them).
  std::vector<double>& site_it_energy_j = site_it_energy_scratch_j_;
  std::fill(site_it_energy_j.begin(), site_it_energy_j.end(), 0.0);
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

  const double t0_epoch_s = scenario_.info.start_epoch_s + last_sample_s_;
  const double t1_epoch_s = scenario_.info.start_epoch_s + now_s;
  const auto environment_begin = std::chrono::steady_clock::now();
  std::vector<SiteInterval>& intervals = interval_scratch_;
  intervals.clear();
  for (std::size_t s = 0; s < scenario_.sites.size(); ++s) {
    intervals.push_back(evaluators_[s].evaluate(t0_epoch_s, t1_epoch_s, site_it_energy_j[s]));
  }
  environment_wall_s_ += seconds_since(environment_begin);

  for (std::size_t s = 0; s < scenario_.sites.size(); ++s) {
    const SiteInterval& in = intervals[s];
    SiteAccumulator& total = sites_[s];
    total.it_j += in.it_j;
    total.facility_j += in.facility_j;
    total.cooling_j += in.cooling_j;
    total.distribution_j += in.distribution_j;
    total.other_j += in.other_j;
    total.emissions_kg += in.emissions_kg;
    total.marginal_emissions_kg += in.marginal_emissions_kg;
    total.market_emissions_kg += in.market_emissions_kg;
    total.onsite_water_m3 += in.onsite_water_m3;
    total.offsite_water_m3 += in.offsite_water_m3;
    row_[site_it_power][s] = in.it_j / interval_s;
    row_[facility_power][s] = in.facility_j / interval_s;
    row_[overhead_power][s] = (in.facility_j - in.it_j) / interval_s;
    row_[cooling_power][s] = in.cooling_j / interval_s;
    row_[distribution_loss_power][s] = in.distribution_j / interval_s;
    row_[other_power][s] = in.other_j / interval_s;
    // An empty site (no IT load) still has its facility's view of PUE at zero load: undefined, so NaN.
    row_[pue][s] = in.it_j > 0.0 ? in.pue() : std::numeric_limits<double>::quiet_NaN();
    row_[outdoor_temperature][s] = in.dry_bulb_c;
    row_[wet_bulb_temperature][s] = in.wet_bulb_c;
    row_[carbon_intensity][s] = in.carbon_intensity_kg_per_j * g_per_kg * j_per_kwh;
    row_[emissions_rate][s] = in.emissions_kg * g_per_kg / interval_s;
    row_[marginal_emissions_rate][s] = in.marginal_emissions_kg * g_per_kg / interval_s;
    row_[market_emissions_rate][s] = in.market_emissions_kg * g_per_kg / interval_s;
    row_[energy][s] = total.facility_j;
    row_[emissions][s] = total.emissions_kg;
    row_[water_onsite][s] = total.onsite_water_m3;
    row_[water_offsite][s] = total.offsite_water_m3;
  }

  for (std::size_t w = 0; w < sampled_workloads_.size(); ++w) {
    const double energy_j = sampled_workloads_[w].meter->it.energy_j(now_s);
    const double interval_it_j = energy_j - last_workload_energy_j_[w];
    last_workload_energy_j_[w] = energy_j;
    row_[workload_power][w] = interval_it_j / interval_s;
    const SiteInterval& site = intervals[sampled_workloads_[w].site_index];
    if (!(site.it_j > 0.0)) continue;
    // The workload's share of the site's facility energy, emissions and water is its share of the IT energy.
    const double share = interval_it_j / site.it_j;
    WorkloadAccumulator& total = workload_totals_[w];
    total.it_j += interval_it_j;
    total.facility_j += share * site.facility_j;
    total.emissions_kg += share * site.emissions_kg;
    total.water_m3 += share * (site.onsite_water_m3 + site.offsite_water_m3);
  }

  for (std::size_t i = 0; i < services_.size(); ++i) {
    const ServiceInterval in = services_[i]->take_interval(now_s);
    const RequestOutput& output = services_[i]->service().output;
    row_[request_rate][i] = in.arrived / interval_s;
    row_[served_rate][i] = in.served / interval_s;
    row_[token_rate][i] = in.served * output.output_tokens / interval_s;
    row_[image_rate][i] = in.served * output.images / interval_s;
    row_[video_rate][i] = in.served * output.video_s / interval_s;
    row_[queue_length][i] = in.queue_length;
    row_[serving_replicas][i] = in.serving_replicas;
    row_[busy_fraction][i] = in.busy_fraction;
    row_[latency_mean][i] = in.latency_mean_s;
    row_[latency_p50][i] = in.latency_p50_s;
    row_[latency_p99][i] = in.latency_p99_s;
  }

  sink_(now_s, row_);
  last_sample_s_ = now_s;
  ++rows_;
  if (show_progress_) report_progress(now_s);
  sampling_wall_s_ += seconds_since(wall_begin);
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
