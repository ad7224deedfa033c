#include "models/catalog.hpp"

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

TEST_CASE("catalog carries the FIGURES.md E board powers", "[catalog]") {
  struct Expected {
    const char* name;
    double tdp_w;
  };
  const Expected expected[] = {
      {"v100-sxm2", 300},      {"v100-pcie-32gb", 250}, {"a100-sxm4-40gb", 400},
      {"a100-sxm4-80gb", 400}, {"a100-pcie-40gb", 250}, {"a100-pcie-80gb", 300},
      {"h100-sxm", 700},       {"h100-pcie", 350},      {"h100-nvl", 400},
      {"h200-sxm", 700},       {"b200", 1000},          {"tpu-v2", 280},
      {"tpu-v3", 450},
  };
  for (const Expected& e : expected) {
    INFO(e.name);
    const AcceleratorSpec* a = find_accelerator(e.name);
    REQUIRE(a != nullptr);
    CHECK(a->tdp_w == e.tdp_w);
    CHECK(a->source.find("FIGURES.md") != std::string::npos);
  }
  // Idle readings FIGURES.md E gives directly.
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

  // Every figure not in FIGURES.md must say it is a datasheet value or an assumption.
  for (const AcceleratorSpec& a : accelerator_catalog()) {
    INFO(a.name);
    CHECK(a.source.find("vendor datasheet") != std::string::npos);
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
    CHECK(find_accelerator(s.accelerator) != nullptr);
    CHECK(s.accelerators_per_server > 0);
    CHECK(!s.source.empty());
    CHECK(s.host_overhead_w() > 0);
  }
  for (const char* name : {"dgx-a100", "dgx-h100", "dgx-h200", "dgx-b200"}) {
    INFO(name);
    CHECK(find_server(name) != nullptr);
  }
}

TEST_CASE("server nameplates and host overheads", "[catalog]") {
  const ServerSpec* a100 = find_server("dgx-a100");
  REQUIRE(a100 != nullptr);
  CHECK(a100->max_power_w == 6500);  // RC-40
  CHECK(a100->accelerators_per_server == 8);
  CHECK(a100->host_overhead_w() == 6500.0 - 8 * 400.0);
  CHECK(a100->host_overhead_w() == 3300.0);

  const ServerSpec* h100 = find_server("dgx-h100");
  REQUIRE(h100 != nullptr);
  CHECK(h100->max_power_w == 10200);  // RC-40, RC-23
  CHECK(h100->host_overhead_w() == 10200.0 - 8 * 700.0);
  // RC-23: 10.2 kW / 8 = 1,275 W per GPU.
  CHECK(h100->max_power_w / h100->accelerators_per_server == 1275.0);

  CHECK(find_server("dgx-h200")->max_power_w == 10200);
  CHECK(find_server("dgx-b200")->max_power_w == 14300);

  ServerSpec bogus{"bogus", "no-such-gpu", 8, 1000.0, "test"};
  CHECK_THROWS_AS(bogus.host_overhead_w(), std::logic_error);
}

TEST_CASE("default_host_overhead_w scales a matching server", "[catalog]") {
  const AcceleratorSpec& a100 = *find_accelerator("a100-sxm4-80gb");
  CHECK(default_host_overhead_w(a100, 8) == 3300.0);
  CHECK(default_host_overhead_w(a100, 4) == 1650.0);
  CHECK(default_host_overhead_w(a100, 1) == Approx(412.5));

  const AcceleratorSpec& h100 = *find_accelerator("h100-sxm");
  CHECK(default_host_overhead_w(h100, 8) == 4600.0);
}

TEST_CASE("default_host_overhead_w falls back to the catalog mean", "[catalog]") {
  double sum = 0.0;
  double lowest = 1e300;
  double highest = 0.0;
  for (const ServerSpec& s : server_catalog()) {
    const double per_accelerator = s.host_overhead_w() / s.accelerators_per_server;
    sum += per_accelerator;
    lowest = std::min(lowest, per_accelerator);
    highest = std::max(highest, per_accelerator);
  }
  const double mean = sum / static_cast<double>(server_catalog().size());

  // No catalog server holds PCIe A100s or TPUs.
  const AcceleratorSpec& pcie = *find_accelerator("a100-pcie-40gb");
  CHECK(default_host_overhead_w(pcie, 8) == Approx(8 * mean));
  CHECK(default_host_overhead_w(pcie, 4) == Approx(4 * mean));
  CHECK(default_host_overhead_w(*find_accelerator("tpu-v3"), 4) == Approx(4 * mean));
  CHECK(mean > lowest);
  CHECK(mean < highest);

  // An accelerator not in the catalog at all also gets the mean.
  AcceleratorSpec custom{"custom", "custom", 500, 50, 1e15, 1e11, 1e12, "test", std::nullopt};
  CHECK(default_host_overhead_w(custom, 2) == Approx(2 * mean));
}

TEST_CASE("default_host_overhead_w rejects servers without accelerators", "[catalog]") {
  const AcceleratorSpec& a100 = *find_accelerator("a100-sxm4-80gb");
  CHECK_THROWS_AS(default_host_overhead_w(a100, 0), std::invalid_argument);
  CHECK_THROWS_AS(default_host_overhead_w(a100, -8), std::invalid_argument);
}

TEST_CASE("format_catalog lists every entry with its source", "[catalog]") {
  const std::string text = format_catalog();
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
  CHECK(text.find("3300") != std::string::npos);  // DGX A100 host overhead
}
