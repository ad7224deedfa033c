#pragma once
// Where everything runs, written into the output as string coordinates so that a reader needs no scenario text:
// `site_of_cluster` along `cluster`, `cluster_of_workload` along `workload` and `cluster_of_service` along `service`
// (a service is also the workload of the same name, so its cluster is the useful link), in /summary and in
// /timeseries, whose label dimensions are the same but for the offline batch jobs (services in /summary only).

#include "sim/io/hdf5_writer.hpp"
#include "sim/record/run_report.hpp"

#include <cstddef>
#include <vector>

namespace terawatt {

// The coordinates for the report's clusters, workloads and services; none for a dimension the run has no labels of
// (the writer leaves that dimension out).
std::vector<LabelCoordinate> topology_coordinates(const RunReport& report);

// Adds topology_coordinates(report) to /summary and /timeseries, both already written; call before commit().
// /timeseries's service dimension holds the first `services_with_series` services only (inference services have time
// series; offline batch jobs, reported after them, do not).
void write_topology_coordinates(Hdf5Writer& writer, const RunReport& report, std::size_t services_with_series);

}  // namespace terawatt
