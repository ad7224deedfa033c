#include "sim/record/run_summary.hpp"

#include "models/base/nearest_name.hpp"
#include "models/workload/energy_rating.hpp"
#include "sim/record/summary_variable.hpp"
#include "sim/record/supply_columns.hpp"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>
#include <sstream>
#include <utility>

namespace terawatt {
namespace {

// Energy (J) of one unit of output: `energy` over `units`, NaN when nothing was produced.
double per_unit(double energy_j, double units) {
  return units > 0.0 ? energy_j / units : std::numeric_limits<double>::quiet_NaN();
}

// The totals of each cluster: energy by use, installed accelerators, embodied carbon.
void add_cluster_summary(const RunReport& report, std::vector<LabelDimension>& dims,
                         std::vector<SummaryVariable>& vars) {
  const double duration_s = report.end_s;
  dims.push_back({"cluster", names_of(report.clusters), "cluster"});
  vars.push_back(with_comment({"it_energy", "J", "IT energy", "cluster",
                               column(report.clusters, [](const ClusterTotals& c) { return c.it_energy_j; })},
                              "accelerators, their servers' hosts and the network"));
  vars.push_back({"gpu_energy", "J", "accelerator energy", "cluster",
                  column(report.clusters, [](const ClusterTotals& c) { return c.accelerator_energy_j; })});
  vars.push_back(
      with_comment({"mean_it_power", "W", "mean IT power", "cluster",
                    column(report.clusters, [&](const ClusterTotals& c) { return c.it_energy_j / duration_s; })},
                   "IT energy over the run / the run's length"));
  vars.push_back(with_comment({"it_energy_active", "J", "active IT energy", "cluster",
                               column(report.clusters, [](const ClusterTotals& c) { return c.active_energy_j(); })},
                              "IT energy that work drew above the idle floor of the servers it held"));
  vars.push_back(
      with_comment({"it_energy_reserved_idle", "J", "reserved idle IT energy", "cluster",
                    column(report.clusters, [](const ClusterTotals& c) { return c.reserved_idle_energy_j; })},
                   "IT energy of the idle floor of servers a workload held"));
  vars.push_back(with_comment({"it_energy_unreserved", "J", "unreserved IT energy", "cluster",
                               column(report.clusters, [](const ClusterTotals& c) { return c.unreserved_energy_j; })},
                              "IT energy of servers no workload held (idle, standby or off)"));
  vars.push_back(with_comment({"network_energy", "J", "network energy", "cluster",
                               column(report.clusters, [](const ClusterTotals& c) { return c.network_energy_j; })},
                              "IT energy of the fabric's switches and transceivers"));
  vars.push_back(with_comment({"accelerators", "1", "accelerators", "cluster",
                               column(report.clusters, [](const ClusterTotals& c) { return c.accelerators; })},
                              "installed accelerators"));
  vars.push_back(with_comment({"embodied_emissions", "kg", "embodied emissions", "cluster",
                               column(report.clusters, [](const ClusterTotals& c) { return c.embodied_kg; })},
                              "embodied CO2e of the installed hardware, amortised over the run"));
}

// The totals of each site: facility energy by part, emissions, water, PUE and WUE over the run.
void add_site_summary(const RunReport& report, std::vector<LabelDimension>& dims, std::vector<SummaryVariable>& vars) {
  dims.push_back({"site", names_of(report.sites), "site"});
  const auto site_column = [&](double SiteAccumulator::*field) {
    return column(report.sites, [field](const SiteTotals& s) { return s.sums.*field; });
  };
  vars.push_back({"site_it_energy", "J", "site IT energy", "site", site_column(&SiteAccumulator::it_j)});
  vars.push_back({"facility_energy", "J", "facility energy", "site", site_column(&SiteAccumulator::facility_j)});
  vars.push_back(
      with_comment({"cooling_energy", "J", "cooling energy", "site", site_column(&SiteAccumulator::cooling_j)},
                   "cooling plant energy; NaN with a constant PUE"));
  vars.push_back(with_comment(
      {"distribution_loss_energy", "J", "distribution losses", "site", site_column(&SiteAccumulator::distribution_j)},
      "UPS and PDU losses; NaN with a constant PUE"));
  vars.push_back(
      with_comment({"other_energy", "J", "other facility energy", "site", site_column(&SiteAccumulator::other_j)},
                   "lighting and other fixed loads; NaN with a constant PUE"));
  vars.push_back(with_comment({"emissions", "kg", "emissions", "site", site_column(&SiteAccumulator::emissions_kg)},
                              "operational CO2e, location-based"));
  vars.push_back(with_comment(
      {"marginal_emissions", "kg", "marginal emissions", "site", site_column(&SiteAccumulator::marginal_emissions_kg)},
      "consequential CO2e at the grid's marginal intensity; NaN if none is given"));
  vars.push_back(with_comment(
      {"market_emissions", "kg", "market-based emissions", "site", site_column(&SiteAccumulator::market_emissions_kg)},
      "market-based CO2e; NaN if no market-based intensity is given"));
  vars.push_back(
      with_comment({"water_onsite", "m^3", "on-site water", "site", site_column(&SiteAccumulator::onsite_water_m3)},
                   "water consumed on site (cooling towers)"));
  vars.push_back(
      with_comment({"water_offsite", "m^3", "off-site water", "site", site_column(&SiteAccumulator::offsite_water_m3)},
                   "water consumed to generate the electricity"));
  vars.push_back(
      with_comment({"mean_pue", "1", "mean PUE", "site",
                    column(report.sites, [](const SiteTotals& s) { return s.sums.facility_j / s.sums.it_j; })},
                   "facility / IT energy over the run"));
  vars.push_back(with_comment(
      {"wue", "L/(kW h)", "WUE", "site",
       column(report.sites,
              [](const SiteTotals& s) { return s.sums.onsite_water_m3 * 1000.0 / (s.sums.it_j / 3.6e6); })},
      "water usage effectiveness: on-site water per IT energy over the run"));
  vars.push_back(with_comment(
      {"site_embodied_emissions", "kg", "site embodied emissions", "site",
       column(report.sites, [&](const SiteTotals& s) { return site_embodied_kg(report, s.name); })},
      "embodied CO2e of the site's installed hardware, amortised over the run (the sum of its clusters')"));
  vars.push_back(with_comment(
      {"total_emissions", "kg", "total emissions", "site",
       column(report.sites,
              [&](const SiteTotals& s) { return s.sums.emissions_kg + site_embodied_kg(report, s.name); })},
      "operational (location-based) plus embodied CO2e over the run"));
}

// The totals of each workload: its share of the energy, emissions and water, its times and its progress.
void add_workload_summary(const RunReport& report, std::vector<LabelDimension>& dims,
                          std::vector<SummaryVariable>& vars) {
  if (report.workloads.empty()) return;
  dims.push_back({"workload", names_of(report.workloads), "workload"});
  const auto& w = report.workloads;
  vars.push_back(with_comment({"workload_energy", "J", "workload IT energy", "workload",
                               column(w, [](const WorkloadTotals& x) { return x.it_energy_j; })},
                              "IT energy of the servers the workload occupied"));
  vars.push_back(
      with_comment({"workload_energy_reserved_idle", "J", "workload reserved idle energy", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.reserved_idle_it_energy_j; })},
                   "part of workload_energy that is the idle floor of the servers it held (reserved, idle or not)"));
  vars.push_back(with_comment({"workload_facility_energy", "J", "workload facility energy", "workload",
                               column(w, [](const WorkloadTotals& x) { return x.facility_energy_j; })},
                              "facility energy attributed to the workload: its IT energy x the PUE of each interval"));
  vars.push_back(with_comment({"workload_emissions", "kg", "workload emissions", "workload",
                               column(w, [](const WorkloadTotals& x) { return x.emissions_kg; })},
                              "operational CO2e of the workload, location-based"));
  vars.push_back(with_comment({"workload_water", "m^3", "workload water", "workload",
                               column(w, [](const WorkloadTotals& x) { return x.water_m3; })},
                              "on-site and off-site water attributed to the workload"));
  vars.push_back(with_comment({"workload_embodied_emissions", "kg", "workload embodied emissions", "workload",
                               column(w, [](const WorkloadTotals& x) { return x.embodied_kg; })},
                              "embodied CO2e of the accelerator-hours held, over lifetime x utilisation"));
  vars.push_back(
      with_comment({"emissions_if_run_at_once", "kg", "emissions if run at once", "workload",
                    column(w, [](const WorkloadTotals& x) { return x.emissions_if_run_at_once_kg; })},
                   "the workload's facility energy at the grid intensity from its submission on; NaN if unknown"));
  vars.push_back(with_comment(
      {"deferral", "s", "deferral", "workload", column(w, [](const WorkloadTotals& x) { return x.deferral_s; })},
      "time a deferrable workload waited for low-carbon hours"));
  vars.push_back(with_comment({"gpu_hours", "hour", "accelerator-hours", "workload",
                               column(w, [](const WorkloadTotals& x) { return x.accelerator_hours; })},
                              "accelerator-hours occupied"));
  vars.push_back(with_comment(
      {"submit_time", "s", "submit time", "workload", column(w, [](const WorkloadTotals& x) { return x.submitted_s; })},
      "submission time after the scenario start"));
  vars.push_back(with_comment(
      {"start_time", "s", "start time", "workload", column(w, [](const WorkloadTotals& x) { return x.started_s; })},
      "start time after the scenario start; NaN: never started"));
  vars.push_back(with_comment(
      {"end_time", "s", "end time", "workload", column(w, [](const WorkloadTotals& x) { return x.finished_s; })},
      "end time after the scenario start; NaN: unfinished at the horizon"));
  vars.push_back(with_comment(
      {"queue_wait", "s", "queue wait", "workload", column(w, [](const WorkloadTotals& x) { return x.queue_wait_s; })},
      "time waiting for servers"));
  vars.push_back(with_comment(
      {"progress", "1", "progress", "workload", column(w, [](const WorkloadTotals& x) { return x.progress; })},
      "fraction of the workload's work done"));
  vars.push_back(with_comment(
      {"failures", "1", "failures", "workload", column(w, [](const WorkloadTotals& x) { return x.failures; })},
      "failures of the workload (training with an mtbf)"));
  vars.push_back(with_comment({"lost_gpu_hours", "hour", "lost accelerator-hours", "workload",
                               column(w, [](const WorkloadTotals& x) { return x.lost_accelerator_hours; })},
                              "accelerator-hours lost to failures: work since the last checkpoint and restart delays"));
  vars.push_back(with_comment({"checkpoint_gpu_hours", "hour", "checkpoint accelerator-hours", "workload",
                               column(w, [](const WorkloadTotals& x) { return x.checkpoint_accelerator_hours; })},
                              "accelerator-hours writing checkpoints"));
}

}  // namespace

double site_embodied_kg(const RunReport& report, const std::string& site) {
  double embodied_kg = 0.0;
  for (const auto& cluster : report.clusters) {
    if (cluster.site == site) embodied_kg += cluster.embodied_kg;
  }
  return embodied_kg;
}

ServiceEnergy service_energy(const RunReport& report, const ServiceReport& service) {
  const WorkloadTotals& workload = report.workloads[service.workload];
  const double served = service.totals.served;
  ServiceEnergy e;
  e.per_request_j = per_unit(workload.facility_energy_j, served);
  e.it_per_request_j = per_unit(workload.it_energy_j, served);
  e.per_1k_tokens_j = per_unit(workload.facility_energy_j, service.totals.tokens_served / 1000.0);
  e.per_image_j = per_unit(workload.facility_energy_j, served * service.output.images);
  e.per_video_second_j = per_unit(workload.facility_energy_j, service.totals.video_s_served);
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
  vars.push_back(with_comment(
      {"modality", "", "modality", "service",
       column(s, [](const ServiceReport& x) { return static_cast<double>(x.modality); }), modality_names()},
      "modality of the service's output"));
  vars.push_back(with_comment(
      {"fidelity", "", "fidelity", "service",
       column(s, [](const ServiceReport& x) { return static_cast<double>(x.fidelity); }), reported_fidelity_names()},
      "fidelity of the service's simulation"));
  vars.push_back({"requests_arrived", "1", "requests arrived", "service",
                  totals([](const ServiceTotals& t) { return t.arrived; })});
  vars.push_back(with_comment(
      {"requests_served", "1", "requests served", "service", totals([](const ServiceTotals& t) { return t.served; })},
      "requests completed"));
  vars.push_back(with_comment({"requests_waiting", "1", "requests waiting", "service",
                               totals([](const ServiceTotals& t) { return t.queue_length; })},
                              "requests still waiting at the end (batch and fluid fidelity: the backlog)"));
  // Request and iteration fidelity count each request's own output; batch and fluid the mean request's.
  vars.push_back(with_comment({"output_tokens", "1", "output tokens", "service",
                               totals([](const ServiceTotals& t) { return t.tokens_served; })},
                              "output tokens generated"));
  vars.push_back(with_comment({"images", "1", "images", "service",
                               column(s, [](const ServiceReport& x) { return x.totals.served * x.output.images; })},
                              "images generated"));
  vars.push_back(with_comment({"video_seconds", "s", "video seconds", "service",
                               totals([](const ServiceTotals& t) { return t.video_s_served; })},
                              "seconds of video generated"));
  vars.push_back(with_comment(
      {"energy_per_request", "J", "energy per request", "service", energies(&ServiceEnergy::per_request_j)},
      "facility energy per completed request, idle time included"));
  vars.push_back(with_comment(
      {"it_energy_per_request", "J", "IT energy per request", "service", energies(&ServiceEnergy::it_per_request_j)},
      "IT energy (accelerators and servers) per completed request"));
  vars.push_back(with_comment(
      {"energy_per_1k_tokens", "J", "energy per 1k tokens", "service", energies(&ServiceEnergy::per_1k_tokens_j)},
      "facility energy per 1,000 output tokens; NaN if none"));
  vars.push_back(
      with_comment({"energy_per_image", "J", "energy per image", "service", energies(&ServiceEnergy::per_image_j)},
                   "facility energy per image; NaN if none"));
  vars.push_back(with_comment({"energy_per_video_second", "J", "energy per video second", "service",
                               energies(&ServiceEnergy::per_video_second_j)},
                              "facility energy per second of video; NaN if none"));
  vars.push_back(with_comment({"emissions_per_request", "kg", "emissions per request", "service",
                               energies(&ServiceEnergy::emissions_per_request_kg)},
                              "operational CO2e per completed request"));
  vars.push_back(with_comment({"energy_stars", "1", "energy stars", "service", energies(&ServiceEnergy::stars)},
                              "energy rating, 1 (hungry) to 5 (frugal) stars (README, energy rating)"));
  vars.push_back(with_comment(
      {"latency_mean", "s", "mean latency", "service", totals([](const ServiceTotals& t) { return t.latency_mean_s; })},
      "mean latency, arrival to completion"));
  vars.push_back(with_comment(
      {"latency_p50", "s", "median latency", "service", totals([](const ServiceTotals& t) { return t.latency_p50_s; })},
      "median latency; NaN below request fidelity"));
  vars.push_back(with_comment(
      {"latency_p99", "s", "p99 latency", "service", totals([](const ServiceTotals& t) { return t.latency_p99_s; })},
      "99th-percentile latency; NaN below request fidelity"));
  vars.push_back(with_comment({"replica_hours", "hour", "replica-hours", "service",
                               totals([](const ServiceTotals& t) { return t.replica_hours; })},
                              "serving replica-hours"));
  vars.push_back(with_comment({"busy_fraction", "1", "busy fraction", "service",
                               totals([](const ServiceTotals& t) { return t.busy_fraction; })},
                              "share of serving replica-time holding at least one request"));
}

SummaryLayout summary_layout(const RunReport& report) {
  SummaryLayout layout;
  add_cluster_summary(report, layout.dims, layout.vars);
  add_site_summary(report, layout.dims, layout.vars);
  add_workload_summary(report, layout.dims, layout.vars);
  add_supply_summary(report, layout.dims, layout.vars);
  add_service_summary(report, layout.dims, layout.vars);
  add_token_latency_summary(report, layout.vars);
  return layout;
}

void write_summary(Hdf5Writer& writer, const RunReport& report) {
  SummaryLayout layout = summary_layout(report);
  writer.write_summary(std::move(layout.dims), std::move(layout.vars));
}

}  // namespace terawatt
