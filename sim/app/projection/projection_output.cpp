#include "sim/app/projection/projection_output.hpp"

#include "sim/app/projection/generation_output.hpp"

#include "sim/record/provenance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <utility>

namespace terawatt {
namespace {

std::vector<std::string> year_labels(const ProjectionResult& result) {
  std::vector<std::string> labels;
  for (int y : result.years) labels.push_back(std::to_string(y));
  return labels;
}

// Sum over segments and regions of a variable for one year and case; NaN cells (not modelled) count as 0.
double total(const ProjectionResult& result, const std::vector<double>& values, std::size_t y, std::size_t c,
             std::size_t only_segment = static_cast<std::size_t>(-1)) {
  double sum = 0.0;
  for (std::size_t s = 0; s < result.segments.size(); ++s) {
    if (only_segment != static_cast<std::size_t>(-1) && s != only_segment) continue;
    for (std::size_t r = 0; r < result.regions.size(); ++r) {
      const double v = values[result.index(y, s, r, c)];
      if (std::isfinite(v)) sum += v;
    }
  }
  return sum;
}

// A variable of a projection group, its definition in full in the CF comment.
ArrayVariable described(std::string name, std::string units, std::string long_name, std::vector<std::string> dims,
                        std::vector<double> values, std::string comment) {
  return {std::move(name),
          std::move(units),
          std::move(long_name),
          std::move(dims),
          std::move(values),
          {},
          CfDescription{std::move(comment), "", ""}};
}

// "segment: unit; ..." for the demand-driven segments; empty without any.
std::string work_units_text(const ProjectionScenario& scenario) {
  std::string text;
  for (std::size_t s = 0; s < scenario.segments.size(); ++s) {
    if (scenario.segments[s].work_unit == WorkUnit::none) continue;
    text += (text.empty() ? "" : "; ") + scenario.model.segments[s].name + ": " +
            std::string(work_unit_name(scenario.segments[s].work_unit));
  }
  return text;
}

// /projection: by year, segment, region and case.
void write_projection_group(Hdf5Writer& writer, const ProjectionScenario& scenario, const ProjectionResult& result) {
  const std::vector<std::string> dims{"year", "segment", "region", "case"};
  writer.write_group(
      "projection",
      {{"year", year_labels(result), "calendar year", true},
       {"segment", result.segments, "segment of the fleet"},
       {"region", result.regions, "region"},
       {"case", result.cases, "projection case"}},
      {described("electricity", "TW h", "electricity", dims, result.electricity_twh,
                 "final electricity (facility) in the year"),
       described("it_electricity", "TW h", "IT electricity", dims, result.it_electricity_twh,
                 "electricity of the servers and accelerators in the year; NaN for given series"),
       described("emissions", "Mt", "emissions", dims, result.emissions_mt,
                 "operational CO2e in the year, location-based"),
       described("installed_servers", "1", "installed servers", dims, result.installed_servers,
                 "servers installed, all vintages"),
       described("installed_accelerators", "1", "installed accelerators", dims, result.installed_accelerators,
                 "accelerators installed, all vintages"),
       described("installed_peak_flops", "s^-1", "installed peak FLOP/s", dims, result.installed_peak_flop_per_s,
                 "the installed accelerators' dense 16-bit peak FLOP/s (catalog), summed; 0 without accelerators"),
       described("installed_memory_bandwidth", "byte s^-1", "installed memory bandwidth", dims,
                 result.installed_memory_bandwidth_bytes_per_s,
                 "the installed accelerators' HBM bandwidths (catalog), summed; 0 without accelerators"),
       described("shipped_servers", "1", "shipped servers", dims, result.shipped_servers,
                 "servers shipped in the year"),
       described("retired_servers", "1", "retired servers", dims, result.retired_servers,
                 "servers retired in the year"),
       described("pue", "1", "PUE", dims, result.pue, "mean PUE: facility / IT electricity; NaN where undefined"),
       described("served_work", "1", "served work", dims, result.served_work,
                 "demand-driven segments: the work served in the year, in the segment's unit (the group's "
                 "work_units attribute: FLOP, request, token, image or video-minute); NaN for segments driven by "
                 "shipments")},
      {{"method", std::string("stock-flow of servers by vintage (shipments, survival curve) x annual mean power per "
                              "installed server measured on representative clusters (/coupling) x 8760 h, x PUE "
                              "where stated; crypto is a given series (README, Projections)")},
       {"work_units", work_units_text(scenario)},
       {"first_year", static_cast<std::int64_t>(scenario.model.first_year)},
       {"last_year", static_cast<std::int64_t>(scenario.model.last_year)}});
}

// /coupling: the representative clusters' measured power per server, by representative and week.
void write_coupling_group(Hdf5Writer& writer, const Coupling& coupling) {
  std::vector<std::string> labels;
  std::vector<double> it_w, facility_w, busy, mean_it, mean_facility, pue, utilisation, simulated;
  for (const auto& rep : coupling.representatives) {
    labels.push_back(rep.label);
    it_w.insert(it_w.end(), rep.it_w.begin(), rep.it_w.end());
    facility_w.insert(facility_w.end(), rep.facility_w.begin(), rep.facility_w.end());
    busy.insert(busy.end(), rep.busy.begin(), rep.busy.end());
    mean_it.push_back(rep.mean_it_w());
    mean_facility.push_back(rep.mean_facility_w());
    pue.push_back(rep.mean_it_w() > 0.0 ? rep.mean_facility_w() / rep.mean_it_w() : std::nan(""));
    utilisation.push_back(rep.utilisation);
    simulated.push_back(rep.simulated ? 1.0 : 0.0);
  }
  if (labels.empty()) return;  // every case uses nameplate power: nothing was measured
  std::vector<Attribute> attributes{
      {"method", std::string("accelerated segments: one cluster per segment, generation, region and utilisation on a "
                             "site of its own (facility preset in the region's climate), all side by side in one "
                             "engine per representative week, each week simulated in a child process; power per "
                             "server = cluster mean IT power / servers, facility = site facility energy / duration / "
                             "servers. Segments without accelerators (simulated = 0): linear utilisation model and "
                             "the same cooling plant model in-process over the same weeks")},
      {"wall_s", coupling.wall_s}};
  for (std::size_t w = 0; w < coupling.week_scenarios.size(); ++w) {
    attributes.push_back({"week_" + std::to_string(w + 1) + "_scenario", coupling.week_scenarios[w]});
  }
  const std::vector<std::string> by_week{"representative", "week"};
  const std::vector<std::string> by_rep{"representative"};
  writer.write_group(
      "coupling",
      {{"representative", labels, "segment.generation.region.utilisation"},
       {"week", coupling.week_starts, "start of the representative week (UTC)"}},
      {described("it_power", "W", "IT power per server", by_week, it_w, "mean IT power per server in the week"),
       described("facility_power", "W", "facility power per server", by_week, facility_w,
                 "mean facility power per server in the week"),
       described("busy_fraction", "1", "busy fraction", by_week, busy,
                 "busy fraction achieved by the load shape in the week"),
       described("mean_it_power", "W", "mean IT power per server", by_rep, mean_it,
                 "annual mean IT power per installed server (mean of the weeks)"),
       described("mean_facility_power", "W", "mean facility power per server", by_rep, mean_facility,
                 "annual mean facility power per installed server"),
       described("pue", "1", "PUE", by_rep, pue, "facility / IT power of the representative"),
       described("utilisation", "1", "utilisation", by_rep, utilisation, "utilisation asked for"),
       described("simulated", "1", "simulated", by_rep, simulated,
                 "1: measured in the engine; 0: linear model and in-process cooling plant")},
      attributes);
}

}  // namespace

void write_projection_groups(Hdf5Writer& writer, const ProjectionScenario& scenario, const ProjectionResult& result,
                             const Coupling& coupling) {
  write_projection_group(writer, scenario, result);
  write_generations_group(writer, scenario);
  write_coupling_group(writer, coupling);
}

std::vector<Attribute> projection_provenance(const ProjectionScenario& scenario, const std::string& command_line,
                                             const std::vector<std::string>& overrides) {
  Scenario shell;
  shell.info.name = scenario.name;
  shell.info.description = scenario.description;
  shell.info.seed = scenario.seed;
  shell.source_file = scenario.source_file;
  std::vector<Attribute> attributes = provenance_attributes(shell, {command_line, overrides});
  // A projection has no simulated start or sample interval; its resolved input is the projection document.
  attributes.erase(
      std::remove_if(attributes.begin(), attributes.end(),
                     [](const Attribute& a) { return a.name == "start" || a.name == "sample_interval_s"; }),
      attributes.end());
  for (auto& attribute : attributes) {
    if (attribute.name == "scenario_resolved") attribute.value = scenario.resolved_yaml;
    if (attribute.name == "title") attribute.value = "terawatt projection of scenario '" + scenario.name + "'";
  }
  return attributes;
}

void print_projection_table(std::ostream& out, const ProjectionResult& result) {
  std::size_t width = 8;
  for (const auto& s : result.segments) width = std::max(width, s.size() + 2);
  char cell[64];
  for (std::size_t c = 0; c < result.cases.size(); ++c) {
    out << "\nelectricity (TWh), case " << result.cases[c] << "\n"
        << "year";
    for (const auto& s : result.segments) out << std::string(width - s.size(), ' ') << s;
    out << "     total  Mt CO2e  mean PUE  GFLOP/s/W  GB/s/W\n";
    for (std::size_t y = 0; y < result.years.size(); ++y) {
      out << result.years[y];
      for (std::size_t s = 0; s < result.segments.size(); ++s) {
        std::snprintf(cell, sizeof cell, "%*.1f", static_cast<int>(width),
                      total(result, result.electricity_twh, y, c, s));
        out << cell;
      }
      // The fleet's mean PUE over the segments with an IT split (not the given series).
      double facility = 0.0;
      double it = 0.0;
      for (std::size_t s = 0; s < result.segments.size(); ++s) {
        for (std::size_t r = 0; r < result.regions.size(); ++r) {
          const std::size_t i = result.index(y, s, r, c);
          if (std::isfinite(result.it_electricity_twh[i])) {
            facility += result.electricity_twh[i];
            it += result.it_electricity_twh[i];
          }
        }
      }
      // The accelerated fleet's mean efficiency: installed peak FLOP/s per W of its IT power.
      std::snprintf(cell, sizeof cell, "%10.1f %8.1f %9.3f %10.1f %7.2f\n", total(result, result.electricity_twh, y, c),
                    total(result, result.emissions_mt, y, c), it > 0.0 ? facility / it : std::nan(""),
                    fleet_capacity_per_it_w(result, result.installed_peak_flop_per_s, y, c) / 1e9,
                    fleet_capacity_per_it_w(result, result.installed_memory_bandwidth_bytes_per_s, y, c) / 1e9);
      out << cell;
    }
  }
}

void print_delivered_efficiency(std::ostream& out, const ProjectionScenario& scenario, const ProjectionResult& result) {
  std::vector<std::size_t> driven;
  for (std::size_t s = 0; s < scenario.segments.size(); ++s) {
    if (scenario.segments[s].work_unit != WorkUnit::none) driven.push_back(s);
  }
  if (driven.empty()) return;
  constexpr double kwh_per_twh = 1e9;
  // Two columns a segment: the work served ("segment unit") and the work per kWh ("unit/kWh").
  std::vector<std::pair<std::string, std::string>> heads;
  for (std::size_t s : driven) {
    const std::string unit(work_unit_name(scenario.segments[s].work_unit));
    heads.emplace_back(result.segments[s] + " " + unit, unit + "/kWh");
  }
  const auto width = [](const std::string& head) { return static_cast<int>(std::max<std::size_t>(head.size(), 9)); };
  char cell[64];
  for (std::size_t c = 0; c < result.cases.size(); ++c) {
    out << "\ndemand served and delivered efficiency (per kWh of facility electricity), case " << result.cases[c]
        << "\nyear";
    for (const auto& [served, per_kwh] : heads) {
      std::snprintf(cell, sizeof cell, "  %*s  %*s", width(served), served.c_str(), width(per_kwh), per_kwh.c_str());
      out << cell;
    }
    out << "\n";
    for (std::size_t y = 0; y < result.years.size(); ++y) {
      out << result.years[y];
      for (std::size_t i = 0; i < driven.size(); ++i) {
        const double work = total(result, result.served_work, y, c, driven[i]);
        const double kwh = total(result, result.electricity_twh, y, c, driven[i]) * kwh_per_twh;
        std::snprintf(cell, sizeof cell, "  %*.3g  %*.3g", width(heads[i].first), work, width(heads[i].second),
                      kwh > 0.0 ? work / kwh : std::nan(""));
        out << cell;
      }
      out << "\n";
    }
  }
}

}  // namespace terawatt
