#include "sql/exec/grouping_table.h"

#include "common/int128.h"

namespace floe::sql {

Result<std::unique_ptr<GroupingTable>> GroupingTable::Make(
    const std::vector<LogicalType>& key_types, const StateLayout* layout, MemoryPool* pool) {
  auto t = std::unique_ptr<GroupingTable>(new GroupingTable());
  t->layout_ = layout;
  t->layout_width_ = layout ? layout->width : 0;
  t->pool_ = pool;
  t->key_count_ = key_types.size();
  FLOE_ASSIGN_OR_RETURN(t->keys_, ColumnBuffer::Make(key_types, pool));
  if (t->key_count_ == 0) {
    uint32_t id;
    FLOE_RETURN_NOT_OK(t->NewGroup({}, 0, 0, &id));
  } else {
    FLOE_RETURN_NOT_OK(t->Rehash());
  }
  return t;
}

GroupingTable::~GroupingTable() {
  if (layout_width_ > 0) {
    for (int64_t g = 0; g < groups_; ++g) {
      uint8_t* s = State(static_cast<uint32_t>(g));
      for (size_t i = 0; i < layout_->functions.size(); ++i) {
        if (layout_->functions[i]->destroy) layout_->functions[i]->destroy(s + layout_->offsets[i]);
      }
    }
  }
  pool_->Release(reserved_);
}

Status GroupingTable::Rehash() {
  const size_t capacity = std::max<size_t>(1024, slots_.size() * 2);
  const int64_t extra = static_cast<int64_t>((capacity - slots_.size()) * sizeof(uint64_t));
  FLOE_RETURN_NOT_OK(pool_->Reserve(extra));
  reserved_ += extra;
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (int64_t g = 0; g < groups_; ++g) {
    uint64_t slot = hashes_[static_cast<size_t>(g)] & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = Entry(hashes_[static_cast<size_t>(g)], static_cast<uint32_t>(g));
  }
  return Status::OK();
}

Status GroupingTable::NewGroup(const std::vector<const columnar::Vector*>& keys, int64_t row,
                               uint64_t hash, uint32_t* id) {
  return AddGroup(hash, id, [&] { return keys_.AppendRow(keys, row); });
}

template <typename AppendKey>
Status GroupingTable::AddGroup(uint64_t hash, uint32_t* id, AppendKey&& append_key) {
  if (groups_ >= UINT32_MAX - 1) return Status::NotSupported("more than 4 billion groups");
  *id = static_cast<uint32_t>(groups_);
  if (groups_ % kBlockGroups == 0 && layout_width_ > 0) {
    const int64_t bytes = kBlockGroups * layout_width_;
    FLOE_RETURN_NOT_OK(pool_->Reserve(bytes));
    reserved_ += bytes;
    blocks_.emplace_back(new uint8_t[static_cast<size_t>(bytes)]);
  }
  if (key_count_ > 0) {
    FLOE_RETURN_NOT_OK(append_key());
    if (hashes_.size() == hashes_.capacity()) {
      const int64_t grow = static_cast<int64_t>(std::max<size_t>(hashes_.capacity(), 1024) * 8);
      FLOE_RETURN_NOT_OK(pool_->Reserve(grow));
      reserved_ += grow;
      hashes_.reserve(hashes_.capacity() + static_cast<size_t>(grow / 8));
    }
    hashes_.push_back(hash);
  }
  ++groups_;
  if (layout_width_ > 0) {
    uint8_t* s = State(*id);
    for (size_t i = 0; i < layout_->functions.size(); ++i)
      layout_->functions[i]->init(s + layout_->offsets[i]);
  }
  return Status::OK();
}

template <typename T>
Status GroupingTable::FindOrCreateFixed(const std::vector<const columnar::Vector*>& keys,
                                        const uint32_t* rows, int64_t n, const uint64_t* hashes,
                                        uint32_t* group_ids) {
  // One flat key column without NULLs: compare typed values directly.
  const T* in = keys[0]->data<T>();
  const columnar::Vector* stored = keys_.columns()[0].get();
  const T* values = stored->data<T>();
  constexpr int64_t kAhead = 16;
  for (int64_t k = 0; k < n; ++k) {
    if (k + kAhead < n) __builtin_prefetch(&slots_[hashes[k + kAhead] & mask_]);
    const int64_t row = rows ? rows[k] : k;
    const T v = in[row];
    const uint64_t h = hashes[k];
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    uint64_t slot = h & mask_;
    while (true) {
      const uint64_t entry = slots_[slot];
      if (entry == 0) {
        uint32_t id;
        FLOE_RETURN_NOT_OK(AddGroup(h, &id, [&] { return keys_.AppendValue<T>(v); }));
        slots_[slot] = Entry(h, id);
        group_ids[k] = id;
        values = stored->data<T>();  // the key buffer may have moved
        if (static_cast<uint64_t>(groups_) * 2 > slots_.size()) FLOE_RETURN_NOT_OK(Rehash());
        break;
      }
      const uint32_t g = static_cast<uint32_t>(entry) - 1;
      if (static_cast<uint32_t>(entry >> 32) == tag && values[g] == v &&
          (stored->validity() == nullptr || stored->IsValid(g))) {
        group_ids[k] = g;
        break;
      }
      slot = (slot + 1) & mask_;
    }
  }
  return Status::OK();
}

Status GroupingTable::FindOrCreate(const std::vector<const columnar::Vector*>& keys,
                                   const uint32_t* rows, int64_t n, const uint64_t* hashes,
                                   uint32_t* group_ids) {
  if (key_count_ == 0) {
    for (int64_t k = 0; k < n; ++k) group_ids[k] = 0;
    return Status::OK();
  }
  if (key_count_ == 1 && keys[0]->kind() == columnar::VectorKind::kFlat &&
      keys[0]->validity() == nullptr) {
    switch (keys[0]->type().physical_type()) {
      case columnar::PhysicalType::kInt8:
        return FindOrCreateFixed<int8_t>(keys, rows, n, hashes, group_ids);
      case columnar::PhysicalType::kInt16:
        return FindOrCreateFixed<int16_t>(keys, rows, n, hashes, group_ids);
      case columnar::PhysicalType::kInt32:
        return FindOrCreateFixed<int32_t>(keys, rows, n, hashes, group_ids);
      case columnar::PhysicalType::kInt64:
        return FindOrCreateFixed<int64_t>(keys, rows, n, hashes, group_ids);
      case columnar::PhysicalType::kInt128:
        return FindOrCreateFixed<int128_t>(keys, rows, n, hashes, group_ids);
      default:
        break;
    }
  }
  FLOE_ASSIGN_OR_RETURN(bool done, FindOrCreateByDictionary(keys, rows, n, hashes, group_ids));
  if (done) return Status::OK();
  return FindOrCreateRows(keys, rows, n, hashes, group_ids);
}

Result<bool> GroupingTable::FindOrCreateByDictionary(
    const std::vector<const columnar::Vector*>& keys, const uint32_t* rows, int64_t n,
    const uint64_t* hashes, uint32_t* group_ids) {
  constexpr int64_t kMaxCombinations = 4096;
  if (n < 256) return false;
  // Row k's combination: the sum of its dictionary indices times strides.
  std::vector<std::pair<const int32_t*, int64_t>> parts;  // indices, stride
  int64_t combinations = 1;
  for (const auto* v : keys) {
    if (v->kind() == columnar::VectorKind::kConstant) continue;
    // Outer nulls leave their indices undefined: not this path.
    if (v->kind() != columnar::VectorKind::kDictionary || v->validity() != nullptr) return false;
    const int64_t size = v->dictionary()->size();
    if (size <= 0 || combinations * size > std::min<int64_t>(kMaxCombinations, n / 4)) return false;
    parts.emplace_back(v->indices(), combinations);
    combinations *= size;
  }
  // Row k's combination (the scratch vectors are kept between batches).
  std::vector<uint32_t>& code = dict_code_;
  code.resize(static_cast<size_t>(n));
  if (parts.empty()) {
    std::fill(code.begin(), code.end(), 0u);
  } else {
    const int32_t* first = parts[0].first;
    for (int64_t k = 0; k < n; ++k)
      code[static_cast<size_t>(k)] = static_cast<uint32_t>(first[rows ? rows[k] : k]);
    for (size_t p = 1; p < parts.size(); ++p) {
      const auto [indices, stride] = parts[p];
      for (int64_t k = 0; k < n; ++k)
        code[static_cast<size_t>(k)] += static_cast<uint32_t>(indices[rows ? rows[k] : k] * stride);
    }
  }
  // The first row of each combination stands for it.
  std::vector<int32_t>& representative = dict_representative_;
  representative.assign(static_cast<size_t>(combinations), -1);
  std::vector<uint32_t>& rep_rows = dict_rep_rows_;
  std::vector<uint64_t>& rep_hashes = dict_rep_hashes_;
  rep_rows.clear();
  rep_hashes.clear();
  for (int64_t k = 0; k < n; ++k) {
    const uint32_t c = code[static_cast<size_t>(k)];
    // An index outside its dictionary (corrupt input): the rows decide.
    if (c >= static_cast<uint64_t>(combinations)) return false;
    if (representative[c] < 0) {
      representative[c] = static_cast<int32_t>(rep_rows.size());
      rep_rows.push_back(rows ? rows[k] : static_cast<uint32_t>(k));
      rep_hashes.push_back(hashes[k]);
    }
  }
  std::vector<uint32_t>& rep_groups = dict_rep_groups_;
  rep_groups.resize(rep_rows.size());
  FLOE_RETURN_NOT_OK(FindOrCreateRows(keys, rep_rows.data(), static_cast<int64_t>(rep_rows.size()),
                                      rep_hashes.data(), rep_groups.data()));
  // The combination's group, by combination.
  for (int32_t& r : representative) {
    if (r >= 0) r = static_cast<int32_t>(rep_groups[static_cast<size_t>(r)]);
  }
  for (int64_t k = 0; k < n; ++k) {
    group_ids[k] = static_cast<uint32_t>(representative[code[static_cast<size_t>(k)]]);
  }
  return true;
}

Status GroupingTable::FindOrCreateRows(const std::vector<const columnar::Vector*>& keys,
                                       const uint32_t* rows, int64_t n, const uint64_t* hashes,
                                       uint32_t* group_ids) {
  // New groups of this batch keep their keys in the input (at pending
  // rows) until the end, when they are appended in one pass per column.
  const auto& stored = keys_.columns();
  const int64_t first_new = groups_;
  std::vector<uint32_t> pending;
  auto flush = [&]() -> Status {
    if (pending.empty()) return Status::OK();
    columnar::Chunk batch;
    batch.size = 0;
    for (const auto* v : keys) {
      batch.columns.push_back(std::shared_ptr<columnar::Vector>(const_cast<columnar::Vector*>(v),
                                                                [](columnar::Vector*) {}));
      batch.size = std::max(batch.size, v->size());
    }
    auto sel = columnar::SelectionVector::Make(pool_, static_cast<int64_t>(pending.size()));
    if (!sel.ok()) return sel.status();
    std::copy(pending.begin(), pending.end(), (*sel)->mutable_indices());
    (*sel)->set_size(static_cast<int64_t>(pending.size()));
    batch.selection = std::move(*sel);
    return keys_.Append(batch);
  };
  // Comparisons with stored groups and with this batch's new ones, per key
  // column, their dispatch done once.
  std::vector<RowEquality> with_stored, with_batch;
  for (size_t c = 0; c < key_count_; ++c) {
    with_stored.emplace_back(*keys[c], *stored[c]);
    with_batch.emplace_back(*keys[c], *keys[c]);
  }
  constexpr int64_t kAhead = 16;
  Status st;
  for (int64_t k = 0; k < n && st.ok(); ++k) {
    if (k + kAhead < n) __builtin_prefetch(&slots_[hashes[k + kAhead] & mask_]);
    const int64_t row = rows ? rows[k] : k;
    const uint64_t h = hashes[k];
    uint64_t slot = h & mask_;
    while (true) {
      const uint64_t entry = slots_[slot];
      if (entry == 0) {
        uint32_t id = 0;
        st = AddGroup(h, &id, [] { return Status::OK(); });
        if (!st.ok()) break;
        pending.push_back(static_cast<uint32_t>(row));
        slots_[slot] = Entry(h, id);
        group_ids[k] = id;
        if (static_cast<uint64_t>(groups_) * 2 > slots_.size()) st = Rehash();
        break;
      }
      const uint32_t g = static_cast<uint32_t>(entry) - 1;
      if (static_cast<uint32_t>(entry >> 32) == static_cast<uint32_t>(h >> 32) && hashes_[g] == h) {
        bool equal = true;
        if (g >= first_new) {
          const int64_t other = pending[g - first_new];
          for (size_t c = 0; c < key_count_ && equal; ++c) equal = with_batch[c](row, other);
        } else {
          for (size_t c = 0; c < key_count_ && equal; ++c) equal = with_stored[c](row, g);
        }
        if (equal) {
          group_ids[k] = g;
          break;
        }
      }
      slot = (slot + 1) & mask_;
    }
  }
  Status flushed = flush();
  if (!flushed.ok() || keys_.rows() != groups_) {
    // The keys of new groups could not be stored: forget those groups
    // (their states are fresh) and index only the ones with keys.
    groups_ = keys_.rows();
    hashes_.resize(static_cast<size_t>(groups_));
    std::fill(slots_.begin(), slots_.end(), 0);
    for (int64_t g = 0; g < groups_; ++g) {
      uint64_t slot = hashes_[static_cast<size_t>(g)] & mask_;
      while (slots_[slot] != 0) slot = (slot + 1) & mask_;
      slots_[slot] = Entry(hashes_[static_cast<size_t>(g)], static_cast<uint32_t>(g));
    }
    if (st.ok()) st = flushed.ok() ? Status::Internal("grouping keys lost") : flushed;
  }
  return st;
}

}  // namespace floe::sql
