#include "models/workload/easy_queue.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace terawatt {
namespace {
constexpr double left_queue = std::numeric_limits<double>::infinity();
}  // namespace

void MinTree::grow() {
  const std::size_t capacity = capacity_ == 0 ? 1 : 2 * capacity_;
  std::vector<double> nodes(2 * capacity, left_queue);
  for (std::size_t i = 0; i < size_; ++i) nodes[capacity + i] = nodes_[capacity_ + i];
  for (std::size_t n = capacity - 1; n >= 1; --n) nodes[n] = std::min(nodes[2 * n], nodes[2 * n + 1]);
  capacity_ = capacity;
  nodes_ = std::move(nodes);
}

void MinTree::push_back(double value) {
  if (size_ == capacity_) grow();
  ++size_;
  set(size_ - 1, value);
}

void MinTree::set(std::size_t index, double value) {
  std::size_t n = capacity_ + index;
  nodes_.at(n) = value;
  for (n /= 2; n >= 1; n /= 2) nodes_[n] = std::min(nodes_[2 * n], nodes_[2 * n + 1]);
}

std::size_t MinTree::first_in(std::size_t node, std::size_t lo, std::size_t hi, std::size_t from,
                              const std::function<bool(double)>& passes) const {
  if (hi <= from || lo >= size_ || !passes(nodes_[node])) return size_;
  if (hi - lo == 1) return lo;
  const std::size_t mid = lo + (hi - lo) / 2;
  const std::size_t left = first_in(2 * node, lo, mid, from, passes);
  return left != size_ ? left : first_in(2 * node + 1, mid, hi, from, passes);
}

std::size_t MinTree::first_from(std::size_t from, const std::function<bool(double)>& passes) const {
  if (size_ == 0) return 0;
  return first_in(1, 0, capacity_, from, passes);
}

EasyQueue::Ticket EasyQueue::enqueue(QueuedRequest request) {
  if (!std::isfinite(request.expected_run_s)) throw std::invalid_argument("EasyQueue: expected run must be finite");
  if (records_.size() >= std::numeric_limits<Ticket>::max()) throw std::length_error("EasyQueue: too many requests");
  const auto ticket = static_cast<Ticket>(records_.size());
  Group& group = groups_[request.hosts];
  Record record;
  record.request = request;
  record.slot = static_cast<std::uint32_t>(group.tickets.size());
  records_.push_back(record);
  group.tickets.push_back(ticket);
  group.runs.push_back(request.expected_run_s);
  ++queued_;
  return ticket;
}

EasyQueue::Ticket EasyQueue::head() const {
  while (records_[head_cursor_].state != State::queued) ++head_cursor_;
  return head_cursor_;
}

std::size_t EasyQueue::first_backfill(const Group& group, bool fits_beside_head, double now_s, double shadow_s) {
  if (fits_beside_head) {
    // Any queued one of this size may run past the reservation: the first still queued.
    return group.runs.first_from(group.first_queued, [](double run_s) { return run_s < left_queue; });
  }
  // now + run is monotone in run, so "ends by the shadow time" holds for every run below one it holds for. The sum
  // is written as may_start_now writes it, so that the two agree to the last bit.
  return group.runs.first_from(group.first_queued, [&](double run_s) { return now_s + run_s <= shadow_s; });
}

std::optional<EasyQueue::Ticket> EasyQueue::next_start(double now_s) const {
  if (queued_ == 0) return std::nullopt;
  const Ticket first = head();
  const QueuedRequest& head_request = records_[first].request;
  if (head_request.hosts <= free_hosts_) return first;

  // The head's reservation, as may_start_now finds it: running allocations by expected end until it fits.
  std::size_t available = free_hosts_;
  double shadow_s = std::numeric_limits<double>::infinity();
  for (const auto& [end_s, order, ticket] : running_) {
    if (available >= head_request.hosts) break;
    available += records_[ticket].request.hosts;
    shadow_s = end_s;
  }
  if (available < head_request.hosts) return std::nullopt;  // the head can never start: nobody may pass it
  const std::size_t extra_hosts = available - head_request.hosts;

  std::optional<Ticket> best;
  for (const auto& [hosts, group] : groups_) {
    if (hosts > free_hosts_) break;
    const std::size_t slot = first_backfill(group, hosts <= extra_hosts, now_s, shadow_s);
    if (slot < group.tickets.size() && (!best || group.tickets[slot] < *best)) best = group.tickets[slot];
  }
  return best;
}

void EasyQueue::start(Ticket ticket, double now_s, std::uint64_t order) {
  Record& record = records_.at(ticket);
  if (record.state != State::queued) throw std::logic_error("EasyQueue: starting a request that is not queued");
  if (record.request.hosts > free_hosts_) throw std::logic_error("EasyQueue: starting a request that does not fit");
  Group& group = groups_.at(record.request.hosts);
  group.runs.set(record.slot, left_queue);
  record.state = State::running;
  while (group.first_queued < group.tickets.size() &&
         records_[group.tickets[group.first_queued]].state != State::queued)
    ++group.first_queued;
  record.expected_end_s = now_s + record.request.expected_run_s;
  record.order = order;
  running_.emplace(record.expected_end_s, order, ticket);
  free_hosts_ -= record.request.hosts;
  --queued_;
}

void EasyQueue::finish(Ticket ticket) {
  Record& record = records_.at(ticket);
  if (record.state != State::running) throw std::logic_error("EasyQueue: finishing a request that is not running");
  running_.erase({record.expected_end_s, record.order, ticket});
  record.state = State::finished;
  free_hosts_ += record.request.hosts;
}

}  // namespace terawatt
