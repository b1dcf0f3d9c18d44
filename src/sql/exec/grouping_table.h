#pragma once

// A hash table of groups: distinct key tuples, each with a row of
// aggregate states. The hash aggregate keeps one per thread and merges
// them; DISTINCT aggregates keep one of (group keys, arguments) tuples.

#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/vector.h"
#include "common/result.h"
#include "sql/exec/vector_operations.h"
#include "sql/functions/aggregate_function.h"

namespace floe::sql {

/// The aggregates whose states a group row holds, and where.
struct StateLayout {
  std::vector<const AggregateFunction*> functions;
  std::vector<int32_t> offsets;
  int32_t width = 0;  // bytes per group
  void Add(const AggregateFunction* f) {
    functions.push_back(f);
    offsets.push_back(width);
    width += f->state_size;
  }
};

/// Groups by key tuples (NULL is a key like any value). With no key
/// columns there is exactly one group. Not thread-safe.
class GroupingTable {
 public:
  /// `layout` (may be null: no states) must outlive the table.
  static Result<std::unique_ptr<GroupingTable>> Make(const std::vector<LogicalType>& key_types,
                                                     const StateLayout* layout, MemoryPool* pool);
  ~GroupingTable();

  /// The group of each of n rows (row k at rows[k], or k) of `keys` (one
  /// vector per key column, any kind), created (states initialized) when
  /// new. `hashes` are the rows' key hashes (HashRows over the keys).
  Status FindOrCreate(const std::vector<const columnar::Vector*>& keys, const uint32_t* rows,
                      int64_t n, const uint64_t* hashes, uint32_t* group_ids);

  /// The group's states; null when the layout has none.
  uint8_t* State(uint32_t group) {
    if (layout_width_ == 0) return nullptr;
    return blocks_[group / kBlockGroups].get() + (group % kBlockGroups) * layout_width_;
  }
  int64_t groups() const { return groups_; }
  /// The key values of every group, row g for group g.
  const ColumnBuffer& keys() const { return keys_; }
  uint64_t hash(uint32_t group) const { return hashes_[group]; }

 private:
  static constexpr int64_t kBlockGroups = 4096;
  GroupingTable() = default;
  Status NewGroup(const std::vector<const columnar::Vector*>& keys, int64_t row, uint64_t hash,
                  uint32_t* id);
  Status Rehash();
  static uint64_t Entry(uint64_t hash, uint32_t group) {
    return (hash & 0xffffffff00000000ULL) | (uint64_t{group} + 1);
  }
  template <typename AppendKey>
  Status AddGroup(uint64_t hash, uint32_t* id, AppendKey&& append_key);
  // Keys that are all dictionary (or constant) vectors with few
  // combinations: one lookup per combination present, then a map over the
  // rows. False when the keys are not so (nothing done).
  Result<bool> FindOrCreateByDictionary(const std::vector<const columnar::Vector*>& keys,
                                        const uint32_t* rows, int64_t n, const uint64_t* hashes,
                                        uint32_t* group_ids);
  Status FindOrCreateRows(const std::vector<const columnar::Vector*>& keys, const uint32_t* rows,
                          int64_t n, const uint64_t* hashes, uint32_t* group_ids);
  template <typename T>
  Status FindOrCreateFixed(const std::vector<const columnar::Vector*>& keys, const uint32_t* rows,
                           int64_t n, const uint64_t* hashes, uint32_t* group_ids);

  // Scratch of FindOrCreateByDictionary.
  std::vector<uint32_t> dict_code_, dict_rep_rows_, dict_rep_groups_;
  std::vector<int32_t> dict_representative_;
  std::vector<uint64_t> dict_rep_hashes_;

  const StateLayout* layout_ = nullptr;
  int64_t layout_width_ = 0;
  MemoryPool* pool_ = nullptr;
  ColumnBuffer keys_;
  size_t key_count_ = 0;
  std::vector<uint64_t> hashes_;
  // Per slot: the hash's high 32 bits, then group id + 1 (0 = empty), so
  // that a probe rejects most other groups without touching them.
  std::vector<uint64_t> slots_;
  uint64_t mask_ = 0;
  int64_t groups_ = 0;
  std::vector<std::unique_ptr<uint8_t[]>> blocks_;
  int64_t reserved_ = 0;  // bytes accounted in pool_ besides keys_
};

}  // namespace floe::sql
