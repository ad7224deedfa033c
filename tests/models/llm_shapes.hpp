#pragma once
// Model shapes shared by the inference model tests.
#include "models/workload/llm_inference_cost.hpp"

namespace terawatt::testing {

// Llama 3 70B's shape (Meta's released config: 80 layers, d_model 8192, 64 query heads, 8 KV heads, so head dim
// 128). 70e9 is the nominal size; the tests check formulas, not Meta's parameter count.
inline LlmArchitecture llama3_70b() {
  LlmArchitecture m;
  m.active_parameters = 70e9;
  m.layers = 80;
  m.hidden_size = 8192;
  m.kv_heads = 8;
  m.head_dim = 128;
  return m;
}

}  // namespace terawatt::testing
