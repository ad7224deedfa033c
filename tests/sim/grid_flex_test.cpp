// A site behind a grid connection: PV, a battery, a capacity limit, prices and a demand-response event, and training
// jobs that its controller pauses or caps. The physics every interval must keep: the energy balance, the battery's
// limits, the import limit whenever the controller reports success, and the delay a pause costs.
#include "run_capture.hpp"
#include "sim/scenario/cluster_power.hpp"
#include "sim/scenario/resolved_scenario.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

// 8 H100 servers (about 60 kW of IT when training) in Arizona at PUE 1.2, with `site_keys` (indented for the site)
// and one training job of 1e21 FLOP on all 64 GPUs (about 11 h) with `job_keys`.
std::string site_with_job(const std::string& site_keys, const std::string& job_keys,
                          const std::string& duration = "2 d") {
  return R"(
scenario:
  name: grid
  start: 2024-06-01T00:00:00Z
  duration: )" +
         duration + R"(
  sample_interval: 5 min
sites:
  - name: s
    pue: 1.2
    carbon_intensity: 400 g/kWh
)" + site_keys +
         R"(
clusters:
  - name: c
    site: s
    accelerator: h100-sxm
    servers: 8
workloads:
  - name: j
    type: training
    flops: 1e21 FLOP
    mfu: 0.4
    start: 2 h
)" + job_keys;
}

// Every value of a variable of the site dimension, in time order.
std::vector<double> site_series(const Scenario& scenario, const Capture& run, const std::string& name) {
  const auto variables = Sampler::variables(scenario);
  std::size_t index = variables.size();
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (variables[i].name == name) index = i;
  }
  REQUIRE(index < variables.size());
  std::vector<double> values;
  for (const Row& row : run.rows) values.push_back(row.values.at(index).at(0));
  return values;
}

// The sample intervals whose grid import passed their limit (beyond 1e-9 relative: the balance's rounding).
int intervals_above_limit(const Scenario& scenario, const Capture& run) {
  const auto import = site_series(scenario, run, "grid_import_power");
  const auto limit = site_series(scenario, run, "import_limit");
  int over = 0;
  for (std::size_t k = 0; k < import.size(); ++k) over += import[k] > limit[k] * (1.0 + 1e-9) ? 1 : 0;
  return over;
}

const std::string pv_battery_connection = R"(    solar: {peak_power: 60 kW, climate: arizona}
    battery: {capacity: 120 kWh, power: 30 kW, min_soc: 0.1, max_soc: 0.9, policy: peak_shaving}
    connection:
      capacity: 50 kW
      energy_price: 80
      demand_charge: 12
)";

// The job's compute alone: 1e21 FLOP on 64 H100 at MFU 0.4, from its start at 2 h.
double uncurtailed_end_s(const Scenario& scenario) {
  const Cluster& cluster = scenario.clusters.at(0);
  return 7200.0 + 1e21 / (64.0 * cluster.accelerator.peak_flop_per_s * 0.4);
}

// An event from 3 h to 4 h that asks for `limit`.
std::string event_asking(const std::string& limit, const std::string& flexible_work = "true") {
  return "    connection:\n      flexible_work: " + flexible_work +
         "\n      events: [{start: 2024-06-01T03:00:00Z, duration: 1 h, limit: " + limit + "}]\n";
}

const std::string pausing_job = "    flexibility: {mode: pause, checkpoint_write_time: 2 min, restart_time: 3 min}\n";

// 8 replicas of an 8B model on 8 servers at `fidelity`, all of them off when scaled down, with a floor of 2, for
// `duration` from midnight; an event from 2 h to 3 h asks for `limit`. At 1e7 requests a day they draw about 33 kW
// of facility power, and 2 replicas with the others off about 11-20 kW. The fabric draws nothing, so that the limits
// below are against the servers alone.
std::string service_asking(const std::string& limit, const std::string& fidelity, const std::string& requests_per_day,
                           const std::string& duration) {
  return R"(
scenario: {name: svc, start: 2024-06-01T00:00:00Z, duration: )" +
         duration + R"(, sample_interval: 5 min}
sites:
  - name: s
    pue: 1.2
    carbon_intensity: 400 g/kWh
    connection: {events: [{start: 2024-06-01T02:00:00Z, duration: 1 h, limit: )" +
         limit + R"(}]}
clusters: [{name: c, site: s, accelerator: h100-sxm, servers: 8, network: {fabric_power: 0 W}}]
workloads:
  - name: chat
    type: inference
    modality: text
    model: {parameters: 8e9, layers: 32, hidden_size: 4096, kv_heads: 8, head_dim: 128}
    request: {prompt_tokens: 1000, output_tokens: 300}
    arrivals: {requests_per_day: )" +
         requests_per_day + R"(}
    replicas: {accelerators: 8, scaled_down: off}
    fidelity: )" +
         fidelity + R"(
    flexibility: {floor: 2}
)";
}

// At request fidelity, 8e6 requests a day for 4 h: about 32 kW before the event.
std::string request_service_asking(const std::string& limit) {
  return service_asking(limit, "request", "8e6", "4 h");
}

}  // namespace

TEST_CASE("grid flex: load = import + PV used + battery at every interval, and the battery stays in its limits") {
  const Scenario scenario = load_scenario_text(site_with_job(pv_battery_connection, ""), "grid.yaml", {});
  const Capture run = run_scenario(scenario);
  const auto facility = site_series(scenario, run, "facility_power");
  const auto import = site_series(scenario, run, "grid_import_power");
  const auto pv = site_series(scenario, run, "pv_power");
  const auto used = site_series(scenario, run, "pv_used_power");
  const auto exported = site_series(scenario, run, "grid_export_power");
  const auto curtailed = site_series(scenario, run, "pv_curtailed_power");
  const auto battery = site_series(scenario, run, "battery_power");
  const auto soc = site_series(scenario, run, "battery_soc");
  double pv_sum = 0.0;
  for (std::size_t k = 0; k < facility.size(); ++k) {
    CHECK(std::abs(facility[k] - (import[k] + used[k] + battery[k])) <= 1e-9 * facility[k]);
    CHECK(std::abs(pv[k] - (used[k] + exported[k] + curtailed[k])) <= 1e-9 * std::max(1.0, pv[k]));
    CHECK(soc[k] >= 0.1 - 1e-12);
    CHECK(soc[k] <= 0.9 + 1e-12);
    pv_sum += pv[k];
  }
  CHECK(pv_sum > 0.0);
  // Interval sums equal the totals.
  const SupplyAccumulator& total = run.report.supply.at(0).sums;
  double import_j = 0.0;
  for (std::size_t k = 0; k < import.size(); ++k) import_j += import[k] * 300.0;
  CHECK(import_j == Approx(total.import_j).epsilon(1e-12));
}

TEST_CASE("grid flex: emissions and cost follow the grid import, not the facility energy") {
  const Scenario scenario = load_scenario_text(site_with_job(pv_battery_connection, ""), "grid.yaml", {});
  const Capture run = run_scenario(scenario);
  const SiteSupplyTotals& supply = run.report.supply.at(0);
  const SiteTotals& site = run.report.sites.at(0);
  const double kg_per_j = 0.4 / 3.6e6;
  CHECK(site.sums.emissions_kg == Approx(supply.sums.import_j * kg_per_j).epsilon(1e-9));
  CHECK(supply.sums.emissions_without_supply_kg == Approx(site.sums.facility_j * kg_per_j).epsilon(1e-9));
  CHECK(supply.sums.import_j < site.sums.facility_j);  // the PV carried part of the load
  CHECK(supply.energy_cost == Approx(supply.sums.import_j / 3.6e9 * 80.0).epsilon(1e-9));
  // One calendar month: the demand charge is its peak import at 12 per kW.
  CHECK(supply.demand_cost == Approx(supply.peak_import_w / 1e3 * 12.0).epsilon(1e-12));
}

TEST_CASE("grid flex: the import limit holds in every interval when the controller reports success") {
  // 35 kW: below the job's training load with PUE, so it must pause whenever the sun and battery fall short.
  const std::string site = R"(    solar: {peak_power: 60 kW, climate: arizona}
    battery: {capacity: 60 kWh, power: 20 kW, policy: peak_shaving}
    connection: {capacity: 35 kW}
)";
  const Scenario scenario = load_scenario_text(
      site_with_job(site, "    flexibility: {mode: pause, checkpoint_write_time: 2 min, restart_time: 3 min}\n", "3 d"),
      "grid.yaml", {});
  const Capture run = run_scenario(scenario);
  const SiteSupplyTotals& supply = run.report.supply.at(0);
  REQUIRE(supply.shortfall_intervals == 0.0);
  const auto import = site_series(scenario, run, "grid_import_power");
  for (double import_w : import) CHECK(import_w <= 35e3 * (1.0 + 1e-9));
  CHECK(supply.sums.excess_j == 0.0);
  const WorkloadTotals& job = run.report.workloads.at(0);
  CHECK(job.curtailments > 0.0);
  CHECK(job.finished_s == job.finished_s);  // it still finishes, in the sunny hours
}

TEST_CASE("grid flex: a paused job finishes later by exactly its pause: write, idle time and restart") {
  // The job trains at about 72 kW of facility power and idles at about 19 kW: 30 kW needs it paused.
  const Scenario scenario = load_scenario_text(site_with_job(event_asking("30 kW"), pausing_job), "a.yaml", {});
  const Capture run = run_scenario(scenario);
  const WorkloadTotals& a = run.report.workloads.at(0);
  CHECK(a.curtailments == 1.0);
  CHECK(a.paused_s == Approx(3600.0 - 120.0).epsilon(1e-12));  // idle from the write's end to the event's end
  CHECK(a.curtailment_overhead_s == Approx(300.0).epsilon(1e-12));
  CHECK(a.curtailment_delay_s == Approx(3600.0 + 180.0).epsilon(1e-12));
  CHECK(a.finished_s == Approx(uncurtailed_end_s(scenario) + a.curtailment_delay_s).epsilon(1e-12));
  // The event was met, and it cost the job's 64 accelerators the hour.
  const EventReport& e = run.report.events.at(0);
  CHECK(e.excess_j == 0.0);
  CHECK(e.curtailed_accelerator_hours == Approx(64.0).epsilon(1e-12));
  CHECK(run.report.supply.at(0).shortfall_intervals == 0.0);
}

TEST_CASE("grid flex: without flexible work the controller reports the event it could not meet") {
  const Scenario scenario =
      load_scenario_text(site_with_job(event_asking("30 kW", "false"), pausing_job), "b.yaml", {});
  const Capture run = run_scenario(scenario);
  const WorkloadTotals& b = run.report.workloads.at(0);
  CHECK(b.curtailments == 0.0);
  CHECK(b.finished_s == Approx(uncurtailed_end_s(scenario)).epsilon(1e-12));
  CHECK(run.report.events.at(0).excess_j > 0.0);
  CHECK(run.report.supply.at(0).shortfall_intervals == 12.0);  // the event's 12 intervals
}

TEST_CASE("grid flex: a limit below the idle floor is reported as a shortfall even with the job paused") {
  const Scenario scenario = load_scenario_text(site_with_job(event_asking("10 kW"), pausing_job), "c.yaml", {});
  const Capture run = run_scenario(scenario);
  CHECK(run.report.workloads.at(0).curtailments == 1.0);
  CHECK(run.report.supply.at(0).shortfall_intervals == 12.0);
  CHECK(run.report.events.at(0).excess_j > 0.0);
}

TEST_CASE("grid flex: a capped job runs slower by the cap's speed factor while capped") {
  const Scenario scenario = load_scenario_text(
      site_with_job(event_asking("60 kW"), "    flexibility: {mode: power_cap, power_cap: 400 W}\n"), "a.yaml", {});
  const Capture run = run_scenario(scenario);
  const WorkloadTotals& a = run.report.workloads.at(0);
  const Cluster& cluster = scenario.clusters.at(0);
  const double ratio = accelerator_power_model(cluster, 400.0).speed_factor(WorkKind::compute) /
                       accelerator_power_model(cluster).speed_factor(WorkKind::compute);
  CHECK(a.curtailments == 1.0);
  CHECK(a.capped_s == Approx(3600.0).epsilon(1e-12));
  CHECK(a.curtailment_delay_s == Approx(3600.0 * (1.0 - ratio)).epsilon(1e-12));
  CHECK(a.finished_s == Approx(uncurtailed_end_s(scenario) + a.curtailment_delay_s).epsilon(1e-12));
  CHECK(run.report.events.at(0).excess_j == 0.0);
}

TEST_CASE("grid flex: a service scaled down to its floor serves on fewer replicas, slower, for the event") {
  // At 1e7 requests a day the event's 20 kW from 2 h to 3 h is met by 2 replicas with the others off.
  const std::string yaml = service_asking("20 kW", "fluid", "1e7", "6 h");
  const Scenario scenario = load_scenario_text(yaml, "svc.yaml", {});
  const Capture run = run_scenario(scenario);
  const auto import = site_series(scenario, run, "grid_import_power");
  const auto limit = site_series(scenario, run, "import_limit");
  const auto variables = Sampler::variables(scenario);
  std::size_t serving_index = variables.size();
  std::size_t latency_index = variables.size();
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (variables[i].name == "serving_replicas") serving_index = i;
    if (variables[i].name == "latency_mean") latency_index = i;
  }
  REQUIRE(serving_index < variables.size());
  for (std::size_t k = 0; k < run.rows.size(); ++k) {
    const double t0_s = run.rows[k].time_s - 300.0;
    const bool in_event = t0_s >= 7200.0 && t0_s < 10800.0;
    INFO("interval from " << t0_s << " s");
    // Replicas that were off take their wake-up time to serve again after the event.
    const bool waking = t0_s >= 10800.0 && t0_s < 10800.0 + scenario.services.at(0).wake_up_s;
    if (!waking) CHECK(run.rows[k].values[serving_index][0] == (in_event ? 2.0 : 8.0));
    if (in_event) CHECK(import[k] <= limit[k] * (1.0 + 1e-9));
  }
  // Fewer replicas serve the same demand more slowly.
  CHECK(run.rows[30].values[latency_index][0] > run.rows[10].values[latency_index][0]);
  const WorkloadTotals& chat = run.report.workloads.at(0);
  CHECK(chat.curtailments == 1.0);
  CHECK(chat.capped_s == Approx(3600.0).epsilon(1e-12));
  const EventReport& e = run.report.events.at(0);
  CHECK(e.excess_j == 0.0);
  CHECK(e.curtailed_accelerator_hours == Approx(6.0 * 8.0).epsilon(1e-12));  // 6 replicas of 8 GPUs for the hour
  // The cost to the service: its mean latency in the event against the hour before, both the intervals' means.
  CHECK(e.service_latency_s == Approx(run.rows[30].values[latency_index][0]).epsilon(1e-12));
  CHECK(e.service_latency_before_s == Approx(run.rows[20].values[latency_index][0]).epsilon(1e-12));
  CHECK(e.service_latency_s > e.service_latency_before_s);
}

TEST_CASE("grid flex: a request-fidelity service scaled down reports its latency percentiles in the event") {
  const Scenario scenario = load_scenario_text(request_service_asking("20 kW"), "svc.yaml", {});
  const Capture run = run_scenario(scenario);
  const SiteSupplyTotals& supply = run.report.supply.at(0);
  REQUIRE(supply.shortfall_intervals == 0.0);
  CHECK(intervals_above_limit(scenario, run) == 0);
  // The plan is a control interval ahead, and a shed replica finishes what it holds: the scale-down takes effect
  // that lag after the decision at the event's start, and lasts the event's hour.
  const InferenceService& service = scenario.services.at(0);
  const double lag_s = service.control_interval_s + service.replica.latency_at(service.replica.slots);
  const WorkloadTotals& chat = run.report.workloads.at(0);
  REQUIRE(chat.curtailed_spans.size() == 1);
  CHECK(chat.curtailed_spans[0].start_s == Approx(7200.0 + lag_s).epsilon(1e-12));
  CHECK(chat.capped_s == Approx(3600.0).epsilon(1e-12));
  const EventReport& e = run.report.events.at(0);
  CHECK(e.curtailed_accelerator_hours == Approx(6.0 * 8.0 * (3600.0 - lag_s) / 3600.0).epsilon(1e-12));
  // Two replicas serve the hour's requests in larger batches, so each takes longer; the percentiles come from the
  // requests themselves and bracket the mean.
  CHECK(e.service_latency_p50_s > e.service_latency_p50_before_s * 1.2);
  CHECK(e.service_latency_p99_s > e.service_latency_p99_before_s * 1.2);
  CHECK(e.service_latency_p50_s <= e.service_latency_p99_s);
  CHECK(e.service_latency_p50_before_s <= e.service_latency_p99_before_s);
  CHECK(e.service_latency_s <= e.service_latency_p99_s * 1.0116);  // within the histogram's bin
  CHECK(e.service_latency_before_s <= e.service_latency_p99_before_s * 1.0116);
}

TEST_CASE("grid flex: the controller counts a request-fidelity service's lag and reports the interval it costs") {
  // 15 kW: met once the service is at its floor, but not over the event's first interval, whose first minute is
  // still planned at full service. The controller counts that minute, and the kept replicas at a full batch each, so
  // it reports the interval short rather than counting on a saving it may not get.
  const Scenario scenario = load_scenario_text(request_service_asking("15 kW"), "svc.yaml", {});
  const Capture run = run_scenario(scenario);
  const SiteSupplyTotals& supply = run.report.supply.at(0);
  CHECK(supply.shortfall_intervals == 1.0);
  CHECK(intervals_above_limit(scenario, run) == 1);
  CHECK(site_series(scenario, run, "grid_import_power").at(24) > 15e3);  // the interval from 2 h, the 25th of 5 minutes
}

TEST_CASE("grid flex: a flexible service that starts between the controller's boundaries steps on them") {
  // Its first control step is cut short so that the next ones fall on the controller's boundaries: without it, the
  // service never asked the controller and the event passed with its import above the limit.
  const Scenario scenario =
      load_scenario_text(service_asking("20 kW", "fluid", "1e7", "6 h") + "    start: 90 s\n", "svc.yaml", {});
  const Capture run = run_scenario(scenario);
  CHECK(run.report.workloads.at(0).curtailments == 1.0);
  CHECK(run.report.supply.at(0).shortfall_intervals == 0.0);
  CHECK(run.report.events.at(0).excess_j == 0.0);
  CHECK(intervals_above_limit(scenario, run) == 0);
}

TEST_CASE("grid flex: the resolved scenario keeps the supply, the connection and the flexibility") {
  const std::string site =
      pv_battery_connection + R"(      events: [{start: 2024-06-01T03:00:00Z, duration: 1 h, reduction: 20 %}]
)";
  const Scenario scenario = load_scenario_text(site_with_job(site, pausing_job), "grid.yaml", {});
  const Scenario again = load_scenario_text(resolved_scenario_yaml(scenario), "resolved.yaml", {});
  const SiteSupply& a = scenario.sites.at(0).supply;
  const SiteSupply& b = again.sites.at(0).supply;
  CHECK(a.pv_power_w.values() == b.pv_power_w.values());
  CHECK(a.battery->capacity_j == b.battery->capacity_j);
  CHECK(a.battery->min_soc == b.battery->min_soc);
  CHECK(a.policy_name == b.policy_name);
  CHECK(a.connection->capacity_w == b.connection->capacity_w);
  CHECK(a.connection->demand_charge_per_w == b.connection->demand_charge_per_w);
  CHECK(a.connection->energy_price_per_j.at(0.0) == b.connection->energy_price_per_j.at(0.0));
  CHECK(*a.connection->events.at(0).reduction_fraction == *b.connection->events.at(0).reduction_fraction);
  CHECK(a.connection->events.at(0).end_epoch_s == b.connection->events.at(0).end_epoch_s);
  const TrainingFlexibility& f = *again.training_jobs.at(0).flexibility;
  CHECK(f.checkpoint_write_s == 120.0);
  CHECK(f.restart_s == 180.0);
}
