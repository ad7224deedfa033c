#pragma once
// The time series of the clusters, the sites and the workloads: each declared once here, next to the interval state
// it reads. A service's own series are declared with the service (sim/engine/workloads/service_columns.hpp).

#include "models/facility/site_environment.hpp"
#include "sim/io/column.hpp"
#include "sim/record/accumulators.hpp"

#include <vector>

namespace terawatt {

// A cluster's IT and accelerator energy over one sample interval, read from its meter.
struct ClusterSample {
  double it_j;
  double accelerator_j;
  double network_j;
  double length_s;
};

// A site's facility interval, and its sums since the start including that interval.
struct SiteSample {
  const SiteInterval& interval;
  const SiteAccumulator& total;
  double length_s;
};

// A workload's IT energy over one sample interval, read from its meter.
struct WorkloadSample {
  double it_j;
  double length_s;
};

const std::vector<Column<ClusterSample>>& cluster_series_columns();
const std::vector<Column<SiteSample>>& site_series_columns();
const std::vector<Column<WorkloadSample>>& workload_series_columns();

}  // namespace terawatt
