#include "sim/app/uncertainty/sample_sweep.hpp"

#include "sim/app/sweep/sweep_outputs.hpp"
#include "sim/app/sweep/sweep_plan.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace terawatt {
namespace {

namespace fs = std::filesystem;

// The key that labels each sample's point ("uncertainty sample 3 of 200"). It changes nothing the simulation
// computes, and it keeps every point distinct where the inputs are choices that repeat across samples (a sweep
// refuses the same point twice).
constexpr const char* label_key = "scenario.description";

std::pair<std::string, std::string> split_override(const std::string& override_text) {
  const auto at = override_text.find('=');
  if (at == std::string::npos) return {override_text, ""};
  std::string value = override_text.substr(at + 1);
  // A sweep writes a value that YAML would read as something else in double quotes: compare what YAML reads.
  try {
    const YAML::Node node = YAML::Load(value);
    if (node.IsScalar()) value = node.Scalar();
  } catch (const YAML::Exception&) {
  }
  return {override_text.substr(0, at), value};
}

std::string sample_label(std::size_t s, std::size_t count) {
  return "uncertainty sample " + std::to_string(s) + " of " + std::to_string(count);
}

std::string sweep_dir(const RunCommandOptions& options) {
  return !options.samples_sweep_dir.empty() ? options.samples_sweep_dir : options.samples_from_sweep_dir;
}

}  // namespace

std::string sample_sweep_yaml(const RunCommandOptions& options, const SamplePlan& plan, const std::string& name) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "sweep" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << name + "-samples";
  out << YAML::Key << "scenario" << YAML::Value << fs::absolute(options.scenario_path).lexically_normal().string();
  out << YAML::EndMap;
  if (!options.overrides.empty()) {
    out << YAML::Key << "set" << YAML::Value << YAML::BeginMap;
    for (const std::string& o : options.overrides) {
      const auto [key, value] = split_override(o);
      out << YAML::Key << key << YAML::Value << value;
    }
    out << YAML::EndMap;
  }
  out << YAML::Key << "axes" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
  out << YAML::Key << label_key << YAML::Value << YAML::BeginSeq;
  for (std::size_t s = 0; s < plan.overrides.size(); ++s) out << sample_label(s, plan.overrides.size());
  out << YAML::EndSeq;
  for (std::size_t i = 0; i < plan.inputs.size(); ++i) {
    out << YAML::Key << plan.inputs[i].path << YAML::Value << YAML::BeginSeq;
    for (const auto& sample : plan.overrides) out << split_override(sample[i]).second;
    out << YAML::EndSeq;
  }
  out << YAML::EndMap << YAML::EndSeq;
  // For `terawatt collect`'s table: the bands come from each point's whole /summary (--from-sweep).
  out << YAML::Key << "metrics" << YAML::Value << YAML::Flow << YAML::BeginSeq << "facility_energy" << YAML::EndSeq;
  out << YAML::EndMap;
  std::string comments;
  std::istringstream lines(sample_sweep_instructions(options, plan));
  for (std::string line; std::getline(lines, line);) comments += "# " + line + "\n";
  return comments + out.c_str() + "\n";
}

std::string sample_sweep_instructions(const RunCommandOptions& options, const SamplePlan& plan) {
  const std::string dir = sweep_dir(options);
  std::string catalogs;
  for (const std::string& c : options.catalog_files) catalogs += " --catalog " + c;
  const std::string count = std::to_string(plan.overrides.size());
  return "The " + count + " Latin hypercube samples of " + options.scenario_path +
         " as a sweep (README, Uncertainty). Run it here or on Slurm:\n" + "  terawatt sweep " + dir +
         "/samples.yaml -o " + dir + catalogs + " --jobs J\n" + "  terawatt sweep " + dir + "/samples.yaml -o " + dir +
         catalogs + " --slurm --submit\n" +
         "then read the bands, with the same scenario, --set overrides and sample count:\n" + "  terawatt run " +
         options.scenario_path + " --samples " + count + " --from-sweep " + dir + " -o BANDS.h5\n";
}

std::string write_sample_sweep(const RunCommandOptions& options, const SamplePlan& plan, const std::string& name) {
  const std::string dir = sweep_dir(options);
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw std::runtime_error(dir + ": cannot create the directory: " + error.message());
  std::string path = dir + "/samples.yaml";
  write_file_atomically(path, sample_sweep_yaml(options, plan, name));
  return path;
}

std::vector<std::vector<PointSummaryVariable>> read_sample_sweep(const RunCommandOptions& options,
                                                                 const SamplePlan& plan) {
  const SweepLayout layout(sweep_dir(options));
  const SweepPlan sweep = read_plan_file(layout.plan_path());
  const auto refuse = [&](const std::string& problem) {
    throw SampleSweepMismatch(layout.plan_path() + ": " + problem +
                              " (expected the sweep that --as-sweep wrote for this scenario, --set overrides, seed "
                              "and --samples, run with terawatt sweep -o " +
                              layout.dir() + ")");
  };
  std::vector<std::string> parameters{label_key};
  for (const auto& input : plan.inputs) parameters.push_back(input.path);
  if (sweep.parameters != parameters) refuse("its swept keys are not this scenario's distributions");
  if (sweep.points.size() != plan.overrides.size()) {
    refuse("it has " + std::to_string(sweep.points.size()) + " points, not " + std::to_string(plan.overrides.size()));
  }
  std::vector<std::pair<std::string, std::string>> given;
  for (const std::string& o : options.overrides) given.push_back(split_override(o));
  std::vector<std::vector<PointSummaryVariable>> summaries;
  std::string not_done;  // the first few of them, by name
  std::size_t not_done_count = 0;
  constexpr std::size_t listed = 10;
  for (std::size_t s = 0; s < sweep.points.size(); ++s) {
    const SweepPoint& point = sweep.points[s];
    std::vector<std::string> expected{sample_label(s, plan.overrides.size())};
    for (const std::string& o : plan.overrides[s]) expected.push_back(split_override(o).second);
    if (point.values != expected) refuse("point " + point.name + " is not sample " + std::to_string(s));
    std::vector<std::pair<std::string, std::string>> set;
    for (std::size_t i = 0; i + parameters.size() < point.overrides.size(); ++i) {
      set.push_back(split_override(point.overrides[i]));
    }
    if (set != given) refuse("point " + point.name + " has other --set overrides than this run");
    const PointState state = point_state(layout, sweep, point);
    if (state != PointState::done) {
      if (++not_done_count <= listed) {
        not_done += (not_done.empty() ? "" : ", ") + point.name + " (" + point_state_name(state) + ")";
      }
      continue;
    }
    summaries.push_back(read_point_summary(layout.output_path(point.name)));
  }
  if (not_done_count > 0) {
    const std::string more = not_done_count > listed ? ", ..." : "";
    throw std::runtime_error(layout.dir() + ": " + std::to_string(not_done_count) + " of " +
                             std::to_string(sweep.points.size()) + " samples are not done: " + not_done + more +
                             " (expected the sweep run to its end; run it again to resume it)");
  }
  return summaries;
}

}  // namespace terawatt
