#pragma once
// The time series and totals of sites with on-site supply or a grid connection (Site::supply): each declared once
// here. A scenario with no such site has none of them, so its output is unchanged.

#include "models/supply/site_dispatch.hpp"
#include "sim/io/column.hpp"
#include "sim/record/accumulators.hpp"
#include "sim/record/run_report.hpp"

#include <vector>

namespace terawatt {

// One site's supply over one sample interval and its sums since the start.
struct SupplySample {
  const SupplyFlows& flows;
  const SupplyAccumulator& total;
  double soc;          // battery state of charge at the interval's end; NaN without a battery
  double price_per_j;  // interval-mean energy price; NaN without a connection
  double length_s;
};

const std::vector<Column<SupplySample>>& supply_series_columns();

// The /summary variables of the sites' supply (dimension "site") and of the demand-response events (dimension
// "event"), when the report has them.
void add_supply_summary(const RunReport& report, std::vector<LabelDimension>& dims, std::vector<SummaryVariable>& vars);

}  // namespace terawatt
