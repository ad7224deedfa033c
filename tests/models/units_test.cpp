// The unit table and the quantity parser: every dimension, alias, spelling and refusal.
// This file is long because it covers the whole table, one case per family of units, beside the parser's edge cases.
#include "models/base/units.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

using terawatt::accepted_units;
using terawatt::all_dimensions;
using terawatt::Dimension;
using terawatt::dimension_name;
using terawatt::find_unit;
using terawatt::parse_count;
using terawatt::parse_number;
using terawatt::parse_quantity;
using terawatt::si_unit;
using terawatt::unit_table;
using terawatt::UnitError;
using terawatt::UnitSpec;

namespace {

// The UnitError message for `text`, or "" when it parses.
std::string error_of(std::string_view text, Dimension d) {
  try {
    parse_quantity(text, d);
  } catch (const UnitError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("power quantities accept every documented spelling", "[units]") {
  CHECK(parse_quantity("700 W", Dimension::power) == 700.0);
  CHECK(parse_quantity("700W", Dimension::power) == 700.0);
  CHECK(parse_quantity("1.2 MW", Dimension::power) == Approx(1.2e6));
  CHECK(parse_quantity("  2 GW  ", Dimension::power) == Approx(2e9));
  CHECK(parse_quantity("\t3kW\n", Dimension::power) == Approx(3e3));
  CHECK(parse_quantity("1   TW", Dimension::power) == Approx(1e12));
  CHECK(parse_quantity("0 W", Dimension::power) == 0.0);
  CHECK(parse_quantity("1.5e3 W", Dimension::power) == Approx(1500.0));
  CHECK(parse_quantity("1.5e3kW", Dimension::power) == Approx(1.5e6));
}

TEST_CASE("energy converts watt-hours to joules", "[units]") {
  CHECK(parse_quantity("1 J", Dimension::energy) == 1.0);
  CHECK(parse_quantity("2 kJ", Dimension::energy) == Approx(2e3));
  CHECK(parse_quantity("3 MJ", Dimension::energy) == Approx(3e6));
  CHECK(parse_quantity("1 GJ", Dimension::energy) == Approx(1e9));
  CHECK(parse_quantity("1 TJ", Dimension::energy) == Approx(1e12));
  CHECK(parse_quantity("1 PJ", Dimension::energy) == Approx(1e15));
  CHECK(parse_quantity("1 Wh", Dimension::energy) == Approx(3600.0));
  CHECK(parse_quantity("1 kWh", Dimension::energy) == Approx(3.6e6));
  CHECK(parse_quantity("2.5 MWh", Dimension::energy) == Approx(9e9));
  CHECK(parse_quantity("1 GWh", Dimension::energy) == Approx(3.6e12));
  CHECK(parse_quantity("1 TWh", Dimension::energy) == Approx(3.6e15));
}

TEST_CASE("time units include week and a 365-day year", "[units]") {
  CHECK(parse_quantity("250 ms", Dimension::time) == Approx(0.25));
  CHECK(parse_quantity("30 s", Dimension::time) == 30.0);
  CHECK(parse_quantity("5 min", Dimension::time) == Approx(300.0));
  CHECK(parse_quantity("2 h", Dimension::time) == Approx(7200.0));
  CHECK(parse_quantity("14.8 d", Dimension::time) == Approx(14.8 * 86400.0));
  CHECK(parse_quantity("1 wk", Dimension::time) == Approx(7.0 * 86400.0));
  CHECK(parse_quantity("1 yr", Dimension::time) == Approx(365.0 * 86400.0));
  CHECK(parse_quantity("1 yr", Dimension::time) == parse_quantity("8760 h", Dimension::time));
}

TEST_CASE("FLOP counts accept the FLOPs spelling for every prefix", "[units]") {
  CHECK(parse_quantity("3.14e23 FLOP", Dimension::flop) == Approx(3.14e23));
  CHECK(parse_quantity("3.14e23 FLOPs", Dimension::flop) == Approx(3.14e23));
  CHECK(parse_quantity("1 kFLOP", Dimension::flop) == Approx(1e3));
  CHECK(parse_quantity("1 MFLOPs", Dimension::flop) == Approx(1e6));
  CHECK(parse_quantity("1 GFLOP", Dimension::flop) == Approx(1e9));
  CHECK(parse_quantity("1 TFLOPs", Dimension::flop) == Approx(1e12));
  CHECK(parse_quantity("1 PFLOP", Dimension::flop) == Approx(1e15));
  CHECK(parse_quantity("1 EFLOPs", Dimension::flop) == Approx(1e18));
  CHECK(parse_quantity("1 ZFLOP", Dimension::flop) == Approx(1e21));
  CHECK(parse_quantity("1 YFLOPs", Dimension::flop) == Approx(1e24));
}

TEST_CASE("FLOP rates accept /s and the upper-case FLOPS spelling", "[units]") {
  CHECK(parse_quantity("5 FLOP/s", Dimension::flop_rate) == 5.0);
  CHECK(parse_quantity("1 GFLOP/s", Dimension::flop_rate) == Approx(1e9));
  CHECK(parse_quantity("989 TFLOP/s", Dimension::flop_rate) == Approx(989e12));
  CHECK(parse_quantity("989 TFLOPS", Dimension::flop_rate) == Approx(989e12));
  CHECK(parse_quantity("2 GFLOPS", Dimension::flop_rate) == Approx(2e9));
  CHECK(parse_quantity("1.9 PFLOPS", Dimension::flop_rate) == Approx(1.9e15));
  CHECK(parse_quantity("1.9 PFLOP/s", Dimension::flop_rate) == Approx(1.9e15));
  CHECK(parse_quantity("1 EFLOP/s", Dimension::flop_rate) == Approx(1e18));
}

TEST_CASE("a FLOPs count and a FLOPS rate are not interchangeable", "[units]") {
  CHECK(error_of("989 TFLOPs", Dimension::flop_rate) ==
        "'989 TFLOPs' has unit 'TFLOPs' which is a FLOP count, not a FLOP rate (expected one of: FLOP/s, GFLOP/s, "
        "TFLOP/s, PFLOP/s, EFLOP/s)");
  CHECK(contains(error_of("1 TFLOPS", Dimension::flop), "which is a FLOP rate, not a FLOP count"));
}

TEST_CASE("carbon intensity converts mass per energy to kg/J", "[units]") {
  const double kg_per_J_of_1_g_per_kWh = 1e-3 / 3.6e6;
  CHECK(parse_quantity("57 g/kWh", Dimension::carbon_intensity) == Approx(57 * kg_per_J_of_1_g_per_kWh));
  CHECK(parse_quantity("0.429 kg/kWh", Dimension::carbon_intensity) == Approx(429 * kg_per_J_of_1_g_per_kWh));
  CHECK(parse_quantity("429 kg/MWh", Dimension::carbon_intensity) == Approx(429 * kg_per_J_of_1_g_per_kWh));
  CHECK(parse_quantity("0.429 t/MWh", Dimension::carbon_intensity) == Approx(429 * kg_per_J_of_1_g_per_kWh));
  CHECK(parse_quantity("100 g/MJ", Dimension::carbon_intensity) == Approx(100e-3 / 1e6));
  CHECK(parse_quantity("1000 lb/MWh", Dimension::carbon_intensity) == Approx(453.59237 / 3.6e9));

  SECTION("CO2 and CO2e tags are accepted and change nothing") {
    CHECK(parse_quantity("57 gCO2/kWh", Dimension::carbon_intensity) ==
          parse_quantity("57 g/kWh", Dimension::carbon_intensity));
    CHECK(parse_quantity("57 gCO2e/kWh", Dimension::carbon_intensity) ==
          parse_quantity("57 g/kWh", Dimension::carbon_intensity));
    CHECK(parse_quantity("0.4 kgCO2e/kWh", Dimension::carbon_intensity) ==
          parse_quantity("0.4 kg/kWh", Dimension::carbon_intensity));
    CHECK(parse_quantity("900 lbCO2/MWh", Dimension::carbon_intensity) ==
          parse_quantity("900 lb/MWh", Dimension::carbon_intensity));
  }
}

TEST_CASE("mass units use the metric tonne and the avoirdupois pound", "[units]") {
  CHECK(parse_quantity("500 g", Dimension::mass) == Approx(0.5));
  CHECK(parse_quantity("2 kg", Dimension::mass) == 2.0);
  CHECK(parse_quantity("1 t", Dimension::mass) == Approx(1e3));
  CHECK(parse_quantity("1 kt", Dimension::mass) == Approx(1e6));
  CHECK(parse_quantity("1 Mt", Dimension::mass) == Approx(1e9));
  CHECK(parse_quantity("1 Gt", Dimension::mass) == Approx(1e12));
  CHECK(parse_quantity("1 lb", Dimension::mass) == Approx(0.45359237));
}

TEST_CASE("data sizes are bytes, decimal and binary, never bits", "[units]") {
  CHECK(parse_quantity("1 B", Dimension::data_size) == 1.0);
  CHECK(parse_quantity("1 kB", Dimension::data_size) == Approx(1e3));
  CHECK(parse_quantity("1 MB", Dimension::data_size) == Approx(1e6));
  CHECK(parse_quantity("80 GB", Dimension::data_size) == Approx(80e9));
  CHECK(parse_quantity("1 TB", Dimension::data_size) == Approx(1e12));
  CHECK(parse_quantity("1 PB", Dimension::data_size) == Approx(1e15));
  CHECK(parse_quantity("1 KiB", Dimension::data_size) == 1024.0);
  CHECK(parse_quantity("1 MiB", Dimension::data_size) == 1048576.0);
  CHECK(parse_quantity("1 GiB", Dimension::data_size) == 1073741824.0);
  CHECK(parse_quantity("1 TiB", Dimension::data_size) == 1099511627776.0);
  CHECK(contains(error_of("8 b", Dimension::data_size), "unknown unit 'b'"));
  CHECK(contains(error_of("1 Gb", Dimension::data_size), "unknown unit 'Gb'"));
}

TEST_CASE("data rates convert bit rates to bytes per second", "[units]") {
  CHECK(parse_quantity("1 B/s", Dimension::data_rate) == 1.0);
  CHECK(parse_quantity("1 kB/s", Dimension::data_rate) == Approx(1e3));
  CHECK(parse_quantity("1 MB/s", Dimension::data_rate) == Approx(1e6));
  CHECK(parse_quantity("900 GB/s", Dimension::data_rate) == Approx(900e9));
  CHECK(parse_quantity("3.35 TB/s", Dimension::data_rate) == Approx(3.35e12));
  CHECK(parse_quantity("8 bps", Dimension::data_rate) == Approx(1.0));
  CHECK(parse_quantity("8 kbps", Dimension::data_rate) == Approx(1e3));
  CHECK(parse_quantity("8 Mbps", Dimension::data_rate) == Approx(1e6));
  CHECK(parse_quantity("400 Gbps", Dimension::data_rate) == Approx(50e9));
  CHECK(parse_quantity("400 Gb/s", Dimension::data_rate) == Approx(50e9));
  CHECK(parse_quantity("1.6 Tbps", Dimension::data_rate) == Approx(200e9));
  CHECK(parse_quantity("1.6 Tb/s", Dimension::data_rate) == Approx(200e9));
}

TEST_CASE("temperatures convert to degrees Celsius and may be negative", "[units]") {
  CHECK(parse_quantity("24 C", Dimension::temperature) == 24.0);
  CHECK(parse_quantity("24C", Dimension::temperature) == 24.0);
  CHECK(parse_quantity("24 degC", Dimension::temperature) == 24.0);
  CHECK(parse_quantity("24 \xC2\xB0"
                       "C",
                       Dimension::temperature) == 24.0);
  CHECK(parse_quantity("-10 C", Dimension::temperature) == -10.0);
  CHECK(parse_quantity("273.15 K", Dimension::temperature) == Approx(0.0).margin(1e-12));
  CHECK(parse_quantity("300 K", Dimension::temperature) == Approx(26.85));
  CHECK(parse_quantity("212 F", Dimension::temperature) == Approx(100.0));
  CHECK(parse_quantity("32 F", Dimension::temperature) == Approx(0.0).margin(1e-12));
  CHECK(parse_quantity("-40 F", Dimension::temperature) == Approx(-40.0));
}

TEST_CASE("volume and water intensity convert to cubic metres", "[units]") {
  CHECK(parse_quantity("1 L", Dimension::volume) == Approx(1e-3));
  CHECK(parse_quantity("1 kL", Dimension::volume) == Approx(1.0));
  CHECK(parse_quantity("1 ML", Dimension::volume) == Approx(1e3));
  CHECK(parse_quantity("2 m3", Dimension::volume) == 2.0);
  CHECK(parse_quantity("1 gal", Dimension::volume) == Approx(3.785411784e-3));

  CHECK(parse_quantity("1.8 L/kWh", Dimension::water_intensity) == Approx(1.8e-3 / 3.6e6));
  CHECK(parse_quantity("1800 L/MWh", Dimension::water_intensity) == Approx(1.8e-3 / 3.6e6));
  CHECK(parse_quantity("1.8 m3/MWh", Dimension::water_intensity) == Approx(1.8e-3 / 3.6e6));
}

TEST_CASE("dimensionless quantities are bare numbers or percentages", "[units]") {
  CHECK(parse_quantity("0.4", Dimension::dimensionless) == 0.4);
  CHECK(parse_quantity(" 3 ", Dimension::dimensionless) == 3.0);
  CHECK(parse_quantity("40 %", Dimension::dimensionless) == Approx(0.4));
  CHECK(parse_quantity("40%", Dimension::dimensionless) == Approx(0.4));
  CHECK(parse_quantity("-5 %", Dimension::dimensionless) == Approx(-0.05));
  CHECK(error_of("5 W", Dimension::dimensionless) ==
        "'5 W' has unit 'W' which is a power, not a dimensionless number (expected a bare number or a percentage "
        "such as 40 %)");
  CHECK(contains(error_of("5 pct", Dimension::dimensionless), "unknown unit 'pct'"));
  CHECK(error_of("40 %", Dimension::power) ==
        "'40 %' has unit '%' which is a dimensionless number, not a power (expected one of: W, kW, MW, GW, TW)");
}

TEST_CASE("the number must be a whole, finite numeric token", "[units]") {
  const std::string not_a_power = "is not a power (expected a number and one of: W, kW, MW, GW, TW)";
  for (const char* bad : {"", "   ", "W", "abc", "abc W", "--5 W", "+5 W", "1.2.3 W", "1,000 W", "5-3 W", "nan W",
                          "NaN W", "inf W", "-inf W", "infinity W", ". W", "e5 W"}) {
    INFO("text: '" << bad << "'");
    CHECK(error_of(bad, Dimension::power) == "'" + std::string(bad) + "' " + not_a_power);
  }
  CHECK(contains(error_of("1e999 W", Dimension::power), "'1e999 W' has a number out of range"));
  CHECK(contains(error_of("1e308 TW", Dimension::power), "out of range once converted to W"));
}

TEST_CASE("the number may be signed, fractional, or exponential", "[units]") {
  CHECK(parse_quantity("-3 W", Dimension::power) == -3.0);  // sign is the caller's business
  CHECK(parse_quantity(".5 kW", Dimension::power) == Approx(500.0));
  CHECK(parse_quantity("5. kW", Dimension::power) == Approx(5000.0));
  CHECK(parse_quantity("2E3 W", Dimension::power) == Approx(2000.0));
  CHECK(parse_quantity("2e+3 W", Dimension::power) == Approx(2000.0));
  CHECK(parse_quantity("2e-3 MW", Dimension::power) == Approx(2000.0));
  // "3E" is not an exponent when no digits follow, so the E belongs to the unit.
  CHECK(parse_quantity("3EFLOP", Dimension::flop) == Approx(3e18));
}

TEST_CASE("a dimensioned quantity without a unit is an error", "[units]") {
  CHECK(error_of("700", Dimension::power) == "'700' is missing a unit (expected one of: W, kW, MW, GW, TW)");
  CHECK(error_of(" 14.8 ", Dimension::time) ==
        "' 14.8 ' is missing a unit (expected one of: us, ms, s, min, h, d, wk, yr)");
  for (Dimension d : all_dimensions) {
    if (d == Dimension::dimensionless) continue;
    INFO(dimension_name(d));
    CHECK(contains(error_of("1", d), "is missing a unit"));
  }
}

TEST_CASE("a unit of the wrong dimension names both dimensions", "[units]") {
  CHECK(error_of("1 kWh", Dimension::power) ==
        "'1 kWh' has unit 'kWh' which is an energy, not a power (expected one of: W, kW, MW, GW, TW)");
  CHECK(error_of("5 MW", Dimension::energy) ==
        "'5 MW' has unit 'MW' which is a power, not an energy (expected one of: J, kJ, MJ, GJ, TJ, PJ, Wh, kWh, MWh, "
        "GWh, TWh)");
  CHECK(contains(error_of("1 kg", Dimension::carbon_intensity), "which is a mass, not a carbon intensity"));
  CHECK(contains(error_of("10 GB", Dimension::data_rate), "which is a data size, not a data rate"));
}

TEST_CASE("an unknown unit lists the accepted units", "[units]") {
  CHECK(error_of("700 Watts", Dimension::power) ==
        "'700 Watts' has unknown unit 'Watts' (expected one of: W, kW, MW, GW, TW)");
  CHECK(error_of("10 k W", Dimension::power) == "'10 k W' has unknown unit 'k W' (expected one of: W, kW, MW, GW, TW)");
  CHECK(contains(error_of("12abc", Dimension::power), "unknown unit 'abc'"));
}

TEST_CASE("units are case-sensitive and milliwatts are not accepted", "[units]") {
  CHECK(parse_quantity("5 MW", Dimension::power) == Approx(5e6));
  CHECK(error_of("5 mW", Dimension::power) ==
        "'5 mW' has unknown unit 'mW' (expected one of: W, kW, MW, GW, TW); units are case-sensitive: did you mean "
        "'MW'?");
  CHECK(contains(error_of("5 mw", Dimension::power), "did you mean 'MW'?"));
  CHECK(contains(error_of("5 KW", Dimension::power), "did you mean 'kW'?"));
  CHECK(contains(error_of("5 kwh", Dimension::energy), "did you mean 'kWh'?"));
  CHECK(contains(error_of("1 gbps", Dimension::data_rate), "did you mean 'Gbps'?"));
  // GB/s and Gb/s differ by a factor of 8: no guess is offered between them.
  CHECK_FALSE(contains(error_of("1 gb/s", Dimension::data_rate), "did you mean"));
}

TEST_CASE("accepted_units lists every table unit of that dimension", "[units]") {
  CHECK(accepted_units(Dimension::power) == "W, kW, MW, GW, TW");
  CHECK(accepted_units(Dimension::dimensionless) == "%");
  CHECK(accepted_units(Dimension::time) == "us, ms, s, min, h, d, wk, yr");
  CHECK(accepted_units(Dimension::temperature) == "C, K, F");
  CHECK(accepted_units(Dimension::carbon_intensity) == "g/kWh, kg/kWh, kg/MWh, t/MWh, g/MJ, lb/MWh");

  for (Dimension d : all_dimensions) {
    INFO(dimension_name(d));
    const std::string listed = ", " + accepted_units(d) + ", ";
    std::size_t count = 0;
    for (const UnitSpec& spec : unit_table()) {
      if (spec.dimension != d) continue;
      ++count;
      CHECK(contains(listed, ", " + std::string(spec.symbol) + ", "));
    }
    CHECK(count > 0);
    // Exactly the table's symbols: as many separators as units, no more.
    std::size_t commas = 0;
    for (char c : accepted_units(d)) commas += c == ',' ? 1 : 0;
    CHECK(commas + 1 == count);
  }
}

TEST_CASE("every table unit parses in its own dimension and only there", "[units]") {
  for (const UnitSpec& spec : unit_table()) {
    std::vector<std::string_view> spellings{spec.symbol};
    for (std::string_view alias : spec.aliases) {
      if (!alias.empty()) spellings.push_back(alias);
    }
    for (std::string_view spelling : spellings) {
      const std::string text = "2 " + std::string(spelling);
      INFO(text);
      CHECK(parse_quantity(text, spec.dimension) == Approx(2.0 * spec.factor_to_si + spec.offset_to_si));
      CHECK(find_unit(spelling) == &spec);
      for (Dimension other : all_dimensions) {
        if (other == spec.dimension) continue;
        CHECK(contains(error_of(text, other), "which is"));
      }
    }
  }
}

TEST_CASE("unit symbols and aliases are unique across the table", "[units]") {
  std::set<std::string_view> seen;
  for (const UnitSpec& spec : unit_table()) {
    INFO(spec.symbol);
    CHECK(seen.insert(spec.symbol).second);
    for (std::string_view alias : spec.aliases) {
      if (!alias.empty()) CHECK(seen.insert(alias).second);
    }
  }
  CHECK(find_unit("") == nullptr);
  CHECK(find_unit("mW") == nullptr);
}

TEST_CASE("dimension names and SI units", "[units]") {
  CHECK(dimension_name(Dimension::power) == "power");
  CHECK(dimension_name(Dimension::energy) == "energy");
  CHECK(dimension_name(Dimension::carbon_intensity) == "carbon intensity");
  CHECK(dimension_name(Dimension::water_intensity) == "water intensity");
  CHECK(si_unit(Dimension::dimensionless) == "1");
  CHECK(si_unit(Dimension::power) == "W");
  CHECK(si_unit(Dimension::energy) == "J");
  CHECK(si_unit(Dimension::time) == "s");
  CHECK(si_unit(Dimension::flop) == "FLOP");
  CHECK(si_unit(Dimension::flop_rate) == "FLOP/s");
  CHECK(si_unit(Dimension::carbon_intensity) == "kg/J");
  CHECK(si_unit(Dimension::mass) == "kg");
  CHECK(si_unit(Dimension::data_size) == "B");
  CHECK(si_unit(Dimension::data_rate) == "B/s");
  CHECK(si_unit(Dimension::temperature) == "degC");
  CHECK(si_unit(Dimension::volume) == "m3");
  CHECK(si_unit(Dimension::water_intensity) == "m3/J");

  std::set<std::string_view> names;
  for (Dimension d : all_dimensions) CHECK(names.insert(dimension_name(d)).second);
}

TEST_CASE("The outputs' CF spellings of units are read as the shorter ones", "[units]") {
  // What the outputs write (UDUNITS-2 and pint parse it) a scenario or a validation check may write too.
  CHECK(parse_quantity("57 g/(kW h)", Dimension::carbon_intensity) ==
        parse_quantity("57 g/kWh", Dimension::carbon_intensity));
  CHECK(parse_quantity("0.55 L/(kW h)", Dimension::water_intensity) ==
        parse_quantity("0.55 L/kWh", Dimension::water_intensity));
  CHECK(parse_quantity("3 m^3", Dimension::volume) == 3.0);
  CHECK(parse_quantity("460 TW h", Dimension::energy) == parse_quantity("460 TWh", Dimension::energy));
  CHECK(cf_unit(Dimension::volume) == "m^3");
  CHECK(cf_unit(Dimension::water_intensity) == "m^3/J");
  CHECK(cf_unit(Dimension::flop) == "1");
  CHECK(cf_unit(Dimension::flop_rate) == "s^-1");
  CHECK(cf_unit(Dimension::data_size) == "byte");
  CHECK(cf_unit(Dimension::data_rate) == "byte/s");
  for (Dimension d : {Dimension::dimensionless, Dimension::power, Dimension::energy, Dimension::time,
                      Dimension::carbon_intensity, Dimension::mass, Dimension::temperature}) {
    CHECK(cf_unit(d) == si_unit(d));
  }
}

TEST_CASE("parse_number is strict", "[units]") {
  CHECK(parse_number("42") == 42.0);
  CHECK(parse_number(" -1.5e3 ") == -1500.0);
  CHECK(parse_number("0.25") == 0.25);
  for (const char* bad :
       {"", " ", "10B", "1.2.3", "--5", "+5", "nan", "inf", "-inf", "1,5", "12abc", "4 2", "0x10", "40%"}) {
    INFO("text: '" << bad << "'");
    CHECK_THROWS_AS(parse_number(bad), UnitError);
  }
  CHECK_THROWS_WITH(parse_number("10B"), "'10B' is not a number");
  CHECK_THROWS_WITH(parse_number("1e999"), "'1e999' is a number out of range");
}

TEST_CASE("parse_count accepts non-negative integers only", "[units]") {
  CHECK(parse_count("10000") == 10000);
  CHECK(parse_count(" 0 ") == 0);
  CHECK(parse_count("1e4") == 10000);
  CHECK(parse_count("2.5e1") == 25);
  CHECK(parse_count("9223372036854775807") == INT64_MAX);
  CHECK(parse_count("9007199254740993") == 9007199254740993LL);  // beyond 2^53: exact via the integer path

  CHECK_THROWS_WITH(parse_count("1.5"), "'1.5' is not a whole number (expected a non-negative whole number)");
  CHECK_THROWS_WITH(parse_count("-3"), "'-3' is negative (expected a non-negative whole number)");
  CHECK_THROWS_WITH(parse_count("-0"), "'-0' is negative (expected a non-negative whole number)");
  CHECK_THROWS_WITH(parse_count("12abc"), "'12abc' is not a whole number (expected a non-negative whole number)");
  CHECK_THROWS_WITH(parse_count("9223372036854775808"),
                    "'9223372036854775808' is too large (expected a non-negative whole number)");
  CHECK_THROWS_WITH(parse_count("1e19"), "'1e19' is too large (expected a non-negative whole number)");
  for (const char* bad : {"", "abc", "nan", "inf", "1e-1", "+3", "3 4"}) {
    INFO("text: '" << bad << "'");
    CHECK_THROWS_AS(parse_count(bad), UnitError);
  }
}
