#include "sim/record/topology_columns.hpp"

namespace terawatt {

std::vector<LabelCoordinate> topology_coordinates(const RunReport& report) {
  std::vector<LabelCoordinate> coordinates;
  LabelCoordinate site_of_cluster{"site_of_cluster", "site the cluster is on", "cluster", {}};
  for (const auto& cluster : report.clusters) site_of_cluster.values.push_back(cluster.site);
  if (!site_of_cluster.values.empty()) coordinates.push_back(std::move(site_of_cluster));

  LabelCoordinate cluster_of_workload{"cluster_of_workload", "cluster the workload runs on", "workload", {}};
  for (const auto& workload : report.workloads) cluster_of_workload.values.push_back(workload.cluster);
  if (!cluster_of_workload.values.empty()) coordinates.push_back(std::move(cluster_of_workload));

  LabelCoordinate cluster_of_service{"cluster_of_service", "cluster the inference service runs on", "service", {}};
  for (const auto& service : report.services) {
    cluster_of_service.values.push_back(report.workloads.at(service.workload).cluster);
  }
  if (!cluster_of_service.values.empty()) coordinates.push_back(std::move(cluster_of_service));
  return coordinates;
}

void write_topology_coordinates(Hdf5Writer& writer, const RunReport& report, std::size_t services_with_series) {
  const std::vector<LabelCoordinate> coordinates = topology_coordinates(report);
  writer.write_coordinates("summary", coordinates);
  std::vector<LabelCoordinate> series_coordinates;
  for (const LabelCoordinate& coordinate : coordinates) {
    if (coordinate.dimension != "service") {
      series_coordinates.push_back(coordinate);
    } else if (services_with_series > 0) {
      series_coordinates.push_back(coordinate);
      series_coordinates.back().values.resize(services_with_series);
    }
  }
  writer.write_coordinates("timeseries", series_coordinates);
}

}  // namespace terawatt
