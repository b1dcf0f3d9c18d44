// Rows per second reading a generated CSV or JSON-lines file with floe's
// readers (formats/csv, formats/json): one reader, then (CSV) byte-range
// splits on several threads. Not part of any CI target: build it with
// `ninja -C build text_read_driver`.
//   text_read_driver csv|json ROWS [THREADS] [FILE]
// FILE (default /tmp/floe_text_bench.<csv|json>) is written when missing.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/memory_pool.h"
#include "formats/csv/csv_reader.h"
#include "formats/json/json_reader.h"
#include "io/file_io.h"

namespace {

using namespace floe;
using Clock = std::chrono::steady_clock;

void Generate(const std::string& path, bool json, int64_t rows) {
  std::ofstream out(path, std::ios::binary);
  if (!json) out << "id,name,amount,day,flag,note\n";
  std::string line;
  for (int64_t i = 0; i < rows; ++i) {
    line.clear();
    std::string id = std::to_string(i), name = "customer " + std::to_string(i % 10007);
    std::string amount = std::to_string(i % 99991) + "." + std::to_string(i % 100);
    std::string day = "2024-" + std::string(i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) +
                      "-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1);
    const char* flag = i % 3 ? "true" : "false";
    if (json) {
      line = "{\"id\": " + id + ", \"name\": \"" + name + "\", \"amount\": " + amount +
             ", \"day\": \"" + day + "\", \"flag\": " + flag +
             ", \"note\": " + (i % 5 ? "\"a, \\\"quoted\\\" note\"" : "null") + "}\n";
    } else {
      line = id + "," + name + "," + amount + "," + day + "," + flag + "," +
             (i % 5 ? "\"a, \"\"quoted\"\" note\"" : "") + "\n";
    }
    out << line;
  }
}

template <typename Reader>
int64_t Drain(Reader* reader) {
  columnar::Chunk chunk;
  int64_t rows = 0;
  while (true) {
    auto more = reader->Next(&chunk);
    if (!more.ok()) {
      std::fprintf(stderr, "%s\n", more.status().ToString().c_str());
      std::exit(1);
    }
    if (!*more) return rows;
    rows += chunk.size;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s csv|json ROWS [THREADS] [FILE]\n", argv[0]);
    return 2;
  }
  const bool json = std::string(argv[1]) == "json";
  const int64_t rows = std::atoll(argv[2]);
  const int threads = argc > 3 ? std::atoi(argv[3]) : 1;
  const std::string path =
      argc > 4 ? argv[4] : std::string("/tmp/floe_text_bench.") + (json ? "json" : "csv");
  if (!std::ifstream(path).good()) Generate(path, json, rows);
  auto io = io::LocalFileIO();
  const double mb =
      static_cast<double>(io->OpenInput(path).ValueOrDie()->Size().ValueOrDie()) / 1e6;
  MemoryPool pool("bench");
  auto report = [&](const char* what, Clock::time_point start, int64_t n) {
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("%-28s %10lld rows %7.2f s %12.0f rows/s %8.1f MB/s  peak %.1f MB\n", what,
                static_cast<long long>(n), s, n / s, mb / s, pool.peak_bytes() / 1e6);
  };
  if (json) {
    formats::json::JsonReadOptions options;
    auto start = Clock::now();
    auto schema = formats::json::InferJsonSchema(io.get(), {path}, options, &pool).ValueOrDie();
    auto reader =
        formats::json::JsonReader::Open(io.get(), path, schema, options, &pool).ValueOrDie();
    report("json, 1 reader", start, Drain(reader.get()));
    return 0;
  }
  formats::csv::CsvReadOptions options;
  options.split_bytes = 0;
  auto start = Clock::now();
  auto schema = formats::csv::InferCsvSchema(io.get(), {path}, options, &pool).ValueOrDie();
  auto reader =
      formats::csv::CsvReader::Open(io.get(), {path}, schema, options, &pool).ValueOrDie();
  report("csv, 1 reader", start, Drain(reader.get()));
  if (threads > 1) {
    options.split_bytes = static_cast<int64_t>(mb * 1e6) / threads + 1;
    start = Clock::now();
    auto splits = formats::csv::PlanCsvSplits(io.get(), {path}, schema, options).ValueOrDie();
    std::vector<int64_t> counts(splits.size());
    std::vector<std::thread> workers;
    for (size_t i = 0; i < splits.size(); ++i) {
      workers.emplace_back([&, i] {
        auto r =
            formats::csv::CsvReader::Open(io.get(), splits[i], schema, options, &pool).ValueOrDie();
        counts[i] = Drain(r.get());
      });
    }
    int64_t total = 0;
    for (size_t i = 0; i < workers.size(); ++i) {
      workers[i].join();
      total += counts[i];
    }
    std::string what = "csv, " + std::to_string(splits.size()) + " splits on threads";
    report(what.c_str(), start, total);
  }
  return 0;
}
