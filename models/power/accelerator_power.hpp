#pragma once
// Power drawn by one accelerator as a function of the kind of work it runs, and the speed it keeps under a
// power cap. Pure model: no engine, no I/O.

#include <optional>
#include <string_view>

namespace terawatt {

// What an accelerator is doing. Each kind has an activity intensity in [0, 1] that places its power between
// idle and the board limit (docs/design.md section 5).
enum class WorkKind {
  idle,           // powered on, nothing scheduled
  compute,        // compute-bound kernels: training steps, LLM prefill, diffusion denoising
  checkpoint,     // writing a checkpoint: the accelerator mostly waits on storage
  communication,  // exposed gradient all-reduce: NCCL kernels moving data through HBM and the NICs
};

std::string_view work_kind_name(WorkKind kind);

// Fraction of the dynamic range (limit - idle) that a kind of work draws.
//  - compute 0.86: OLMo 2 training on H100 measured "> 600 W, > 85 % of the 700 W TDP" (Morrison et al. 2025,
//    docs/references.md E). With H100 idle 70 W: 70 + 0.86 x 630 = 612 W = 87 % of TDP.
//  - checkpoint: ~15 % of TDP was measured on H100 during checkpoint saves (Morrison, docs/references.md E); it is
//    expressed as a fraction of TDP, not of the dynamic range, and converted in `intensity`.
//  - communication: assumption, no measurement in docs/references.md: an all-reduce the compute does not hide keeps the
//    accelerators in memory-bound copy and reduction kernels, taken to draw what memory-bound LLM decode draws,
//    TDP / 4.1 (ML.ENERGY's overestimate factor for decode, docs/references.md E;
//    models/workload/llm_inference_cost.hpp), as a fraction of TDP like the checkpoint.
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
  // A study's measured power of one accelerator running compute-bound work at full clock (no cap reached); when
  // given it replaces the compute intensity. It must lie in (idle, TDP]. A cap below it clips it as it clips any
  // phase; a measurement taken under a cap the work reached equals the cap and so understates the uncapped power:
  // the model then assumes the work was not slowed.
  std::optional<double> measured_compute_w;
  WorkIntensities intensities;
};

// A phase of work as it runs under the cap.
struct CappedPhase {
  double power_w = 0.0;       // power of one accelerator while the phase runs
  double clock_factor = 1.0;  // clock relative to the uncapped clock, in (0, 1]
  double time_factor = 1.0;   // duration relative to the uncapped duration, >= 1
};

// Power and speed under a power cap: one DVFS model for every phase.
// A phase draws P_u uncapped: idle + (TDP - idle) x its intensity. A cap (the board limit L = min(TDP, cap))
// acts on a phase only when P_u > L: the firmware then lowers the clock until the phase draws L. Assumption:
// dynamic power P_dyn = C V^2 f, and with DVFS the voltage scales with the clock, so P_dyn ~ f^3; the clock at
// which the phase draws L is f = ((L - idle) / (P_u - idle))^(1/3). Such a phase draws L, which is what the lower
// clock implies: idle + (P_u - idle) f^3 = L. A phase below the cap keeps its clock, power and time: measured LLM
// decode on H200 draws 137-300 W and a cap above that never triggers (Ma et al. 2026, docs/references.md).
// Time: only the part of the phase that waits on the clock stretches. With s the clock-bound share of its uncapped
// time, time_factor = (1 - s) + s / f: s = 1 for compute-bound kernels (training steps, prefill, diffusion), s = the
// roofline's compute share for decode (models/workload/llm_inference_cost.hpp), s = 0 for checkpoints and
// communication, which wait on storage and the network. Adding the two parts assumes compute and memory traffic do not
// overlap, an upper bound on the slowdown; a roofline that overlaps them perfectly would not slow a memory-bound decode
// at all until its compute term, stretched by 1 / f, overtook its memory term. Measured decode is largely insensitive
// to the clock (a 16x lower clock cost 1-6 % of latency on 1-32B models, Maliakel et al. 2025,
// docs/references.md), which both bounds give while the compute share s is small.
// A 30 % cut of a compute phase's dynamic power costs about 11 % of its speed, which is why a cap lowers power
// more than speed. Voltage floors are ignored (at deep caps the clock falls faster than the cube root).
class AcceleratorPowerModel {
 public:
  // Throws std::invalid_argument when idle >= TDP, the cap is not above idle (such a device cannot work) or a
  // measured compute power lies outside (idle, TDP].
  explicit AcceleratorPowerModel(const AcceleratorPowerParams& params);

  // The effective board limit: min(TDP, cap).
  double limit_w() const { return limit_w_; }
  double idle_w() const { return params_.idle_w; }
  double tdp_w() const { return params_.tdp_w; }

  // Activity intensity of a kind of work over the uncapped dynamic range (TDP - idle), in [0, 1].
  double intensity(WorkKind kind) const;

  // Power of a kind of work with no cap: idle + (TDP - idle) x intensity(kind)  (docs/design.md section 5).
  double uncapped_power_w(WorkKind kind) const;

  // Share of a kind of work's uncapped time that waits on the clock: 1 for compute, 0 for the others.
  static double clock_bound_share(WorkKind kind);

  // A phase drawing `uncapped_power_w` with no cap, of which `clock_bound_share` in [0, 1] of the time is
  // clock-bound, under this model's limit (see the class comment). Throws std::invalid_argument for a share
  // outside [0, 1] or a power outside [idle, TDP].
  CappedPhase capped(double uncapped_power_w, double clock_bound_share) const;
  CappedPhase capped(WorkKind kind) const { return capped(uncapped_power_w(kind), clock_bound_share(kind)); }

  // Power of a kind of work under the cap: min(uncapped power, limit).
  double power_w(WorkKind kind) const { return capped(kind).power_w; }
  // Throughput of a kind of work under the cap relative to uncapped, 1 / time_factor, in (0, 1].
  double speed_factor(WorkKind kind) const { return 1.0 / capped(kind).time_factor; }

 private:
  double intensity_of_tdp_fraction(double fraction) const;
  AcceleratorPowerParams params_;
  double limit_w_;
};

}  // namespace terawatt
