#include "sim/scenario/scenario_loader.hpp"

#include "models/base/nearest_name.hpp"
#include "sim/scenario/actor_limit.hpp"
#include "sim/scenario/cluster_reader.hpp"
#include "sim/scenario/hardware_reader.hpp"
#include "sim/scenario/held_work_reader.hpp"
#include "sim/scenario/inference_reader.hpp"
#include "sim/scenario/input_correlations.hpp"
#include "sim/scenario/input_distributions.hpp"
#include "sim/scenario/scenario_limits.hpp"
#include "sim/scenario/scenario_override.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/site_reader.hpp"
#include "sim/scenario/supply_reader.hpp"
#include "sim/scenario/training_reader.hpp"
#include "sim/scenario/training_trace_reader.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

namespace terawatt {
namespace {

ScenarioInfo read_info(const MapReader& map) {
  const auto& spec = scenario_section();
  ScenarioInfo info;
  info.name = *map.name(spec.key("name"));
  info.description = map.text(spec.key("description")).value_or("");
  info.start_epoch_s = *map.timestamp(spec.key("start"));
  info.duration_s = map.positive_quantity(spec.key("duration"));
  info.sample_interval_s = *map.positive_quantity(spec.key("sample_interval"));
  info.seed = static_cast<std::uint64_t>(*map.count(spec.key("seed")));
  const auto require_resolvable = [&map](const char* key, std::optional<double> value_s) {
    if (value_s && *value_s < min_interval_s) {
      map.fail(key, short_number(*value_s) +
                        " s is shorter than 1 us, the finest time a run resolves (times are "
                        "seconds since 1970, 2.4e-7 s apart in 2024; expected at least 1 us)");
    }
  };
  require_resolvable("duration", info.duration_s);
  require_resolvable("sample_interval", info.sample_interval_s);
  if (info.duration_s && *info.duration_s / info.sample_interval_s > max_samples) {
    map.fail("sample_interval", "gives more than 1e8 samples over the duration (expected a longer interval)");
  }
  return info;
}

Site read_site_name(const MapReader& map) {
  Site site;
  site.name = *map.name(site_section().key("name"));
  return site;
}

// A workload that holds servers for a time known before the run: a training job (its mean run), an offline batch job
// (its run in full batches) or servers at a given power (their duration).
struct TimedWork {
  const std::string* name;
  std::size_t cluster_index;
  double start_s;
  double run_s;
  double share;  // of its cluster's servers
};

std::vector<TimedWork> timed_work(const Scenario& scenario) {
  std::vector<TimedWork> work;
  for (const auto& job : scenario.training_jobs) {
    const Cluster& cluster = scenario.clusters[job.cluster_index];
    work.push_back({&job.name, job.cluster_index, job.start_s, mean_run_s(job, cluster),
                    static_cast<double>(job.accelerators) / static_cast<double>(cluster.accelerators())});
  }
  for (const auto& job : scenario.offline_jobs) {
    const Cluster& cluster = scenario.clusters[job.cluster_index];
    work.push_back({&job.name, job.cluster_index, job.start_s, job.run_s,
                    static_cast<double>(job.hosts) / static_cast<double>(cluster.hosts())});
  }
  for (const auto& load : scenario.given_loads) {
    const Cluster& cluster = scenario.clusters[load.cluster_index];
    work.push_back({&load.name, load.cluster_index, load.start_s, load.duration_s.value_or(0.0),
                    static_cast<double>(load.servers) / static_cast<double>(cluster.servers)});
  }
  return work;
}

// Without a duration the run ends when the last workload does. Workloads on one cluster run at worst one after the
// other (the queue, FIFO with EASY backfill, never leaves a cluster idle while a job waits), so the last start plus the
// sum of the run times bounds the end; a typo in flops, mfu or start would otherwise run for ages and fill the disk
// with samples. Jobs that fail count with their mean run: random runs may be longer, but a job whose mean run is absurd
// (an mtbf far below its checkpoint interval) is caught.
void check_natural_end(const YamlSource& context, const YAML::Node& scenario_node, const Scenario& scenario) {
  std::vector<double> last_start(scenario.clusters.size(), 0.0);
  std::vector<double> busy(scenario.clusters.size(), 0.0);
  const std::vector<TimedWork> all = timed_work(scenario);
  const TimedWork* longest = nullptr;
  for (const TimedWork& work : all) {
    last_start[work.cluster_index] = std::max(last_start[work.cluster_index], work.start_s);
    busy[work.cluster_index] += work.run_s;
    if (!longest || work.run_s > longest->run_s) longest = &work;
  }
  double end_s = 0.0;
  for (std::size_t c = 0; c < scenario.clusters.size(); ++c) end_s = std::max(end_s, last_start[c] + busy[c]);
  if (!(end_s / scenario.info.sample_interval_s <= max_samples)) {
    context.fail(scenario_node, "scenario.duration",
                 "missing, and the workloads may run until " + short_number(end_s) + " s (workload '" + *longest->name +
                     "' alone takes " + short_number(longest->run_s) + " s), more than 1e8 samples of " +
                     short_number(scenario.info.sample_interval_s) +
                     " s (expected a duration to cut the run, a longer sample_interval, or smaller workloads)");
  }
}

// Without a duration, an estimate of when the last workload ends, for the size of the output: on each cluster the last
// start plus the work spread over all its servers (each run times its share of the cluster), plus the longest run for
// the work that cannot share. Not a bound (a queue of wide jobs leaves servers idle), but within a small factor of the
// end where the bound above, the runs one after the other, can be thousands of times too long.
double estimated_natural_end_s(const Scenario& scenario) {
  std::vector<double> last_start(scenario.clusters.size(), 0.0);
  std::vector<double> spread(scenario.clusters.size(), 0.0);
  std::vector<double> longest(scenario.clusters.size(), 0.0);
  for (const TimedWork& work : timed_work(scenario)) {
    last_start[work.cluster_index] = std::max(last_start[work.cluster_index], work.start_s);
    spread[work.cluster_index] += work.run_s * work.share;
    longest[work.cluster_index] = std::max(longest[work.cluster_index], work.run_s);
  }
  double end_s = 0.0;
  for (std::size_t c = 0; c < scenario.clusters.size(); ++c) {
    end_s = std::max(end_s, last_start[c] + spread[c] + longest[c]);
  }
  return end_s;
}

template <typename Item>
void require_unique_names(const YamlSource& context, const YAML::Node& list, const std::string& path,
                          const std::vector<Item>& items) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!seen.insert(items[i].name).second) {
      context.fail(list[i]["name"], path + "." + std::to_string(i) + ".name",
                   "duplicate name '" + items[i].name + "' (expected names unique within " + path + ")");
    }
  }
}

YAML::Node require_list(const YamlSource& context, const MapReader& root, const std::string& key, bool required) {
  if (!root.has(key)) {
    if (required) context.fail(root.node(), key, "missing required list (expected at least one entry)");
    return YAML::Node(YAML::NodeType::Sequence);
  }
  YAML::Node list = root.child(key);
  if (!list.IsSequence()) context.fail(list, key, "expected a list of mappings, found " + node_kind(list));
  if (required && list.size() == 0) context.fail(list, key, "empty list (expected at least one entry)");
  return list;
}

// The clusters, checked against the bound on simulated hosts.
std::vector<Cluster> read_clusters(const YamlSource& context, const MapReader& root, const std::vector<Site>& sites,
                                   const HardwareCatalog& hardware) {
  const YAML::Node clusters = require_list(context, root, "clusters", true);
  std::vector<Cluster> read;
  std::int64_t hosts = 0;
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    const MapReader map(context, clusters[i], "clusters." + element_segment(clusters[i], i), cluster_section());
    read.push_back(read_cluster(context, map, sites, hardware));
    const Cluster& cluster = read.back();
    hosts += cluster.hosts();  // at most max_hosts + one cluster's hosts: no overflow
    if (hosts > max_hosts) {
      map.fail("servers", std::to_string(cluster.servers) + " servers at " + std::to_string(cluster.servers_per_host) +
                              " per host bring the scenario to " + std::to_string(hosts) +
                              " simulated hosts, more than the " + std::to_string(max_hosts) +
                              " one run can hold (expected fewer hosts: set servers_per_host to let one host stand "
                              "for several identical servers)");
    }
  }
  require_unique_names(context, clusters, "clusters", read);
  return read;
}

// The section a workload's keys are checked against, chosen by its `type` (training's for any other, which then
// fails on the type with the list of types).
const SectionSpec& section_of_type(const std::string& type) {
  if (type == "inference") return inference_section();
  if (type == "training_trace") return training_trace_section();
  if (type == "offline_inference") return offline_inference_section();
  if (type == "given_power") return given_power_section();
  return workload_section();
}

// The workloads (training jobs, inference services, offline batch jobs, servers at a given power), by their type.
void read_workloads(const YamlSource& context, const MapReader& root, const std::string& base_dir, Scenario& scenario) {
  const YAML::Node workloads = require_list(context, root, "workloads", false);
  struct Named {
    std::string name;
  };
  std::vector<Named> workload_names;
  for (std::size_t i = 0; i < workloads.size(); ++i) {
    const std::string path = "workloads." + element_segment(workloads[i], i);
    // The type selects the section the other keys are checked against.
    const YAML::Node type_node = workloads[i].IsMap() ? workloads[i]["type"] : YAML::Node();
    const std::string type_given = type_node && type_node.IsScalar() ? type_node.Scalar() : std::string();
    const SectionSpec& section = section_of_type(type_given);
    const MapReader map(context, workloads[i], path, section);
    const std::string type = *map.name(workload_section().key("type"));
    if (&section == &inference_section()) {
      scenario.services.push_back(read_inference(context, map, scenario.clusters, scenario.info, base_dir));
      workload_names.push_back({scenario.services.back().name});
      continue;
    }
    if (&section == &training_trace_section()) {
      read_training_trace(map, base_dir, scenario);
      workload_names.push_back({scenario.training_traces.back().workload});
      continue;
    }
    if (&section == &offline_inference_section()) {
      scenario.offline_jobs.push_back(read_offline_inference(context, map, scenario.clusters));
      workload_names.push_back({scenario.offline_jobs.back().name});
      continue;
    }
    if (&section == &given_power_section()) {
      scenario.given_loads.push_back(read_given_power(map, scenario.clusters, scenario.info));
      workload_names.push_back({scenario.given_loads.back().name});
      continue;
    }
    if (type != "training") {
      const std::vector<std::string> types{"training", "inference", "training_trace", "offline_inference",
                                           "given_power"};
      map.fail("type", "unknown workload type '" + type + "'" + did_you_mean(type, types) +
                           " (expected one of: " + join(types) + ")");
    }
    scenario.training_jobs.push_back(read_training_job(context, map, scenario.clusters, scenario.info));
    workload_names.push_back({scenario.training_jobs.back().name});
  }
  require_unique_names(context, workloads, "workloads", workload_names);
}

// The root mapping of a scenario document, after the overrides: the keys a simulation reads.
MapReader read_root(YamlSource& context, YAML::Node& document, const std::string& display_name,
                    const std::vector<std::string>& overrides, std::vector<std::string>& central_values) {
  if (!document || document.IsNull()) {
    throw ScenarioError(display_name, "", "the file is empty (expected keys: " + join(top_level_keys()) + ")");
  }
  if (!document.IsMap()) context.fail(document, "", "expected a mapping with keys: " + join(top_level_keys()));
  for (const auto& text : overrides) context.add_override(apply_scenario_override(document, text), text);

  // A validation case (scenarios/validation/) is a scenario plus the published figures it must reproduce, under
  // `expected`, which `terawatt validate` reads (sim/app/validate/validation_case.hpp). A run ignores them, so that
  // every case is also a scenario that `terawatt run` runs as it is.
  if (document.IsMap()) document.remove("expected");
  // Values given as distributions run at their central values; `--samples` draws them (sim/app/uncertainty/).
  const std::vector<InputDistribution> distributions = find_input_distributions(context, document);
  (void)read_input_correlations(context, document, distributions);  // checked here; drawn by --samples
  central_values = resolve_input_distributions(document, distributions);
  MapReader root(context, document, "", top_level_keys());
  // `projection` is the section of projection files, which `terawatt run` tells apart by it (sim/projection_loader
  // .cpp); a simulation meets it only from an override or from a caller that reads every file as a simulation.
  if (root.has("projection")) {
    root.fail("projection",
              "belongs to projection files, not to a simulation scenario (expected a projection file "
              "with scenario and projection only, or a simulation with sites, clusters and workloads)");
  }
  if (!root.has("scenario"))
    context.fail(document, "scenario", "missing required section (expected a mapping with name)");
  return root;
}

Scenario parse(YAML::Node document, const std::string& display_name, const std::vector<std::string>& overrides,
               const std::vector<std::string>& catalog_files) {
  YamlSource context(display_name);
  Scenario scenario;
  const MapReader root = read_root(context, document, display_name, overrides, scenario.central_values);
  scenario.source_file = display_name;
  scenario.info = read_info(MapReader(context, root.child("scenario"), "scenario", scenario_section()));

  const YAML::Node sites = require_list(context, root, "sites", true);
  std::vector<MapReader> site_maps;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    site_maps.emplace_back(context, sites[i], "sites." + element_segment(sites[i], i), site_section());
    scenario.sites.push_back(read_site_name(site_maps.back()));
  }
  require_unique_names(context, sites, "sites", scenario.sites);
  const std::string base_dir = scenario_base_dir(display_name);
  ScenarioHardware hardware = read_scenario_hardware(context, root, base_dir, catalog_files);
  scenario.declared_hardware = std::move(hardware.declared);
  scenario.clusters = read_clusters(context, root, scenario.sites, hardware.catalog);
  PriceFiles price_files;
  for (std::size_t i = 0; i < scenario.sites.size(); ++i) {
    read_site_environment(context, site_maps[i], scenario.info, scenario.clusters, i, base_dir, scenario.sites[i],
                          hardware.catalog);
    read_site_supply(context, site_maps[i], scenario.info, base_dir, scenario.sites[i], price_files);
  }
  read_workloads(context, root, base_dir, scenario);
  check_actor_limit(context, root.child("clusters"), scenario, system_max_map_count());

  if (!scenario.info.duration_s && scenario.training_jobs.empty() && scenario.offline_jobs.empty() &&
      scenario.given_loads.empty()) {
    context.fail(root.child("scenario"), "scenario.duration",
                 "missing: without workloads the run has no natural end (expected a duration such as 1 d)");
  }
  if (!scenario.info.duration_s) check_natural_end(context, root.child("scenario"), scenario);
  scenario.info.end_estimate_s =
      scenario.info.duration_s ? *scenario.info.duration_s : estimated_natural_end_s(scenario);
  // Without the key (its default applies) the location is the scenario section's.
  const YAML::Node scenario_node = root.child("scenario");
  const YAML::Node sample_interval_node = scenario_node["sample_interval"];
  scenario.info.sample_interval_location =
      context.location(sample_interval_node ? sample_interval_node : scenario_node, "scenario.sample_interval");
  return scenario;
}

}  // namespace

Scenario load_scenario_text(const std::string& yaml_text, const std::string& display_name,
                            const std::vector<std::string>& overrides, const std::vector<std::string>& catalog_files) {
  const YAML::Node document = load_yaml_document(yaml_text, display_name, "scenario");
  return parse(document, display_name, overrides, catalog_files);
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides,
                            const std::vector<std::string>& catalog_files) {
  return load_scenario_text(read_yaml_file(path, "scenario file"), path, overrides, catalog_files);
}

}  // namespace terawatt
