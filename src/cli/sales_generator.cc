#include "cli/sales_generator.h"

#include <cmath>

namespace floe::cli {

namespace {

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A uniform double in [0, 1) for row i and column `salt`.
double Uniform(int64_t i, uint64_t salt) {
  return static_cast<double>(SplitMix(static_cast<uint64_t>(i) * 0x100000001b3ULL ^ salt) >> 11) /
         9007199254740992.0;
}

}  // namespace

const std::vector<std::string>& SalesColumnNames() {
  static const std::vector<std::string> kNames = {"order_id",    "order_ts",   "order_date",
                                                  "customer_id", "product_id", "store_id",
                                                  "amount",      "quantity",   "status"};
  return kNames;
}

const std::vector<columnar::LogicalType>& SalesColumnTypes() {
  using columnar::LogicalType;
  static const std::vector<LogicalType> kTypes = {
      LogicalType::BigInt(),       LogicalType::Timestamp(6), LogicalType::Date(),
      LogicalType::Integer(),      LogicalType::Integer(),    LogicalType::Integer(),
      LogicalType::Decimal(12, 2), LogicalType::Integer(),    LogicalType::Varchar()};
  return kTypes;
}

Result<columnar::Chunk> SalesRows(int64_t first, int64_t n, int64_t total_rows,
                                  const SalesWindow& window, MemoryPool* pool) {
  static const char* kStatuses[] = {"COMPLETED", "SHIPPED", "PENDING", "CANCELLED", "RETURNED"};
  static const double kCumulative[] = {0.80, 0.88, 0.95, 0.98, 1.0};
  const double step = static_cast<double>(window.span_micros) /
                      static_cast<double>(std::max<int64_t>(total_rows, 1));
  columnar::Chunk chunk;
  chunk.size = n;
  for (const auto& t : SalesColumnTypes()) {
    FLOE_ASSIGN_OR_RETURN(auto v, columnar::Vector::Make(t, pool, std::max<int64_t>(n, 1)));
    v->set_size(n);
    chunk.columns.push_back(std::move(v));
  }
  auto& c = chunk.columns;
  for (int64_t k = 0; k < n; ++k) {
    const int64_t at = first + k;            // the row's place in the window
    const int64_t i = window.first_id + at;  // its identity
    c[0]->mutable_data<int64_t>()[k] = i + 1;
    const int64_t ts = window.start_micros +
                       static_cast<int64_t>((static_cast<double>(at) + Uniform(i, 1)) * step);
    c[1]->mutable_data<int64_t>()[k] = ts;
    // Floor division: days before 1970 too.
    const int64_t day_micros = 86400LL * 1000000;
    c[2]->mutable_data<int32_t>()[k] =
        static_cast<int32_t>(ts >= 0 ? ts / day_micros : -((-ts - 1) / day_micros) - 1);
    c[3]->mutable_data<int32_t>()[k] = 1 + static_cast<int32_t>(Uniform(i, 2) * 1000000);
    const double u = Uniform(i, 3);
    c[4]->mutable_data<int32_t>()[k] = 1 + static_cast<int32_t>(100000 * u * u * u);
    c[5]->mutable_data<int32_t>()[k] = 1 + static_cast<int32_t>(Uniform(i, 4) * 500);
    c[6]->mutable_data<int64_t>()[k] = std::llround((1 + 0.5 * std::exp(9 * Uniform(i, 5))) * 100);
    c[7]->mutable_data<int32_t>()[k] = 1 + static_cast<int32_t>(Uniform(i, 6) * 10);
    const double s = Uniform(i, 7);
    int which = 0;
    while (s >= kCumulative[which] && which < 4) ++which;
    FLOE_RETURN_NOT_OK(c[8]->SetString(k, kStatuses[which]));
  }
  return chunk;
}

namespace {

using columnar::LogicalType;

const char* const kRegions[] = {"NORTH", "SOUTH", "EAST", "WEST", "CENTRAL"};
const char* const kSegments[] = {"CONSUMER", "CORPORATE", "HOME OFFICE", "SMALL BUSINESS",
                                 "PUBLIC SECTOR"};
const char* const kCategories[] = {"ELECTRONICS", "CLOTHING", "HOME", "GARDEN", "TOYS",
                                   "SPORTS",      "BOOKS",    "FOOD", "BEAUTY", "AUTOMOTIVE"};
const char* const kCities[] = {"Amsterdam", "Berlin", "Chicago", "Dublin",   "Edinburgh",
                               "Frankfurt", "Geneva", "Houston", "Istanbul", "Jakarta",
                               "Kyoto",     "Lisbon", "Madrid",  "Nairobi",  "Oslo",
                               "Paris",     "Quito",  "Rome",    "Seoul",    "Toronto"};

// 2015-01-01 as days since the epoch, and the span of signup and opening dates.
constexpr int32_t kFirstDay = 16436;
constexpr int32_t kDaySpan = 4017;  // to 2025-12-31

Result<columnar::Chunk> EmptyChunk(const std::vector<LogicalType>& types, int64_t n,
                                   MemoryPool* pool) {
  columnar::Chunk chunk;
  chunk.size = n;
  for (const auto& t : types) {
    FLOE_ASSIGN_OR_RETURN(auto v, columnar::Vector::Make(t, pool, std::max<int64_t>(n, 1)));
    v->set_size(n);
    chunk.columns.push_back(std::move(v));
  }
  return chunk;
}

template <size_t N>
const char* Pick(const char* const (&values)[N], double u) {
  return values[std::min(N - 1, static_cast<size_t>(u * N))];
}

std::string Numbered(const char* prefix, int64_t id, int width) {
  std::string digits = std::to_string(id);
  if (static_cast<int>(digits.size()) < width)
    digits.insert(0, static_cast<size_t>(width) - digits.size(), '0');
  return prefix + digits;
}

const std::vector<LogicalType> kCustomerTypes = {LogicalType::Integer(), LogicalType::Varchar(),
                                                 LogicalType::Varchar(), LogicalType::Varchar(),
                                                 LogicalType::Date()};
const std::vector<LogicalType> kProductTypes = {LogicalType::Integer(), LogicalType::Varchar(),
                                                LogicalType::Varchar(), LogicalType::Varchar(),
                                                LogicalType::Decimal(10, 2)};
const std::vector<LogicalType> kStoreTypes = {LogicalType::Integer(), LogicalType::Varchar(),
                                              LogicalType::Varchar(), LogicalType::Varchar(),
                                              LogicalType::Date()};

// Rows [first, first + n) of a dimension table: row i has id i + 1 and the
// name `prefix` + the id in `digits` digits; `fill(c, k, i)` sets the
// other columns of chunk row k. Salts apart from the sales table's (1..7).
template <typename Fill>
Result<columnar::Chunk> DimensionRows(const std::vector<columnar::LogicalType>& types,
                                      const char* prefix, int digits, int64_t first, int64_t n,
                                      MemoryPool* pool, const Fill& fill) {
  FLOE_ASSIGN_OR_RETURN(columnar::Chunk chunk, EmptyChunk(types, n, pool));
  auto& c = chunk.columns;
  for (int64_t k = 0; k < n; ++k) {
    const int64_t i = first + k;
    c[0]->mutable_data<int32_t>()[k] = static_cast<int32_t>(i + 1);
    FLOE_RETURN_NOT_OK(c[1]->SetString(k, Numbered(prefix, i + 1, digits)));
    FLOE_RETURN_NOT_OK(fill(c, k, i));
  }
  return chunk;
}

using Columns = std::vector<std::shared_ptr<columnar::Vector>>;

Result<columnar::Chunk> CustomerRows(int64_t first, int64_t n, MemoryPool* pool) {
  return DimensionRows(kCustomerTypes, "Customer#", 9, first, n, pool,
                       [](const Columns& c, int64_t k, int64_t i) -> Status {
                         FLOE_RETURN_NOT_OK(c[2]->SetString(k, Pick(kRegions, Uniform(i, 101))));
                         // Skewed: the first segments are the common ones.
                         const double u = Uniform(i, 102);
                         FLOE_RETURN_NOT_OK(c[3]->SetString(k, Pick(kSegments, u * u)));
                         c[4]->mutable_data<int32_t>()[k] =
                             kFirstDay + static_cast<int32_t>(Uniform(i, 103) * kDaySpan);
                         return Status::OK();
                       });
}

Result<columnar::Chunk> ProductRows(int64_t first, int64_t n, MemoryPool* pool) {
  return DimensionRows(
      kProductTypes, "Product#", 6, first, n, pool,
      [](const Columns& c, int64_t k, int64_t i) -> Status {
        FLOE_RETURN_NOT_OK(c[2]->SetString(k, Pick(kCategories, Uniform(i, 201))));
        FLOE_RETURN_NOT_OK(c[3]->SetString(
            k, Numbered("Brand#", 1 + static_cast<int64_t>(Uniform(i, 202) * 50), 2)));
        c[4]->mutable_data<int64_t>()[k] =
            std::llround((1 + 0.5 * std::exp(8 * Uniform(i, 203))) * 100);
        return Status::OK();
      });
}

Result<columnar::Chunk> StoreRows(int64_t first, int64_t n, MemoryPool* pool) {
  return DimensionRows(kStoreTypes, "Store#", 3, first, n, pool,
                       [](const Columns& c, int64_t k, int64_t i) -> Status {
                         FLOE_RETURN_NOT_OK(c[2]->SetString(k, Pick(kCities, Uniform(i, 301))));
                         FLOE_RETURN_NOT_OK(c[3]->SetString(k, Pick(kRegions, Uniform(i, 302))));
                         c[4]->mutable_data<int32_t>()[k] =
                             kFirstDay + static_cast<int32_t>(Uniform(i, 303) * kDaySpan);
                         return Status::OK();
                       });
}

}  // namespace

const std::vector<DimensionTable>& DimensionTables() {
  static const std::vector<DimensionTable> kTables = {
      {"customers",
       1000000,
       {"customer_id", "name", "region", "segment", "signup_date"},
       kCustomerTypes,
       CustomerRows},
      {"products",
       100000,
       {"product_id", "name", "category", "brand", "list_price"},
       kProductTypes,
       ProductRows},
      {"stores", 500, {"store_id", "name", "city", "region", "opened"}, kStoreTypes, StoreRows},
  };
  return kTables;
}

const DimensionTable* FindDimensionTable(const std::string& name) {
  for (const auto& t : DimensionTables()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace floe::cli
