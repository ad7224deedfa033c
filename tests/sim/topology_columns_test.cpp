#include "sim/record/topology_columns.hpp"

#include <catch2/catch.hpp>

using terawatt::RunReport;
using terawatt::topology_coordinates;

TEST_CASE("topology coordinates place clusters on sites and workloads and services on clusters", "[topology]") {
  RunReport report;
  report.clusters.push_back({});
  report.clusters.back().name = "a100";
  report.clusters.back().site = "oregon";
  report.clusters.push_back({});
  report.clusters.back().name = "h100";
  report.clusters.back().site = "virginia";
  for (const auto& [name, cluster] : {std::pair{"pretrain", "a100"}, {"chat", "h100"}, {"video", "a100"}}) {
    report.workloads.push_back({});
    report.workloads.back().name = name;
    report.workloads.back().cluster = cluster;
  }
  // The services are the last two workloads, listed in the opposite order to show that each follows its index.
  report.services.push_back({});
  report.services.back().name = "video";
  report.services.back().workload = 2;
  report.services.push_back({});
  report.services.back().name = "chat";
  report.services.back().workload = 1;

  const auto coordinates = topology_coordinates(report);
  REQUIRE(coordinates.size() == 3);
  CHECK(coordinates[0].name == "site_of_cluster");
  CHECK(coordinates[0].dimension == "cluster");
  CHECK(coordinates[0].values == std::vector<std::string>{"oregon", "virginia"});
  CHECK(coordinates[1].name == "cluster_of_workload");
  CHECK(coordinates[1].dimension == "workload");
  CHECK(coordinates[1].values == std::vector<std::string>{"a100", "h100", "a100"});
  CHECK(coordinates[2].name == "cluster_of_service");
  CHECK(coordinates[2].dimension == "service");
  CHECK(coordinates[2].values == std::vector<std::string>{"a100", "h100"});
}

TEST_CASE("topology coordinates leave out the dimensions a run has no labels of", "[topology]") {
  RunReport report;
  report.clusters.push_back({});
  report.clusters.back().name = "h100";
  report.clusters.back().site = "virginia";
  const auto coordinates = topology_coordinates(report);
  REQUIRE(coordinates.size() == 1);
  CHECK(coordinates[0].name == "site_of_cluster");
}
