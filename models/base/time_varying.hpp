#pragma once
// A quantity that is either constant or a piecewise-constant series in time (hourly grid intensity, weather).
// Constants need no series, so a constant-input scenario may run for as long as it needs.

#include "models/base/step_series.hpp"

#include <optional>
#include <stdexcept>

namespace terawatt {

class TimeVarying {
 public:
  TimeVarying() = default;
  explicit TimeVarying(double constant) : constant_(constant) {}
  explicit TimeVarying(StepSeries series) : series_(std::move(series)) {}

  bool is_constant() const { return !series_; }
  // Mean over [t0, t1] (seconds since the epoch): the exact integral divided by the length.
  double mean(double t0_epoch_s, double t1_epoch_s) const {
    return series_ ? series_->mean(t0_epoch_s, t1_epoch_s) : constant_;
  }
  double at(double epoch_s) const { return series_ ? series_->at(epoch_s) : constant_; }
  // Whether a series covers [t0, t1]; a constant covers any span.
  bool covers(double t0_epoch_s, double t1_epoch_s) const {
    return !series_ || series_->covers(t0_epoch_s, t1_epoch_s);
  }
  const std::optional<StepSeries>& series() const { return series_; }

 private:
  double constant_ = 0.0;
  std::optional<StepSeries> series_;
};

}  // namespace terawatt
