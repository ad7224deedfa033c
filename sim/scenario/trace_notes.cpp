#include "sim/scenario/trace_notes.hpp"

#include "models/base/number_text.hpp"
#include "models/workload/request_trace.hpp"

namespace terawatt {
namespace {

// "input tokens mean 812, p50 640, p90 1700, p99 3900".
std::string sizes_text(const char* what, const std::vector<double>& tokens) {
  const SampleSummary summary = summarise(tokens);
  return std::string(what) + " tokens mean " + format_number(summary.mean) + ", p50 " + format_number(summary.p50) +
         ", p90 " + format_number(summary.p90) + ", p99 " + format_number(summary.p99);
}

std::string training_trace_note(const TrainingTraceImport& import) {
  std::string note = "workload '" + import.workload + "': " + std::to_string(import.jobs) + " jobs from the " +
                     import.format + " trace " + import.file;
  if (import.widened > 0) note += ", " + std::to_string(import.widened) + " of them rounded up to whole hosts";
  for (const auto& [reason, count] : import.skipped) {
    note += "; skipped " + std::to_string(count) + " " + reason;
  }
  return note;
}

}  // namespace

std::vector<std::string> trace_notes(const Scenario& scenario) {
  std::vector<std::string> notes;
  for (const auto& import : scenario.training_traces) notes.push_back(training_trace_note(import));
  for (const auto& service : scenario.services) {
    if (service.modality != Modality::text) continue;
    std::vector<std::string> sizes;
    if (!service.trace_input_tokens.empty()) sizes.push_back(sizes_text("input", service.trace_input_tokens));
    if (!service.trace_output_tokens.empty()) sizes.push_back(sizes_text("output", service.trace_output_tokens));
    if (sizes.empty()) continue;
    std::string note =
        "service '" + service.name + "': " + std::to_string(service.trace_s.size()) + " traced requests, ";
    for (std::size_t i = 0; i < sizes.size(); ++i) note += (i > 0 ? "; " : "") + sizes[i];
    note += "; each is served as one mean request, the trace's mean where `request` leaves a size out";
    notes.push_back(note);
  }
  return notes;
}

}  // namespace terawatt
