#pragma once
// Carbon intensity of the electricity a site draws. For now a constant (location-based average); issue 4 adds
// daily, seasonal and hourly series behind the same interface.

#include <stdexcept>

namespace terawatt {

class ConstantGridIntensity {
 public:
  explicit ConstantGridIntensity(double intensity_kg_per_j) : intensity_kg_per_j_(intensity_kg_per_j) {
    if (!(intensity_kg_per_j >= 0.0)) throw std::invalid_argument("carbon intensity must be >= 0");
  }
  // Emissions over [t0, t1] of a constant power: the integral of power x intensity.
  double emissions_kg(double energy_j) const { return energy_j * intensity_kg_per_j_; }
  double intensity_kg_per_j() const { return intensity_kg_per_j_; }

 private:
  double intensity_kg_per_j_;
};

}  // namespace terawatt
