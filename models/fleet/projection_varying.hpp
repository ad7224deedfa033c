#pragma once
// An input of a fleet projection that may differ by region, by case and over the years: a constant, a
// trajectory of (year, value) points, or a table keyed by region or by case whose entries are themselves such
// values, nested in any order. Projections state their inputs this way (IEA Electricity 2024, docs/references.md RC-41:
// low, base and high cases; per-region PUE and grid intensity that change over time), so one evaluation rule serves
// every input: installed base, shipment growth, generation mix, PUE, carbon intensity, crypto electricity.
//
// Rules (why: each is the simplest one that needs no extra input):
//  - A trajectory interpolates linearly between its years and holds its first and last values outside them: a
//    projection horizon rarely matches the years a source states.
//  - A table by case is looked up along the case's chain (the case, then the case it is `like`, and so on), so a
//    user-defined case states only what differs from the case it derives from.
//  - A missing region or case is an error (std::out_of_range), never a silent zero.

#include <string>
#include <vector>

namespace terawatt {

// Where a value is evaluated: a region, a case with the cases it derives from (most specific first), a year.
struct ProjectionPoint {
  std::string region;
  std::vector<std::string> case_chain;
  int year = 0;
};

class Varying {
 public:
  enum class Kind { constant, trajectory, by_region, by_case };

  Varying() = default;
  static Varying constant(double value);
  // Points must have distinct years (std::invalid_argument otherwise); at least one.
  static Varying trajectory(std::vector<std::pair<int, double>> points);
  static Varying by_region(std::vector<std::string> keys, std::vector<Varying> values);
  static Varying by_case(std::vector<std::string> keys, std::vector<Varying> values);

  // Throws std::out_of_range naming the region or case that has no entry.
  double at(const ProjectionPoint& where) const;

  Kind kind() const { return kind_; }
  bool is_constant() const { return kind_ == Kind::constant; }

 private:
  Kind kind_ = Kind::constant;
  double value_ = 0.0;
  std::vector<std::pair<int, double>> points_;  // sorted by year
  std::vector<std::string> keys_;
  std::vector<Varying> values_;  // C++17 allows a vector of the enclosing, incomplete type
};

}  // namespace terawatt
