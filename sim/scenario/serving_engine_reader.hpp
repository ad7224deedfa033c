#pragma once
// Reads each request's own size (`request.sizes`), and what iteration fidelity adds to a text service: the serving
// engine's settings (`engine`, with disaggregation and expert parallelism), pipeline stages
// (`replicas.pipeline_stages`) and the latency targets (`slo`). Every mistake is a ScenarioError at file:line:col.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace terawatt {

// Reads `request.sizes` into service.sizes (after the arrivals: `trace` takes the trace's token columns). A
// distribution's mean, of what it draws, is then the mean request's size (read_text_replica), which the replica table
// and the memory check use. Text: prompt and output tokens; request fidelity derives each request's latency from them
// (sized_request_latency.hpp), iteration fidelity serves them in its engine, batch and fluid serve their mean. Image
// and video: denoising steps, which scale a request's time at request fidelity.
void read_request_sizes(const YamlSource& context, const MapReader& request_map, InferenceService& service);

// Reads `engine` and `slo` into the service, whose `engine` holds the text model's base setup (read_text_replica), and
// `engine.prefill_replicas` into its disaggregation (over `cluster`'s network); refuses iteration fidelity for image
// and video, and these keys at other fidelities.
void read_serving_engine(const YamlSource& context, const MapReader& map, const Cluster& cluster,
                         InferenceService& service);

}  // namespace terawatt
