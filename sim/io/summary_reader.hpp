#pragma once
// Reading one point's output file, as `terawatt run` wrote it: its provenance (is this the complete output of this
// very point: same base scenario bytes, same overrides?) and its /summary variables, which `collect` turns into
// metrics. HDF5 C API, read-only.

#include <optional>
#include <string>
#include <vector>

namespace terawatt {

struct PointProvenance {
  std::string software;   // root attribute software: "terawatt" for every output terawatt writes
  bool complete = false;  // root attribute complete == 1
  std::string scenario_sha256;
  std::string scenario_overrides;  // the --set list, one per line
  std::optional<double> wall_s;    // the run's wall time, its process's start included, to writing the summary
};

// nullopt when the file is missing or is not a readable HDF5 file.
std::optional<PointProvenance> read_point_provenance(const std::string& path);

struct PointSummaryVariable {
  std::string name;
  std::string units;
  std::string long_name;
  std::string dimension;            // the first dimension
  std::vector<std::string> labels;  // its labels
  std::vector<double> values;       // row-major over every dimension
  // Every dimension and its labels; set for variables of more than one dimension (a projection's), empty otherwise.
  std::vector<std::string> dimensions = {};
  std::vector<std::vector<std::string>> dimension_labels = {};
};

// Every float64 variable of /summary with its dimensions' labels; for a projection's output, which has no
// /summary, those of /projection. Throws std::runtime_error naming the file.
std::vector<PointSummaryVariable> read_point_summary(const std::string& path);

}  // namespace terawatt
