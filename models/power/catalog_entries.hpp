#pragma once
// The built-in entries, for models/power/hardware_catalog.cpp, which checks them and keeps them. Internal to
// models/power: everything else reads them through builtin_catalog().

#include "models/power/catalog.hpp"

#include <vector>

namespace terawatt {

// docs/references.md gives no idle figure for most parts. 10% of TDP is the ratio of its H100 SXM reading
// (70 W / 700 W); its other readings run up to 18% of TDP (V100 55 W / 300 W), so 10% is the low end of the published
// range. An assumption, stated as such in each entry's source by assumed_idle_source.
constexpr double assumed_idle_share_of_tdp = 0.10;
extern const char* const assumed_idle_source;

// NVIDIA V100 to B200 and Google TPU v2 and v3 (catalog.cpp), then the parts of catalog_added_accelerators.cpp.
std::vector<AcceleratorSpec> builtin_accelerators();
// P100, A10, L4, L40S, GB200, AMD MI250X and MI300X, TPU v4, Intel Gaudi 2 and 3. Not TPU v5e and v5p (Google
// publishes no chip power) nor AWS's A10G (no sourced BF16 peak): docs/references.md H.
void add_more_accelerators(std::vector<AcceleratorSpec>& catalog);
// The dense peaks at other precisions, in TFLOP/s; 0 where the vendor gives none.
PrecisionPeaks peaks_tflop(double fp64, double fp32, double tf32, double fp8, double fp4);

// Vendor systems, generic servers and cloud instances of `accelerators` (catalog.cpp).
std::vector<ServerSpec> builtin_servers(const std::vector<AcceleratorSpec>& accelerators);

}  // namespace terawatt
