// Malformed offline batch inference jobs, servers at a given power and embodied carbon given per server: each
// refused with exit code 2 and a message at file:line:col naming the key. The workloads follow the base of
// cli_harness.hpp from line 23.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

namespace {
// An offline job on lines 23-29, `extra` lines after it.
std::string offline(const std::string& requests_line = "    requests: 1000\n", const std::string& extra = "") {
  return base_yaml +
         "  - name: eval\n"                                                                               // 23
         "    type: offline_inference\n"                                                                  // 24
         "    modality: text\n"                                                                           // 25
         "    model: {parameters: 175e9, layers: 96, hidden_size: 12288, kv_heads: 96, head_dim: 128}\n"  // 26
         "    request: {prompt_tokens: 400, output_tokens: 300}\n"                                        // 27
         "    replicas: {accelerators: 8}\n" +                                                            // 28
         requests_line +
         extra;  // 29
}
// Servers at a given power on lines 23-25, its power keys on line 26.
std::string given(const std::string& power_line, const std::string& yaml = base_yaml) {
  return yaml +
         "  - name: rack\n"         // 23
         "    type: given_power\n"  // 24
         "    servers: 2\n" +       // 25
         power_line;                // 26
}
// The base cluster with an embodied mapping on line 16, the workloads after it.
std::string embodied(const std::string& mapping) {
  return base_sections + "    embodied: " + mapping + "\n" + base_workloads;
}
}  // namespace

MALFORMED("offline inference: a fractional request count", offline("    requests: 10.5\n"),
          "bad.yaml:29:15: workloads.eval.requests: gives 10.5 requests (expected a whole number of requests from 1 to "
          "2^53)")
MALFORMED(
    "offline inference: no request count", offline(""),
    "bad.yaml:23:5: workloads.eval.requests: missing required key (expected requests, or dataset_tokens for a text "
    "dataset)")
MALFORMED("offline inference: an autoscaling key in its replicas",
          edit("    replicas: {accelerators: 8}\n", "    replicas: {accelerators: 8, max: 2}\n", offline()),
          "bad.yaml:28:38: workloads.eval.replicas.max: applies to inference services only")
MALFORMED("offline inference: more replicas than the cluster holds",
          edit("    replicas: {accelerators: 8}\n", "    replicas: {accelerators: 8, count: 5}\n", offline()),
          "bad.yaml:28:40: workloads.eval.replicas.count: 5 replicas of 8")
MALFORMED("offline inference: an unknown modality", edit("    modality: text\n", "    modality: txt\n", offline()),
          "bad.yaml:25:15: workloads.eval.modality: unknown modality 'txt' (did you mean 'text'?)")
MALFORMED("offline inference: a service's arrivals",
          offline("    requests: 1000\n", "    arrivals: {requests_per_day: 1}\n"),
          "bad.yaml:30:5: workloads.eval.arrivals: unknown key")

MALFORMED("given power: both a power and a load factor", given("    power: 10 kW\n    load_factor: 0.5\n"),
          "bad.yaml:27:18: workloads.rack.load_factor: conflicts with power (expected one of power, load_factor)")
MALFORMED("given power: neither a power nor a load factor", given("    start: 1 h\n"),
          "bad.yaml:23:5: workloads.rack.power: missing required key (expected power, a measured total, or "
          "load_factor)")
MALFORMED("given power: a load factor above 1", given("    load_factor: 1.5\n"),
          "bad.yaml:26:18: workloads.rack.load_factor:")
MALFORMED("given power: no power at all", given("    power: 0 W\n"),
          "bad.yaml:26:12: workloads.rack.power: must be above 0 W")
MALFORMED("given power: more servers than the cluster has",
          edit("    servers: 2\n", "    servers: 5\n", given("    power: 10 kW\n")),
          "bad.yaml:25:14: workloads.rack.servers: is 5 (expected whole hosts of 1 servers, from 1 to the cluster's 4)")
MALFORMED("given power: no duration and no horizon",
          given("    power: 10 kW\n", edit("  duration: 1 d\n", "", base_yaml)),
          "bad.yaml:22:5: workloads.rack.duration: missing: without a scenario.duration the servers need a time")
MALFORMED("given power: a start past the horizon", given("    power: 10 kW\n    start: 2 d\n"),
          "bad.yaml:27:12: workloads.rack.start: is not before the scenario's horizon of 8.64e+04 s")

MALFORMED("embodied: a whole server and per accelerator",
          embodied("{server_total: 3 t, per_accelerator: 150 kg, lifetime: 5 yr}"), "bad.yaml:16:")
MALFORMED("embodied: neither a whole server nor per accelerator", embodied("{per_server: 2 t, lifetime: 5 yr}"),
          "bad.yaml:16:15: clusters.h100-pod.embodied.per_accelerator: missing required key (expected per_accelerator, "
          "or server_total")
MALFORMED("embodied: per server beside a whole server",
          embodied("{server_total: 3000 kg, per_server: 2000 kg, lifetime: 5 yr}"),
          "bad.yaml:16:51: clusters.h100-pod.embodied.per_server: conflicts with server_total")
MALFORMED("embodied: a utilisation of 0", embodied("{server_total: 3000 kg, lifetime: 5 yr, utilisation: 0}"),
          "bad.yaml:16:68: clusters.h100-pod.embodied.utilisation: '0' is outside (0, 1]")
MALFORMED("offline inference: requests and a dataset size",
          offline("    requests: 1000\n", "    dataset_tokens: 1e6\n"),
          "bad.yaml:30:21: workloads.eval.dataset_tokens: conflicts with requests (expected one of them)")
MALFORMED("given power: more than the servers' nameplate", given("    power: 40 kW\n"),
          "bad.yaml:26:12: workloads.rack.power: 2e+04 W per server is above the servers' nameplate of")
