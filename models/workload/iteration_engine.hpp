#pragma once
// One LLM serving replica run iteration by iteration, as a vLLM-like engine runs it: a paged KV cache, continuous
// batching with chunked prefill, recompute preemption, and the time and power of every forward pass from the roofline
// of the batch it holds (models/workload/iteration_time.hpp). Pure model: no engine, no I/O; a simulator's event
// loop drives it (next_start_s, then step, then finished).
//
// Sequences. A request of P prompt tokens and O output tokens holds `tokens` = P + the outputs sampled so far, of
// which `computed` have their KV in the cache. Its prefill runs over the uncomputed tokens, in one pass or in chunks;
// the pass that completes it samples its first output token (its time is the first-token time, at the end of that
// iteration). Each decode iteration then computes the KV of the last sampled token and samples the next, so a request
// takes 1 prefill completion and O - 1 decode iterations, and holds at most P + O - 1 tokens in the cache (the last
// sampled token's KV is never needed).
//
// Paged KV cache (Kwon et al., SOSP 2023, PagedAttention; vLLM's defaults): blocks of `block_tokens` = 16 tokens;
// blocks = floor((k x HBM capacity x gpu_memory_utilisation - resident weights bytes) / (block_tokens x KV bytes per
// token)), gpu_memory_utilisation = 0.90. Activations, the CUDA context and CUDA graphs, which vLLM also takes out of
// that share, are not modelled: the cache is an upper bound on vLLM's. A sequence holds ceil(computed / block_tokens)
// blocks, one more each time its cache crosses a block boundary.
//
// Scheduling, each iteration (its start: next_start_s()). The token budget is max_batched_tokens, the sequences at
// most max_num_seqs (vLLM's default 256; vLLM, like this model, requires max_batched_tokens >= max_num_seqs, so the
// running sequences' decodes always fit the budget). Running sequences are kept in admission order.
//  - decode_first (Sarathi-Serve's stall-free batching, Agrawal et al., OSDI 2024; vLLM V1): every decoding
//    sequence takes 1 token, oldest first; then the running sequences still in prefill take chunks of the budget left,
//    oldest first; then waiting requests that have arrived are admitted first come, first served while the budget,
//    max_num_seqs and free blocks allow. Admission stops at the first request that does not fit (head of line: FCFS, no
//    overtaking).
//  - prefill_first (vLLM V0's default without chunking): prefill work (running chunks, then admissions) takes the
//    iteration; the decoding sequences run only in iterations that hold no prefill, so a long prompt stalls them.
//  With chunked_prefill (the default), a prefill takes min(its uncomputed tokens, budget left). Without it a prompt is
//  prefilled whole in the iteration that admits it: the first prompt of an iteration is taken whatever its length (it
//  cannot be split; vLLM would refuse a prompt over the budget instead), further ones while they fit the budget left.
//
// Preemption by recompute (vLLM's policy, Kwon et al. 2023 section 4.5; vLLM V1's scheduler): when a decoding
// sequence needs a block and none is free, the most recently admitted running sequence is preempted (possibly itself):
// its blocks are freed and it goes back to the front of the waiting queue, keeping the output it has generated; when
// readmitted it prefills again over prompt + output so far, and that prefill's completion samples its next token. A
// prefill chunk short of blocks preempts newer sequences not yet scheduled in the iteration, then shrinks to the blocks
// left. An iteration that preempted admits nobody (as vLLM V1). Preemption only evicts: nothing is swapped to host.
//
// Prefill/decode disaggregation (Splitwise, Patel et al., ISCA 2024; DistServe, Zhong et al., OSDI 2024): a prefill
// replica serves each request with one output token (its prefill, which samples the first token); the caller moves
// the prompt's KV cache to a decode replica, which takes the request prefilled (submit_prefilled): waiting
// like any other, first come, first served, and admitted when the blocks of its prompt and of the token it decodes
// are free, it decodes from its first iteration. Preempted there, it is recomputed there.
//
// Time and power: the iteration's IterationWork goes through IterationRoofline, then `run_phase` (llm_phase_run: the
// power curve of llm_inference_cost.hpp under the accelerator's power cap) gives its duration and the power of one
// accelerator. Its energy, k x power x duration, is shared among its sequences by the tokens each processed (a
// prefill-chunk token and a decode token count 1 each). Between iterations the replica does nothing here: idle power
// belongs to the caller's ledger. Scheduling overheads (CPU, sampling, detokenisation) are not modelled. With expert
// parallelism (IterationEngineConfig::expert_parallel) an iteration also waits for its all-to-all exchanges
// (all_to_all_s), at the iteration's power; a caller may move their fabric bytes itself (transfer_fabric_exchanges).
//
// Cost per step: O(running sequences) plus the requests admitted; no allocation in steady state.

#include "models/workload/iteration_time.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace terawatt {

enum class BatchPolicy {
  decode_first,   // decodes first, prefill chunks fill the budget left (Sarathi-Serve; vLLM V1)
  prefill_first,  // prefills take the iteration, decodes wait (vLLM V0 without chunked prefill)
};

struct IterationEngineConfig {
  LlmArchitecture model;
  ReplicaHardware replica;
  InferenceEfficiency efficiency;
  PhaseRunFunction run_phase;            // required: llm_phase_run(accelerator power model, power params)
  int block_tokens = 16;                 // vLLM's default block size
  double gpu_memory_utilisation = 0.90;  // vLLM's default gpu_memory_utilization
  int max_num_seqs = 256;                // vLLM's default max_num_seqs (V1 raises it to 1024 on H100-class GPUs)
  // vLLM V1's default max_num_batched_tokens for its OpenAI server on GPUs below 70 GiB or A100s (vllm/engine/
  // arg_utils.py; H100-class GPUs get 8192 there); Sarathi-Serve evaluates token budgets of 512 and 2048.
  int max_batched_tokens = 2048;
  bool chunked_prefill = true;  // vLLM V1's default
  BatchPolicy policy = BatchPolicy::decode_first;
  // A mixture-of-experts model's experts spread over the replica (iteration_time.hpp): each iteration adds its
  // all-to-all time, at the iteration's power. None: no exchange (a dense model, or experts replicated).
  std::optional<ExpertParallel> expert_parallel;
  // Pipeline parallelism (iteration_time.hpp): this engine is one of a replica's `pipeline_stages` micro-batch
  // streams on `replica` = the tp accelerators of a stage. It holds that share of the weights and of the KV cache
  // (blocks of (tp x HBM x utilisation - weights / stages)), and each iteration adds its activations' hops.
  int pipeline_stages = 1;
  PipelineHops pipeline_hops;
};

struct EngineRequest {
  std::uint64_t id = 0;
  double arrival_s = 0.0;
  int prompt_tokens = 1;  // >= 1
  int output_tokens = 1;  // >= 1
};

// One forward pass of the replica.
struct IterationRecord {
  double start_s = 0.0;
  double duration_s = 0.0;
  double accelerator_power_w = 0.0;  // of ONE accelerator of the replica
  int prefill_tokens = 0;            // prefill-chunk tokens (re-prefills after preemption included)
  int decode_tokens = 0;             // one per decoding sequence
  int sequences = 0;                 // sequences in the batch
  int preemptions = 0;               // sequences it preempted
  std::int64_t kv_blocks_used = 0;   // blocks held while it runs (before finished sequences free theirs)
  double flop = 0.0;
  double hbm_bytes = 0.0;
  double all_to_all_s = 0.0;           // expert parallelism: the exchange's share of duration_s
  double pipeline_hops_s = 0.0;        // pipeline parallelism: the activations' hops' share of duration_s
  double fabric_bytes = 0.0;           // what those exchanges and hops sent between servers over the fabric
  double exchange_fabric_bytes = 0.0;  // of fabric_bytes, the exchanges'
  double end_s() const { return start_s + duration_s; }
};

struct FinishedRequest {
  std::uint64_t id = 0;
  double arrival_s = 0.0;
  double first_token_s = 0.0;  // end of the iteration that completed its first prefill
  double finish_s = 0.0;       // end of the iteration that sampled its last token
  int prompt_tokens = 0;
  int output_tokens = 0;
  int preemptions = 0;
  // Prefill tokens its preemptions added: the cached tokens each discarded, and, for one that hit it while decoding,
  // its last sampled token, which the re-prefill computes in place of a decode iteration.
  std::int64_t recomputed_tokens = 0;
  double max_token_gap_s = 0.0;       // longest wait between two of its output tokens (0 for one output token)
  double accelerator_energy_j = 0.0;  // its share of its iterations' energy, all k accelerators
  std::int64_t held_kv_blocks = 0;    // with keep_finished_kv: its blocks, held until release_kv
  double ttft_s() const { return first_token_s - arrival_s; }
  // Time per output token after the first; none for a single output token.
  std::optional<double> tpot_s() const {
    if (output_tokens < 2) return std::nullopt;
    return (finish_s - first_token_s) / (output_tokens - 1);
  }
};

class IterationEngine {
 public:
  // Throws std::invalid_argument for an invalid model, replica or efficiency, no run_phase, block_tokens,
  // max_num_seqs or max_batched_tokens below 1, max_batched_tokens below max_num_seqs, a utilisation outside (0, 1],
  // and when the weights leave no KV block (the message gives the numbers).
  // An expert_parallel that all_to_all_s refuses is refused too.
  explicit IterationEngine(const IterationEngineConfig& config);

  // Queues a request. Throws std::invalid_argument for tokens below 1, a non-finite arrival or one before 0 or the
  // previous request's, and a request whose P + O - 1 cached tokens exceed the whole cache.
  void submit(const EngineRequest& request);
  // Queues a request prefilled on another replica (prefill/decode disaggregation): its prompt's KV cache arrives with
  // it at its arrival, and its first output token was sampled there at `first_token_s`. It holds prompt + 1 tokens,
  // the prompt's computed, and decodes from its first iteration; admission needs the blocks of its prompt and of the
  // token it decodes. Throws as submit does, and for a first token after the arrival or fewer than 2 output tokens.
  void submit_prefilled(const EngineRequest& request, double first_token_s);

  // A prefill replica of a disaggregated service keeps a finished request's KV blocks until its cache has been sent
  // (vLLM's KV connectors free a request's blocks only once the decode instance has them): they count as used, so a
  // slow network holds back the replica's admissions. The request reports them (FinishedRequest::held_kv_blocks).
  void keep_finished_kv() { keep_finished_kv_ = true; }
  // Returns `blocks` held for a finished request to the free pool at `at_s`, and ends a stall (step): the next
  // iteration starts no earlier than `at_s`. Throws std::invalid_argument for blocks outside [0, those held].
  void release_kv(std::int64_t blocks, double at_s);
  std::int64_t kv_blocks_held() const { return blocks_held_; }

  // Expert parallelism over several servers, its exchanges' fabric bytes moved by the caller (a simulator's network
  // transfers, which traffic of others may slow): step() leaves an iteration with such bytes open. Its record is
  // provisional (the analytic exchange's duration; exchange_fabric_bytes are the bytes to move), no request advances,
  // and next_start_s() is infinite until the caller ends it with end_open_iteration, passing the time its transfers
  // took to move those bytes as one crossing of the fabric. The fabric leg is then that time plus the latency of the
  // exchange's other 2 x MoE layers - 1 crossings, and the iteration ends after the longer of it and the interconnect
  // leg, as step() would with the analytic leg. Returns the final record. Throws std::logic_error with no iteration
  // open, std::invalid_argument for a time that is negative or not finite. end_open_iteration_alone ends it as step()
  // would have: for transfers that met no other traffic, whose time is the analytic leg's (exchange_legs).
  void transfer_fabric_exchanges() { transfer_fabric_exchanges_ = true; }
  bool iteration_open() const { return exchange_.open; }
  const IterationRecord& end_open_iteration(double fabric_transfers_s);
  const IterationRecord& end_open_iteration_alone();
  // The legs of the last iteration's all-to-all, analytic (all zero without expert parallelism).
  const AllToAllLegs& exchange_legs() const { return exchange_.legs; }

  // Holds no request, running or waiting (a request submitted for a later arrival counts as held).
  bool idle() const { return running_.empty() && waiting_.empty(); }
  // When the next iteration starts: now if a sequence is running, else the first waiting arrival (not before now),
  // +infinity when idle, stalled or open.
  double next_start_s() const;
  // Runs one iteration from next_start_s(), admitting requests submitted and arrived by then. Throws std::logic_error
  // when next_start_s() is infinite. The reference is valid until the next step. An iteration with no work
  // (sequences 0, duration 0) is a stall: blocks held for transfers leave no room for any sequence to advance, and
  // the replica waits for release_kv (next_start_s() is infinite until then).
  const IterationRecord& step();
  // Requests completed so far, in completion order; the caller drains (clears) it.
  std::vector<FinishedRequest>& finished() { return finished_; }

  double now_s() const { return now_s_; }  // end of the last iteration (0 before the first)
  std::int64_t kv_blocks_total() const { return blocks_total_; }
  std::int64_t kv_blocks_free() const { return blocks_free_; }
  double kv_block_bytes() const;
  int running_sequences() const { return static_cast<int>(running_.size()); }
  int waiting_requests() const { return static_cast<int>(waiting_.size()); }

 private:
  struct Sequence {
    EngineRequest request;
    int tokens = 0;       // prompt + outputs sampled
    int computed = 0;     // tokens whose KV is cached
    int prefill_end = 0;  // `tokens` when its current prefill began: in prefill while computed < prefill_end
    int generated = 0;
    std::int64_t blocks = 0;
    int preemptions = 0;
    std::int64_t recomputed_tokens = 0;
    std::uint64_t scheduled_in = 0;  // the last iteration that scheduled it
    int scheduled_tokens = 0;
    std::optional<double> first_token_s;
    double last_token_s = 0.0;
    double max_token_gap_s = 0.0;
    double energy_j = 0.0;
    bool decoding() const { return computed >= prefill_end; }
  };

  std::int64_t blocks_for(std::int64_t tokens) const { return (tokens + block_tokens_ - 1) / block_tokens_; }
  bool scheduled(int slot) const { return slots_[slot].scheduled_in == iteration_; }
  void schedule_decodes();
  void schedule_running_prefills();
  void admit_waiting();
  int fit_chunk(std::size_t index, int chunk_tokens);
  void preempt_last();
  void add_to_batch(int slot, int tokens);
  void run_batch(double start_s);
  void end_batch(double exchange_s);
  void close_open_iteration();
  static void advance(Sequence& sequence, double end_s);
  void retire_finished();

  IterationEngineConfig config_;
  IterationRoofline roofline_;
  std::int64_t block_tokens_;
  std::int64_t blocks_total_ = 0;
  std::int64_t blocks_free_ = 0;
  std::int64_t blocks_held_ = 0;  // of finished requests, until release_kv
  bool keep_finished_kv_ = false;
  bool transfer_fabric_exchanges_ = false;
  // The last iteration's exchange: the time before it, its analytic legs, and whether the caller's transfers are
  // awaited.
  struct Exchange {
    bool open = false;
    double before_s = 0.0;  // the iteration's compute and pipeline hops
    AllToAllLegs legs;
  } exchange_;
  bool stalled_ = false;
  double last_arrival_s_ = 0.0;
  double now_s_ = 0.0;
  std::uint64_t iteration_ = 0;
  std::vector<Sequence> slots_;  // every request held; slots reused through free_slots_
  std::vector<int> free_slots_;
  std::vector<int> running_;  // admission order, oldest first
  std::deque<int> waiting_;   // arrival order; preempted sequences go back to the front
  std::vector<int> batch_;    // the iteration's sequences
  IterationWork work_;
  int budget_left_ = 0;
  bool prefill_in_batch_ = false;
  IterationRecord record_;
  std::vector<FinishedRequest> finished_;
};

}  // namespace terawatt
