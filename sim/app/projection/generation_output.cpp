#include "sim/app/projection/generation_output.hpp"

#include "sim/scenario/projection_run_parts.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace terawatt {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The figures of one generation, as written and printed.
struct GenerationFigures {
  std::string label;  // segment.generation
  std::string accelerator;
  double accelerators = 0.0;
  double peak_flop_per_s = nan;  // per accelerator, dense 16-bit
  double bandwidth_bytes_per_s = nan;
  double tdp_w = nan;
  double host_idle_w = nan;
  double host_loaded_w = nan;
  double nameplate_w = 0.0;
  double peak_per_w() const { return accelerators * peak_flop_per_s / nameplate_w; }
  double bandwidth_per_w() const { return accelerators * bandwidth_bytes_per_s / nameplate_w; }
};

std::vector<GenerationFigures> generation_figures(const ProjectionScenario& scenario) {
  std::vector<GenerationFigures> all;
  for (std::size_t s = 0; s < scenario.segments.size(); ++s) {
    for (std::size_t g = 0; g < scenario.segments[s].generations.size(); ++g) {
      const GenerationSetup& setup = scenario.segments[s].generations[g];
      GenerationFigures f;
      f.label = scenario.model.segments[s].name + "." + scenario.model.segments[s].generations[g].name;
      f.nameplate_w = setup.max_w;
      if (setup.accelerator) {
        const HostPowerCurve& host = setup.host;
        f.accelerator = setup.accelerator->name;
        f.accelerators = static_cast<double>(setup.accelerators_per_server);
        f.peak_flop_per_s = setup.accelerator->peak_flop_per_s;
        f.bandwidth_bytes_per_s = setup.accelerator->hbm_bandwidth_bytes_per_s;
        f.tdp_w = setup.accelerator->tdp_w;
        f.host_idle_w = host.idle_w;
        f.host_loaded_w = host.loaded_w;
      }
      all.push_back(f);
    }
  }
  return all;
}

ArrayVariable per_generation(std::string name, std::string units, std::string long_name, std::vector<double> values,
                             std::string comment) {
  return {std::move(name),
          std::move(units),
          std::move(long_name),
          {"generation"},
          std::move(values),
          {},
          CfDescription{std::move(comment), "", ""}};
}

}  // namespace

void write_generations_group(Hdf5Writer& writer, const ProjectionScenario& scenario) {
  const std::vector<GenerationFigures> all = generation_figures(scenario);
  std::vector<std::string> labels, accelerators;
  std::vector<double> count, peak, bandwidth, tdp, host_idle, host_loaded, nameplate, peak_per_w, bandwidth_per_w;
  for (const GenerationFigures& f : all) {
    labels.push_back(f.label);
    accelerators.push_back(f.accelerator);
    count.push_back(f.accelerators);
    peak.push_back(f.peak_flop_per_s);
    bandwidth.push_back(f.bandwidth_bytes_per_s);
    tdp.push_back(f.tdp_w);
    host_idle.push_back(f.host_idle_w);
    host_loaded.push_back(f.host_loaded_w);
    nameplate.push_back(f.nameplate_w);
    peak_per_w.push_back(f.accelerators > 0.0 ? f.peak_per_w() : nan);
    bandwidth_per_w.push_back(f.accelerators > 0.0 ? f.bandwidth_per_w() : nan);
  }
  writer.write_group(
      "generations", {{"generation", labels, "segment.generation"}},
      {per_generation("accelerators_per_server", "1", "accelerators per server", count, "0 without accelerators"),
       per_generation("peak_flops", "s^-1", "peak FLOP/s per accelerator", peak,
                      "dense 16-bit tensor peak of one accelerator (catalog); NaN without accelerators"),
       per_generation("memory_bandwidth", "byte s^-1", "memory bandwidth per accelerator", bandwidth,
                      "HBM bandwidth of one accelerator (catalog); NaN without accelerators"),
       per_generation("accelerator_tdp", "W", "accelerator TDP", tdp, "board power limit (catalog)"),
       per_generation("host_idle_power", "W", "host idle power", host_idle,
                      "host (CPUs, memory, NICs, fans) with the accelerators idle; NaN without accelerators"),
       per_generation("host_loaded_power", "W", "host loaded power", host_loaded,
                      "host with the accelerators at TDP; NaN without accelerators"),
       per_generation("nameplate_power", "W", "nameplate power per server", nameplate,
                      "accelerated: the server's maximum; without accelerators: its power at 100 % utilisation"),
       per_generation("peak_flops_per_watt", "s^-1 W^-1", "peak FLOP/s per W of nameplate", peak_per_w,
                      "accelerators x peak FLOP/s / nameplate power; NaN without accelerators"),
       per_generation("memory_bandwidth_per_watt", "byte s^-1 W^-1", "memory bandwidth per W of nameplate",
                      bandwidth_per_w, "accelerators x HBM bandwidth / nameplate power; NaN without accelerators")});
  writer.write_coordinates("generations", {{"accelerator", "catalog accelerator", "generation", accelerators}});
}

void print_generations(std::ostream& out, const ProjectionScenario& scenario) {
  bool header = false;
  char line[200];
  for (const GenerationFigures& f : generation_figures(scenario)) {
    if (f.accelerators <= 0.0) continue;
    if (!header) {
      out << "\ngenerations (per server, at the nameplate)\n"
          << "generation                     accelerator          nameplate kW  TFLOP/s per kW  TB/s per kW  "
             "host idle-loaded kW\n";
      header = true;
    }
    constexpr double w_per_kw = 1e3;
    constexpr double per_tera = 1e-12;  // FLOP/s -> TFLOP/s, bytes/s -> TB/s
    std::snprintf(line, sizeof line, "%-30s %-20s %12.2f %15.0f %12.2f %9.2f-%.2f\n", f.label.c_str(),
                  (std::to_string(static_cast<int>(f.accelerators)) + " x " + f.accelerator).c_str(),
                  f.nameplate_w / w_per_kw, f.peak_per_w() * w_per_kw * per_tera,
                  f.bandwidth_per_w() * w_per_kw * per_tera, f.host_idle_w / w_per_kw, f.host_loaded_w / w_per_kw);
    out << line;
  }
}

}  // namespace terawatt
