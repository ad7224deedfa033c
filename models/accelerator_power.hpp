#pragma once
// Power drawn by one accelerator as a function of the kind of work it runs, and the speed it keeps under a
// power cap. Pure model: no engine, no I/O.

#include <optional>
#include <string_view>

namespace terawatt {

// What an accelerator is doing. Each kind has an activity intensity in [0, 1] that places its power between
// idle and the board limit (DESIGN.md section 5).
enum class WorkKind {
  idle,        // powered on, nothing scheduled
  compute,     // compute-bound kernels: training steps, LLM prefill, diffusion denoising
  checkpoint,  // writing a checkpoint: the accelerator mostly waits on storage
  communication,  // exposed gradient all-reduce: NCCL kernels moving data through HBM and the NICs
};

std::string_view work_kind_name(WorkKind kind);

// Fraction of the dynamic range (limit - idle) that a kind of work draws.
//  - compute 0.86: OLMo 2 training on H100 measured "> 600 W, > 85 % of the 700 W TDP" (Morrison et al. 2025,
//    FIGURES.md section E). With H100 idle 70 W: 70 + 0.86 x 630 = 612 W = 87 % of TDP.
//  - checkpoint: ~15 % of TDP was measured on H100 during checkpoint saves (Morrison, FIGURES.md E); it is
//    expressed as a fraction of TDP, not of the dynamic range, and converted in `intensity`.
//  - communication: assumption, no measurement in FIGURES.md: an all-reduce the compute does not hide keeps the
//    accelerators in memory-bound copy and reduction kernels, taken to draw what memory-bound LLM decode draws,
//    TDP / 4.1 (ML.ENERGY's overestimate factor for decode, FIGURES.md E; models/llm_inference_cost.hpp), as a
//    fraction of TDP like the checkpoint.
//  - idle 0 by definition.
struct WorkIntensities {
  double compute = 0.86;
  double checkpoint_fraction_of_tdp = 0.15;
  double communication_fraction_of_tdp = 1.0 / 4.1;
};

struct AcceleratorPowerParams {
  double tdp_w = 0.0;                 // board power limit from the datasheet
  double idle_w = 0.0;                // power at 0 % utilisation
  std::optional<double> power_cap_w;  // administrator cap (nvidia-smi -pl); none means TDP
  // A study's measured power of one accelerator running compute-bound work; when given it replaces the compute
  // intensity (it must lie in (idle, limit]).
  std::optional<double> measured_compute_w;
  WorkIntensities intensities;
};

class AcceleratorPowerModel {
 public:
  // Throws std::invalid_argument when idle >= TDP, the cap is not above idle (such a device cannot work) or a
  // measured compute power lies outside (idle, limit].
  explicit AcceleratorPowerModel(const AcceleratorPowerParams& params);

  // The effective board limit: min(TDP, cap).
  double limit_w() const { return limit_w_; }
  double idle_w() const { return params_.idle_w; }
  double tdp_w() const { return params_.tdp_w; }

  // Activity intensity of a kind of work, in [0, 1].
  double intensity(WorkKind kind) const;

  // Power = idle + (min(TDP, cap) - idle) x intensity(kind)  (DESIGN.md section 5).
  double power_w(WorkKind kind) const;

  // Throughput of compute-bound work under the cap relative to uncapped, in (0, 1].
  // Assumption: dynamic power P_dyn = C V^2 f, and with DVFS the voltage scales with the clock, so P_dyn ~ f^3
  // and throughput ~ f ~ P_dyn^(1/3). Capping the dynamic range by r = (limit - idle) / (TDP - idle) therefore
  // keeps r^(1/3) of the speed: a 30 % cut in dynamic power costs about 11 % of speed, which is why a cap
  // lowers power more than speed. It ignores voltage floors (at deep caps the clock falls faster). It applies to
  // compute-bound work only: inference replicas scale their peak FLOP/s by it and keep their HBM bandwidth, so
  // memory-bound decode hardly slows (sim/inference_reader.cpp).
  double compute_speed_factor() const;

 private:
  double intensity_of_tdp_fraction(double fraction) const;
  AcceleratorPowerParams params_;
  double limit_w_;
};

}  // namespace terawatt
