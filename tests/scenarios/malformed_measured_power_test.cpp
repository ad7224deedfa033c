// Malformed measured phase powers of an inference service (`workloads[].measured_power`, line 30 below, after the
// service of cli_harness.hpp): each refused with exit code 2 and a message at file:line:col naming the key.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

namespace {
// The text service of cli_harness.hpp (175B on 8 H100, its batch 64 by default) with measured powers on line 30.
std::string measured(const std::string& mapping) {
  return service_yaml + "    measured_power: " + mapping + "\n";
}
// An image service in place of the text one, its measured powers on line 30.
std::string image_measured(const std::string& mapping) {
  return base_yaml +
         "  - name: img\n"                                        // 23
         "    type: inference\n"                                  // 24
         "    modality: image\n"                                  // 25
         "    model: {flop_per_pass: 1e13 FLOP}\n"                // 26
         "    request: {height: 1024, width: 1024, steps: 30}\n"  // 27
         "    arrivals: {requests_per_day: 1e4}\n"                // 28
         "    replicas: {accelerators: 1}\n"                      // 29
         "    measured_power: " +
         mapping + "\n";  // 30
}
}  // namespace

MALFORMED("measured power: a negative prefill power", measured("{prefill: -5 W}"),
          "bad.yaml:30:31: workloads.svc.measured_power.prefill: '-5 W' is negative (expected a value >= 0)")
MALFORMED("measured power: a power without its unit", measured("{idle: 100}"),
          "bad.yaml:30:28: workloads.svc.measured_power.idle: '100' is missing a unit")
MALFORMED("measured power: a prefill power above the TDP", measured("{prefill: 750 W}"),
          "bad.yaml:30:31: workloads.svc.measured_power.prefill: is outside the h100-sxm range from its idle power of "
          "70 W to its TDP of 700 W (expected a compute-bound power above idle, at most the TDP)")
MALFORMED("measured power: a prefill power not above idle", measured("{prefill: 70 W}"),
          "bad.yaml:30:31: workloads.svc.measured_power.prefill: is outside the h100-sxm range")
MALFORMED("measured power: an idle power above the TDP", measured("{idle: 800 W}"),
          "bad.yaml:30:28: workloads.svc.measured_power.idle: is above the h100-sxm TDP of 700 W "
          "(expected at most the TDP)")
MALFORMED("measured power: a decode power for an image service", image_measured("{decode: 300 W}"),
          "bad.yaml:30:30: workloads.img.measured_power.decode: applies to text services only")
MALFORMED("measured power: a decode batch for an image service", image_measured("{prefill: 600 W, decode_batch: 4}"),
          "bad.yaml:30:52: workloads.img.measured_power.decode_batch: applies to text services only")
MALFORMED("measured power: a decode batch above max_batch", measured("{decode: 300 W, decode_batch: 100}"),
          "bad.yaml:30:51: workloads.svc.measured_power.decode_batch: is above the replica's max_batch of 64 "
          "(expected 1 to 64)")
MALFORMED("measured power: a decode batch without decode", measured("{decode_batch: 8}"),
          "bad.yaml:30:36: workloads.svc.measured_power.decode_batch: without decode")
MALFORMED("measured power: a decode power no floor of the power curve gives", measured("{decode: 80 W}"),
          "bad.yaml:30:30: workloads.svc.measured_power.decode: a decode step of batch 64 at the mean context: 80 W is "
          "outside what a phase of compute utilisation")
MALFORMED("measured power: an unknown key, with a suggestion", measured("{decod: 300 W}"),
          "bad.yaml:30:22: workloads.svc.measured_power.decod: unknown key (did you mean 'decode'?) "
          "(expected one of: prefill, decode, decode_batch, idle)")
MALFORMED("measured power: a list in place of the mapping", measured("[300 W]"),
          "bad.yaml:30:21: workloads.svc.measured_power: expected a mapping of keys, found a list")
