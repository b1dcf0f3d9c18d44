// The scan source of read_csv / read_json / read_parquet: CSV byte ranges,
// JSON files and Parquet row groups are the morsels.

#include "sql/exec/file_scan.h"

#include <mutex>

#include "common/str_cat.h"
#include "formats/parquet/file_reader.h"
#include "io/file_io.h"
#include "sql/exec/operators_internal.h"
#include "sql/plan/logical_plan.h"
#include "sql/types.h"

namespace floe::sql {

namespace pq = formats::parquet;

void LoadProgress::Register(int64_t files, int64_t bytes,
                            std::shared_ptr<formats::text::ReadProgress> read) {
  std::lock_guard<std::mutex> lock(mu_);
  started_.files += files;
  started_.bytes_total += bytes;
  reads_.push_back(std::move(read));
}

LoadProgress::Totals LoadProgress::totals() const {
  std::lock_guard<std::mutex> lock(mu_);
  Totals t = started_;
  for (const auto& r : reads_) {
    t.bytes_read += r->bytes_read.load();
    t.rows_read += r->rows_read.load();
    t.rows_rejected += r->rows_rejected.load();
  }
  return t;
}

int64_t FileScanSpec::total_bytes() const {
  int64_t sum = 0;
  for (int64_t s : file_sizes) sum += s;
  return sum;
}

namespace {

// Passes rejected rows to the spec's collector and fails the read once
// more than the limit were rejected, so that memory stays bounded and a
// load that is mostly garbage stops early.
class LimitedRejects final : public formats::text::RejectSink {
 public:
  LimitedRejects(formats::text::RejectCollector* collector, int64_t limit, std::string function)
      : collector_(collector), limit_(limit), function_(std::move(function)) {}
  Status Add(formats::text::RejectedRow row) override {
    if (collector_->count() >= limit_) {
      return Status::Invalid(function_, ": more than ", limit_,
                             " rows were rejected (rejects_limit); the last: ", row.file, ":",
                             row.line, ":", row.column, ": ", row.reason);
    }
    return collector_->Add(std::move(row));
  }

 private:
  formats::text::RejectCollector* collector_;
  int64_t limit_;
  std::string function_;
};

struct Morsel {
  size_t file = 0;
  formats::csv::CsvSplit split;  // CSV
  int row_group = -1;            // Parquet
};

struct FileScanGlobal : GlobalState {
  std::vector<Morsel> morsels;
  std::atomic<size_t> next{0};
  formats::csv::CsvReadOptions csv;
  formats::json::JsonReadOptions json;
  std::unique_ptr<LimitedRejects> rejects;
  // Parquet: each file's reader (footers read up front) and the indices of
  // the projected columns among its top-level fields.
  std::vector<std::unique_ptr<pq::FileReader>> parquet;
  std::vector<std::vector<int>> parquet_fields;
  formats::text::ReadProgress* progress = nullptr;
};

struct FileScanLocal : LocalState {
  std::unique_ptr<formats::csv::CsvReader> csv;
  std::unique_ptr<formats::json::JsonReader> json;
  std::unique_ptr<pq::RowGroupReader> parquet;
  columnar::Chunk all;  // every column, as the text readers produce them
};

class FileScanOperator : public PhysicalOperator {
 public:
  explicit FileScanOperator(const LogicalOp& scan) : spec_(scan.file_scan) {
    for (int32_t c : scan.field_ids) columns_.push_back(static_cast<size_t>(c));
  }
  std::string Name() const override { return "FileScan"; }
  std::string Details() const override {
    std::string out = StrCat(spec_->function, " ", spec_->files.size(),
                             spec_->files.size() == 1 ? " file [" : " files [");
    for (size_t i = 0; i < columns_.size(); ++i)
      out += StrCat(i ? ", " : "", spec_->names[columns_[i]]);
    out += "]";
    const int64_t morsels = morsels_.load();
    if (morsels > 0) {
      out += StrCat(" (morsels: ", morsels, ", rows read: ", progress_->rows_read.load(),
                    ", bytes read: ", progress_->bytes_read.load());
      if (spec_->rejects != nullptr) out += StrCat(", rows rejected: ", spec_->rejects->count());
      out += ")";
    }
    return out;
  }
  void AddCounters(QueryCounters* q) const override {
    if (morsels_.load() == 0) return;
    q->files_read += static_cast<int64_t>(spec_->files.size());
    q->rows_read += progress_->rows_read.load();
    q->bytes_read += progress_->bytes_read.load();
  }
  bool IsSource() const override { return true; }

  Result<std::unique_ptr<GlobalState>> MakeSourceState(ExecContext* ctx) override {
    auto g = std::make_unique<FileScanGlobal>();
    g->progress = progress_.get();
    if (ctx->load_progress != nullptr) {
      ctx->load_progress->Register(static_cast<int64_t>(spec_->files.size()), spec_->total_bytes(),
                                   progress_);
    }
    if (spec_->rejects != nullptr) {
      g->rejects = std::make_unique<LimitedRejects>(spec_->rejects.get(), spec_->rejects_limit,
                                                    spec_->function);
    }
    io::FileIO* io = spec_->io.get();
    switch (spec_->format) {
      case FileFormat::kCsv: {
        g->csv = spec_->csv;
        g->csv.rejects = g->rejects.get();
        g->csv.progress = g->progress;
        FLOE_ASSIGN_OR_RETURN(
            auto splits, formats::csv::PlanCsvSplits(io, spec_->files, spec_->csv_schema, g->csv));
        for (auto& s : splits) {
          Morsel m;
          m.split = std::move(s);
          g->morsels.push_back(std::move(m));
        }
        break;
      }
      case FileFormat::kJson:
        g->json = spec_->json;
        g->json.rejects = g->rejects.get();
        g->json.progress = g->progress;
        for (size_t f = 0; f < spec_->files.size(); ++f) {
          Morsel m;
          m.file = f;
          g->morsels.push_back(std::move(m));
        }
        break;
      case FileFormat::kParquet:
        for (size_t f = 0; f < spec_->files.size(); ++f) {
          FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
          FLOE_ASSIGN_OR_RETURN(auto input, io->OpenInput(spec_->files[f]));
          pq::ReadOptions options;
          options.pool = ctx->pool;
          FLOE_ASSIGN_OR_RETURN(
              auto reader, pq::FileReader::Open(
                               std::shared_ptr<io::RandomAccessFile>(std::move(input)), options));
          std::vector<int> fields;
          const auto& top = reader->schema().root().children;
          for (size_t c : columns_) {
            const std::string& name = spec_->names[c];
            size_t k = 0;
            while (k < top.size() && top[k].name != name) ++k;
            if (k == top.size()) {
              return Status::Invalid(spec_->function, ": file ", spec_->files[f],
                                     " has no column '", name, "' (the first file has it)");
            }
            if (top[k].type != spec_->types[c]) {
              return Status::Invalid(spec_->function, ": column '", name, "' is ",
                                     TypeName(top[k].type), " in file ", spec_->files[f], " but ",
                                     TypeName(spec_->types[c]), " in the first file");
            }
            fields.push_back(static_cast<int>(k));
          }
          for (int rg = 0; rg < reader->num_row_groups(); ++rg) {
            Morsel m;
            m.file = f;
            m.row_group = rg;
            g->morsels.push_back(std::move(m));
          }
          g->parquet.push_back(std::move(reader));
          g->parquet_fields.push_back(std::move(fields));
        }
        break;
    }
    return std::unique_ptr<GlobalState>(std::move(g));
  }

  Result<std::unique_ptr<LocalState>> MakeLocalSourceState(ExecContext*, GlobalState*) override {
    return std::unique_ptr<LocalState>(new FileScanLocal());
  }

  Result<bool> GetData(ExecContext* ctx, GlobalState* global, LocalState* local,
                       columnar::Chunk* out) override {
    auto* g = static_cast<FileScanGlobal*>(global);
    auto* l = static_cast<FileScanLocal*>(local);
    while (true) {
      FLOE_RETURN_NOT_OK(ctx->CheckCancelled());
      if (l->csv == nullptr && l->json == nullptr && l->parquet == nullptr) {
        FLOE_ASSIGN_OR_RETURN(bool opened, OpenNext(ctx, g, l));
        if (!opened) return false;
      }
      FLOE_ASSIGN_OR_RETURN(bool more, ReadChunk(g, l, out));
      if (more) {
        if (out->size == 0) continue;
        return true;
      }
      l->csv.reset();
      l->json.reset();
      l->parquet.reset();
    }
  }

 private:
  Result<bool> OpenNext(ExecContext* ctx, FileScanGlobal* g, FileScanLocal* l) {
    const size_t i = g->next.fetch_add(1);
    if (i >= g->morsels.size()) return false;
    ++morsels_;
    const Morsel& m = g->morsels[i];
    io::FileIO* io = spec_->io.get();
    switch (spec_->format) {
      case FileFormat::kCsv: {
        FLOE_ASSIGN_OR_RETURN(l->csv, formats::csv::CsvReader::Open(io, m.split, spec_->csv_schema,
                                                                    g->csv, ctx->pool));
        break;
      }
      case FileFormat::kJson: {
        FLOE_ASSIGN_OR_RETURN(
            l->json, formats::json::JsonReader::Open(io, spec_->files[m.file], spec_->json_schema,
                                                     g->json, ctx->pool));
        break;
      }
      case FileFormat::kParquet: {
        const pq::FileReader& reader = *g->parquet[m.file];
        FLOE_ASSIGN_OR_RETURN(l->parquet,
                              reader.ReadRowGroup(m.row_group, g->parquet_fields[m.file]));
        const auto& rg = reader.metadata().row_groups[static_cast<size_t>(m.row_group)];
        const int64_t bytes = rg.total_compressed_size.value_or(rg.total_byte_size);
        g->progress->bytes_read += bytes;
        break;
      }
    }
    return true;
  }

  // The next chunk of the open morsel, projected to the scan's columns.
  Result<bool> ReadChunk(FileScanGlobal* g, FileScanLocal* l, columnar::Chunk* out) {
    if (l->parquet != nullptr) {
      FLOE_ASSIGN_OR_RETURN(bool more, l->parquet->Next(out));
      if (more) g->progress->rows_read += out->size;
      return more;
    }
    bool more = false;
    if (l->csv != nullptr) {
      FLOE_ASSIGN_OR_RETURN(more, l->csv->Next(&l->all));
    } else {
      FLOE_ASSIGN_OR_RETURN(more, l->json->Next(&l->all));
    }
    if (!more) return false;
    out->columns.clear();
    for (size_t c : columns_) out->columns.push_back(l->all.columns[c]);
    out->size = l->all.size;
    out->selection = nullptr;
    return true;
  }

  std::shared_ptr<FileScanSpec> spec_;
  std::vector<size_t> columns_;  // positions in the spec's columns
  std::shared_ptr<formats::text::ReadProgress> progress_ =
      std::make_shared<formats::text::ReadProgress>();
  std::atomic<int64_t> morsels_{0};
};

void Collect(const LogicalOp& op, std::vector<std::shared_ptr<FileScanSpec>>* out) {
  if (op.kind == LogicalOp::Kind::kFileScan) out->push_back(op.file_scan);
  for (const auto& c : op.children) Collect(*c, out);
}

}  // namespace

Result<PhysicalOperatorPtr> MakeFileScan(const LogicalOp& scan) {
  auto op = std::make_unique<FileScanOperator>(scan);
  op->types = scan.Types();
  return PhysicalOperatorPtr(std::move(op));
}

std::vector<std::shared_ptr<FileScanSpec>> CollectFileScans(const LogicalOp& plan) {
  std::vector<std::shared_ptr<FileScanSpec>> out;
  Collect(plan, &out);
  return out;
}

}  // namespace floe::sql
