#pragma once
// Exact energy of a piecewise-constant power signal. Every change of power closes the interval since the
// previous change, so energy is integrated between events, never sampled (docs/design.md section 5).
//
// Changes given as deltas (add_power) need not come in time order: after deltas d_k at times t_k, in any order, the
// energy at T is sum_k d_k (T - t_k) (summation by parts), so a reader at T is exact once every change up to T is in.
// That lets a workload with an event loop of its own apply its changes at their own times when a reader asks
// (Platform::settle_deferred) while others apply theirs at the clock. set_power is absolute: its times must not
// decrease.

namespace terawatt {

class PowerLedger {
 public:
  // Power changes by `delta_w` at time `now_s`.
  void add_power(double now_s, double delta_w) {
    close_interval(now_s);
    power_w_ += delta_w;
  }
  void set_power(double now_s, double power_w) {
    close_interval(now_s);
    power_w_ = power_w;
  }
  // Energy drawn at no power of its own, counted at no particular time: what a reader learns at a sample of work done
  // since the previous one (bytes a transfer moved, sim/engine/fabric_traffic.hpp). Exact for every reading after it.
  void add_energy(double joules) { energy_j_ += joules; }
  // Energy from time 0 up to `now_s`, in joules. `now_s` must not precede the last change: the ledger keeps
  // no history, only the running sum (that is what makes a sample O(1)).
  double energy_j(double now_s) const { return energy_j_ + power_w_ * (now_s - last_change_s_); }
  double power_w() const { return power_w_; }

 private:
  void close_interval(double now_s) {
    energy_j_ += power_w_ * (now_s - last_change_s_);
    last_change_s_ = now_s;
  }
  double power_w_ = 0.0;
  double energy_j_ = 0.0;
  double last_change_s_ = 0.0;
};

}  // namespace terawatt
