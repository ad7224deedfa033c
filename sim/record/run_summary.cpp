#include "sim/record/run_summary.hpp"

#include "models/base/nearest_name.hpp"
#include "models/workload/energy_rating.hpp"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>
#include <sstream>

namespace terawatt {
namespace {

template <typename Row, typename Field>
std::vector<double> column(const std::vector<Row>& rows, Field field) {
  std::vector<double> values;
  values.reserve(rows.size());
  for (const auto& row : rows) values.push_back(field(row));
  return values;
}

// Energy (J) of one unit of output: `energy` over `units`, NaN when nothing was produced.
double per_unit(double energy_j, double units) {
  return units > 0.0 ? energy_j / units : std::numeric_limits<double>::quiet_NaN();
}

// The totals of each cluster: energy by use, installed accelerators, embodied carbon.
void add_cluster_summary(const RunReport& report, std::vector<LabelDimension>& dims,
                         std::vector<SummaryVariable>& vars) {
  const double duration_s = report.end_s;
  dims.push_back({"cluster", names_of(report.clusters), "cluster"});
  vars.push_back({"it_energy", "J", "IT energy (accelerators and their servers' hosts)", "cluster",
                  column(report.clusters, [](const ClusterTotals& c) { return c.it_energy_j; })});
  vars.push_back({"gpu_energy", "J", "accelerator energy", "cluster",
                  column(report.clusters, [](const ClusterTotals& c) { return c.accelerator_energy_j; })});
  vars.push_back({"mean_it_power", "W", "IT power averaged over the run", "cluster",
                  column(report.clusters, [&](const ClusterTotals& c) { return c.it_energy_j / duration_s; })});
  vars.push_back({"it_energy_active", "J", "IT energy that work drew above the idle floor of the servers it held",
                  "cluster", column(report.clusters, [](const ClusterTotals& c) {
                    return c.it_energy_j - c.reserved_idle_energy_j - c.unreserved_energy_j;
                  })});
  vars.push_back({"it_energy_reserved_idle", "J", "IT energy of the idle floor of servers a workload held", "cluster",
                  column(report.clusters, [](const ClusterTotals& c) { return c.reserved_idle_energy_j; })});
  vars.push_back({"it_energy_unreserved", "J", "IT energy of servers no workload held (idle, standby or off)",
                  "cluster", column(report.clusters, [](const ClusterTotals& c) { return c.unreserved_energy_j; })});
  vars.push_back({"accelerators", "1", "installed accelerators", "cluster",
                  column(report.clusters, [](const ClusterTotals& c) { return c.accelerators; })});
  vars.push_back({"embodied_emissions", "kg", "embodied CO2e of the installed hardware, amortised over the run",
                  "cluster", column(report.clusters, [](const ClusterTotals& c) { return c.embodied_kg; })});
}

// The totals of each site: facility energy by part, emissions, water, PUE and WUE over the run.
void add_site_summary(const RunReport& report, std::vector<LabelDimension>& dims, std::vector<SummaryVariable>& vars) {
  dims.push_back({"site", names_of(report.sites), "site"});
  const auto site_column = [&](double SiteAccumulator::*field) {
    return column(report.sites, [field](const SiteTotals& s) { return s.sums.*field; });
  };
  vars.push_back({"site_it_energy", "J", "IT energy of the site", "site", site_column(&SiteAccumulator::it_j)});
  vars.push_back({"facility_energy", "J", "facility energy", "site", site_column(&SiteAccumulator::facility_j)});
  vars.push_back({"cooling_energy", "J", "cooling plant energy (NaN with a constant PUE)", "site",
                  site_column(&SiteAccumulator::cooling_j)});
  vars.push_back({"distribution_loss_energy", "J", "UPS and PDU losses (NaN with a constant PUE)", "site",
                  site_column(&SiteAccumulator::distribution_j)});
  vars.push_back({"other_energy", "J", "lighting and other fixed loads (NaN with a constant PUE)", "site",
                  site_column(&SiteAccumulator::other_j)});
  vars.push_back({"emissions", "kg", "operational CO2e emissions, location-based", "site",
                  site_column(&SiteAccumulator::emissions_kg)});
  vars.push_back({"marginal_emissions", "kg", "consequential CO2e at the marginal intensity (NaN if none given)",
                  "site", site_column(&SiteAccumulator::marginal_emissions_kg)});
  vars.push_back({"market_emissions", "kg", "market-based CO2e (NaN if none given)", "site",
                  site_column(&SiteAccumulator::market_emissions_kg)});
  vars.push_back({"water_onsite", "m3", "on-site water consumed (cooling towers)", "site",
                  site_column(&SiteAccumulator::onsite_water_m3)});
  vars.push_back({"water_offsite", "m3", "water consumed to generate the electricity", "site",
                  site_column(&SiteAccumulator::offsite_water_m3)});
  vars.push_back({"mean_pue", "1", "facility / IT energy over the run", "site",
                  column(report.sites, [](const SiteTotals& s) { return s.sums.facility_j / s.sums.it_j; })});
  vars.push_back({"wue", "L/kWh", "on-site water per IT energy over the run", "site",
                  column(report.sites,
                         [](const SiteTotals& s) { return s.sums.onsite_water_m3 * 1000.0 / (s.sums.it_j / 3.6e6); })});
}

// The totals of each workload: its share of the energy, emissions and water, its times and its progress.
void add_workload_summary(const RunReport& report, std::vector<LabelDimension>& dims,
                          std::vector<SummaryVariable>& vars) {
  if (report.workloads.empty()) return;
  dims.push_back({"workload", names_of(report.workloads), "workload"});
  const auto& w = report.workloads;
  vars.push_back({"workload_energy", "J", "IT energy of the servers the workload occupied", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.it_energy_j; })});
  vars.push_back({"workload_energy_reserved_idle", "J",
                  "part of workload_energy that is the idle floor of the servers it held (reserved, idle or not)",
                  "workload", column(w, [](const WorkloadTotals& x) { return x.reserved_idle_it_energy_j; })});
  vars.push_back({"workload_facility_energy", "J", "facility energy attributed to the workload (IT x PUE)", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.facility_energy_j; })});
  vars.push_back({"workload_emissions", "kg", "operational CO2e emissions of the workload", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.emissions_kg; })});
  vars.push_back({"workload_water", "m3", "on-site and off-site water attributed to the workload", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.water_m3; })});
  vars.push_back({"workload_embodied_emissions", "kg", "embodied CO2e amortised by the accelerator-hours used",
                  "workload", column(w, [](const WorkloadTotals& x) { return x.embodied_kg; })});
  vars.push_back({"emissions_if_run_at_once", "kg",
                  "the workload's facility energy at the grid intensity from its submission on (NaN if unknown)",
                  "workload", column(w, [](const WorkloadTotals& x) { return x.emissions_if_run_at_once_kg; })});
  vars.push_back({"deferral", "s", "time a deferrable workload waited for low-carbon hours", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.deferral_s; })});
  vars.push_back({"gpu_hours", "hour", "accelerator-hours occupied", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.accelerator_hours; })});
  vars.push_back({"submit_time", "s", "submission time after the scenario start", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.submitted_s; })});
  vars.push_back({"start_time", "s", "start time after the scenario start (NaN: never started)", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.started_s; })});
  vars.push_back({"end_time", "s", "end time after the scenario start (NaN: unfinished at the horizon)", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.finished_s; })});
  vars.push_back({"queue_wait", "s", "time waiting for servers", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.queue_wait_s; })});
  vars.push_back({"progress", "1", "fraction of the workload's work done", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.progress; })});
  vars.push_back({"failures", "1", "failures of the workload (training with an mtbf)", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.failures; })});
  vars.push_back({"lost_gpu_hours", "hour",
                  "accelerator-hours lost to failures: work since the last checkpoint and restart delays", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.lost_accelerator_hours; })});
  vars.push_back({"checkpoint_gpu_hours", "hour", "accelerator-hours writing checkpoints", "workload",
                  column(w, [](const WorkloadTotals& x) { return x.checkpoint_accelerator_hours; })});
}

}  // namespace

ServiceEnergy service_energy(const RunReport& report, const ServiceReport& service) {
  const WorkloadTotals& workload = report.workloads[service.workload];
  const double served = service.totals.served;
  ServiceEnergy e;
  e.per_request_j = per_unit(workload.facility_energy_j, served);
  e.it_per_request_j = per_unit(workload.it_energy_j, served);
  e.per_1k_tokens_j = per_unit(workload.facility_energy_j, served * service.output.output_tokens / 1000.0);
  e.per_image_j = per_unit(workload.facility_energy_j, served * service.output.images);
  e.per_video_second_j = per_unit(workload.facility_energy_j, served * service.output.video_s);
  e.emissions_per_request_kg = per_unit(workload.emissions_kg, served);
  // Each task's anchor has its own scope (models/workload/energy_rating.hpp): the chat query is facility energy, the
  // image and video anchors are measured at the node without PUE, so they are compared with IT energy.
  const RatedTask task = service.modality == Modality::text    ? RatedTask::chat_query
                         : service.modality == Modality::image ? RatedTask::image_generation
                                                               : RatedTask::video_generation;
  const double rated_j = service.modality == Modality::text ? e.per_request_j : e.it_per_request_j;
  e.stars = std::isfinite(rated_j) ? static_cast<double>(energy_stars(task, rated_j))
                                   : std::numeric_limits<double>::quiet_NaN();
  return e;
}

void add_service_summary(const RunReport& report, std::vector<LabelDimension>& dims,
                         std::vector<SummaryVariable>& vars) {
  if (report.services.empty()) return;
  dims.push_back({"service", names_of(report.services), "inference service"});
  const auto& s = report.services;
  std::vector<ServiceEnergy> energy;
  for (const auto& service : s) energy.push_back(service_energy(report, service));
  const auto totals = [&s](auto field) {
    return column(s, [field](const ServiceReport& x) { return field(x.totals); });
  };
  const auto energies = [&energy](double ServiceEnergy::*field) {
    return column(energy, [field](const ServiceEnergy& x) { return x.*field; });
  };
  vars.push_back({"modality", "", "modality of the service's output", "service",
                  column(s, [](const ServiceReport& x) { return static_cast<double>(x.modality); }), modality_names()});
  vars.push_back({"fidelity", "", "fidelity of the service's simulation", "service",
                  column(s, [](const ServiceReport& x) { return static_cast<double>(x.fidelity); }), fidelity_names()});
  vars.push_back({"requests_arrived", "1", "requests arrived", "service",
                  totals([](const ServiceTotals& t) { return t.arrived; })});
  vars.push_back({"requests_served", "1", "requests completed", "service",
                  totals([](const ServiceTotals& t) { return t.served; })});
  vars.push_back({"requests_waiting", "1", "requests still waiting at the end (batch and fluid: the backlog)",
                  "service", totals([](const ServiceTotals& t) { return t.queue_length; })});
  vars.push_back({"output_tokens", "1", "output tokens generated", "service",
                  column(s, [](const ServiceReport& x) { return x.totals.served * x.output.output_tokens; })});
  vars.push_back({"images", "1", "images generated", "service",
                  column(s, [](const ServiceReport& x) { return x.totals.served * x.output.images; })});
  vars.push_back({"video_seconds", "s", "seconds of video generated", "service",
                  column(s, [](const ServiceReport& x) { return x.totals.served * x.output.video_s; })});
  vars.push_back({"energy_per_request", "J", "facility energy per completed request (idle time included)", "service",
                  energies(&ServiceEnergy::per_request_j)});
  vars.push_back({"it_energy_per_request", "J", "IT energy (accelerators and servers) per completed request", "service",
                  energies(&ServiceEnergy::it_per_request_j)});
  vars.push_back({"energy_per_1k_tokens", "J", "facility energy per 1,000 output tokens (NaN if none)", "service",
                  energies(&ServiceEnergy::per_1k_tokens_j)});
  vars.push_back({"energy_per_image", "J", "facility energy per image (NaN if none)", "service",
                  energies(&ServiceEnergy::per_image_j)});
  vars.push_back({"energy_per_video_second", "J", "facility energy per second of video (NaN if none)", "service",
                  energies(&ServiceEnergy::per_video_second_j)});
  vars.push_back({"emissions_per_request", "kg", "operational CO2e per completed request", "service",
                  energies(&ServiceEnergy::emissions_per_request_kg)});
  vars.push_back({"energy_stars", "1", "energy rating, 1 (hungry) to 5 (frugal) stars (README, energy rating)",
                  "service", energies(&ServiceEnergy::stars)});
  vars.push_back({"latency_mean", "s", "mean latency, arrival to completion", "service",
                  totals([](const ServiceTotals& t) { return t.latency_mean_s; })});
  vars.push_back({"latency_p50", "s", "median latency (request fidelity; else NaN)", "service",
                  totals([](const ServiceTotals& t) { return t.latency_p50_s; })});
  vars.push_back({"latency_p99", "s", "99th-percentile latency (request fidelity; else NaN)", "service",
                  totals([](const ServiceTotals& t) { return t.latency_p99_s; })});
  vars.push_back({"replica_hours", "hour", "serving replica-hours", "service",
                  totals([](const ServiceTotals& t) { return t.replica_hours; })});
  vars.push_back({"busy_fraction", "1", "share of serving replica-time holding at least one request", "service",
                  totals([](const ServiceTotals& t) { return t.busy_fraction; })});
}

SummaryLayout summary_layout(const RunReport& report) {
  SummaryLayout layout;
  add_cluster_summary(report, layout.dims, layout.vars);
  add_site_summary(report, layout.dims, layout.vars);
  add_workload_summary(report, layout.dims, layout.vars);
  add_service_summary(report, layout.dims, layout.vars);
  return layout;
}

void write_summary(Hdf5Writer& writer, const RunReport& report) {
  SummaryLayout layout = summary_layout(report);
  writer.write_summary(std::move(layout.dims), std::move(layout.vars));
}

}  // namespace terawatt
