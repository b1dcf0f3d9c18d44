#include "sql/exec/table_scan.h"

#include <algorithm>
#include <optional>

#include "common/int128.h"
#include "iceberg/name_mapping.h"
#include "iceberg/table_writer.h"
#include "sql/exec/top_n_filter.h"
#include "sql/exec/vector_operations.h"
#include "sql/plan/expression_utils.h"

namespace floe::sql {

namespace {

using IOp = iceberg::Expression::Op;
using iceberg::Expression;

// The column a bound expression reads, seeing through casts that only widen
// (the binder's coercions), or -1.
int ColumnOf(const BoundExpr& e) {
  if (e.kind == BoundExpr::Kind::kColumn) return e.column;
  if (e.kind == BoundExpr::Kind::kCast && !e.try_cast && CanCoerce(e.args[0]->type, e.type)) {
    return ColumnOf(*e.args[0]);
  }
  return -1;
}

// A constant's value as an Iceberg literal of the column's type, if it has
// one (NULL constants do not prune).
std::optional<iceberg::Literal> ConstantOf(const BoundExpr& e, const iceberg::Type& type) {
  const BoundExpr* c = &e;
  while (c->kind == BoundExpr::Kind::kCast) c = c->args[0].get();
  if (c->kind != BoundExpr::Kind::kConstant || c->constant->IsNull(0)) return std::nullopt;
  if (!CanCoerce(c->type, e.type)) return std::nullopt;
  const columnar::TypeId id = c->type.id();
  const iceberg::TypeId col = type.id();
  // Integers and decimals convert exactly to wider numeric columns (the
  // binder's coercions); the rest only to a column of their own kind.
  if (IsIntegral(c->type) || id == columnar::TypeId::kDecimal) {
    int128_t v = 0;
    const columnar::Vector& cv = *c->constant;
    switch (id) {
      case columnar::TypeId::kTinyInt:
        v = cv.data<int8_t>()[0];
        break;
      case columnar::TypeId::kSmallInt:
        v = cv.data<int16_t>()[0];
        break;
      case columnar::TypeId::kInteger:
        v = cv.data<int32_t>()[0];
        break;
      case columnar::TypeId::kBigInt:
        v = cv.data<int64_t>()[0];
        break;
      default:
        v = c->type.precision() <= 18 ? cv.data<int64_t>()[0] : cv.data<int128_t>()[0];
        break;
    }
    const int scale = id == columnar::TypeId::kDecimal ? c->type.scale() : 0;
    if (col == iceberg::TypeId::kLong && scale == 0)
      return iceberg::Literal::Int(col, static_cast<int64_t>(v));
    if (col == iceberg::TypeId::kInt && scale == 0 && v >= INT32_MIN && v <= INT32_MAX) {
      return iceberg::Literal::Int(col, static_cast<int64_t>(v));
    }
    if (col == iceberg::TypeId::kDecimal && type.scale() >= scale) {
      return iceberg::Literal::Decimal(v * PowerOfTen(type.scale() - scale));
    }
    return std::nullopt;
  }
  const bool matches = (id == columnar::TypeId::kDouble && col == iceberg::TypeId::kDouble) ||
                       (id == columnar::TypeId::kDate && col == iceberg::TypeId::kDate) ||
                       (id == columnar::TypeId::kTimestamp && col == iceberg::TypeId::kTimestamp) ||
                       (id == columnar::TypeId::kVarchar && col == iceberg::TypeId::kString);
  if (!matches) return std::nullopt;
  return iceberg::LiteralAt(*c->constant, 0, type);
}

iceberg::ExprPtr Convert(const BoundExpr& e, const std::vector<int32_t>& ids,
                         const iceberg::Schema& schema, bool* exact) {
  auto unknown = [&] {
    *exact = false;
    return Expression::True();
  };
  switch (e.kind) {
    case BoundExpr::Kind::kAnd:
      return Expression::And(Convert(*e.args[0], ids, schema, exact),
                             Convert(*e.args[1], ids, schema, exact));
    case BoundExpr::Kind::kOr: {
      bool l_exact = true, r_exact = true;
      auto l = Convert(*e.args[0], ids, schema, &l_exact);
      auto r = Convert(*e.args[1], ids, schema, &r_exact);
      if (!l_exact || !r_exact) return unknown();  // an OR with an unknown side keeps everything
      return Expression::Or(l, r);
    }
    case BoundExpr::Kind::kNot: {
      bool inner_exact = true;
      auto inner = Convert(*e.args[0], ids, schema, &inner_exact);
      if (!inner_exact) return unknown();
      return Expression::Not(inner);
    }
    case BoundExpr::Kind::kIsNull: {
      int col = ColumnOf(*e.args[0]);
      if (col < 0) return unknown();
      const iceberg::NestedField* f = schema.FindField(ids[static_cast<size_t>(col)]);
      if (f == nullptr) return unknown();
      return Expression::Predicate(e.negated ? IOp::kNotNull : IOp::kIsNull,
                                   schema.FieldName(f->id));
    }
    case BoundExpr::Kind::kCall: {
      static const std::pair<const char*, IOp> kOps[] = {{"=", IOp::kEq}, {"<>", IOp::kNotEq},
                                                         {"<", IOp::kLt}, {"<=", IOp::kLtEq},
                                                         {">", IOp::kGt}, {">=", IOp::kGtEq}};
      static const std::pair<IOp, IOp> kFlip[] = {{IOp::kEq, IOp::kEq}, {IOp::kNotEq, IOp::kNotEq},
                                                  {IOp::kLt, IOp::kGt}, {IOp::kLtEq, IOp::kGtEq},
                                                  {IOp::kGt, IOp::kLt}, {IOp::kGtEq, IOp::kLtEq}};
      std::optional<IOp> op;
      for (const auto& [name, o] : kOps) {
        if (e.function.name == name) op = o;
      }
      if (!op || e.args.size() != 2) return unknown();
      int col = ColumnOf(*e.args[0]);
      const BoundExpr* value = e.args[1].get();
      if (col < 0) {
        // constant <op> column: flip the comparison.
        col = ColumnOf(*e.args[1]);
        value = e.args[0].get();
        for (const auto& [from, to] : kFlip) {
          if (*op == from) {
            op = to;
            break;
          }
        }
      }
      if (col < 0) return unknown();
      const iceberg::NestedField* f = schema.FindField(ids[static_cast<size_t>(col)]);
      if (f == nullptr) return unknown();
      auto literal = ConstantOf(*value, *f->type);
      if (!literal) return unknown();
      return Expression::Predicate(*op, schema.FieldName(f->id), {*literal});
    }
    default:
      return unknown();
  }
}

}  // namespace

iceberg::ExprPtr ToIcebergFilter(const BoundExpr& filter, const std::vector<int32_t>& field_ids,
                                 const iceberg::Schema& schema) {
  bool exact = true;
  return Convert(filter, field_ids, schema, &exact);
}

TableScan::~TableScan() = default;

Result<std::unique_ptr<TableScan>> TableScan::Make(io::FileIO* io,
                                                   const iceberg::TableMetadata& metadata,
                                                   iceberg::ScanOptions options,
                                                   std::vector<int32_t> field_ids,
                                                   BoundExprPtr filter, MemoryPool* pool) {
  auto scan = std::unique_ptr<TableScan>(new TableScan());
  scan->io_ = io;
  scan->metadata_ = metadata;
  scan->pool_ = pool;
  const iceberg::Schema* schema = metadata.current_schema();
  if (schema == nullptr) return Status::Corruption("the table has no current schema");
  options.filter =
      filter != nullptr ? ToIcebergFilter(*filter, field_ids, *schema) : Expression::True();
  FLOE_ASSIGN_OR_RETURN(scan->plan_, iceberg::PlanScan(io, scan->metadata_, options));
  scan->field_ids_ = std::move(field_ids);
  scan->filter_ = std::move(filter);
  scan->executor_ = std::make_unique<ExpressionExecutor>(pool);
  FLOE_ASSIGN_OR_RETURN(auto mapping, iceberg::NameMapping::FromTable(scan->metadata_));
  if (mapping) scan->name_mapping_ = std::make_unique<iceberg::NameMapping>(std::move(*mapping));
  scan->read_options_.schema = &scan->plan_.schema;
  scan->read_options_.field_ids = scan->field_ids_;
  scan->read_options_.specs = &scan->metadata_.specs;
  scan->read_options_.name_mapping = scan->name_mapping_.get();
  scan->read_options_.pool = pool;
  if (scan->filter_ != nullptr) {
    std::vector<bool> used;
    MarkColumns(*scan->filter_, &used);
    for (size_t c = 0; c < used.size() && c < scan->field_ids_.size(); ++c) {
      if (used[c]) scan->read_options_.filter_columns.push_back(c);
    }
  }
  // Morsels: the row groups of files without delete files, as their
  // split_offsets list them (Iceberg writers record one per row group), so
  // that a large file is read by several threads; whole files otherwise.
  for (size_t t = 0; t < scan->plan_.tasks.size(); ++t) {
    const iceberg::FileScanTask& task = scan->plan_.tasks[t];
    const size_t groups = task.file->split_offsets.size();
    if (groups <= 1 || !task.deletes.empty()) {
      scan->morsels_.push_back({t, {}});
      continue;
    }
    for (size_t g = 0; g < groups; ++g) {
      iceberg::RowGroupRange range;
      range.begin = static_cast<int>(g);
      range.end = g + 1 < groups ? static_cast<int>(g + 1) : -1;  // the last one takes any others
      scan->morsels_.push_back({t, range});
    }
  }
  return scan;
}

namespace {

// Counts the bytes read through it (EXPLAIN ANALYZE's bytes read).
class CountingFile : public io::RandomAccessFile {
 public:
  CountingFile(std::unique_ptr<io::RandomAccessFile> file, std::atomic<int64_t>* bytes)
      : file_(std::move(file)), bytes_(bytes) {}
  const std::string& path() const override { return file_->path(); }
  Result<int64_t> Size() override { return file_->Size(); }
  Status ReadAt(int64_t offset, int64_t length, uint8_t* out) override {
    *bytes_ += length;
    return file_->ReadAt(offset, length, out);
  }

 private:
  std::unique_ptr<io::RandomAccessFile> file_;
  std::atomic<int64_t>* bytes_;
};

class CountingFileIO : public io::FileIO {
 public:
  CountingFileIO(io::FileIO* io, std::atomic<int64_t>* bytes) : io_(io), bytes_(bytes) {}
  Result<std::unique_ptr<io::RandomAccessFile>> OpenInput(const std::string& path) override {
    FLOE_ASSIGN_OR_RETURN(auto file, io_->OpenInput(path));
    return std::unique_ptr<io::RandomAccessFile>(new CountingFile(std::move(file), bytes_));
  }
  Result<std::unique_ptr<io::WritableFile>> OpenOutput(const std::string& path) override {
    return io_->OpenOutput(path);
  }
  Status Delete(const std::string& path) override { return io_->Delete(path); }
  Result<bool> Exists(const std::string& path) override { return io_->Exists(path); }
  Result<std::vector<io::FileInfo>> List(const std::string& prefix) override {
    return io_->List(prefix);
  }

 private:
  io::FileIO* io_;
  std::atomic<int64_t>* bytes_;
};

}  // namespace

Result<std::unique_ptr<iceberg::ScanTaskReader>> TableScan::NextTask() {
  const size_t i = next_task_++;
  if (i >= morsels_.size()) return std::unique_ptr<iceberg::ScanTaskReader>();
  const Morsel& m = morsels_[i];
  if (m.row_groups.begin == 0) ++files_read_;
  CountingFileIO counting(io_, &bytes_read_);
  return iceberg::ScanTaskReader::Open(&counting, plan_.tasks[m.task], read_options_, m.row_groups);
}

namespace {

// The scan's filter, run by the reader on the filter's columns first.
class ScanFilter : public iceberg::RowFilter {
 public:
  ScanFilter(const BoundExpr* filter, const TopNFilter* cutoff, ExpressionExecutor* executor,
             MemoryPool* pool)
      : filter_(filter), cutoff_(cutoff), executor_(executor), pool_(pool) {}
  Status Apply(columnar::Chunk* chunk) override {
    if (filter_ != nullptr) {
      FLOE_ASSIGN_OR_RETURN(auto passed, executor_->Evaluate(*filter_, *chunk));
      FLOE_RETURN_NOT_OK(SelectTrue(*passed, chunk, pool_));
    }
    if (cutoff_ != nullptr) FLOE_RETURN_NOT_OK(cutoff_->Apply(chunk, pool_));
    return Status::OK();
  }

 private:
  const BoundExpr* filter_;
  const TopNFilter* cutoff_;
  ExpressionExecutor* executor_;
  MemoryPool* pool_;
};

}  // namespace

void TableScan::AddFilterColumns(const std::vector<size_t>& columns) {
  std::vector<size_t>& eager = read_options_.filter_columns;
  for (size_t c : columns) {
    if (c < field_ids_.size() && std::find(eager.begin(), eager.end(), c) == eager.end()) {
      eager.push_back(c);
    }
  }
}

Result<bool> TableScan::ReadFiltered(iceberg::ScanTaskReader* reader, ExpressionExecutor* executor,
                                     columnar::Chunk* out, const TopNFilter* cutoff) {
  std::optional<ScanFilter> filter;
  if (filter_ != nullptr || cutoff != nullptr)
    filter.emplace(filter_.get(), cutoff, executor, pool_);
  FLOE_ASSIGN_OR_RETURN(bool more, reader->Next(out, filter ? &*filter : nullptr));
  if (!more) {
    rows_read_ += reader->rows_read() - reader->rows_deleted();
    row_groups_ += reader->row_groups();
    row_groups_skipped_ += reader->row_groups_skipped();
    row_groups_skipped_by_dictionary_ += reader->row_groups_skipped_by_dictionary();
    batches_filtered_ += reader->batches_filtered();
    const formats::parquet::PageCounts pages = reader->page_counts();
    pages_skipped_ += pages.skipped;
    page_bytes_compressed_ += pages.compressed_bytes;
    page_bytes_uncompressed_ += pages.uncompressed_bytes;
    return false;
  }
  rows_out_ += out->live_rows();
  int64_t width = 0;
  for (const auto& c : out->columns) width += c->type().fixed_width();
  decoded_bytes_ += out->size * width;
  return true;
}

Result<bool> TableScan::Next(columnar::Chunk* out) {
  while (true) {
    if (reader_ == nullptr) {
      FLOE_ASSIGN_OR_RETURN(reader_, NextTask());
      if (reader_ == nullptr) return false;
    }
    FLOE_ASSIGN_OR_RETURN(bool more, ReadFiltered(reader_.get(), executor_.get(), out));
    if (more) return true;
    reader_.reset();
  }
}

TableScanStats TableScan::stats() const {
  TableScanStats s;
  s.planning = plan_.metrics;
  s.files_read = files_read_.load();
  s.rows_read = rows_read_.load();
  s.rows_out = rows_out_.load();
  s.row_groups = row_groups_.load();
  s.row_groups_skipped = row_groups_skipped_.load();
  s.bytes_read = bytes_read_.load();
  s.row_groups_skipped_by_dictionary = row_groups_skipped_by_dictionary_.load();
  s.batches_filtered = batches_filtered_.load();
  s.pages_skipped = pages_skipped_.load();
  s.page_bytes_compressed = page_bytes_compressed_.load();
  s.page_bytes_uncompressed = page_bytes_uncompressed_.load();
  s.decoded_bytes = decoded_bytes_.load();
  s.morsels = static_cast<int64_t>(morsels_.size());
  return s;
}

}  // namespace floe::sql
