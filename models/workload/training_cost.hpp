#pragma once
// Compute cost and duration of a training run.

namespace terawatt {

// Dense transformer training costs about 6 FLOPs per parameter per token: 2 for the forward pass and 4 for the
// backward pass (Kaplan et al. 2020, "Scaling Laws for Neural Language Models", section 2.1). GPT-3: 6 x 175e9 x
// 300e9 = 3.15e23 FLOP, against the 3.14e23 that Brown et al. 2020 report (docs/references.md RC-01).
double training_flops(double parameters, double tokens);

// Wall time of `flops` on `accelerators` devices that each sustain `peak_flop_per_s x mfu` (model FLOP
// utilisation). GPT-3: 3.14e23 / (10,000 x 24.6e12) = 14.77 d (docs/references.md RC-01).
double training_duration_s(double flops, double accelerators, double peak_flop_per_s, double mfu);

}  // namespace terawatt
