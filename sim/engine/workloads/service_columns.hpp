#pragma once
// The time series of an inference service (dimension "service"): declared once here, next to the interval they read.

#include "sim/engine/workloads/inference_run.hpp"
#include "sim/io/column.hpp"

#include <vector>

namespace terawatt {

// What a service did over one sample interval, and what each of its requests produces.
struct ServiceSample {
  const ServiceInterval& interval;
  const RequestOutput& output;
  double length_s;
};

const std::vector<Column<ServiceSample>>& service_series_columns();

}  // namespace terawatt
