#pragma once
// The hosts of a service whose replicas all serve and whose power is the same: one group, changed as one. Each
// control interval sets every serving replica to the interval's load; refreshing host by host made a fluid year cost
// O(hosts x intervals) (69 % of the 10,000-GPU fluid-year benchmark, bench/inference-fluid-year.yaml, measured with
// perf). The group's power is computed once on a copy of one member, and the ledgers take `members` equal changes at
// once (HostPower::feed_staged), in the host order of the changes they replace, so outputs keep their bits.
//
// Membership is a Fenwick tree over the service's host indices: how many members lie between two loose hosts (those
// holding a serving replica outside the group, changed host by host) is O(log hosts), so that the group's changes
// interleave with theirs as the host-by-host loop did.

#include "sim/engine/power_accounting.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace terawatt {

class HostGroup {
 public:
  void reset(std::size_t hosts);
  bool contains(std::size_t host) const { return host < member_.size() && member_[host]; }
  std::size_t size() const { return size_; }
  // Members with an index in [first, last).
  std::size_t members_between(std::size_t first, std::size_t last) const { return before(last) - before(first); }
  // The member with the lowest index; the group must not be empty.
  std::size_t first_member() const;
  // Host `index` joins if its power is the group's (any host joins an empty group). Its own HostPower is no longer
  // fed while it is a member: the group's copy stands for it.
  bool try_join(std::size_t index, const HostPower& host);
  // Host `index` leaves and takes the group's power.
  void leave(std::size_t index, HostPower& host, double now_s);
  // The copy that stands for every member; null when the group is empty.
  HostPower* shared() { return shared_ ? &*shared_ : nullptr; }

 private:
  void add(std::size_t index, int delta);
  std::size_t before(std::size_t index) const;  // members with an index below `index`

  std::vector<bool> member_;
  std::vector<std::size_t> tree_;  // Fenwick tree of member_, 1-based
  std::size_t size_ = 0;
  std::optional<HostPower> shared_;
};

}  // namespace terawatt
