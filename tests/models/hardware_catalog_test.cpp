// The hardware catalog: the parts added with sources, the one checker every entry (built-in or user) passes, and
// lookups that a user's entries extend.
#include "models/power/hardware_catalog.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("every built-in accelerator and server passes the checks a user's entry must pass", "[catalog]") {
  const HardwareCatalog& catalog = builtin_catalog();
  for (const AcceleratorSpec& a : catalog.accelerators) {
    INFO(a.name);
    CHECK_FALSE(check_accelerator(a).has_value());
  }
  for (const ServerSpec& s : catalog.servers) {
    INFO(s.name);
    REQUIRE(catalog.find_accelerator(s.accelerator) != nullptr);
    CHECK_FALSE(check_server(s, *catalog.find_accelerator(s.accelerator)).has_value());
  }
}

TEST_CASE("the added parts carry their datasheet figures (docs/references.md H), peaks dense", "[catalog]") {
  struct Expected {
    const char* name;
    double tdp_w, peak_tflop, memory_gb, memory_tb_per_s;
  };
  const Expected expected[] = {
      {"p100-sxm2", 300, 21.2, 16, 0.732}, {"a10", 150, 125, 24, 0.6},    {"l4", 72, 121, 24, 0.3},
      {"l40s", 350, 362.05, 48, 0.864},    {"gb200", 1200, 2500, 186, 8}, {"mi250x", 560, 383, 128, 3.2768},
      {"mi300x", 750, 1307.4, 192, 5.3},   {"tpu-v4", 192, 275, 32, 1.2}, {"gaudi2", 600, 432, 96, 2.46},
      {"gaudi3", 900, 1835, 128, 3.67},
  };
  for (const Expected& e : expected) {
    INFO(e.name);
    const AcceleratorSpec* a = builtin_catalog().find_accelerator(e.name);
    REQUIRE(a != nullptr);
    CHECK(a->tdp_w == Approx(e.tdp_w));
    CHECK(a->idle_w == Approx(0.1 * e.tdp_w));  // the assumed idle: 10 % of TDP
    CHECK(a->peak_flop_per_s == Approx(e.peak_tflop * 1e12));
    CHECK(a->hbm_capacity_bytes == Approx(e.memory_gb * 1e9));
    CHECK(a->hbm_bandwidth_bytes_per_s == Approx(e.memory_tb_per_s * 1e12));
    CHECK(builtin_catalog().server_for(a->name) != nullptr);
    CHECK(a->source.find("docs/references.md H") != std::string::npos);
  }
  // FP8 is twice the 16-bit peak on Ada, Hopper-class and CDNA 3 parts; the same on Gaudi 3.
  CHECK(*builtin_catalog().find_accelerator("l40s")->other_peaks.fp8_flop_per_s == Approx(2 * 366.5e12).epsilon(0.01));
  CHECK(*builtin_catalog().find_accelerator("gaudi3")->other_peaks.fp8_flop_per_s == Approx(1835e12));
}

TEST_CASE("check_accelerator names the key of the first broken value", "[catalog]") {
  AcceleratorSpec a = *builtin_catalog().find_accelerator("h100-sxm");
  CHECK_FALSE(check_accelerator(a).has_value());
  const auto key_of = [](const AcceleratorSpec& broken) { return check_accelerator(broken).value().key; };
  AcceleratorSpec b = a;
  b.idle_w = b.tdp_w;  // idle must lie below the TDP
  CHECK(key_of(b) == "idle_power");
  b = a;
  b.other_peaks.fp8_flop_per_s = 0.0;
  CHECK(key_of(b) == "peak.fp8");
  b = a;
  b.checkpoint_power_w = a.tdp_w + 1;  // a phase draws at most the TDP
  CHECK(key_of(b) == "checkpoint_power");
  b = a;
  b.compute_power_w = a.idle_w;  // and more than idle
  CHECK(key_of(b) == "compute_power");
}

TEST_CASE("check_server: the nameplate holds accelerators at TDP plus the loaded host", "[catalog]") {
  const AcceleratorSpec& h100 = *builtin_catalog().find_accelerator("h100-sxm");
  ServerSpec s{"box", "h100-sxm", 8, 8 * 700.0 + 2000.0, {1000.0, 2000.0}, "test", std::nullopt};
  CHECK_FALSE(check_server(s, h100).has_value());
  s.max_power_w -= 1.0;
  CHECK(check_server(s, h100).value().key == "max_power");
  s.max_power_w = 1e5;
  s.host = {3000.0, 2000.0};
  CHECK(check_server(s, h100).value().key == "host_loaded_power");
}

TEST_CASE("put adds a new entry and replaces one of the same name in place", "[catalog]") {
  HardwareCatalog catalog = builtin_catalog();
  AcceleratorSpec changed = *catalog.find_accelerator("h100-sxm");
  changed.tdp_w = 600;
  const std::size_t count = catalog.accelerators.size();
  catalog.put(changed);
  CHECK(catalog.accelerators.size() == count);
  CHECK(catalog.find_accelerator("h100-sxm")->tdp_w == 600);
  changed.name = "mine";
  catalog.put(changed);
  CHECK(catalog.accelerators.size() == count + 1);
  CHECK(catalog.server_for("mine") == nullptr);
  CHECK(builtin_catalog().find_accelerator("h100-sxm")->tdp_w == 700);
}
