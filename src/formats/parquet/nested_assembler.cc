// Rebuilds struct/list/map vectors from Parquet definition and repetition
// levels (the Dremel encoding). For a node N, the level entries that stand
// for one of N's values ("slots") in any leaf below N are those with
// rep <= N.rep_level (an instance at N's depth or above starts there) and
// def >= the level at which N's enclosing list element exists. Slots are
// in the same order in every leaf, so each child is built from its own leaf.

#include <algorithm>
#include <cstring>

#include "common/bit_util.h"
#include "formats/parquet/column_reader.h"

namespace floe::formats::parquet {

using columnar::ListEntry;
using columnar::Vector;

namespace {

constexpr int64_t kMaxNestedEntries = int64_t{1} << 28;

int FirstLeaf(const SchemaNode& node) {
  const SchemaNode* n = &node;
  while (n->kind != NodeKind::kPrimitive) n = &n->children[0];
  return n->column_index;
}

}  // namespace

Status ReadLeafData(ColumnChunkReader* reader, const ColumnDescriptor& column, int64_t num_rows,
                    MemoryPool* pool, NestedFieldAssembler::LeafData* data) {
  int64_t total = reader->total_entries();
  if (total > kMaxNestedEntries) {
    return Status::NotSupported("nested column '", column.path.back(), "' has ", total,
                                " level entries in one row group; floe reads at most ", kMaxNestedEntries);
  }
  FLOE_ASSIGN_OR_RETURN(data->values, Vector::Make(column.node->type, pool, 1024));
  int64_t done = 0, values = 0;
  while (done < total) {
    int64_t k = std::min<int64_t>(total - done, 65536);
    data->def.resize(static_cast<size_t>(done + k));
    data->rep.resize(static_cast<size_t>(done + k));
    int64_t got = 0;
    FLOE_RETURN_NOT_OK(reader->ReadEntries(k, data->def.data() + done, data->rep.data() + done, data->values.get(),
                                           values, &got));
    values += got;
    done += k;
  }
  data->values->set_size(values);
  if (total > 0 && data->rep[0] != 0) {
    return Status::Corruption("column '", column.path.back(), "': repetition levels start with ", data->rep[0],
                              " instead of 0");
  }
  data->row_start.clear();
  data->value_start.clear();
  int64_t v = 0;
  for (int64_t e = 0; e < total; ++e) {
    if (data->rep[static_cast<size_t>(e)] == 0) {
      data->row_start.push_back(e);
      data->value_start.push_back(v);
    }
    v += data->def[static_cast<size_t>(e)] == column.max_def_level;
  }
  if (static_cast<int64_t>(data->row_start.size()) != num_rows) {
    return Status::Corruption("column '", column.path.back(), "' has ", data->row_start.size(),
                              " rows but its row group has ", num_rows);
  }
  data->row_start.push_back(total);
  data->value_start.push_back(v);
  return Status::OK();
}

Result<std::shared_ptr<Vector>> NestedFieldAssembler::Assemble(int64_t row, int64_t n) {
  FLOE_ASSIGN_OR_RETURN(auto out, Vector::Make(field_->type, pool_, n > 0 ? n : 1));
  FLOE_RETURN_NOT_OK(Build(*field_, 0, row, n, n, out.get()));
  return out;
}

Status NestedFieldAssembler::Build(const SchemaNode& node, int16_t parent_exists_def, int64_t row, int64_t n,
                                   int64_t expected_slots, Vector* out) {
  LeafData* x = leaves_[static_cast<size_t>(FirstLeaf(node))];
  const int64_t begin = x->row_start[static_cast<size_t>(row)];
  const int64_t end = x->row_start[static_cast<size_t>(row + n)];
  const int16_t* def = x->def.data();
  const int16_t* rep = x->rep.data();
  auto is_slot = [&](int64_t e) { return rep[e] <= node.rep_level && def[e] >= parent_exists_def; };

  FLOE_RETURN_NOT_OK(out->Reserve(expected_slots > 0 ? expected_slots : 1));
  bool nullable = node.repetition == FieldRepetitionType::OPTIONAL;
  int64_t slot = 0;
  auto mark_null = [&](int64_t s) -> Status {
    FLOE_RETURN_NOT_OK(out->EnsureValidity());
    out->SetNull(s);
    return Status::OK();
  };

  switch (node.kind) {
    case NodeKind::kPrimitive: {
      const Vector& values = *x->values;
      int64_t vi = x->value_start[static_cast<size_t>(row)];
      int w = out->type().fixed_width();
      const uint8_t* src = values.raw_data();
      uint8_t* dst = out->mutable_raw_data();
      for (int64_t e = begin; e < end; ++e) {
        bool present = def[e] == node.def_level;
        if (is_slot(e)) {
          if (slot >= expected_slots) break;
          if (present) {
            std::memcpy(dst + slot * w, src + vi * w, static_cast<size_t>(w));
          } else {
            std::memset(dst + slot * w, 0, static_cast<size_t>(w));
            FLOE_RETURN_NOT_OK(mark_null(slot));
          }
          ++slot;
        }
        vi += present;
      }
      if (out->type().is_string_like()) out->KeepAliveHeapsOf(values);
      break;
    }
    case NodeKind::kStruct: {
      for (int64_t e = begin; e < end; ++e) {
        if (!is_slot(e)) continue;
        if (slot >= expected_slots) break;
        if (nullable && def[e] < node.def_level) FLOE_RETURN_NOT_OK(mark_null(slot));
        ++slot;
      }
      if (slot == expected_slots) {
        for (size_t c = 0; c < node.children.size(); ++c) {
          FLOE_RETURN_NOT_OK(Build(node.children[c], parent_exists_def, row, n, expected_slots,
                                   out->children()[c].get()));
        }
      }
      break;
    }
    case NodeKind::kList:
    case NodeKind::kMap: {
      ListEntry* entries = out->mutable_list_entries();
      int64_t elements = 0;
      int64_t current = -1;
      for (int64_t e = begin; e < end; ++e) {
        if (is_slot(e)) {
          if (slot >= expected_slots) break;
          current = slot++;
          entries[current] = ListEntry{static_cast<uint32_t>(elements), 0};
          if (nullable && def[e] < node.def_level) FLOE_RETURN_NOT_OK(mark_null(current));
        }
        if (current >= 0 && rep[e] <= node.repeated_rep_level && def[e] >= node.repeated_def_level) {
          ++entries[current].length;
          ++elements;
        }
      }
      if (elements > UINT32_MAX) return Status::NotSupported("more than 2^32 list elements in one batch");
      if (slot == expected_slots) {
        for (size_t c = 0; c < node.children.size(); ++c) {
          Vector* child = out->children()[c].get();
          FLOE_RETURN_NOT_OK(Build(node.children[c], node.repeated_def_level, row, n, elements, child));
        }
      }
      break;
    }
  }
  if (slot != expected_slots) {
    return Status::Corruption("column '", node.name, "': levels describe ", slot, " values where ", expected_slots,
                              " were expected");
  }
  out->set_size(expected_slots);
  return Status::OK();
}

}  // namespace floe::formats::parquet
