#pragma once
// Reading one point's output file, as `terawatt run` wrote it: its provenance (is this the complete output of this
// very point: same base scenario bytes, same overrides?) and its /summary variables, which `collect` turns into
// metrics. HDF5 C API, read-only.

#include <optional>
#include <string>
#include <vector>

namespace terawatt {

struct PointProvenance {
  bool complete = false;          // root attribute complete == 1
  std::string scenario_sha256;
  std::string scenario_overrides; // the --set list, one per line
};

// nullopt when the file is missing or is not a readable HDF5 file.
std::optional<PointProvenance> read_point_provenance(const std::string& path);

struct PointSummaryVariable {
  std::string name;
  std::string units;
  std::string long_name;
  std::string dimension;
  std::vector<std::string> labels;
  std::vector<double> values;
};

// Every 1-D float64 variable of /summary with its dimension's labels. Throws std::runtime_error naming the file.
std::vector<PointSummaryVariable> read_point_summary(const std::string& path);

}  // namespace terawatt
