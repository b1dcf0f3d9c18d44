#include "sql/exec/table_scan.h"

#include "common/int128.h"
#include "iceberg/name_mapping.h"
#include "iceberg/table_writer.h"

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
  scan->stats_.planning = scan->plan_.metrics;
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
  return scan;
}

Result<bool> TableScan::Next(columnar::Chunk* out) {
  while (true) {
    if (reader_ == nullptr) {
      if (next_task_ >= plan_.tasks.size()) return false;
      FLOE_ASSIGN_OR_RETURN(
          reader_, iceberg::ScanTaskReader::Open(io_, plan_.tasks[next_task_++], read_options_));
      ++stats_.files_read;
    }
    FLOE_ASSIGN_OR_RETURN(bool more, reader_->Next(out));
    if (!more) {
      reader_.reset();
      continue;
    }
    stats_.rows_read += out->live_rows();
    if (filter_ == nullptr) {
      stats_.rows_out += out->live_rows();
      return true;
    }
    FLOE_ASSIGN_OR_RETURN(auto passed, executor_->Evaluate(*filter_, *out));
    // Keep the live rows where the filter is true (not false, not NULL).
    FLOE_ASSIGN_OR_RETURN(auto selection, columnar::SelectionVector::Make(pool_, out->size));
    uint32_t* rows = selection->mutable_indices();
    int64_t kept = 0;
    const bool constant = passed->kind() == columnar::VectorKind::kConstant;
    const uint8_t* values = passed->data<uint8_t>();
    for (int64_t k = 0; k < out->live_rows(); ++k) {
      const int64_t i = out->selection ? out->selection->indices()[k] : k;
      if (passed->IsValid(i) && values[constant ? 0 : i] != 0)
        rows[kept++] = static_cast<uint32_t>(i);
    }
    if (kept == 0) continue;
    selection->set_size(kept);
    out->selection = std::move(selection);
    stats_.rows_out += kept;
    return true;
  }
}

}  // namespace floe::sql
