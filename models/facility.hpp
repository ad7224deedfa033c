#pragma once
// Facility overhead on top of IT power. For now a constant power usage effectiveness (PUE = facility / IT);
// issue 4 adds a cooling plant whose PUE follows load and weather behind the same interface.
// Evaluated per sample interval on the interval-average IT power (DESIGN.md section 5): with a constant PUE
// this is exact; with a load-dependent PUE it is exact for power that is constant within the interval.

#include <stdexcept>

namespace terawatt {

class ConstantPueFacility {
 public:
  // PUE >= 1 by definition: a facility cannot deliver more power to IT than it draws.
  explicit ConstantPueFacility(double pue) : pue_(pue) {
    if (!(pue >= 1.0)) throw std::invalid_argument("PUE must be >= 1");
  }
  double facility_power_w(double it_power_w) const { return it_power_w * pue_; }
  double pue() const { return pue_; }

 private:
  double pue_;
};

}  // namespace terawatt
