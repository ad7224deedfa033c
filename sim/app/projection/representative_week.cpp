#include "sim/app/projection/representative_week.hpp"

#include "models/facility/climate.hpp"
#include "sim/scenario/projection_run_parts.hpp"

#include <stdexcept>

namespace terawatt {
namespace {

constexpr double seconds_per_day = 86400.0;
// MFU of the representative jobs. It sets only how many FLOPs fill the intended busy time; power depends on the kind
// of work, not on FLOPs, so any value in (0, 1] gives the same energy.
constexpr double representative_mfu = 0.5;

// One job a day that keeps every server of the cluster busy for utilisation x 24 h from the day's start.
void add_training_jobs(Scenario& week, const ProjectionScenario& scenario, const Representative& rep,
                       std::size_t cluster_index) {
  const Cluster& cluster = week.clusters[cluster_index];
  const double flop_per_s =
      static_cast<double>(cluster.accelerators()) * cluster.accelerator.peak_flop_per_s * representative_mfu;
  const int days = static_cast<int>(scenario.representative.duration_s / seconds_per_day);
  for (int d = 0; d < days; ++d) {
    week.training_jobs.push_back(representative_training_job(
        cluster.name + "-" + std::to_string(d), cluster, cluster_index, rep.utilisation * seconds_per_day * flop_per_s,
        representative_mfu, d * seconds_per_day));
  }
}

// The segment's service at a mean demand of utilisation x what the replicas serve at a full batch, shaped by the
// daily profile in the region's local time.
void add_service(Scenario& week, const ProjectionScenario& scenario, const Representative& rep,
                 std::size_t cluster_index) {
  const GenerationSetup& g = scenario.segments[rep.segment].generations[rep.generation];
  const Cluster& cluster = week.clusters[cluster_index];
  const double requests_per_day =
      rep.utilisation * g.replica_capacity_per_s * static_cast<double>(g.replicas) * seconds_per_day;
  week.services.push_back(representative_service(g.service, cluster.name, cluster, cluster_index, requests_per_day,
                                                 scenario.representative.daily_shape,
                                                 find_climate(scenario.climates[rep.region])->utc_offset_h));
}

}  // namespace

Scenario representative_week_scenario(const ProjectionScenario& scenario, const std::vector<Representative>& reps,
                                      int week, double start_epoch_s) {
  const RepresentativeSettings& settings = scenario.representative;
  Scenario run;
  run.source_file = scenario.source_file;
  run.info.name = scenario.name + "-week-" + std::to_string(week + 1);
  run.info.description = "representative week " + std::to_string(week + 1) + " of projection '" + scenario.name + "'";
  run.info.start_epoch_s = start_epoch_s;
  run.info.duration_s = settings.duration_s;
  run.info.sample_interval_s = settings.sample_interval_s;
  run.info.seed = scenario.seed;
  std::vector<std::size_t> simulated;
  for (std::size_t i = 0; i < reps.size(); ++i) {
    if (!reps[i].simulated) continue;
    const std::string name = "r" + std::to_string(i);
    const std::size_t index = simulated.size();
    run.clusters.push_back(representative_cluster(
        name, name, index, scenario.segments[reps[i].segment].generations[reps[i].generation], settings));
    simulated.push_back(i);
  }
  // Sites once every cluster is known: a site's plant is sized by the clusters it houses.
  for (std::size_t index = 0; index < simulated.size(); ++index) {
    const Representative& rep = reps[simulated[index]];
    run.sites.push_back(representative_site(run.clusters[index].name, scenario.segments[rep.segment].facility,
                                            scenario.climates[rep.region], run.info, run.clusters, index,
                                            scenario.hardware));
  }
  for (std::size_t index = 0; index < simulated.size(); ++index) {
    const Representative& rep = reps[simulated[index]];
    if (scenario.segments[rep.segment].kind == SegmentKind::inference) {
      add_service(run, scenario, rep, index);
    } else {
      add_training_jobs(run, scenario, rep, index);
    }
  }
  return run;
}

std::vector<double> representative_week_figures(const Scenario& week, const RunReport& report) {
  std::vector<double> figures;
  for (std::size_t i = 0; i < week.clusters.size(); ++i) {
    const Cluster& cluster = week.clusters[i];
    if (report.clusters.at(i).name != cluster.name || report.sites.at(cluster.site_index).name != cluster.site) {
      throw std::logic_error("the run report does not list the clusters and sites in scenario order");
    }
    figures.push_back(report.clusters[i].it_energy_j / report.end_s);
    figures.push_back(report.sites[cluster.site_index].sums.facility_j);
  }
  return figures;
}

}  // namespace terawatt
