#include "sim/record/sampler.hpp"

#include "models/base/nearest_name.hpp"
#include "sim/engine/actor_guard.hpp"
#include "sim/engine/log_category.hpp"
#include "sim/engine/workloads/workload_registry.hpp"
#include "sim/record/series_columns.hpp"
#include "sim/record/supply_columns.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cstdio>
#include <limits>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(terawatt_record, terawatt, "the sampler: one row per interval");

namespace terawatt {
namespace {
constexpr double seconds_per_hour = 3600.0;  // the window before an event its services' latency is compared with
// Progress lines are rewritten at most this often, so that a terminal is informed without being flooded.

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

bool Sampler::has_supply(const Scenario& scenario) {
  return std::any_of(scenario.sites.begin(), scenario.sites.end(), [](const Site& s) { return s.supply.any(); });
}

std::vector<VariableSpec> Sampler::variables_of(bool with_supply, bool with_workloads,
                                                const std::vector<const WorkloadDimension*>& dimensions) {
  std::vector<VariableSpec> variables = specs_of(cluster_series_columns());
  const auto append = [&variables](const std::vector<VariableSpec>& more) {
    variables.insert(variables.end(), more.begin(), more.end());
  };
  append(specs_of(site_series_columns()));
  if (with_workloads) append(specs_of(workload_series_columns()));
  for (const WorkloadDimension* dimension : dimensions) append(dimension->series);
  // Last, so that the rows of a scenario without supply keep the places they had.
  if (with_supply) append(specs_of(supply_series_columns()));
  return variables;
}

std::vector<VariableSpec> Sampler::variables(const Scenario& scenario) {
  std::vector<const WorkloadDimension*> dimensions;
  for (const WorkloadType* type : types_with_dimension(scenario)) dimensions.push_back(type->dimension);
  return variables_of(has_supply(scenario), !workload_names(scenario).empty(), dimensions);
}

std::vector<VariableSpec> Sampler::all_variables() {
  std::vector<const WorkloadDimension*> dimensions;
  for (const WorkloadType& type : workload_types()) {
    if (type.dimension) dimensions.push_back(type.dimension);
  }
  return variables_of(true, true, dimensions);
}

std::vector<LabelDimension> Sampler::dimensions(const Scenario& scenario) {
  std::vector<LabelDimension> dimensions{{"cluster", names_of(scenario.clusters), "cluster"},
                                         {"site", names_of(scenario.sites), "site"}};
  const std::vector<std::string> workloads = workload_names(scenario);
  if (!workloads.empty()) dimensions.push_back({"workload", workloads, "workload"});
  for (const WorkloadType* type : types_with_dimension(scenario)) {
    dimensions.push_back({type->dimension->name, type->names(scenario), type->dimension->long_name});
  }
  return dimensions;
}

Sampler::Sampler(const Scenario& scenario, const Platform& platform, std::vector<Workload*> workloads, RowSink sink,
                 ProgressStyle progress)
    : scenario_(scenario),
      platform_(platform),
      workloads_(std::move(workloads)),
      sink_(std::move(sink)),
      progress_(progress, scenario.info.duration_s),
      last_cluster_j_(scenario.clusters.size()),
      last_workload_energy_j_(workloads_.size(), 0.0),
      sites_(scenario.sites.size()),
      workload_totals_(workloads_.size()),
      site_first_(cluster_series_columns().size()),
      workload_first_(site_first_ + site_series_columns().size()),
      wall_start_(std::chrono::steady_clock::now()) {
  for (const auto& site : scenario.sites) evaluators_.emplace_back(site.environment);
  if (has_supply(scenario)) supply_totals_.resize(scenario.sites.size());
  site_it_energy_scratch_j_.assign(scenario.sites.size(), 0.0);
  interval_scratch_.reserve(scenario.sites.size());
  for (const Workload* workload : workloads_) {
    workload_sites_.push_back(scenario.clusters[workload->cluster_index()].site_index);
  }
  // One row per variable of Sampler::variables, as long as its dimension.
  row_.assign(site_first_, std::vector<double>(scenario.clusters.size(), 0.0));
  row_.resize(workload_first_, std::vector<double>(scenario.sites.size(), 0.0));
  if (!workloads_.empty()) add_workload_rows(scenario);
  // The supply's variables come last (Sampler::variables).
  if (!supply_totals_.empty()) {
    supply_first_ = row_.size();
    row_.resize(supply_first_ + supply_series_columns().size(), std::vector<double>(scenario.sites.size(), 0.0));
  }
}

void Sampler::add_workload_rows(const Scenario& scenario) {
  row_.resize(workload_first_ + workload_series_columns().size(), std::vector<double>(workloads_.size(), 0.0));
  for (const WorkloadType* type : types_with_dimension(scenario)) {
    OwnDimension own{type->dimension, row_.size(), {}};
    for (Workload* workload : workloads_) {
      if (workload->dimension() == type->dimension) own.members.push_back(workload);
    }
    row_.resize(own.first + own.dimension->series.size(), std::vector<double>(own.members.size(), 0.0));
    own_dimensions_.push_back(std::move(own));
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

void Sampler::read_clusters(double now_s, double interval_s, std::vector<double>& site_it_energy_j) {
  std::fill(site_it_energy_j.begin(), site_it_energy_j.end(), 0.0);
  for (std::size_t c = 0; c < scenario_.clusters.size(); ++c) {
    const ClusterMeter& meter = platform_.clusters[c].meter;
    const ClusterEnergies now{meter.it.energy_j(now_s), meter.accelerators.energy_j(now_s),
                              meter.network.energy_j(now_s)};
    ClusterEnergies& last = last_cluster_j_[c];
    const double interval_it_j = now.it_j - last.it_j;
    read_columns(cluster_series_columns(),
                 ClusterSample{interval_it_j, now.accelerator_j - last.accelerator_j, now.network_j - last.network_j,
                               interval_s},
                 0, c, row_);
    site_it_energy_j[scenario_.clusters[c].site_index] += interval_it_j;
    last = now;
  }
}

void Sampler::sample(double now_s) {
  const double interval_s = now_s - last_sample_s_;
  if (!(interval_s > 0.0)) return;
  XBT_VERB("sample of the interval %.3f s to %.3f s", last_sample_s_, now_s);
  platform_.settle_deferred(now_s);
  const auto wall_begin = std::chrono::steady_clock::now();

  // Scratch buffers are members: a sample allocates nothing (a year of 5-minute samples is 105,120 of them).
  std::vector<double>& site_it_energy_j = site_it_energy_scratch_j_;
  read_clusters(now_s, interval_s, site_it_energy_j);

  const double t0_epoch_s = scenario_.info.start_epoch_s + last_sample_s_;
  const double t1_epoch_s = scenario_.info.start_epoch_s + now_s;
  const auto environment_begin = std::chrono::steady_clock::now();
  std::vector<SiteInterval>& intervals = interval_scratch_;
  intervals.clear();
  for (std::size_t s = 0; s < scenario_.sites.size(); ++s) {
    intervals.push_back(evaluators_[s].evaluate(t0_epoch_s, t1_epoch_s, site_it_energy_j[s]));
  }
  environment_wall_s_ += seconds_since(environment_begin);

  if (!supply_totals_.empty()) {
    const auto supply_begin = std::chrono::steady_clock::now();
    for (std::size_t s = 0; s < scenario_.sites.size(); ++s) settle_supply(s, t0_epoch_s, t1_epoch_s, interval_s);
    supply_wall_s_ += seconds_since(supply_begin);
  }
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
    read_columns(site_series_columns(), SiteSample{in, total, interval_s}, site_first_, s, row_);
  }

  for (std::size_t w = 0; w < workloads_.size(); ++w) {
    const double energy_j = workloads_[w]->meter().it.energy_j(now_s);
    const double interval_it_j = energy_j - last_workload_energy_j_[w];
    last_workload_energy_j_[w] = energy_j;
    read_columns(workload_series_columns(), WorkloadSample{interval_it_j, interval_s}, workload_first_, w, row_);
    const SiteInterval& site = intervals[workload_sites_[w]];
    if (!(site.it_j > 0.0)) continue;
    // The workload's share of the site's facility energy, emissions and water is its share of the IT energy.
    const double share = interval_it_j / site.it_j;
    WorkloadAccumulator& total = workload_totals_[w];
    total.it_j += interval_it_j;
    total.facility_j += share * site.facility_j;
    total.emissions_kg += share * site.emissions_kg;
    total.water_m3 += share * (site.onsite_water_m3 + site.offsite_water_m3);
  }

  read_own_dimensions(now_s, interval_s);
  track_event_latency(t0_epoch_s, t1_epoch_s, interval_s);

  sink_(now_s, row_);
  last_sample_s_ = now_s;
  ++rows_;
  report_progress(now_s);
  sampling_wall_s_ += seconds_since(wall_begin);
}

void Sampler::settle_supply(std::size_t s, double t0_epoch_s, double t1_epoch_s, double interval_s) {
  SiteInterval& in = interval_scratch_[s];
  SupplyAccumulator& total = supply_totals_[s];
  std::optional<SiteSupplyOperator>* supply = supply_ ? &(*supply_)[s] : nullptr;
  SupplyFlows flows;
  double soc = std::numeric_limits<double>::quiet_NaN();
  double price_per_j = std::numeric_limits<double>::quiet_NaN();
  total.emissions_without_supply_kg += in.emissions_kg;
  if (supply && *supply) {
    SiteSupplyOperator& op = **supply;
    flows = op.settle(t0_epoch_s, t1_epoch_s, in.facility_j, in.carbon_intensity_kg_per_j);
    if (op.battery()) soc = op.battery()->soc();
    if (op.bill()) {
      price_per_j = op.bill()->last_price_per_j();
      total.cost = op.bill()->energy_cost() - op.bill()->export_revenue();
    }
    charge_to_grid_energy(in, scenario_.sites[s].environment, t0_epoch_s, t1_epoch_s, flows.import_w * interval_s);
  } else {
    flows.load_w = flows.import_w = in.facility_j / interval_s;
  }
  total.pv_j += flows.pv_w * interval_s;
  total.pv_used_j += flows.pv_used_w() * interval_s;
  total.export_j += flows.export_w * interval_s;
  total.curtailed_j += flows.curtailed_w * interval_s;
  total.import_j += flows.import_w * interval_s;
  total.excess_j += flows.excess_w * interval_s;
  total.battery_charge_j += std::max(0.0, -flows.battery_w) * interval_s;
  total.battery_discharge_j += std::max(0.0, flows.battery_w) * interval_s;
  total.grid_to_battery_j += flows.grid_to_battery_w * interval_s;
  read_columns(supply_series_columns(), SupplySample{flows, total, soc, price_per_j, interval_s}, supply_first_, s,
               row_);
}

void Sampler::read_own_dimensions(double now_s, double interval_s) {
  for (const OwnDimension& own : own_dimensions_) {
    for (std::size_t i = 0; i < own.members.size(); ++i)
      own.members[i]->read_series(now_s, interval_s, own.first, i, row_);
  }
}

void Sampler::attach_supply(std::vector<std::optional<SiteSupplyOperator>>& operators) {
  supply_ = &operators;
  // The services whose latency an event of their site reports: their rows of served rate and mean latency, found once
  // here so that a sample only reads them.
  event_latency_.assign(scenario_.sites.size(), {});
  for (const OwnDimension& own : own_dimensions_) {
    const auto& series = own.dimension->series;
    const auto row_of = [&](const char* name) {
      const auto at =
          std::find_if(series.begin(), series.end(), [name](const VariableSpec& v) { return v.name == name; });
      return at == series.end() ? std::optional<std::size_t>()
                                : own.first + static_cast<std::size_t>(at - series.begin());
    };
    const auto served_row = row_of("served_rate");
    const auto latency_row = row_of("latency_mean");
    if (!served_row || !latency_row) continue;
    for (std::size_t i = 0; i < own.members.size(); ++i) {
      const std::size_t s = scenario_.clusters[own.members[i]->cluster_index()].site_index;
      const auto& connection = scenario_.sites[s].supply.connection;
      if (!operators[s] || !connection || connection->events.empty()) continue;
      event_latency_[s].resize(connection->events.size());
      own.members[i]->keep_interval_latency();
      latency_sources_.push_back({s, i, *served_row, *latency_row, own.members[i]});
    }
  }
}

void Sampler::track_event_latency(double t0_epoch_s, double t1_epoch_s, double interval_s) {
  for (const LatencySource& source : latency_sources_) {
    const double served = row_[source.served_row][source.member] * interval_s;
    const double latency_s = row_[source.latency_row][source.member];
    if (!(served > 0.0) || !(latency_s == latency_s)) continue;
    const auto& events = scenario_.sites[source.site].supply.connection->events;
    for (std::size_t k = 0; k < events.size(); ++k) {
      const DemandResponseEvent& e = events[k];
      EventLatency& sums = event_latency_[source.site][k];
      const LatencyHistogram* latencies = source.service->interval_latency();
      if (t0_epoch_s < e.end_epoch_s && t1_epoch_s > e.start_epoch_s) {
        sums.during_latency_x_served += latency_s * served;
        sums.during_served += served;
        if (latencies) sums.during.merge(*latencies);
        sums.during_resolved = sums.during_resolved && latencies != nullptr;
      } else if (t1_epoch_s <= e.start_epoch_s && t0_epoch_s >= e.start_epoch_s - seconds_per_hour) {
        sums.before_latency_x_served += latency_s * served;
        sums.before_served += served;
        if (latencies) sums.before.merge(*latencies);
        sums.before_resolved = sums.before_resolved && latencies != nullptr;
      }
    }
  }
}

void Sampler::report_progress(double now_s) {
  if (!progress_.active()) return;  // once per sample: a quiet run reads no clock for it
  const double wall_s = seconds_since(wall_start_);
  const std::string text = progress_.update(now_s, wall_s);
  if (text.empty()) return;
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
}

void Sampler::finish_progress() {
  const std::string text = progress_.finish();
  if (!text.empty()) std::fputs(text.c_str(), stderr);
}

}  // namespace terawatt
