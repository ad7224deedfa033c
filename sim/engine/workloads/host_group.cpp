#include "sim/engine/workloads/host_group.hpp"

#include <stdexcept>

namespace terawatt {

void HostGroup::reset(std::size_t hosts) {
  member_.assign(hosts, false);
  tree_.assign(hosts + 1, 0);
  size_ = 0;
  shared_.reset();
}

void HostGroup::add(std::size_t index, int delta) {
  for (std::size_t i = index + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += static_cast<std::size_t>(delta);
}

std::size_t HostGroup::before(std::size_t index) const {
  std::size_t count = 0;
  for (std::size_t i = index; i > 0; i -= i & (~i + 1)) count += tree_[i];
  return count;
}

std::size_t HostGroup::first_member() const {
  if (size_ == 0) throw std::logic_error("an empty host group has no member");
  // The lowest index with one member at or below it: descend the tree by powers of two.
  std::size_t position = 0;
  std::size_t step = 1;
  while (step * 2 < tree_.size()) step *= 2;
  for (; step > 0; step /= 2) {
    if (position + step < tree_.size() && tree_[position + step] == 0) position += step;
  }
  return position;  // 1-based position + 1 is the member; as a 0-based index, `position`
}

bool HostGroup::try_join(std::size_t index, const HostPower& host) {
  if (contains(index)) return true;
  if (shared_ && !shared_->interchangeable(host)) return false;
  if (!shared_) shared_.emplace(host);
  member_[index] = true;
  add(index, 1);
  ++size_;
  return true;
}

void HostGroup::leave(std::size_t index, HostPower& host, double now_s) {
  if (!contains(index)) return;
  host.adopt(*shared_, now_s);
  member_[index] = false;
  add(index, -1);
  if (--size_ == 0) shared_.reset();
}

}  // namespace terawatt
