#include "iceberg/table_operations.h"

#include "common/date_time.h"

namespace floe::iceberg {

namespace {}  // namespace

class InMemoryTableOperations final : public TableOperations {
 public:
  explicit InMemoryTableOperations(InMemoryTable* table)
      : table_(table), current_(table->metadata()) {}
  io::FileIO* io() const override { return table_->io_.get(); }
  const TableMetadata& current() const override { return current_; }
  Status Refresh() override {
    current_ = table_->metadata();
    return Status::OK();
  }
  Status Commit(const std::vector<TableRequirement>& requirements,
                const std::vector<TableUpdate>& updates) override {
    TableMetadata out;
    FLOE_RETURN_NOT_OK(table_->Commit(requirements, updates, &out));
    current_ = std::move(out);
    return Status::OK();
  }

 private:
  InMemoryTable* table_;
  TableMetadata current_;
};

InMemoryTable::InMemoryTable(std::shared_ptr<io::FileIO> io, TableMetadata initial)
    : io_(std::move(io)), metadata_(std::move(initial)) {}

std::unique_ptr<TableOperations> InMemoryTable::NewOperations() {
  return std::make_unique<InMemoryTableOperations>(this);
}

TableMetadata InMemoryTable::metadata() const {
  std::lock_guard<std::mutex> lock(mu_);
  return metadata_;
}

void InMemoryTable::FailNextCommits(int n, Status status) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_next_ = n;
  fail_status_ = std::move(status);
}

Status InMemoryTable::Commit(const std::vector<TableRequirement>& requirements,
                             const std::vector<TableUpdate>& updates, TableMetadata* out) {
  std::lock_guard<std::mutex> lock(mu_);
  FLOE_RETURN_NOT_OK(ValidateRequirements(requirements, &metadata_));
  FLOE_ASSIGN_OR_RETURN(TableMetadata next, ApplyUpdates(metadata_, updates, NowMillis()));
  if (fail_next_ > 0) {
    --fail_next_;
    // A lost acknowledgement: the commit happened, the caller never hears.
    if (fail_status_.IsCommitStateUnknown()) metadata_ = std::move(next);
    return fail_status_;
  }
  metadata_ = next;
  *out = std::move(next);
  return Status::OK();
}

}  // namespace floe::iceberg
