#include "sim/record/output_reference.hpp"

#include "sim/record/run_summary.hpp"

#include "sim/record/sampler.hpp"

namespace terawatt {
namespace {

// A run with one of everything, so that every /summary variable is declared (the values are never read).
RunReport one_of_each() {
  RunReport report;
  report.end_s = 1.0;
  report.clusters.resize(1);
  report.sites.resize(1);
  report.workloads.resize(1);
  report.services.resize(1);
  report.supply.resize(1);
  report.events.resize(1);
  report.workloads[0].flexible = true;
  return report;
}

std::string units_cell(const SummaryVariable& variable) {
  if (variable.flag_meanings.empty()) return variable.units;
  std::string meanings;
  for (std::size_t i = 0; i < variable.flag_meanings.size(); ++i) {
    meanings += (i ? ", " : "") + std::to_string(i) + " " + variable.flag_meanings[i];
  }
  return "flags: " + meanings;
}

// The long_name, the comment that completes it, and the cell method: "IT power: accelerators and ... (time: mean)".
std::string meaning(const std::string& long_name, const CfDescription& cf) {
  std::string text = long_name;
  if (!cf.comment.empty()) text += ": " + cf.comment;
  if (!cf.cell_methods.empty()) text += " (" + cf.cell_methods + ")";
  return text;
}

}  // namespace

std::string timeseries_reference_markdown() {
  std::string text = "| variable | dims | units | meaning |\n|---|---|---|---|\n";
  for (const VariableSpec& variable : Sampler::all_variables()) {
    text += "| `" + variable.name + "` | time, " + variable.dimension + " | " + variable.units + " | " +
            meaning(variable.long_name, variable.cf) + " |\n";
  }
  return text;
}

std::string summary_reference_markdown() {
  std::string text = "| variable | dim | units | meaning |\n|---|---|---|---|\n";
  for (const SummaryVariable& variable : summary_layout(one_of_each()).vars) {
    text += "| `" + variable.name + "` | " + variable.dimension + " | " + units_cell(variable) + " | " +
            meaning(variable.long_name, variable.cf) + " |\n";
  }
  return text;
}

std::string output_reference_markdown() {
  return "**`/timeseries`**\n\n" + timeseries_reference_markdown() + "\n**`/summary`**\n\n" +
         summary_reference_markdown();
}

}  // namespace terawatt
