#pragma once

// The sink of INSERT and CTAS: every pipeline thread writes its rows into
// data files of its own (partitioned and rolled by iceberg::TableWriter),
// so a load uses every core; the statement then commits all files in one
// append.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "iceberg/manifest.h"
#include "sql/exec/physical_operator.h"

namespace floe::io {
class FileIO;
}
namespace floe::iceberg {
struct TableMetadata;
class TableWriter;
}  // namespace floe::iceberg

namespace floe::sql {

/// How the query's columns become the table's.
struct TableWriteColumns {
  std::vector<LogicalType> types;  // the table's columns, in order
  std::vector<std::string> names;
  std::vector<bool> required;  // NOT NULL
  std::vector<int> source;     // the query column of each; -1: NULL
};

class TableWriteSink : public PhysicalOperator {
 public:
  /// `io` and `metadata` must outlive the sink.
  TableWriteSink(io::FileIO* io, const iceberg::TableMetadata* metadata, TableWriteColumns columns);
  ~TableWriteSink() override;

  std::string Name() const override { return "TableWrite"; }
  bool IsSink() const override { return true; }
  Result<std::unique_ptr<LocalState>> MakeLocalSinkState(ExecContext* ctx) override;
  Result<SinkResult> Sink(ExecContext* ctx, const columnar::Chunk& in, LocalState* local) override;
  Status Combine(ExecContext* ctx, LocalState* local) override;

  /// The files written, once every thread combined.
  const std::vector<iceberg::DataFile>& files() const { return files_; }
  int64_t rows() const { return rows_; }
  /// Deletes every file any thread wrote (the statement failed).
  void Abort();

 private:
  io::FileIO* io_;
  const iceberg::TableMetadata* metadata_;
  TableWriteColumns columns_;
  std::mutex mu_;
  std::vector<std::unique_ptr<iceberg::TableWriter>> writers_;
  std::vector<iceberg::DataFile> files_;
  std::atomic<int64_t> rows_{0};
};

}  // namespace floe::sql
