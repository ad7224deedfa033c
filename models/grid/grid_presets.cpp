#include "models/grid/grid_presets.hpp"

#include <cstdio>

namespace terawatt {
namespace {
constexpr double j_per_kwh = 3.6e6;
constexpr double kg_per_g = 1e-3;
constexpr double m3_per_l = 1e-3;

double g_per_kwh(double value) {
  return value * kg_per_g / j_per_kwh;
}
double l_per_kwh(double value) {
  return value * m3_per_l / j_per_kwh;
}
}  // namespace

const std::vector<GridPreset>& grid_presets() {
  // Every figure below is quoted in docs/references.md G (carbon) or RC-61 (water), with its status there.
  static const std::vector<GridPreset> presets{
      {"us-2020", "United States average, 2020", g_per_kwh(429), std::nullopt, l_per_kwh(3.142),
       "429 g/kWh: Patterson et al. 2021 (GPT-3) [P]; EWIF 3.142 L/kWh: Li et al. 2023 Table 1, US average [P]"},
      {"us-2023", "United States grid average, 2023", g_per_kwh(350), std::nullopt, std::nullopt,
       "350 g/kWh: LBNL 2024 US data center report [S] (docs/references.md G)"},
      {"us-meta", "United States average as used by Meta for LLaMA", g_per_kwh(385), std::nullopt, std::nullopt,
       "385 g/kWh: implied by LLaMA-1 and Llama 2 model-card arithmetic [U as a quote] (docs/references.md RC-05)"},
      {"france", "France (Jean Zay, BLOOM)", g_per_kwh(57), std::nullopt, std::nullopt,
       "57 g/kWh: BLOOM paper (Luccioni et al. 2022) [P*]"},
      {"oregon", "Oregon: AWS us-west-2, GCP us-west1 (eGRID)", g_per_kwh(297.6), std::nullopt, std::nullopt,
       "297.6 g/kWh: mlco2/impact data and Power Hungry Processing [P]"},
      {"california", "California: Azure West US (eGRID)", g_per_kwh(240.6), std::nullopt, std::nullopt,
       "240.6 g/kWh: mlco2/impact data [P]"},
      {"washington", "Washington: Azure West US 2 (eGRID)", g_per_kwh(297.6), std::nullopt, l_per_kwh(9.501),
       "297.6 g/kWh: mlco2/impact data [P]; EWIF 9.501 L/kWh: Li et al. 2023 Table 1 [P]"},
      {"virginia", "Virginia: Azure East US (eGRID)", g_per_kwh(367.8), std::nullopt, std::nullopt,
       "367.8 g/kWh: mlco2/impact data [P]"},
      {"iowa", "Iowa state grid", g_per_kwh(352), std::nullopt, l_per_kwh(3.10),
       "352 g/kWh: Morrison et al. 2025 (Iowa 351-352) [P]; EWIF 3.10 L/kWh: OLMo (Morrison) Iowa [P]"},
      {"iowa-google-2020", "Google Iowa datacenter, December 2020", g_per_kwh(478), g_per_kwh(80), std::nullopt,
       "478 gross / 80 net g/kWh (24/7 CFE): Patterson et al. 2021 [P]"},
      {"texas-austin", "Austin Energy, Texas", g_per_kwh(332), std::nullopt, l_per_kwh(1.287),
       "332 g/kWh: Morrison et al. 2025 [P]; EWIF 1.287 L/kWh: Li et al. 2023 Table 1, Texas [P]"},
      {"georgia-google-2020", "Google Georgia datacenter, October 2020", g_per_kwh(403), g_per_kwh(330), std::nullopt,
       "403 gross / 330 net g/kWh: Patterson et al. 2021 [P]"},
      {"north-carolina-google-2020", "Google North Carolina datacenter, April 2020", g_per_kwh(201), g_per_kwh(177),
       std::nullopt, "201 gross / 177 net g/kWh: Patterson et al. 2021 [P]"},
      {"taiwan-google-2019", "Google Taiwan datacenter, 2019", g_per_kwh(545), std::nullopt, std::nullopt,
       "545 g/kWh: Patterson et al. 2021 [P]"},
      {"china-2022", "China national average (MEE), 2022", g_per_kwh(536.6), std::nullopt, std::nullopt,
       "536.6 g/kWh gross average: China MEE 2022 [S] (docs/references.md G; provinces range 107-700+)"},
      {"azure-fleet", "Microsoft Azure fleet average", g_per_kwh(350), std::nullopt, std::nullopt,
       "350 g/kWh: Jegham et al. [P]"},
      {"aws-fleet", "Amazon Web Services fleet average", g_per_kwh(287), std::nullopt, std::nullopt,
       "287 g/kWh: Jegham et al. [P]"},
  };
  return presets;
}

const GridPreset* find_grid_preset(std::string_view name) {
  for (const auto& preset : grid_presets()) {
    if (preset.name == name) return &preset;
  }
  return nullptr;
}

std::string format_grid_presets() {
  std::string out = "Grid regions\nname                          gCO2e/kWh  net g/kWh  EWIF L/kWh\n";
  char line[256];
  for (const auto& preset : grid_presets()) {
    const auto column = [](const std::optional<double>& value, double scale) {
      char text[32];
      if (value) {
        std::snprintf(text, sizeof text, "%10.1f", *value * scale);
      } else {
        std::snprintf(text, sizeof text, "%10s", "-");
      }
      return std::string(text);
    };
    std::snprintf(line, sizeof line, "%-28s %10.1f %s %s  %s\n", preset.name.c_str(),
                  preset.carbon_intensity_kg_per_j * j_per_kwh / kg_per_g,
                  column(preset.market_intensity_kg_per_j, j_per_kwh / kg_per_g).c_str(),
                  column(preset.water_intensity_m3_per_j, j_per_kwh / m3_per_l).c_str(), preset.description.c_str());
    out += line;
    out += "    source: " + preset.source + "\n";
  }
  return out;
}

}  // namespace terawatt
