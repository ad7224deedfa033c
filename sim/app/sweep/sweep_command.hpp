#pragma once
// `terawatt sweep SWEEP.yaml [-o DIR] [--plan | --jobs N | --index [I] | --task [T] | --slurm | --submit] ...`: its
// options and what each mode does. Exit codes: 0 every point done (or planned, or submitted), 1 a point failed or a
// runtime failure, 2 a usage or sweep-file error (raised before any point runs), 128 + N when stopped by signal N.

#include <string>
#include <vector>

namespace terawatt {

int sweep_main(const std::vector<std::string>& args);

}  // namespace terawatt
