#include "sql/exec/table_write.h"

#include "iceberg/table_writer.h"
#include "sql/functions/cast.h"

namespace floe::sql {

namespace {

struct WriteLocal : LocalState {
  iceberg::TableWriter* writer = nullptr;  // owned by the sink
};

}  // namespace

TableWriteSink::TableWriteSink(io::FileIO* io, const iceberg::TableMetadata* metadata,
                               TableWriteColumns columns)
    : io_(io), metadata_(metadata), columns_(std::move(columns)) {}

TableWriteSink::~TableWriteSink() = default;

Result<std::unique_ptr<LocalState>> TableWriteSink::MakeLocalSinkState(ExecContext*) {
  FLOE_ASSIGN_OR_RETURN(auto writer, iceberg::TableWriter::Make(io_, *metadata_));
  auto local = std::make_unique<WriteLocal>();
  local->writer = writer.get();
  std::lock_guard<std::mutex> lock(mu_);
  writers_.push_back(std::move(writer));
  return std::unique_ptr<LocalState>(std::move(local));
}

Result<SinkResult> TableWriteSink::Sink(ExecContext* ctx, const columnar::Chunk& in,
                                        LocalState* local) {
  const int64_t n = in.live_rows();
  if (n == 0) return SinkResult::kNeedMoreInput;
  const int64_t first_row = rows_.fetch_add(n);
  const uint32_t* sel = in.selection ? in.selection->indices() : nullptr;
  columnar::Chunk out;
  out.size = in.size;
  out.selection = in.selection;
  for (size_t c = 0; c < columns_.types.size(); ++c) {
    const LogicalType& type = columns_.types[c];
    std::shared_ptr<columnar::Vector> v;
    if (columns_.source[c] < 0) {
      FLOE_ASSIGN_OR_RETURN(v,
                            columnar::Vector::Make(type, ctx->pool, std::max<int64_t>(in.size, 1)));
      FLOE_RETURN_NOT_OK(v->EnsureValidity());
      for (int64_t i = 0; i < in.size; ++i) v->SetNull(i);
      v->set_size(in.size);
    } else {
      v = in.columns[static_cast<size_t>(columns_.source[c])];
      if (v->type() != type) {
        auto cast = CastVector(*v, in.size, type, ctx->pool);
        if (!cast.ok()) {
          return Status::Invalid("Insert into column '", columns_.names[c],
                                 "': ", cast.status().message());
        }
        v = *cast;
      }
    }
    if (columns_.required[c]) {
      for (int64_t k = 0; k < n; ++k) {
        if (v->IsNull(sel ? sel[k] : k)) {
          return Status::Invalid("NULL value not allowed for NOT NULL column: ", columns_.names[c],
                                 " (row ", first_row + k + 1, " of the insert)");
        }
      }
    }
    out.columns.push_back(std::move(v));
  }
  FLOE_RETURN_NOT_OK(static_cast<WriteLocal*>(local)->writer->Write(out));
  return SinkResult::kNeedMoreInput;
}

Status TableWriteSink::Combine(ExecContext*, LocalState* local) {
  FLOE_ASSIGN_OR_RETURN(auto files, static_cast<WriteLocal*>(local)->writer->Finish());
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& f : files) files_.push_back(std::move(f));
  return Status::OK();
}

void TableWriteSink::Abort() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& w : writers_) w->Abort();
}

}  // namespace floe::sql
