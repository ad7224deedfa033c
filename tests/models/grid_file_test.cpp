// Hourly grid files in other forms (models/grid/grid_file.hpp): RFC 4180 quoting, a column mapping with a stated
// unit, Electricity Maps' export with its two bases, and ENTSO-E's generation mix weighted by emission factors.

#include "models/grid/grid_file.hpp"

#include "models/base/iso8601.hpp"
#include "tests/models/series_file_error.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace terawatt;
using terawatt::testing::series_file_error;
using terawatt::testing::TempFile;

namespace {

const double jan1 = parse_iso8601_utc("2023-01-01T00:00:00Z");
constexpr double hour_s = 3600.0;
constexpr double kg_per_j_per_g_per_kwh = 1e-3 / 3.6e6;
constexpr double max_kg_per_j = 5000 * kg_per_j_per_g_per_kwh;
const std::string em_header =
    "Datetime (UTC),Zone Id,Carbon Intensity gCO\xE2\x82\x82"
    "eq/kWh (direct),Carbon Intensity gCO\xE2\x82\x82"
    "eq/kWh (LCA)\n";

StepSeries read(const std::string& text, const GridFileLayout& layout, double hours = 2) {
  const TempFile file(text, "grid.csv");
  return read_grid_intensity_file(file.path(), layout, jan1, jan1 + hours * hour_s, max_kg_per_j);
}

std::string error_of(const std::string& text, const GridFileLayout& layout, double hours = 2) {
  return series_file_error(text, "grid.csv", [&](const std::string& path) {
    read_grid_intensity_file(path, layout, jan1, jan1 + hours * hour_s, max_kg_per_j);
  });
}

// Equal to `expected` within 1e-12 relative (conversions to kg/J and back round).
auto matches(const std::vector<double>& expected) {
  return Catch::Matchers::Approx(expected).epsilon(1e-12);
}

std::vector<double> in_g_per_kwh(const StepSeries& series) {
  std::vector<double> out;
  for (double v : series.values()) out.push_back(v / kg_per_j_per_g_per_kwh);
  return out;
}

GridFileLayout format(GridFileFormat f) {
  GridFileLayout layout;
  layout.format = f;
  return layout;
}

}  // namespace

TEST_CASE("terawatt's form reads with a BOM, CRLF line ends and quoted fields") {
  const std::string text =
      "\xEF\xBB\xBF\"time\",\"carbon_intensity [g/kWh]\"\r\n\"2023-01-01T00:00:00Z\",\"300\"\r\n"
      "2023-01-01T01:00:00Z,\"350.5\"\r\n";
  CHECK_THAT(in_g_per_kwh(read(text, {})), matches({300, 350.5}));
}

TEST_CASE("a column mapping names the time and intensity columns and states the unit a header lacks") {
  GridFileLayout layout;
  layout.time_column = "Hour, local";
  layout.intensity_column = "CO2 (kg per MWh)";
  layout.intensity_unit = "kg/MWh";
  layout.utc_offset_h = 1.0;  // the times are at UTC+1
  const std::string text = "\"Hour, local\",other,CO2 (kg per MWh)\n2023-01-01 01:00,x,300\n2023-01-01 02:00,y,200\n";
  const StepSeries series = read(text, layout);
  CHECK(series.start_epoch_s() == jan1);
  CHECK_THAT(in_g_per_kwh(series), matches({300, 200}));  // 1 kg/MWh = 1 g/kWh
}

TEST_CASE("a mapped column that is missing, a unit stated against the header's, or a zone-less time fail") {
  GridFileLayout layout;
  layout.intensity_column = "ci";
  CHECK_THAT(error_of("time,other [g/kWh]\n", layout),
             Catch::StartsWith(":1: header has no column 'ci' (found: time, other)"));
  layout.intensity_unit = "kg/kWh";
  CHECK_THAT(error_of("time,ci [g/kWh]\n", layout),
             Catch::StartsWith(":1: column 'ci' has unit 'g/kWh' in its header, but the unit stated for it is "
                               "'kg/kWh'"));
  CHECK_THAT(error_of("time,carbon_intensity [g/kWh]\n2023-01-01 00:00,1\n", {}),
             Catch::StartsWith(":2: time: '2023-01-01 00:00' has no time zone"));
  layout.time_column = "when";
  CHECK_THAT(error_of("time,ci\n", layout),
             Catch::StartsWith(":1: header has no time column 'when' (found: time, ci)"));
}

TEST_CASE("Electricity Maps' export gives its LCA intensity by default and its direct one on request") {
  const std::string text = em_header + "2023-01-01 00:00:00,DE,380.5,430\n2023-01-01 01:00:00,DE,\"350\",400.25\n";
  GridFileLayout layout = format(GridFileFormat::electricity_maps);
  const StepSeries lca = read(text, layout);
  CHECK(lca.start_epoch_s() == jan1);  // "Datetime (UTC)": zone-less times read in UTC
  CHECK_THAT(in_g_per_kwh(lca), matches({430, 400.25}));
  layout.basis = IntensityBasis::direct;
  CHECK_THAT(in_g_per_kwh(read(text, layout)), matches({380.5, 350}));
}

TEST_CASE("an Electricity Maps file without the chosen column names it and what it has") {
  CHECK_THAT(error_of("Datetime (UTC),Carbon Intensity (LCA)\n", format(GridFileFormat::electricity_maps)),
             Catch::StartsWith(":1: header has no column 'Carbon Intensity gCO\xE2\x82\x82"
                               "eq/kWh (LCA)'"));
}

namespace {

// Two hours of an ENTSO-E export: gas, nuclear, pumped storage (left out of the mix), wind and an "n/e" type.
const std::string entsoe_text =
    "\"Area\",\"MTU\",\"Fossil Gas  - Actual Aggregated [MW]\",\"Nuclear  - Actual Aggregated [MW]\","
    "\"Hydro Pumped Storage  - Actual Aggregated [MW]\",\"Hydro Pumped Storage  - Actual Consumption [MW]\","
    "\"Wind Onshore  - Actual Aggregated [MW]\",\"Fossil Peat  - Actual Aggregated [MW]\"\r\n"
    "\"BZN|FR\",\"01.01.2023 00:00 - 01.01.2023 01:00 (UTC)\",\"1000\",\"3000\",\"500\",\"0\",\"1000\",\"n/e\"\r\n"
    "\"BZN|FR\",\"01.01.2023 01:00 - 01.01.2023 02:00 (UTC)\",\"0\",\"4000\",\"0\",\"800\",\"0\",\"n/e\"\r\n";

}  // namespace

TEST_CASE("an ENTSO-E generation mix gives the generation-weighted mean of the IPCC AR5 lifecycle medians") {
  const StepSeries series = read(entsoe_text, format(GridFileFormat::entsoe_generation));
  CHECK(series.start_epoch_s() == jan1);
  // Hour 1: (1000 x 490 + 3000 x 12 + 1000 x 11) / (1000 + 3000 + 1000) g/kWh; storage is left out.
  // Hour 2: nuclear alone, 12 g/kWh.
  CHECK_THAT(in_g_per_kwh(series), matches({(1000 * 490.0 + 3000 * 12.0 + 1000 * 11.0) / 5000, 12}));
}

TEST_CASE("a stated emission factor replaces the built-in one of its production type") {
  GridFileLayout layout = format(GridFileFormat::entsoe_generation);
  layout.stated_factors.push_back({"Fossil Gas", 400 * kg_per_j_per_g_per_kwh, "test"});
  CHECK_THAT(in_g_per_kwh(read(entsoe_text, layout)), matches({(1000 * 400.0 + 3000 * 12.0 + 1000 * 11.0) / 5000, 12}));
}

TEST_CASE("an ENTSO-E production type without an emission factor is refused at the header") {
  const std::string text = "MTU,Unobtainium  - Actual Aggregated [MW]\n";
  CHECK_THAT(error_of(text, format(GridFileFormat::entsoe_generation)),
             Catch::StartsWith(":1: column 'Unobtainium  - Actual Aggregated': production type 'Unobtainium' has no "
                               "emission factor (expected one of the ENTSO-E types: Biomass,"));
}

TEST_CASE("an ENTSO-E hour without generation, a gap, a negative or missing value is refused at its line") {
  const GridFileLayout layout = format(GridFileFormat::entsoe_generation);
  const std::string header = "MTU,Nuclear  - Actual Aggregated [MW]\n";
  const std::string hour0 = "01.01.2023 00:00 - 01.01.2023 01:00 (UTC),100\n";
  CHECK_THAT(error_of(header + hour0 + "01.01.2023 01:00 - 01.01.2023 02:00 (UTC),0\n", layout),
             Catch::StartsWith(":3: the generation of this hour is 0 MW"));
  CHECK_THAT(error_of(header + hour0 + "01.01.2023 02:00 - 01.01.2023 03:00 (UTC),100\n", layout),
             Catch::StartsWith(":3: time 2023-01-01T02:00:00Z is 2 h after 2023-01-01T00:00:00Z on line 2: a gap of "
                               "1 missing hour(s)"));
  CHECK_THAT(error_of(header + hour0 + "01.01.2023 01:00 - 01.01.2023 02:00 (UTC),-5\n", layout),
             Catch::StartsWith(":3: column 'Nuclear  - Actual Aggregated': value -5 MW is outside the physical range"));
  CHECK_THAT(error_of(header + hour0 + "01.01.2023 01:00 - 01.01.2023 02:00 (UTC),N/A\n", layout),
             Catch::StartsWith(":3: column 'Nuclear  - Actual Aggregated': "));
  CHECK_THAT(error_of("MTU,Area\n", layout), Catch::StartsWith(":1: header has no generation column"));
}

TEST_CASE("every built-in emission factor is an IPCC AR5 median or says it is an assumption") {
  for (const EmissionFactor& factor : entsoe_emission_factors()) {
    INFO(factor.production_type);
    CHECK((factor.basis.rfind("IPCC AR5", 0) == 0 || factor.basis.rfind("assumption:", 0) == 0));
    if (factor.kg_per_j) CHECK(*factor.kg_per_j > 0.0);
  }
  CHECK(find_grid_file_format("electricity_maps") == GridFileFormat::electricity_maps);
  CHECK_FALSE(find_grid_file_format("electricitymaps"));
}
