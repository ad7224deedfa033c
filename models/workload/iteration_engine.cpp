#include "models/workload/iteration_engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace terawatt {
namespace {

void require(bool condition, const char* message) {
  if (!condition) throw std::invalid_argument(message);
}

const IterationEngineConfig& validated(const IterationEngineConfig& c) {
  require(static_cast<bool>(c.run_phase), "iteration engine: a run_phase function (llm_phase_run) is required");
  require(c.block_tokens >= 1, "iteration engine: block_tokens must be at least 1");
  require(c.gpu_memory_utilisation > 0.0 && c.gpu_memory_utilisation <= 1.0,
          "iteration engine: gpu_memory_utilisation must lie in (0, 1]");
  require(c.max_num_seqs >= 1, "iteration engine: max_num_seqs must be at least 1");
  require(c.max_batched_tokens >= c.max_num_seqs,
          "iteration engine: max_batched_tokens must be at least max_num_seqs (as vLLM requires)");
  if (c.expert_parallel) all_to_all_s(*c.expert_parallel, c.replica.accelerators, c.model.hidden_size, 1.0);
  require(c.pipeline_stages >= 1, "iteration engine: pipeline_stages must be at least 1");
  pipeline_hops_s(c.pipeline_hops, c.model.hidden_size, 1.0);
  return c;
}

// Blocks of the paged KV cache: the memory the weights leave of the usable share of HBM, over the bytes of a block.
std::int64_t cache_blocks(const IterationEngineConfig& c, double block_bytes) {
  const double usable_bytes = c.replica.accelerators * c.replica.hbm_capacity_bytes * c.gpu_memory_utilisation;
  const double weights_bytes = resident_parameters(c.model) * c.model.bytes_per_parameter / c.pipeline_stages;
  const double blocks = std::floor((usable_bytes - weights_bytes) / block_bytes);
  if (blocks < 1.0) {
    std::ostringstream why;
    why << "iteration engine: the weights (" << weights_bytes / 1e9 << " GB) leave no KV block of " << block_bytes / 1e6
        << " MB in " << usable_bytes / 1e9 << " GB (" << c.replica.accelerators << " x "
        << c.replica.hbm_capacity_bytes / 1e9 << " GB x gpu_memory_utilisation " << c.gpu_memory_utilisation << ")";
    throw std::invalid_argument(why.str());
  }
  constexpr double exact_in_double = 9007199254740992.0;  // 2^53: token counts stay exact as doubles and int64
  require(blocks * c.block_tokens <= exact_in_double, "iteration engine: the KV cache holds too many tokens to count");
  return static_cast<std::int64_t>(blocks);
}

}  // namespace

IterationEngine::IterationEngine(const IterationEngineConfig& config)
    : config_(validated(config)),
      roofline_(config.model, config.replica, config.efficiency),
      block_tokens_(config.block_tokens) {
  blocks_total_ = cache_blocks(config_, kv_block_bytes());
  blocks_free_ = blocks_total_;
  batch_.reserve(static_cast<std::size_t>(config_.max_num_seqs));
  running_.reserve(static_cast<std::size_t>(config_.max_num_seqs));
}

double IterationEngine::kv_block_bytes() const {
  return static_cast<double>(block_tokens_) * roofline_.kv_bytes_per_token();
}

void IterationEngine::submit(const EngineRequest& request) {
  require(request.prompt_tokens >= 1 && request.output_tokens >= 1,
          "iteration engine: a request needs at least 1 prompt and 1 output token");
  require(std::isfinite(request.arrival_s) && request.arrival_s >= last_arrival_s_,
          "iteration engine: arrivals must be finite, non-negative and in order (not before the previous one)");
  const std::int64_t cached_tokens =
      static_cast<std::int64_t>(request.prompt_tokens) + request.output_tokens - 1;  // the last token is not cached
  if (blocks_for(cached_tokens) > blocks_total_) {
    std::ostringstream why;
    why << "iteration engine: request " << request.id << " (" << request.prompt_tokens << " prompt + "
        << request.output_tokens << " output tokens) needs " << blocks_for(cached_tokens) << " KV blocks of "
        << block_tokens_ << " tokens, more than the whole cache of " << blocks_total_ << " blocks ("
        << blocks_total_ * block_tokens_ << " tokens)";
    throw std::invalid_argument(why.str());
  }
  last_arrival_s_ = request.arrival_s;
  Sequence sequence;
  sequence.request = request;
  sequence.tokens = request.prompt_tokens;
  sequence.prefill_end = request.prompt_tokens;
  int slot = 0;
  if (free_slots_.empty()) {
    slot = static_cast<int>(slots_.size());
    slots_.push_back(sequence);
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
    slots_[slot] = sequence;
  }
  waiting_.push_back(slot);
}

void IterationEngine::submit_prefilled(const EngineRequest& request, double first_token_s) {
  require(first_token_s <= request.arrival_s,
          "iteration engine: a prefilled request's first token must come no later than its arrival here");
  require(request.output_tokens >= 2, "iteration engine: a prefilled request needs a second output token to decode");
  submit(request);
  Sequence& s = slots_[waiting_.back()];
  s.computed = request.prompt_tokens;  // its KV comes with it; its blocks are taken when it is admitted
  s.tokens = request.prompt_tokens + 1;
  s.generated = 1;
  s.first_token_s = first_token_s;
  s.last_token_s = first_token_s;
}

void IterationEngine::release_kv(std::int64_t blocks, double at_s) {
  require(blocks >= 0 && blocks <= blocks_held_, "iteration engine: released KV blocks must be among those held");
  require(std::isfinite(at_s), "iteration engine: a release needs a finite time");
  blocks_held_ -= blocks;
  blocks_free_ += blocks;
  now_s_ = std::max(now_s_, at_s);
  stalled_ = false;
}

double IterationEngine::next_start_s() const {
  if (stalled_ || exchange_.open) return std::numeric_limits<double>::infinity();
  if (!running_.empty()) return now_s_;
  if (waiting_.empty()) return std::numeric_limits<double>::infinity();
  return std::max(now_s_, slots_[waiting_.front()].request.arrival_s);
}

const IterationRecord& IterationEngine::step() {
  const double start_s = next_start_s();
  if (!std::isfinite(start_s)) {
    throw std::logic_error("iteration engine: step() on an idle, stalled or open replica (nothing to run now)");
  }
  now_s_ = start_s;
  ++iteration_;
  batch_.clear();
  work_ = IterationWork{};
  budget_left_ = config_.max_batched_tokens;
  prefill_in_batch_ = false;
  record_ = IterationRecord{};
  if (config_.policy == BatchPolicy::prefill_first) {
    schedule_running_prefills();
    admit_waiting();
    if (batch_.empty()) schedule_decodes();
  } else {
    schedule_decodes();
    schedule_running_prefills();
    admit_waiting();
  }
  // The oldest running sequence can always preempt the rest and fits the cache alone (submit), and with none running
  // the first waiting request fits an empty cache: only blocks held for transfers leave no room, a stall.
  if (batch_.empty()) {
    if (blocks_held_ == 0) throw std::logic_error("iteration engine: an iteration scheduled no work");
    stalled_ = true;
    record_.start_s = start_s;
    return record_;
  }
  run_batch(start_s);
  return record_;
}

void IterationEngine::schedule_decodes() {
  for (std::size_t i = 0; i < running_.size(); ++i) {
    const int slot = running_[i];
    const Sequence& s = slots_[slot];
    if (!s.decoding()) continue;
    const std::int64_t needed = blocks_for(s.computed + 1) - s.blocks;
    // Victims come from the back, newest first; none of them is scheduled yet, as decodes are scheduled first.
    while (blocks_free_ < needed && running_.size() - 1 > i) preempt_last();
    if (blocks_free_ < needed) {  // it is the newest: it preempts itself
      preempt_last();
      break;
    }
    add_to_batch(slot, 1);
  }
}

void IterationEngine::schedule_running_prefills() {
  for (std::size_t i = 0; i < running_.size() && budget_left_ > 0; ++i) {
    const Sequence& s = slots_[running_[i]];
    if (s.decoding()) continue;
    const int chunk = fit_chunk(i, std::min(s.prefill_end - s.computed, budget_left_));
    if (chunk > 0) add_to_batch(running_[i], chunk);
  }
}

int IterationEngine::fit_chunk(std::size_t index, int chunk_tokens) {
  const Sequence& s = slots_[running_[index]];
  const std::int64_t needed = blocks_for(static_cast<std::int64_t>(s.computed) + chunk_tokens) - s.blocks;
  while (blocks_free_ < needed && running_.size() - 1 > index && !scheduled(running_.back())) preempt_last();
  if (blocks_free_ >= needed) return chunk_tokens;
  const std::int64_t room_tokens = (s.blocks + blocks_free_) * block_tokens_ - s.computed;
  return static_cast<int>(std::min<std::int64_t>(chunk_tokens, room_tokens));
}

void IterationEngine::admit_waiting() {
  if (record_.preemptions > 0) return;  // as vLLM V1: a step that preempted admits nobody
  while (!waiting_.empty() && running_.size() < static_cast<std::size_t>(config_.max_num_seqs)) {
    const int slot = waiting_.front();
    const Sequence& s = slots_[slot];
    if (s.request.arrival_s > now_s_) break;
    if (s.decoding()) {
      // Prefilled elsewhere: it brings its prompt's KV and decodes at once, taking the blocks of both.
      if (budget_left_ <= 0 || blocks_for(static_cast<std::int64_t>(s.computed) + 1) > blocks_free_) break;
      waiting_.pop_front();
      running_.push_back(slot);
      add_to_batch(slot, 1);
      continue;
    }
    const int uncomputed = s.prefill_end - s.computed;
    int chunk = uncomputed;
    if (config_.chunked_prefill) {
      if (budget_left_ <= 0) break;
      chunk = std::min(uncomputed, budget_left_);
    } else if (prefill_in_batch_ && uncomputed > budget_left_) {
      break;
    }
    if (blocks_for(chunk) > blocks_free_) break;  // first come, first served: the head waits for blocks
    waiting_.pop_front();
    running_.push_back(slot);
    add_to_batch(slot, chunk);
  }
}

void IterationEngine::preempt_last() {
  const int slot = running_.back();
  running_.pop_back();
  Sequence& s = slots_[slot];
  s.recomputed_tokens += s.computed + (s.decoding() ? 1 : 0);
  blocks_free_ += s.blocks;
  s.blocks = 0;
  s.computed = 0;
  s.prefill_end = s.tokens;
  ++s.preemptions;
  ++record_.preemptions;
  waiting_.push_front(slot);
}

void IterationEngine::add_to_batch(int slot, int tokens) {
  Sequence& s = slots_[slot];
  const std::int64_t blocks = blocks_for(static_cast<std::int64_t>(s.computed) + tokens);
  blocks_free_ -= blocks - s.blocks;
  s.blocks = blocks;
  s.scheduled_in = iteration_;
  s.scheduled_tokens = tokens;
  budget_left_ -= tokens;
  if (s.decoding()) {
    work_.add_decode(s.computed);
  } else {
    work_.add_prefill_chunk(tokens, s.computed);
    prefill_in_batch_ = true;
  }
  batch_.push_back(slot);
}

void IterationEngine::run_batch(double start_s) {
  const PhaseTime phase = roofline_.phase_time(work_);
  const PhaseRun run = config_.run_phase(phase);
  const AllToAllLegs legs = config_.expert_parallel
                                ? all_to_all_legs(*config_.expert_parallel, config_.replica.accelerators,
                                                  config_.model.hidden_size, work_.tokens())
                                : AllToAllLegs{};
  const double hops_s = pipeline_hops_s(config_.pipeline_hops, config_.model.hidden_size, work_.tokens());
  record_.start_s = start_s;
  record_.pipeline_hops_s = hops_s;
  record_.exchange_fabric_bytes = legs.fabric_bytes;
  record_.fabric_bytes =
      pipeline_fabric_bytes(config_.pipeline_hops, config_.model.hidden_size, work_.tokens()) + legs.fabric_bytes;
  record_.accelerator_power_w = run.power_w;
  record_.prefill_tokens = static_cast<int>(work_.prefill_tokens);
  record_.decode_tokens = static_cast<int>(work_.decode_tokens);
  record_.sequences = static_cast<int>(batch_.size());
  record_.kv_blocks_used = blocks_total_ - blocks_free_;
  record_.flop = phase.flop;
  record_.hbm_bytes = phase.bytes;
  exchange_.before_s = run.duration_s + hops_s;
  exchange_.legs = legs;
  const double analytic_s = std::max(legs.intra_server_s, legs.fabric_s());
  if (transfer_fabric_exchanges_ && legs.fabric_bytes > 0.0) {
    exchange_.open = true;  // the caller times the fabric leg: end_open_iteration
    record_.all_to_all_s = analytic_s;
    record_.duration_s = exchange_.before_s + analytic_s;  // provisional: the analytic leg
    return;
  }
  end_batch(analytic_s);
}

const IterationRecord& IterationEngine::end_open_iteration(double fabric_transfers_s) {
  require(std::isfinite(fabric_transfers_s) && fabric_transfers_s >= 0.0,
          "iteration engine: the exchanges' transfers need a finite time >= 0");
  close_open_iteration();
  // The transfers crossed the fabric once, paying its latency once; each of the other exchanges pays it too.
  const AllToAllLegs& legs = exchange_.legs;
  const double crossings = 2.0 * config_.expert_parallel->moe_layers;
  const double fabric_s = fabric_transfers_s + legs.fabric_latency_s * (crossings - 1.0) / crossings;
  end_batch(std::max(legs.intra_server_s, fabric_s));
  return record_;
}

const IterationRecord& IterationEngine::end_open_iteration_alone() {
  close_open_iteration();
  end_batch(record_.all_to_all_s);
  return record_;
}

void IterationEngine::close_open_iteration() {
  if (!exchange_.open) throw std::logic_error("iteration engine: an open iteration ended with none open");
  exchange_.open = false;
}

// The iteration ends after its compute and hops and then its exchange: its energy is shared among its sequences by
// their tokens, and they advance at its end.
void IterationEngine::end_batch(double exchange_s) {
  record_.all_to_all_s = exchange_s;
  record_.duration_s = exchange_.before_s + exchange_s;
  const double end_s = record_.start_s + record_.duration_s;
  const double energy_j =
      static_cast<double>(config_.replica.accelerators) * record_.accelerator_power_w * record_.duration_s;
  const double energy_per_token_j = energy_j / work_.tokens();
  for (const int slot : batch_) {
    Sequence& s = slots_[slot];
    s.energy_j += energy_per_token_j * s.scheduled_tokens;
    advance(s, end_s);
  }
  now_s_ = std::max(now_s_, end_s);
  retire_finished();
}

void IterationEngine::advance(Sequence& s, double end_s) {
  s.computed += s.scheduled_tokens;
  if (s.computed < s.tokens) return;  // a prefill chunk short of the end samples nothing
  ++s.tokens;
  ++s.generated;
  if (s.first_token_s) {
    s.max_token_gap_s = std::max(s.max_token_gap_s, end_s - s.last_token_s);
  } else {
    s.first_token_s = end_s;
  }
  s.last_token_s = end_s;
}

void IterationEngine::retire_finished() {
  auto done = [this](int slot) { return slots_[slot].generated >= slots_[slot].request.output_tokens; };
  for (const int slot : batch_) {
    if (!done(slot)) continue;
    Sequence& s = slots_[slot];
    FinishedRequest f;
    if (keep_finished_kv_) {
      blocks_held_ += s.blocks;
      f.held_kv_blocks = s.blocks;
    } else {
      blocks_free_ += s.blocks;
    }
    s.blocks = 0;
    f.id = s.request.id;
    f.arrival_s = s.request.arrival_s;
    f.first_token_s = *s.first_token_s;
    f.finish_s = s.last_token_s;
    f.prompt_tokens = s.request.prompt_tokens;
    f.output_tokens = s.generated;
    f.preemptions = s.preemptions;
    f.recomputed_tokens = s.recomputed_tokens;
    f.max_token_gap_s = s.max_token_gap_s;
    f.accelerator_energy_j = s.energy_j;
    finished_.push_back(f);
    free_slots_.push_back(slot);
  }
  running_.erase(std::remove_if(running_.begin(), running_.end(), done), running_.end());
}

}  // namespace terawatt
