#include "models/power/catalog.hpp"
#include "models/power/catalog_format.hpp"
#include "models/power/hardware_catalog.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>

using namespace terawatt;

TEST_CASE("every accelerator is complete and plausible", "[catalog]") {
  const auto& catalog = accelerator_catalog();
  REQUIRE(catalog.size() >= 13);
  std::set<std::string> names;
  for (const AcceleratorSpec& a : catalog) {
    INFO(a.name);
    CHECK(!a.name.empty());
    CHECK(a.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos);
    CHECK(!a.description.empty());
    CHECK(a.tdp_w > 0);
    CHECK(a.idle_w > 0);
    CHECK(a.idle_w < a.tdp_w);
    CHECK(a.peak_flop_per_s > 0);
    CHECK(a.hbm_capacity_bytes > 0);
    CHECK(a.hbm_bandwidth_bytes_per_s > 0);
    CHECK(!a.source.empty());
    CHECK(names.insert(a.name).second);
  }
}

TEST_CASE("catalog carries the docs/references.md E board powers", "[catalog]") {
  struct Expected {
    const char* name;
    double tdp_w;
  };
  const Expected expected[] = {
      {"v100-sxm2", 300},      {"v100-pcie-32gb", 250}, {"a100-sxm4-40gb", 400}, {"a100-sxm4-80gb", 400},
      {"a100-pcie-40gb", 250}, {"a100-pcie-80gb", 300}, {"h100-sxm", 700},       {"h100-pcie", 350},
      {"h100-nvl", 400},       {"h200-sxm", 700},       {"b200", 1000},          {"tpu-v2", 280},
      {"tpu-v3", 450},
  };
  for (const Expected& e : expected) {
    INFO(e.name);
    const AcceleratorSpec* a = find_accelerator(e.name);
    REQUIRE(a != nullptr);
    CHECK(a->tdp_w == e.tdp_w);
    CHECK(a->source.find("docs/references.md") != std::string::npos);
  }
  // Idle readings docs/references.md E gives directly.
  CHECK(find_accelerator("h100-sxm")->idle_w == 70);
  CHECK(find_accelerator("h100-nvl")->idle_w == 66);
  CHECK(find_accelerator("v100-sxm2")->idle_w == 55);
  CHECK(find_accelerator("a100-pcie-80gb")->idle_w == Approx(46).margin(2));
  CHECK(find_accelerator("a100-sxm4-40gb")->idle_w == Approx(53).margin(1));
}

TEST_CASE("peak compute and HBM match the vendor datasheets", "[catalog]") {
  const AcceleratorSpec* h100 = find_accelerator("h100-sxm");
  REQUIRE(h100 != nullptr);
  // RC-23 (Epoch AI) uses 989 TFLOP/s BF16 dense.
  CHECK(h100->peak_flop_per_s == Approx(989e12));
  CHECK(h100->hbm_bandwidth_bytes_per_s == Approx(3.35e12));

  const AcceleratorSpec* h200 = find_accelerator("h200-sxm");
  REQUIRE(h200 != nullptr);
  CHECK(h200->hbm_capacity_bytes == Approx(141e9));
  CHECK(h200->hbm_bandwidth_bytes_per_s == Approx(4.8e12));

  // RC-01 uses the 125 TF V100 tensor peak for its ~20% MFU.
  CHECK(find_accelerator("v100-sxm2")->peak_flop_per_s == Approx(125e12));
  CHECK(find_accelerator("a100-sxm4-80gb")->peak_flop_per_s == Approx(312e12));
  // Dense, not the 4.5 PFLOP/s sparsity figure.
  CHECK(find_accelerator("b200")->peak_flop_per_s == Approx(2.25e15));
  CHECK(find_accelerator("tpu-v3")->peak_flop_per_s == Approx(123e12));

  // Every figure not among the published figures of docs/references.md E must say it is a datasheet value (cited
  // there in section H for the parts added in 2026) or an assumption.
  for (const AcceleratorSpec& a : accelerator_catalog()) {
    INFO(a.name);
    CHECK((a.source.find("vendor datasheet") != std::string::npos ||
           a.source.find("docs/references.md H") != std::string::npos));
  }
}

TEST_CASE("find_accelerator and find_server are exact lookups", "[catalog]") {
  CHECK(find_accelerator("a100-sxm4-80gb") != nullptr);
  CHECK(find_accelerator("a100-sxm4-80gb")->name == "a100-sxm4-80gb");
  CHECK(find_accelerator("no-such-gpu") == nullptr);
  CHECK(find_accelerator("") == nullptr);
  CHECK(find_accelerator("H100-SXM") == nullptr);
  CHECK(find_accelerator("h100") == nullptr);

  REQUIRE(find_server("dgx-h100") != nullptr);
  CHECK(find_server("dgx-h100")->accelerator == "h100-sxm");
  CHECK(find_server("dgx-z900") == nullptr);
}

TEST_CASE("every server is complete and names a catalog accelerator", "[catalog]") {
  const auto& servers = server_catalog();
  std::set<std::string> names;
  for (const ServerSpec& s : servers) {
    INFO(s.name);
    CHECK(names.insert(s.name).second);
    const AcceleratorSpec* accelerator = find_accelerator(s.accelerator);
    REQUIRE(accelerator != nullptr);
    CHECK(s.accelerators_per_server > 0);
    CHECK(!s.source.empty());
    // A host draws something idle, more loaded, and the whole server stays within its nameplate.
    CHECK(s.host.idle_w > 0);
    CHECK(s.host.loaded_w > s.host.idle_w);
    CHECK(s.accelerators_per_server * accelerator->tdp_w + s.host.loaded_w <= s.max_power_w + 1e-9);
  }
  for (const char* name : {"dgx-a100", "dgx-h100", "dgx-h200", "dgx-b200"}) {
    INFO(name);
    CHECK(find_server(name) != nullptr);
  }
}

TEST_CASE("every catalog accelerator has an explicit catalog server, never a mean", "[catalog]") {
  for (const AcceleratorSpec& a : accelerator_catalog()) {
    INFO(a.name);
    CHECK(server_for(a).accelerator == a.name);
  }
  AcceleratorSpec custom{"custom", "custom", 500, 50, 1e15, 1e11, 1e12, "test"};
  CHECK_THROWS_AS(server_for(custom), std::invalid_argument);
  CHECK_THROWS_AS(default_host_power(custom, 8), std::invalid_argument);
}

TEST_CASE("a DGX H100 host draws 2.8 kW loaded (8.4 kW measured peak less 8 x 700 W) and half that idle", "[catalog]") {
  const ServerSpec* h100 = find_server("dgx-h100");
  REQUIRE(h100 != nullptr);
  CHECK(h100->max_power_w == 10200);  // RC-40, RC-23
  CHECK(h100->host.loaded_w == Approx(8400.0 - 8 * 700.0));
  CHECK(h100->host.idle_w == Approx(1400.0));
  // The whole node at full load is the measured 8.4 kW peak, 18 % under its nameplate (Latif et al. 2025).
  CHECK(8 * 700.0 + h100->host.loaded_w == Approx(8400.0));
  // Idle: 8 x 70 W + 1.4 kW = 1.96 kW, 19 % of the nameplate (the constant-overhead model gave 5.16 kW).
  CHECK(8 * 70.0 + h100->host.idle_w == Approx(1960.0));
}

TEST_CASE("vendor systems take the nameplate rule: host loaded = nameplate x 8.4/10.2 - accelerators x TDP",
          "[catalog]") {
  const ServerSpec* a100 = find_server("dgx-a100");
  REQUIRE(a100 != nullptr);
  CHECK(a100->max_power_w == 6500);  // RC-40
  CHECK(a100->host.loaded_w == Approx(6500.0 * 8.4 / 10.2 - 8 * 400.0));
  CHECK(a100->host.idle_w == Approx(a100->host.loaded_w / 2));
  const ServerSpec* dgx1 = find_server("dgx-1-v100");
  REQUIRE(dgx1 != nullptr);
  CHECK(dgx1->host.loaded_w == Approx(3500.0 * 8.4 / 10.2 - 8 * 300.0));
  CHECK(find_server("dgx-h200")->max_power_w == 10200);
  CHECK(find_server("dgx-b200")->max_power_w == 14300);
}

TEST_CASE("generic servers take the DGX-1's host per accelerator and a nameplate of TDP plus host", "[catalog]") {
  const ServerSpec& dgx1 = *find_server("dgx-1-v100");
  const double per_accelerator_w = dgx1.host.loaded_w / 8;
  for (const char* name : {"a100-pcie-40gb", "h100-pcie", "tpu-v3"}) {
    INFO(name);
    const AcceleratorSpec& accelerator = *find_accelerator(name);
    const ServerSpec& server = server_for(accelerator);
    CHECK(server.host.loaded_w == Approx(per_accelerator_w * server.accelerators_per_server));
    CHECK(server.max_power_w == Approx(server.accelerators_per_server * accelerator.tdp_w + server.host.loaded_w));
  }
  CHECK(server_for(*find_accelerator("tpu-v3")).accelerators_per_server == 4);
}

TEST_CASE("default_host_power scales the catalog server's host per accelerator", "[catalog]") {
  const AcceleratorSpec& a100 = *find_accelerator("a100-sxm4-80gb");
  const HostPowerCurve full = find_server("dgx-a100")->host;
  CHECK(default_host_power(a100, 8).loaded_w == Approx(full.loaded_w));
  CHECK(default_host_power(a100, 4).loaded_w == Approx(full.loaded_w / 2));
  CHECK(default_host_power(a100, 1).idle_w == Approx(full.idle_w / 8));
  CHECK_THROWS_AS(default_host_power(a100, 0), std::invalid_argument);
  CHECK_THROWS_AS(default_host_power(a100, -8), std::invalid_argument);
}

TEST_CASE("format_accelerators and format_servers list every entry with its source", "[catalog]") {
  const std::string text = format_accelerators(builtin_catalog()) + format_servers(builtin_catalog());
  for (const AcceleratorSpec& a : accelerator_catalog()) {
    INFO(a.name);
    CHECK(text.find(a.name) != std::string::npos);
    CHECK(text.find(a.source) != std::string::npos);
  }
  for (const ServerSpec& s : server_catalog()) {
    INFO(s.name);
    CHECK(text.find(s.name) != std::string::npos);
    CHECK(text.find(s.source) != std::string::npos);
  }
  CHECK(text.find("TDP W") != std::string::npos);
  CHECK(text.find("host loaded W") != std::string::npos);
  CHECK(text.find("2800") != std::string::npos);  // DGX H100 host loaded
}
