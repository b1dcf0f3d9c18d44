// floe's side of the Parquet read/write benchmark (bench/parquet_vs_duckdb.mjs
// runs DuckDB on the same files and reports the ratios).
//
//   parquet_rw_driver write OUT.parquet ROWS CODEC [ROW_GROUP_ROWS]
//   parquet_rw_driver read IN.parquet
//
// Prints one JSON line with the wall and CPU seconds of the timed part:
// writing rows already in memory to a file, or decoding every column of
// every row group into column vectors (one thread).

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "columnar/vector.h"
#include "formats/parquet/file_reader.h"
#include "formats/parquet/file_writer.h"
#include "io/file_io.h"

using namespace floe;
using columnar::LogicalType;
using columnar::Vector;
namespace pq = formats::parquet;

namespace {

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double CpuSeconds() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::vector<pq::WriteField> Schema() {
  return {{"order_id", 1, false, LogicalType::BigInt(), {}},
          {"amount", 2, true, LogicalType::Decimal(12, 2), {}},
          {"price", 3, true, LogicalType::Double(), {}},
          {"order_date", 4, true, LogicalType::Date(), {}},
          {"order_ts", 5, true, LogicalType::Timestamp(), {}},
          {"status", 6, true, LogicalType::Varchar(), {}},
          {"customer", 7, true, LogicalType::Varchar(), {}}};
}

// Rows [first, first + n): every value a function of the row index.
columnar::Chunk MakeChunk(int64_t first, int64_t n) {
  static const char* kStatus[] = {"COMPLETED", "SHIPPED", "PENDING", "CANCELLED", "RETURNED"};
  columnar::Chunk c;
  c.size = n;
  for (const auto& f : Schema()) c.columns.push_back(Vector::Make(f.type, MemoryPool::Default(), n).ValueOrDie());
  const int64_t start_us = 1735689600000000LL - 365LL * 86400000000LL;  // 365 days ending 2025-12-31
  for (int64_t r = 0; r < n; ++r) {
    int64_t i = first + r;
    uint64_t h = SplitMix64(static_cast<uint64_t>(i));
    c.columns[0]->mutable_data<int64_t>()[r] = i + 1;
    c.columns[1]->mutable_data<int64_t>()[r] = 100 + static_cast<int64_t>(h % 5000000);
    c.columns[2]->mutable_data<double>()[r] = static_cast<double>(h >> 11) * 0x1.0p-53 * 1000.0;
    int64_t ts = start_us + static_cast<int64_t>(static_cast<double>(i) / 1e7 * 365.0 * 86400e6) % (365LL * 86400000000LL);
    c.columns[3]->mutable_data<int32_t>()[r] = static_cast<int32_t>(ts / 86400000000LL);
    c.columns[4]->mutable_data<int64_t>()[r] = ts;
    uint64_t s = h % 100;
    (void)c.columns[5]->SetString(r, kStatus[s < 80 ? 0 : s < 88 ? 1 : s < 95 ? 2 : s < 98 ? 3 : 4]);
    std::string name = "customer-" + std::to_string(SplitMix64(h) % 1000000);
    (void)c.columns[6]->SetString(r, name);
  }
  for (auto& v : c.columns) v->set_size(n);
  return c;
}

int Fail(const Status& st) {
  std::fprintf(stderr, "parquet_rw_driver: %s\n", st.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s write OUT ROWS CODEC [ROW_GROUP_ROWS] | read IN\n", argv[0]);
    return 2;
  }
  std::string mode = argv[1];
  if (mode == "write" && argc >= 5) {
    std::string out = argv[2];
    int64_t rows = std::atoll(argv[3]);
    auto codec = formats::CodecFromName(argv[4]);
    if (!codec.ok()) return Fail(codec.status());
    int64_t rg_rows = argc >= 6 ? std::atoll(argv[5]) : 1000000;
    // Generate everything first: only the writing is timed.
    std::vector<columnar::Chunk> chunks;
    for (int64_t first = 0; first < rows; first += 8192) chunks.push_back(MakeChunk(first, std::min<int64_t>(8192, rows - first)));
    std::remove(out.c_str());
    auto t0 = std::chrono::steady_clock::now();
    double c0 = CpuSeconds();
    auto sink = io::LocalFileIO()->OpenOutput(out);
    if (!sink.ok()) return Fail(sink.status());
    pq::WriterOptions options;
    options.codec = *codec;
    options.row_group_max_rows = rg_rows;  // as DuckDB's ROW_GROUP_SIZE
    options.row_group_size_bytes = INT64_MAX;
    auto w = pq::FileWriter::Open(sink->get(), Schema(), options);
    if (!w.ok()) return Fail(w.status());
    std::unique_ptr<pq::FileWriter> writer = std::move(w).ValueOrDie();
    for (const auto& c : chunks) {
      Status st = writer->Write(c);
      if (!st.ok()) return Fail(st);
    }
    Status st = writer->Close();
    if (st.ok()) st = (*sink)->Close();
    if (!st.ok()) return Fail(st);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"engine\":\"floe\",\"op\":\"write\",\"rows\":%lld,\"wall\":%.6f,\"cpu\":%.6f,\"bytes\":%lld,\"row_groups\":%zu}\n",
                static_cast<long long>(rows), wall, CpuSeconds() - c0, static_cast<long long>(writer->file_size()),
                writer->metadata().row_groups.size());
    return 0;
  }
  if (mode == "read") {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = CpuSeconds();
    auto file = io::LocalFileIO()->OpenInput(argv[2]);
    if (!file.ok()) return Fail(file.status());
    auto reader = pq::FileReader::Open(std::shared_ptr<io::RandomAccessFile>(std::move(file).ValueOrDie()));
    if (!reader.ok()) return Fail(reader.status());
    int64_t rows = 0;
    uint64_t checksum = 0;
    for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
      auto rg = (*reader)->ReadRowGroup(g);
      if (!rg.ok()) return Fail(rg.status());
      columnar::Chunk chunk;
      while (true) {
        auto more = (*rg)->Next(&chunk);
        if (!more.ok()) return Fail(more.status());
        if (!*more) break;
        rows += chunk.size;
        // Touch one value per vector so nothing can be skipped.
        for (auto& v : chunk.columns) checksum += v->raw_data()[0];
      }
    }
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"engine\":\"floe\",\"op\":\"read\",\"rows\":%lld,\"wall\":%.6f,\"cpu\":%.6f,\"checksum\":%llu}\n",
                static_cast<long long>(rows), wall, CpuSeconds() - c0, static_cast<unsigned long long>(checksum));
    return 0;
  }
  std::fprintf(stderr, "unknown mode '%s'\n", mode.c_str());
  return 2;
}
