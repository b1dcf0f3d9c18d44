#include "formats/avro/resolve.h"

#include <map>
#include <utility>

#include "common/str_cat.h"
#include "formats/avro/binary_internal.h"

namespace floe::formats::avro {

namespace {
constexpr int kMaxDepth = 128;

const json::Value* Attribute(const std::vector<json::Value::Member>& attrs, std::string_view key) {
  for (const auto& m : attrs) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

bool FieldId(const Field& f, int64_t* id) {
  const json::Value* v = Attribute(f.attributes, "field-id");
  if (v == nullptr || !v->is_integer()) return false;
  *id = v->AsInt64();
  return true;
}

bool IsPromotion(AvroType w, AvroType r) {
  switch (w) {
    case AvroType::kInt:
      return r == AvroType::kLong || r == AvroType::kFloat || r == AvroType::kDouble;
    case AvroType::kLong:
      return r == AvroType::kFloat || r == AvroType::kDouble;
    case AvroType::kFloat:
      return r == AvroType::kDouble;
    case AvroType::kString:
      return r == AvroType::kBytes;
    case AvroType::kBytes:
      return r == AvroType::kString;
    default:
      return false;
  }
}

// Whether writer node w can be read as reader node r at all (for choosing
// a reader union branch): same kind (fixed of the same size), or a promotion.
bool Matches(const Node& w, const Node& r, bool allow_promotion) {
  if (w.type == r.type) return w.type != AvroType::kFixed || w.size == r.size;
  return allow_promotion && IsPromotion(w.type, r.type);
}
}  // namespace

struct Resolution::Step {
  enum Kind : uint8_t {
    kSame,
    kPromote,
    kRecord,
    kArray,
    kMap,
    kWriterUnion,
    kToReaderUnion,
    kEnum
  };
  Kind kind = kSame;
  int writer = -1;  // writer node
  int reader = -1;  // reader node
  // kRecord: per writer field, the step decoding it (-1: skipped) and the
  // reader field it fills; then the reader fields filled from defaults.
  std::vector<int> field_steps;
  std::vector<int> field_targets;
  std::vector<std::pair<int, Datum>> defaults;
  // kArray / kMap: the items' step; kToReaderUnion: the step under the branch.
  int inner = -1;
  // kWriterUnion: per writer branch, its step (-1: no reader type matches).
  std::vector<int> branch_steps;
  // kToReaderUnion: the reader branch taken.
  int reader_branch = -1;
  // kEnum: writer symbol index -> reader symbol index (-1: the default, if any).
  std::vector<int> symbol_map;
  int enum_default = -1;
};

class ResolutionBuilder {
 public:
  explicit ResolutionBuilder(Resolution* r) : r_(r) {}

  Result<int> Build(int w, int r, const std::string& path) {
    auto key = std::make_pair(w, r);
    auto it = memo_.find(key);
    if (it != memo_.end()) return it->second;  // recursive types reuse the step being built
    const Node& wn = r_->writer_.node(w);
    const Node& rn = r_->reader_.node(r);
    int index = static_cast<int>(r_->steps_.size());
    r_->steps_.emplace_back();
    memo_[key] = index;
    Resolution::Step step;
    step.writer = w;
    step.reader = r;
    if (wn.type == AvroType::kUnion) {
      step.kind = Resolution::Step::kWriterUnion;
      bool any = false;
      for (int b : wn.branches) {
        auto saved = memo_;  // a failed attempt must not leave half-built steps behind
        auto sub = Build(b, r, path);
        step.branch_steps.push_back(sub.ok() ? *sub : -1);
        any = any || sub.ok();
        if (!sub.ok()) memo_ = std::move(saved);
      }
      if (!any) return Mismatch(wn, rn, path);
    } else if (rn.type == AvroType::kUnion) {
      // The first reader branch of the same type, else the first the writer's type promotes to.
      int chosen = -1;
      for (int pass = 0; pass < 2 && chosen < 0; ++pass) {
        for (size_t i = 0; i < rn.branches.size(); ++i) {
          if (Matches(wn, r_->reader_.node(rn.branches[i]), pass == 1)) {
            chosen = static_cast<int>(i);
            break;
          }
        }
      }
      if (chosen < 0) return Mismatch(wn, rn, path);
      step.kind = Resolution::Step::kToReaderUnion;
      step.reader_branch = chosen;
      FLOE_ASSIGN_OR_RETURN(step.inner, Build(w, rn.branches[static_cast<size_t>(chosen)], path));
    } else if (wn.type == rn.type) {
      switch (wn.type) {
        case AvroType::kRecord:
          FLOE_RETURN_NOT_OK(BuildRecord(wn, rn, path, &step));
          break;
        case AvroType::kArray:
        case AvroType::kMap: {
          step.kind =
              wn.type == AvroType::kArray ? Resolution::Step::kArray : Resolution::Step::kMap;
          FLOE_ASSIGN_OR_RETURN(
              step.inner,
              Build(wn.items, rn.items, path + (wn.type == AvroType::kArray ? "[]" : "{}")));
          break;
        }
        case AvroType::kEnum:
          BuildEnum(wn, rn, &step);
          break;
        case AvroType::kFixed:
          if (wn.size != rn.size) {
            return Status::Invalid(Where(path), ": the file's fixed(", wn.size,
                                   ") cannot be read as fixed(", rn.size, ")");
          }
          step.kind = Resolution::Step::kSame;
          break;
        default:
          step.kind = Resolution::Step::kSame;
          break;
      }
    } else if (IsPromotion(wn.type, rn.type)) {
      step.kind = Resolution::Step::kPromote;
    } else {
      return Mismatch(wn, rn, path);
    }
    r_->steps_[static_cast<size_t>(index)] = std::move(step);
    return index;
  }

 private:
  static std::string Where(const std::string& path) {
    return path.empty() ? "the root" : StrCat("'", path, "'");
  }

  Status Mismatch(const Node& w, const Node& r, const std::string& path) {
    return Status::Invalid(Where(path), ": the file's ", AvroTypeName(w.type),
                           " cannot be read as ", AvroTypeName(r.type));
  }

  Status BuildRecord(const Node& wn, const Node& rn, const std::string& path,
                     Resolution::Step* step) {
    step->kind = Resolution::Step::kRecord;
    bool writer_has_ids = false;
    for (const auto& f : wn.fields) {
      int64_t id;
      writer_has_ids = writer_has_ids || FieldId(f, &id);
    }
    std::vector<int> reader_for_writer(wn.fields.size(), -1);
    for (size_t rf = 0; rf < rn.fields.size(); ++rf) {
      const Field& field = rn.fields[rf];
      int found = -1;
      int64_t rid;
      if (writer_has_ids && FieldId(field, &rid)) {
        for (size_t wf = 0; wf < wn.fields.size() && found < 0; ++wf) {
          int64_t wid;
          if (FieldId(wn.fields[wf], &wid) && wid == rid) found = static_cast<int>(wf);
        }
      } else {
        std::vector<std::string> names = {field.name};
        if (const json::Value* aliases = Attribute(field.attributes, "aliases");
            aliases && aliases->is_array()) {
          for (const auto& a : aliases->items()) {
            if (a.is_string()) names.push_back(a.AsString());
          }
        }
        for (const auto& name : names) {
          for (size_t wf = 0; wf < wn.fields.size() && found < 0; ++wf) {
            if (wn.fields[wf].name == name) found = static_cast<int>(wf);
          }
        }
      }
      std::string sub = path.empty() ? field.name : StrCat(path, ".", field.name);
      if (found >= 0) {
        if (reader_for_writer[static_cast<size_t>(found)] >= 0) {
          return Status::Invalid(Where(sub), ": two reader fields match the file's field '",
                                 wn.fields[static_cast<size_t>(found)].name, "'");
        }
        reader_for_writer[static_cast<size_t>(found)] = static_cast<int>(rf);
        continue;
      }
      if (!field.has_default) {
        return Status::Invalid(
            Where(sub), ": the file has no such field and the reader schema gives no default");
      }
      auto d = DefaultDatum(r_->reader_, field.type, field.default_value);
      if (!d.ok()) return d.status().WithContext(StrCat("default of ", Where(sub)));
      step->defaults.emplace_back(static_cast<int>(rf), std::move(d).ValueOrDie());
    }
    for (size_t wf = 0; wf < wn.fields.size(); ++wf) {
      int target = reader_for_writer[wf];
      step->field_targets.push_back(target);
      if (target < 0) {
        step->field_steps.push_back(-1);
        continue;
      }
      const Field& rfield = rn.fields[static_cast<size_t>(target)];
      std::string sub = path.empty() ? rfield.name : StrCat(path, ".", rfield.name);
      FLOE_ASSIGN_OR_RETURN(int s, Build(wn.fields[wf].type, rfield.type, sub));
      step->field_steps.push_back(s);
    }
    return Status::OK();
  }

  static void BuildEnum(const Node& wn, const Node& rn, Resolution::Step* step) {
    step->kind = Resolution::Step::kEnum;
    auto index_of = [&](const std::string& symbol) {
      for (size_t i = 0; i < rn.symbols.size(); ++i) {
        if (rn.symbols[i] == symbol) return static_cast<int>(i);
      }
      return -1;
    };
    for (const auto& s : wn.symbols) step->symbol_map.push_back(index_of(s));
    if (const json::Value* d = Attribute(rn.attributes, "default"); d && d->is_string()) {
      step->enum_default = index_of(d->AsString());
    }
  }

  Resolution* r_;
  std::map<std::pair<int, int>, int> memo_;
};

Resolution::Resolution(const Schema& writer, const Schema& reader)
    : writer_(writer), reader_(reader) {}
Resolution::~Resolution() = default;

Result<std::shared_ptr<const Resolution>> Resolution::Make(const Schema& writer,
                                                           const Schema& reader) {
  std::shared_ptr<Resolution> r(new Resolution(writer, reader));
  ResolutionBuilder builder(r.get());
  FLOE_ASSIGN_OR_RETURN(r->root_, builder.Build(writer.root(), reader.root(), ""));
  return std::shared_ptr<const Resolution>(std::move(r));
}

Status Resolution::Decode(BinaryDecoder* in, Datum* out) const { return Run(root_, in, out, 0); }

Status Resolution::Run(int index, BinaryDecoder* in, Datum* out, int depth) const {
  if (depth > kMaxDepth) return Status::Corruption("Avro data nests deeper than ", kMaxDepth);
  const Step& step = steps_[static_cast<size_t>(index)];
  switch (step.kind) {
    case Step::kSame:
      return in->Decode(writer_, step.writer, out, depth);
    case Step::kPromote: {
      FLOE_RETURN_NOT_OK(in->Decode(writer_, step.writer, out, depth));
      AvroType w = writer_.node(step.writer).type, r = reader_.node(step.reader).type;
      if (w == AvroType::kInt || w == AvroType::kLong) {
        if (r == AvroType::kFloat) out->d = static_cast<float>(out->i);
        if (r == AvroType::kDouble) out->d = static_cast<double>(out->i);
      }
      return Status::OK();  // float -> double keeps d; string <-> bytes keeps s
    }
    case Step::kRecord: {
      const Node& wn = writer_.node(step.writer);
      out->children.resize(reader_.node(step.reader).fields.size());
      for (size_t f = 0; f < step.field_steps.size(); ++f) {
        int s = step.field_steps[f];
        Status st = s < 0 ? in->Skip(writer_, wn.fields[f].type, depth + 1)
                          : Run(s, in, &out->children[static_cast<size_t>(step.field_targets[f])],
                                depth + 1);
        if (!st.ok()) return st.WithContext(StrCat("field '", wn.fields[f].name, "'"));
      }
      for (const auto& [target, value] : step.defaults)
        out->children[static_cast<size_t>(target)] = value;
      return Status::OK();
    }
    case Step::kArray:
    case Step::kMap: {
      bool map = step.kind == Step::kMap;
      bool null_items = writer_.node(writer_.node(step.writer).items).type == AvroType::kNull;
      size_t used = 0;
      while (true) {
        int64_t count, bytes;
        FLOE_RETURN_NOT_OK(in->ReadBlockHeader(&count, &bytes));
        if (count == 0) {
          ReleaseItemsAfter(used, map, out);
          return Status::OK();
        }
        FLOE_RETURN_NOT_OK(in->CheckItemCount(count, null_items, map ? "map" : "array"));
        for (int64_t k = 0; k < count; ++k, ++used) {
          if (map) FLOE_RETURN_NOT_OK(in->ReadBytes(NextItem(&out->keys, used)));
          FLOE_RETURN_NOT_OK(Run(step.inner, in, NextItem(&out->children, used), depth + 1));
        }
      }
    }
    case Step::kWriterUnion: {
      int64_t b;
      FLOE_RETURN_NOT_OK(in->ReadLong(&b));
      if (b < 0 || b >= static_cast<int64_t>(step.branch_steps.size())) {
        return Status::Corruption("Avro union branch ", b, " is out of range (the union has ",
                                  step.branch_steps.size(), " branches)");
      }
      int s = step.branch_steps[static_cast<size_t>(b)];
      if (s < 0) {
        const Node& branch =
            writer_.node(writer_.node(step.writer).branches[static_cast<size_t>(b)]);
        return Status::Invalid("a value of the file's union branch ", AvroTypeName(branch.type),
                               " has no matching type in the reader schema");
      }
      return Run(s, in, out, depth + 1);
    }
    case Step::kToReaderUnion:
      out->branch = step.reader_branch;
      out->children.resize(1);
      return Run(step.inner, in, &out->children[0], depth + 1);
    case Step::kEnum: {
      FLOE_RETURN_NOT_OK(in->Decode(writer_, step.writer, out, depth));
      int mapped = step.symbol_map[static_cast<size_t>(out->i)];
      if (mapped < 0) mapped = step.enum_default;
      if (mapped < 0) {
        return Status::Invalid("enum symbol '",
                               writer_.node(step.writer).symbols[static_cast<size_t>(out->i)],
                               "' is not in the reader's enum and it has no default");
      }
      out->i = mapped;
      return Status::OK();
    }
  }
  return Status::Internal("unknown resolution step");
}

Result<Datum> DefaultDatum(const Schema& schema, int node, const json::Value& v, int depth) {
  if (depth > kMaxDepth) return Status::Invalid("default value nests deeper than ", kMaxDepth);
  const Node& n = schema.node(node);
  Datum d;
  auto wrong = [&]() {
    return Status::Invalid("default value does not fit type ", AvroTypeName(n.type));
  };
  switch (n.type) {
    case AvroType::kNull:
      if (!v.is_null()) return wrong();
      return d;
    case AvroType::kBoolean:
      if (!v.is_bool()) return wrong();
      d.i = v.AsBool();
      return d;
    case AvroType::kInt:
    case AvroType::kLong:
      if (!v.is_integer()) return wrong();
      d.i = v.AsInt64();
      if (n.type == AvroType::kInt && (d.i < INT32_MIN || d.i > INT32_MAX)) return wrong();
      return d;
    case AvroType::kFloat:
    case AvroType::kDouble:
      if (!v.is_number()) return wrong();
      d.d = n.type == AvroType::kFloat ? static_cast<float>(v.AsDouble()) : v.AsDouble();
      return d;
    case AvroType::kString:
      if (!v.is_string()) return wrong();
      d.s = v.AsString();
      return d;
    case AvroType::kBytes:
    case AvroType::kFixed: {
      // Bytes defaults are strings whose code points 0-255 are the bytes.
      if (!v.is_string()) return wrong();
      const std::string& s = v.AsString();
      for (size_t i = 0; i < s.size();) {
        uint8_t c = static_cast<uint8_t>(s[i]);
        if (c < 0x80) {
          d.s.push_back(static_cast<char>(c));
          ++i;
        } else if ((c & 0xe0) == 0xc0 && i + 1 < s.size() && c <= 0xc3) {
          d.s.push_back(
              static_cast<char>(((c & 0x1f) << 6) | (static_cast<uint8_t>(s[i + 1]) & 0x3f)));
          i += 2;
        } else {
          return Status::Invalid("bytes default has a character above U+00FF");
        }
      }
      if (n.type == AvroType::kFixed && static_cast<int64_t>(d.s.size()) != n.size) {
        return Status::Invalid("fixed(", n.size, ") default has ", d.s.size(), " bytes");
      }
      return d;
    }
    case AvroType::kEnum:
      if (!v.is_string()) return wrong();
      for (size_t i = 0; i < n.symbols.size(); ++i) {
        if (n.symbols[i] == v.AsString()) {
          d.i = static_cast<int64_t>(i);
          return d;
        }
      }
      return Status::Invalid("enum default '", v.AsString(), "' is not a symbol");
    case AvroType::kArray:
      if (!v.is_array()) return wrong();
      for (const auto& item : v.items()) {
        FLOE_ASSIGN_OR_RETURN(Datum c, DefaultDatum(schema, n.items, item, depth + 1));
        d.children.push_back(std::move(c));
      }
      return d;
    case AvroType::kMap:
      if (!v.is_object()) return wrong();
      for (const auto& [key, value] : v.members()) {
        FLOE_ASSIGN_OR_RETURN(Datum c, DefaultDatum(schema, n.items, value, depth + 1));
        d.keys.push_back(key);
        d.children.push_back(std::move(c));
      }
      return d;
    case AvroType::kUnion: {
      // A union's default is of its first branch.
      if (n.branches.empty()) return wrong();
      FLOE_ASSIGN_OR_RETURN(Datum c, DefaultDatum(schema, n.branches[0], v, depth + 1));
      d.branch = 0;
      d.children.push_back(std::move(c));
      return d;
    }
    case AvroType::kRecord:
      if (!v.is_object()) return wrong();
      for (const auto& f : n.fields) {
        const json::Value* fv = v.Find(f.name);
        if (fv == nullptr && !f.has_default)
          return Status::Invalid("record default lacks field '", f.name, "'");
        auto c = DefaultDatum(schema, f.type, fv ? *fv : f.default_value, depth + 1);
        if (!c.ok()) return c.status().WithContext(StrCat("field '", f.name, "'"));
        d.children.push_back(std::move(c).ValueOrDie());
      }
      return d;
  }
  return wrong();
}

}  // namespace floe::formats::avro
