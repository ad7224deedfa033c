#pragma once
// Where a run may write its output. A run never destroys what its user did not mean to replace: the output may not
// be a directory nor one of the run's own input files, and an existing file is replaced only when it is an earlier
// terawatt output or the user says --force.

#include <string>
#include <vector>

namespace terawatt {

// The problem with writing `output_path`, or an empty string when it is safe. `inputs` are the files the run reads
// (the scenario, weather, grid and trace files); missing ones are skipped.
std::string output_target_problem(const std::string& output_path, const std::vector<std::string>& inputs, bool force);

}  // namespace terawatt
