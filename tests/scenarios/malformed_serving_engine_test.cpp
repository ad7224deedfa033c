// Malformed iteration-fidelity keys of an inference service (`fidelity: iteration`, `engine`, `slo`,
// `request.sizes`), after the text service of cli_harness.hpp: each refused with exit code 2 and a message at
// file:line:col naming the key.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

namespace {
// The text service at `fidelity` with `lines` after it (line 30 on).
std::string at_fidelity(const std::string& fidelity, const std::string& lines) {
  return service_yaml + "    fidelity: " + fidelity + "\n" + lines;
}
// The text service with its request on line 27 replaced by `request` (a block from line 27).
std::string with_request(const std::string& fidelity, const std::string& request) {
  return edit("    request: {prompt_tokens: 400, output_tokens: 300}\n", request, service_yaml) +
         "    fidelity: " + fidelity + "\n";
}
// The text service at `fidelity` with `lines` after it and its replicas line (line 29) replaced by `replicas`.
std::string with_replicas(const std::string& fidelity, const std::string& replicas, const std::string& lines = "") {
  return edit("    replicas: {accelerators: 8}\n", "    replicas: " + replicas + "\n", at_fidelity(fidelity, lines));
}
}  // namespace

MALFORMED("serving engine: output sizes of an image service",
          edit("    modality: text\n", "    modality: image\n",
               with_request("request",
                            "    request:\n      prompt_tokens: 400\n      output_tokens: 300\n"
                            "      sizes: {output: {distribution: gamma, cv: 1}}\n")),
          "bad.yaml:30:23: workloads.svc.request.sizes.output: applies to text services (expected steps, height, width "
          "or frames)")
MALFORMED("serving engine: frames of an image service",
          edit("    modality: text\n", "    modality: image\n",
               with_request("request",
                            "    request:\n      height: 1024\n      width: 1024\n      steps: 28\n"
                            "      sizes: {frames: {distribution: gamma, mean: 81, cv: 0.5}}\n")),
          "bad.yaml:31:23: workloads.svc.request.sizes.frames: applies to video services (expected steps, height or "
          "width)")
MALFORMED(
    "serving engine: a resolution drawn for a pass of given FLOPs",
    edit("    modality: text\n", "    modality: image\n",
         edit("    model: {parameters: 175e9, layers: 96, hidden_size: 12288, kv_heads: 96, head_dim: 128}\n",
              "    model: {flop_per_pass: 1e12 FLOP}\n",
              with_request("request",
                           "    request:\n      height: 1024\n      width: 1024\n      steps: 28\n"
                           "      sizes: {height: {distribution: gamma, cv: 0.3}}\n"))),
    "bad.yaml:26:28: workloads.svc.model.flop_per_pass: does not follow the latent tokens, so request.sizes.height "
    "cannot scale the FLOPs")
MALFORMED("serving engine: a clip of seconds at no frames per second",
          edit("    modality: text\n", "    modality: video\n",
               edit("    model: {parameters: 175e9, layers: 96, hidden_size: 12288, kv_heads: 96, head_dim: 128}\n",
                    "    model: {parameters: 1.3e9, layers: 30, hidden_size: 1536}\n",
                    with_request("request",
                                 "    request:\n      height: 480\n      width: 832\n      steps: 50\n"
                                 "      seconds: 5 s\n      fps: 0\n"))),
          "bad.yaml:32:12: workloads.svc.request.fps: '0' is not positive")
MALFORMED("serving engine: a clip too short for one frame",
          edit("    modality: text\n", "    modality: video\n",
               edit("    model: {parameters: 175e9, layers: 96, hidden_size: 12288, kv_heads: 96, head_dim: 128}\n",
                    "    model: {parameters: 1.3e9, layers: 30, hidden_size: 1536}\n",
                    with_request("request",
                                 "    request:\n      height: 480\n      width: 832\n      steps: 50\n"
                                 "      seconds: 10 ms\n"))),
          "bad.yaml:31:16: workloads.svc.request.seconds: gives no frame at 16 frames per second")
MALFORMED(
    "serving engine: a resolution spread with no mean square",
    edit("    modality: text\n", "    modality: image\n",
         with_request("request",
                      "    request:\n      height: 1024\n      width: 1024\n      steps: 28\n"
                      "      sizes: {width: {distribution: lognormal, cv: 10}}\n")),
    "bad.yaml:31:37: workloads.svc.request.sizes.width.distribution: has no mean square for the mean FLOPs to use")
MALFORMED("serving engine: steps of a text service",
          with_request("request",
                       "    request:\n      prompt_tokens: 400\n      output_tokens: 300\n"
                       "      sizes: {steps: {distribution: gamma, cv: 1}}\n"),
          "bad.yaml:30:22: workloads.svc.request.sizes.steps: applies to image and video services")
MALFORMED("serving engine: an unknown size distribution",
          with_request("iteration",
                       "    request:\n      prompt_tokens: 400\n      output_tokens: 300\n"
                       "      sizes: {output: {distribution: poisson}}\n"),
          "bad.yaml:30:38: workloads.svc.request.sizes.output.distribution: unknown distribution 'poisson'")
MALFORMED("serving engine: a lognormal size without cv",
          with_request("iteration",
                       "    request:\n      prompt_tokens: 400\n      output_tokens: 300\n"
                       "      sizes: {prompt: {distribution: lognormal}}\n"),
          "bad.yaml:30:38: workloads.svc.request.sizes.prompt.distribution: lognormal needs `cv`")
MALFORMED("serving engine: a histogram whose weights are all zero",
          with_request("iteration",
                       "    request:\n      prompt_tokens: 400\n      output_tokens: 300\n"
                       "      sizes: {prompt: {distribution: histogram, edges: [1, 10, 100], weights: [0, 0]}}\n"),
          "bad.yaml:30:79: workloads.svc.request.sizes.prompt.weights: must not all be")
MALFORMED("serving engine: sizes from a trace without one",
          with_request("iteration",
                       "    request:\n      prompt_tokens: 400\n      output_tokens: 300\n"
                       "      sizes: trace\n"),
          "bad.yaml:30:14: workloads.svc.request.sizes: `trace` needs a trace with input and output token columns")
MALFORMED("serving engine: engine settings at request fidelity",
          at_fidelity("request", "    engine: {max_batched_tokens: 4096}\n"),
          "bad.yaml:31:13: workloads.svc.engine: applies at fidelity: iteration only")
MALFORMED("serving engine: latency targets at fluid fidelity", at_fidelity("fluid", "    slo: {ttft: 1 s}\n"),
          "bad.yaml:31:10: workloads.svc.slo: applies at fidelity: iteration only")
MALFORMED("serving engine: a token budget below the batch",
          at_fidelity("iteration", "    engine: {max_batched_tokens: 16}\n"),
          "bad.yaml:31:34: workloads.svc.engine.max_batched_tokens: is below replicas.max_batch")
MALFORMED("serving engine: every replica prefilling, none decoding",
          at_fidelity("iteration", "    engine: {prefill_replicas: 100}\n"),
          "bad.yaml:31:32: workloads.svc.engine.prefill_replicas: leaves no decode replica of the")
MALFORMED("serving engine: disaggregated pools under an autoscaler",
          with_replicas("iteration", "{accelerators: 8, min: 1, max: 4}", "    engine: {prefill_replicas: 1}\n"),
          "bad.yaml:31:32: workloads.svc.engine.prefill_replicas: the prefill and decode pools are fixed")
MALFORMED("serving engine: expert parallelism of a dense model",
          at_fidelity("iteration", "    engine: {expert_parallel: {experts_per_token: 2}}\n"),
          "bad.yaml:31:31: workloads.svc.engine.expert_parallel: applies to a mixture of experts")
MALFORMED("serving engine: expert exchanges as transfers in a colocated service",
          edit("    model: {parameters: 175e9, layers: 96, hidden_size: 12288, kv_heads: 96, head_dim: 128}\n",
               "    model: {parameters: 37e9, total_parameters: 350e9, layers: 96, hidden_size: 12288, kv_heads: 8, "
               "head_dim: 128}\n",
               with_replicas("iteration", "{accelerators: 16}",
                             "    engine: {expert_parallel: {experts_per_token: 8, transfers: false}}\n")),
          "bad.yaml:31:65: workloads.svc.engine.expert_parallel.transfers: applies to a disaggregated service")
MALFORMED("serving engine: pipeline stages that do not divide the replica",
          with_replicas("iteration", "{accelerators: 8, pipeline_stages: 3}"),
          "bad.yaml:29:50: workloads.svc.replicas.pipeline_stages: does not divide replicas.accelerators (8)")
MALFORMED("serving engine: pipeline stages at request fidelity",
          with_replicas("request", "{accelerators: 8, pipeline_stages: 2}"),
          "bad.yaml:29:50: workloads.svc.replicas.pipeline_stages: applies at fidelity: iteration only")
MALFORMED("serving engine: a flexibility floor of every pipeline-parallel replica",
          with_replicas("iteration", "{accelerators: 8, count: 2, pipeline_stages: 2}",
                        "    flexibility: {floor: 2}\n"),
          "bad.yaml:31:26: workloads.svc.flexibility.floor: 2 is not below the service's 2 replicas")
MALFORMED("serving engine: pipeline stages beside disaggregation",
          with_replicas("iteration", "{accelerators: 8, pipeline_stages: 2}", "    engine: {prefill_replicas: 1}\n"),
          "bad.yaml:29:50: workloads.svc.replicas.pipeline_stages: is not combined with engine.prefill_replicas")
MALFORMED("serving engine: more requests than iteration fidelity serves in 15 minutes",
          edit("    arrivals: {requests_per_day: 1e6}\n", "    arrivals: {requests_per_day: 1e10}\n",
               at_fidelity("iteration", "")),
          "bad.yaml:30:15: workloads.svc.fidelity: about 1e+10 requests at iteration fidelity would take over 15")
MALFORMED("serving engine: more requests than request fidelity serves in 15 minutes",
          edit("    arrivals: {requests_per_day: 1e6}\n", "    arrivals: {requests_per_day: 1e13}\n",
               at_fidelity("request", "")),
          "bad.yaml:30:15: workloads.svc.fidelity: about 1e+13 requests at request fidelity would take over 15")
MALFORMED("serving engine: an unknown policy", at_fidelity("iteration", "    engine: {policy: shortest_first}\n"),
          "bad.yaml:31:22: workloads.svc.engine.policy: unknown policy 'shortest_first'")
MALFORMED("serving engine: a time-to-first-token target in tokens", at_fidelity("iteration", "    slo: {ttft: 20}\n"),
          "bad.yaml:31:17: workloads.svc.slo.ttft: '20' is missing a unit")
MALFORMED("serving engine: an SLO autoscaler at fluid fidelity",
          edit("    replicas: {accelerators: 8}\n", "    replicas: {accelerators: 8, min: 1, max: 4, target: slo}\n",
               service_yaml),
          "bad.yaml:23:5: workloads.svc.fidelity: replicas.target: slo scales on latencies that iteration fidelity "
          "resolves")
MALFORMED("serving engine: an SLO autoscaler without targets",
          with_replicas("iteration", "{accelerators: 8, min: 1, max: 4, target: slo}", "    slo: {attainment: 95 %}\n"),
          "bad.yaml:31:10: workloads.svc.slo: replicas.target: slo needs a target")
MALFORMED("serving engine: a spread beyond the laws' accuracy",
          with_request("iteration",
                       "    request:\n      prompt_tokens: 400\n      output_tokens: 300\n"
                       "      sizes: {output: {distribution: gamma, cv: 1e300}}\n"),
          "bad.yaml:30:49: workloads.svc.request.sizes.output.cv: is above 10")
