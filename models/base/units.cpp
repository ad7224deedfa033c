// This file is long because it holds the whole unit table, every unit a scenario may write with its dimension and
// factor to SI, beside the parser that reads quantities with them.

#include "models/base/units.hpp"

#include "models/base/text_fields.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace terawatt {

namespace {

using Aliases = std::array<std::string_view, 3>;

constexpr double joules_per_Wh = 3600.0;
constexpr double joules_per_kWh = 1e3 * joules_per_Wh;
constexpr double joules_per_MWh = 1e6 * joules_per_Wh;
constexpr double kg_per_lb = 0.45359237;  // international avoirdupois pound, exact by definition
constexpr double m3_per_L = 1e-3;
constexpr double m3_per_US_gal = 3.785411784 * m3_per_L;  // US liquid gallon, exact by definition
constexpr double seconds_per_day = 86400.0;

UnitSpec scaled(std::string_view symbol, Dimension d, double factor, Aliases aliases = {}) {
  return UnitSpec{symbol, d, factor, 0.0, aliases};
}

// Shares, power and energy.
std::vector<UnitSpec> power_and_energy_units() {
  using D = Dimension;
  return {
      // A percent is the only unit a dimensionless quantity may carry.
      scaled("%", D::dimensionless, 0.01),

      // Milliwatt is deliberately absent: "mW" is far more often a mistyped "MW" than a real datacenter figure.
      scaled("W", D::power, 1.0), scaled("kW", D::power, 1e3), scaled("MW", D::power, 1e6), scaled("GW", D::power, 1e9),
      scaled("TW", D::power, 1e12),

      scaled("J", D::energy, 1.0), scaled("kJ", D::energy, 1e3), scaled("MJ", D::energy, 1e6),
      scaled("GJ", D::energy, 1e9), scaled("TJ", D::energy, 1e12), scaled("PJ", D::energy, 1e15),
      scaled("Wh", D::energy, joules_per_Wh), scaled("kWh", D::energy, joules_per_kWh),
      scaled("MWh", D::energy, joules_per_MWh), scaled("GWh", D::energy, 1e9 * joules_per_Wh),
      scaled("TWh", D::energy, 1e12 * joules_per_Wh, {"TW h"}),  // the second spelling: UDUNITS-2 and CF
  };
}

// Time, FLOP counts and FLOP rates.
std::vector<UnitSpec> time_and_compute_units() {
  using D = Dimension;
  return {
      // Microseconds: network latencies. "us" is the ASCII spelling of the micro sign.
      scaled("us", D::time, 1e-6, {"µs", ""}),
      scaled("ms", D::time, 1e-3),
      scaled("s", D::time, 1.0),
      scaled("min", D::time, 60.0),
      scaled("h", D::time, 3600.0),
      scaled("d", D::time, seconds_per_day),
      scaled("wk", D::time, 7.0 * seconds_per_day),
      // A calendar year of 365 days: a simulation convention, so that "1 yr" of hourly data is exactly 8760 hours
      // and matches hourly grid-intensity series, rather than the 365.25-day Julian year.
      scaled("yr", D::time, 365.0 * seconds_per_day),

      // "FLOPs" (lower-case s) is a count; "FLOPS" (upper-case S) is a rate. Matching is case-sensitive, so the
      // two spellings cannot be confused.
      scaled("FLOP", D::flop, 1.0, {"FLOPs"}),
      scaled("kFLOP", D::flop, 1e3, {"kFLOPs"}),
      scaled("MFLOP", D::flop, 1e6, {"MFLOPs"}),
      scaled("GFLOP", D::flop, 1e9, {"GFLOPs"}),
      scaled("TFLOP", D::flop, 1e12, {"TFLOPs"}),
      scaled("PFLOP", D::flop, 1e15, {"PFLOPs"}),
      scaled("EFLOP", D::flop, 1e18, {"EFLOPs"}),
      scaled("ZFLOP", D::flop, 1e21, {"ZFLOPs"}),
      scaled("YFLOP", D::flop, 1e24, {"YFLOPs"}),

      scaled("FLOP/s", D::flop_rate, 1.0),
      scaled("GFLOP/s", D::flop_rate, 1e9, {"GFLOPS"}),
      scaled("TFLOP/s", D::flop_rate, 1e12, {"TFLOPS"}),
      scaled("PFLOP/s", D::flop_rate, 1e15, {"PFLOPS"}),
      scaled("EFLOP/s", D::flop_rate, 1e18),
  };
}

// Carbon intensity and mass.
std::vector<UnitSpec> emission_and_mass_units() {
  using D = Dimension;
  return {
      // Grid data is published as mass of CO2 (or CO2-equivalent) per energy; the tag changes nothing numerically.
      scaled("g/kWh", D::carbon_intensity, 1e-3 / joules_per_kWh, {"gCO2/kWh", "gCO2e/kWh", "g/(kW h)"}),
      scaled("kg/kWh", D::carbon_intensity, 1.0 / joules_per_kWh, {"kgCO2/kWh", "kgCO2e/kWh"}),
      scaled("kg/MWh", D::carbon_intensity, 1.0 / joules_per_MWh, {"kgCO2/MWh", "kgCO2e/MWh"}),
      scaled("t/MWh", D::carbon_intensity, 1e3 / joules_per_MWh, {"tCO2/MWh", "tCO2e/MWh"}),
      scaled("g/MJ", D::carbon_intensity, 1e-3 / 1e6, {"gCO2/MJ", "gCO2e/MJ"}),
      scaled("lb/MWh", D::carbon_intensity, kg_per_lb / joules_per_MWh, {"lbCO2/MWh", "lbCO2e/MWh"}),

      scaled("g", D::mass, 1e-3),
      scaled("kg", D::mass, 1.0),
      scaled("t", D::mass, 1e3),  // metric tonne
      scaled("kt", D::mass, 1e6),
      scaled("Mt", D::mass, 1e9),
      scaled("Gt", D::mass, 1e12),
      scaled("lb", D::mass, kg_per_lb),
  };
}

// Data sizes and rates, temperature, volume and water intensity.
std::vector<UnitSpec> data_temperature_and_water_units() {
  using D = Dimension;
  return {
      // Sizes are bytes only: bit-denominated sizes are rare and a b/B slip is a silent factor of 8.
      scaled("B", D::data_size, 1.0),
      scaled("kB", D::data_size, 1e3),
      scaled("MB", D::data_size, 1e6),
      scaled("GB", D::data_size, 1e9),
      scaled("TB", D::data_size, 1e12),
      scaled("PB", D::data_size, 1e15),
      scaled("KiB", D::data_size, 1024.0),
      scaled("MiB", D::data_size, 1024.0 * 1024.0),
      scaled("GiB", D::data_size, 1024.0 * 1024.0 * 1024.0),
      scaled("TiB", D::data_size, 1024.0 * 1024.0 * 1024.0 * 1024.0),

      // Network links are quoted in bits per second; the SI value is bytes per second.
      scaled("B/s", D::data_rate, 1.0),
      scaled("kB/s", D::data_rate, 1e3),
      scaled("MB/s", D::data_rate, 1e6),
      scaled("GB/s", D::data_rate, 1e9),
      scaled("TB/s", D::data_rate, 1e12),
      scaled("bps", D::data_rate, 1.0 / 8.0),
      scaled("kbps", D::data_rate, 1e3 / 8.0),
      scaled("Mbps", D::data_rate, 1e6 / 8.0),
      scaled("Gbps", D::data_rate, 1e9 / 8.0, {"Gb/s"}),
      scaled("Tbps", D::data_rate, 1e12 / 8.0, {"Tb/s"}),

      // The degree sign is spelled as UTF-8 bytes so the source does not depend on the compiler's input charset.
      scaled("C", D::temperature, 1.0,
             {"degC",
              "\xC2\xB0"
              "C"}),
      UnitSpec{"K", D::temperature, 1.0, -273.15, {}},
      UnitSpec{"F", D::temperature, 5.0 / 9.0, -32.0 * 5.0 / 9.0, {}},

      scaled("L", D::volume, m3_per_L),
      scaled("kL", D::volume, 1.0),
      scaled("ML", D::volume, 1e3),
      scaled("m3", D::volume, 1.0, {"m^3"}),
      scaled("gal", D::volume, m3_per_US_gal),

      scaled("L/kWh", D::water_intensity, m3_per_L / joules_per_kWh, {"L/(kW h)"}),
      scaled("L/MWh", D::water_intensity, m3_per_L / joules_per_MWh),
      scaled("m3/MWh", D::water_intensity, 1.0 / joules_per_MWh),
  };
}

std::vector<UnitSpec> build_unit_table() {
  std::vector<UnitSpec> table;
  for (auto part :
       {power_and_energy_units, time_and_compute_units, emission_and_mass_units, data_temperature_and_water_units}) {
    std::vector<UnitSpec> units = part();
    table.insert(table.end(), units.begin(), units.end());
  }
  return table;
}

std::string quoted(std::string_view text) {
  return "'" + excerpt(text) + "'";
}

std::string with_article(std::string_view noun) {
  const bool vowel = !noun.empty() && std::string_view("aeiouAEIOU").find(noun.front()) != std::string_view::npos;
  return std::string(vowel ? "an " : "a ") + std::string(noun);
}

// "(expected a number and one of: W, kW)"; dimensionless has no required unit, so it reads differently.
std::string expected_number_clause(Dimension d) {
  if (d == Dimension::dimensionless) return "(expected a number, optionally followed by %)";
  return "(expected a number and one of: " + accepted_units(d) + ")";
}

std::string expected_unit_clause(Dimension d) {
  if (d == Dimension::dimensionless) return "(expected a bare number or a percentage such as 40 %)";
  return "(expected one of: " + accepted_units(d) + ")";
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The one unit of `d` that matches `unit` ignoring case, so "mW" can point at "MW"; empty when none or ambiguous
// (a "gb/s" could be GB/s or Gb/s, a factor of 8 apart, and guessing would be worse than saying nothing).
std::string_view case_insensitive_match(std::string_view unit, Dimension d) {
  const std::string wanted = lower_ascii(unit);
  const UnitSpec* match = nullptr;
  for (const UnitSpec& spec : unit_table()) {
    if (spec.dimension != d) continue;
    bool hit = lower_ascii(spec.symbol) == wanted;
    for (std::string_view alias : spec.aliases) hit = hit || (!alias.empty() && lower_ascii(alias) == wanted);
    if (!hit) continue;
    if (match != nullptr && match != &spec) return {};
    match = &spec;
  }
  return match == nullptr ? std::string_view{} : match->symbol;
}

enum class NumberStatus { ok, not_a_number, out_of_range };

struct LeadingNumber {
  NumberStatus status;
  double value;
  std::string_view rest;  // text after the number
};

// Reads the number at the start of `s`. std::from_chars is used rather than std::stod because it reports where the
// number ended (so "10B" cannot pass as 10) and ignores the locale (so "1,5" never means 1.5).
LeadingNumber read_leading_number(std::string_view s) {
  double value = 0.0;
  const char* const first = s.data();
  const char* const last = s.data() + s.size();
  const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::general);
  if (ec == std::errc::invalid_argument) return {NumberStatus::not_a_number, 0.0, s};
  if (ec == std::errc::result_out_of_range) return {NumberStatus::out_of_range, 0.0, s};
  if (!std::isfinite(value)) return {NumberStatus::not_a_number, 0.0, s};
  std::string_view rest = s.substr(static_cast<std::size_t>(end - first));
  // A number running straight into more number characters ("1.2.3", "1,000", "5-3") is malformed, not a number
  // followed by a strange unit.
  if (!rest.empty() && std::string_view("0123456789.,+-").find(rest.front()) != std::string_view::npos) {
    return {NumberStatus::not_a_number, 0.0, s};
  }
  return {NumberStatus::ok, value, rest};
}

}  // namespace

const std::vector<UnitSpec>& unit_table() {
  static const std::vector<UnitSpec> table = build_unit_table();
  return table;
}

const UnitSpec* find_unit(std::string_view unit) {
  if (unit.empty()) return nullptr;
  for (const UnitSpec& spec : unit_table()) {
    if (spec.symbol == unit) return &spec;
    for (std::string_view alias : spec.aliases) {
      if (!alias.empty() && alias == unit) return &spec;
    }
  }
  return nullptr;
}

std::string_view dimension_name(Dimension d) {
  switch (d) {
    case Dimension::dimensionless:
      return "dimensionless number";
    case Dimension::power:
      return "power";
    case Dimension::energy:
      return "energy";
    case Dimension::time:
      return "time";
    case Dimension::flop:
      return "FLOP count";
    case Dimension::flop_rate:
      return "FLOP rate";
    case Dimension::carbon_intensity:
      return "carbon intensity";
    case Dimension::mass:
      return "mass";
    case Dimension::data_size:
      return "data size";
    case Dimension::data_rate:
      return "data rate";
    case Dimension::temperature:
      return "temperature";
    case Dimension::volume:
      return "volume";
    case Dimension::water_intensity:
      return "water intensity";
  }
  return "unknown dimension";
}

std::string_view si_unit(Dimension d) {
  switch (d) {
    case Dimension::dimensionless:
      return "1";
    case Dimension::power:
      return "W";
    case Dimension::energy:
      return "J";
    case Dimension::time:
      return "s";
    case Dimension::flop:
      return "FLOP";
    case Dimension::flop_rate:
      return "FLOP/s";
    case Dimension::carbon_intensity:
      return "kg/J";
    case Dimension::mass:
      return "kg";
    case Dimension::data_size:
      return "B";
    case Dimension::data_rate:
      return "B/s";
    case Dimension::temperature:
      return "degC";
    case Dimension::volume:
      return "m3";
    case Dimension::water_intensity:
      return "m3/J";
  }
  return "?";
}

std::string_view cf_unit(Dimension d) {
  switch (d) {
    case Dimension::flop:
      return "1";
    case Dimension::flop_rate:
      return "s^-1";
    case Dimension::data_size:
      return "byte";
    case Dimension::data_rate:
      return "byte/s";
    case Dimension::volume:
      return "m^3";
    case Dimension::water_intensity:
      return "m^3/J";
    default:
      return si_unit(d);
  }
}

std::string accepted_units(Dimension d) {
  std::string out;
  for (const UnitSpec& spec : unit_table()) {
    if (spec.dimension != d) continue;
    if (!out.empty()) out += ", ";
    out += spec.symbol;
  }
  return out;
}

double parse_quantity(std::string_view text, Dimension expected) {
  const std::string_view body = trim(text);
  const std::string not_a = quoted(text) + " is not " + with_article(dimension_name(expected)) + " ";

  const LeadingNumber number = read_leading_number(body);
  if (number.status == NumberStatus::out_of_range) {
    throw UnitError(quoted(text) + " has a number out of range " + expected_number_clause(expected));
  }
  if (number.status != NumberStatus::ok) throw UnitError(not_a + expected_number_clause(expected));

  const std::string_view unit = trim(number.rest);
  if (unit.empty()) {
    if (expected == Dimension::dimensionless) return number.value;
    throw UnitError(quoted(text) + " is missing a unit " + expected_unit_clause(expected));
  }

  const UnitSpec* spec = find_unit(unit);
  if (spec == nullptr) {
    std::string message = quoted(text) + " has unknown unit " + quoted(unit) + " " + expected_unit_clause(expected);
    const std::string_view suggestion = case_insensitive_match(unit, expected);
    if (!suggestion.empty()) {
      message += "; units are case-sensitive: did you mean " + quoted(suggestion) + "?";
    }
    throw UnitError(message);
  }
  if (spec->dimension != expected) {
    throw UnitError(quoted(text) + " has unit " + quoted(unit) + " which is " +
                    with_article(dimension_name(spec->dimension)) + ", not " + with_article(dimension_name(expected)) +
                    " " + expected_unit_clause(expected));
  }

  const double si = number.value * spec->factor_to_si + spec->offset_to_si;
  if (!std::isfinite(si)) {
    throw UnitError(quoted(text) + " is out of range once converted to " + std::string(si_unit(expected)));
  }
  return si;
}

double parse_number(std::string_view text) {
  const LeadingNumber number = read_leading_number(trim(text));
  if (number.status == NumberStatus::out_of_range) throw UnitError(quoted(text) + " is a number out of range");
  if (number.status != NumberStatus::ok || !number.rest.empty()) throw UnitError(quoted(text) + " is not a number");
  return number.value;
}

std::int64_t parse_count(std::string_view text) {
  const std::string_view body = trim(text);
  const std::string expectation = " (expected a non-negative whole number)";
  if (!body.empty() && body.front() == '-') throw UnitError(quoted(text) + " is negative" + expectation);

  // Plain digits go through the integer parser so that counts beyond 2^53 stay exact.
  if (!body.empty() && body.find_first_not_of("0123456789") == std::string_view::npos) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
    if (ec == std::errc::result_out_of_range) throw UnitError(quoted(text) + " is too large" + expectation);
    if (ec != std::errc() || end != body.data() + body.size()) {
      throw UnitError(quoted(text) + " is not a whole number" + expectation);
    }
    return value;
  }

  double value = 0.0;
  try {
    value = parse_number(body);
  } catch (const UnitError&) {
    throw UnitError(quoted(text) + " is not a whole number" + expectation);
  }
  if (value < 0.0) throw UnitError(quoted(text) + " is negative" + expectation);
  if (value != std::floor(value)) throw UnitError(quoted(text) + " is not a whole number" + expectation);
  // 2^63 is exactly representable; anything at or above it does not fit an int64.
  if (value >= 9223372036854775808.0) throw UnitError(quoted(text) + " is too large" + expectation);
  return static_cast<std::int64_t>(value);
}

}  // namespace terawatt
