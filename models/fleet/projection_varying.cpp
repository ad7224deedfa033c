#include "models/fleet/projection_varying.hpp"

#include <algorithm>
#include <stdexcept>

namespace terawatt {

Varying Varying::constant(double value) {
  Varying v;
  v.kind_ = Kind::constant;
  v.value_ = value;
  return v;
}

Varying Varying::trajectory(std::vector<std::pair<int, double>> points) {
  if (points.empty()) throw std::invalid_argument("a trajectory needs at least one (year, value) point");
  std::sort(points.begin(), points.end());
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (points[i].first == points[i - 1].first) {
      throw std::invalid_argument("a trajectory gives year " + std::to_string(points[i].first) + " twice");
    }
  }
  Varying v;
  v.kind_ = Kind::trajectory;
  v.points_ = std::move(points);
  return v;
}

Varying Varying::by_region(std::vector<std::string> keys, std::vector<Varying> values) {
  if (keys.size() != values.size()) throw std::invalid_argument("by_region: one value per key");
  Varying v;
  v.kind_ = Kind::by_region;
  v.keys_ = std::move(keys);
  v.values_ = std::move(values);
  return v;
}

Varying Varying::by_case(std::vector<std::string> keys, std::vector<Varying> values) {
  Varying v = by_region(std::move(keys), std::move(values));
  v.kind_ = Kind::by_case;
  return v;
}

double Varying::at(const ProjectionPoint& where) const {
  switch (kind_) {
    case Kind::constant:
      return value_;
    case Kind::trajectory: {
      if (where.year <= points_.front().first) return points_.front().second;
      if (where.year >= points_.back().first) return points_.back().second;
      const auto upper = std::upper_bound(points_.begin(), points_.end(), where.year,
                                          [](int year, const std::pair<int, double>& p) { return year < p.first; });
      const auto lower = upper - 1;
      const double fraction = static_cast<double>(where.year - lower->first) / (upper->first - lower->first);
      return lower->second + fraction * (upper->second - lower->second);
    }
    case Kind::by_region: {
      const auto found = std::find(keys_.begin(), keys_.end(), where.region);
      if (found == keys_.end()) throw std::out_of_range("no value for region '" + where.region + "'");
      return values_[static_cast<std::size_t>(found - keys_.begin())].at(where);
    }
    case Kind::by_case:
      for (const auto& name : where.case_chain) {
        const auto found = std::find(keys_.begin(), keys_.end(), name);
        if (found != keys_.end()) return values_[static_cast<std::size_t>(found - keys_.begin())].at(where);
      }
      throw std::out_of_range("no value for case '" + (where.case_chain.empty() ? "" : where.case_chain.front()) +
                              "' (nor for a case it is like)");
  }
  return value_;
}

}  // namespace terawatt
