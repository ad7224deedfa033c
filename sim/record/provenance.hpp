#pragma once
// Where an output file came from: software, version, inputs (with their SHA-256), seed, the resolved scenario
// and the batch job, written as root attributes so that a file found later explains itself.

#include "sim/io/hdf5_writer.hpp"
#include "sim/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace terawatt {

struct ProvenanceInputs {
  std::string command_line;
  std::vector<std::string> overrides;
};

std::string software_version();  // "0.1.0"
std::string git_describe();      // of the source tree at build time

// The CF `history` attribute's line for a file made at `created` (ISO 8601) by `command_line`: "created: command".
std::string history_line(const std::string& created, const std::string& command_line);

std::vector<Attribute> provenance_attributes(const Scenario& scenario, const ProvenanceInputs& inputs);

}  // namespace terawatt
