#include "sim/app/sweep/sweep_values.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace terawatt {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void check_count(std::size_t count) {
  if (count == 0) throw std::invalid_argument("gives no values (expected a count of at least 1)");
  if (count > max_sweep_points) {
    throw std::invalid_argument("gives " + std::to_string(count) + " values, more than the " +
                                std::to_string(max_sweep_points) + " a sweep may have (expected fewer)");
  }
}

}  // namespace

std::optional<SweepQuantity> read_sweep_quantity(std::string_view text) {
  text = trim(text);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || !std::isfinite(value)) return std::nullopt;
  const std::string_view unit = trim(text.substr(static_cast<std::size_t>(end - text.data())));
  SweepQuantity quantity;
  if (!unit.empty()) {
    const UnitSpec* spec = find_unit(unit);
    if (spec == nullptr) return std::nullopt;
    quantity.dimension = spec->dimension;
    quantity.unit = std::string(unit);
    quantity.factor_to_si = spec->factor_to_si;
    quantity.offset_to_si = spec->offset_to_si;
  }
  // The loader's own parser has the last word, so that what a sweep computes with is what a run will read.
  try {
    quantity.si = parse_quantity(text, quantity.dimension);
  } catch (const UnitError&) {
    return std::nullopt;
  }
  return quantity;
}

std::string format_number(double value, int significant_digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", significant_digits, value);
  std::string out(text);
  if (out == "-0") out = "0";
  return out;
}

std::string exact_number(double value) {
  std::string text;
  for (int digits = 15; digits <= 17; ++digits) {
    text = format_number(value, digits);
    if (std::strtod(text.c_str(), nullptr) == value) break;
  }
  return text;
}

std::string format_in_unit(double si, const SweepQuantity& like, int significant_digits) {
  const double in_unit = (si - like.offset_to_si) / like.factor_to_si;
  const std::string number = format_number(in_unit, significant_digits);
  return like.unit.empty() ? number : number + " " + like.unit;
}

std::vector<double> range_values(double from, double to, double step) {
  if (!(step != 0.0) || !std::isfinite(step))
    throw std::invalid_argument("step must not be zero (expected a step such as 100 W)");
  const double steps = (to - from) / step;
  if (steps < -1e-9) {
    throw std::invalid_argument("step goes away from 'to' (expected a step with the sign of to - from)");
  }
  if (!(steps < static_cast<double>(max_sweep_points))) {
    throw std::invalid_argument("gives more than the " + std::to_string(max_sweep_points) +
                                " values a sweep may have (expected a larger step)");
  }
  const auto count = static_cast<std::size_t>(std::floor(steps + 1e-9)) + 1;
  check_count(count);
  std::vector<double> values;
  values.reserve(count);
  for (std::size_t i = 0; i < count; ++i) values.push_back(from + static_cast<double>(i) * step);
  return values;
}

std::vector<double> linspace_values(double from, double to, std::size_t count) {
  check_count(count);
  if (count == 1 && from != to) {
    throw std::invalid_argument("one value cannot span from 'from' to 'to' (expected a count of at least 2)");
  }
  std::vector<double> values;
  values.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    // Interpolating from both ends makes the last value exactly `to`.
    const double t = count == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(count - 1);
    values.push_back(i + 1 == count ? to : from * (1.0 - t) + to * t);
  }
  return values;
}

std::vector<double> logspace_values(double from, double to, std::size_t count) {
  if (!(from > 0.0 && to > 0.0)) {
    throw std::invalid_argument("a logarithmic spacing needs 'from' and 'to' above zero (expected positive values)");
  }
  std::vector<double> values = linspace_values(std::log(from), std::log(to), count);
  for (auto& value : values) value = std::exp(value);
  values.front() = from;
  values.back() = to;
  return values;
}

}  // namespace terawatt
