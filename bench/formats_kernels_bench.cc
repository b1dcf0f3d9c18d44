// Per-core rates of the read path's hot kernels (Google Benchmark): Parquet
// decoding per encoding, page decompression per codec, Avro manifest
// decoding, and row hashing (joins, aggregations). One thread; bytes/s
// count decoded output bytes.
//   build-bench/bench/formats_kernels_bench --benchmark_min_time=0.5

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "columnar/string_view.h"
#include "formats/codec/compression.h"
#include "formats/parquet/encoding.h"
#include "iceberg/table_update.h"
#include "io/file_io.h"
#include "manifest_fixture.h"
#include "sql/exec/vector_operations.h"

namespace floe {
namespace {

namespace pq = formats::parquet;
constexpr int64_t kValues = 1 << 16;  // about one data page of int64 values

// Amounts in cents, log-uniform as the sales table's.
std::vector<int64_t> Amounts() {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<int64_t> v(kValues);
  for (auto& x : v) x = static_cast<int64_t>(100 * (1 + 0.5 * std::exp(9 * u(rng))));
  return v;
}

void SetBytes(benchmark::State& state, int64_t bytes_per_iteration) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * bytes_per_iteration);
}

// RLE_DICTIONARY indices of a 500-entry dictionary (store ids): 9 bits each.
void ParquetDictionaryIndices(benchmark::State& state) {
  std::mt19937_64 rng(1);
  pq::RleBitPackedEncoder encoder(9);
  for (int64_t i = 0; i < kValues; ++i) encoder.Put(static_cast<uint32_t>(rng() % 500));
  std::string page;
  encoder.Finish(&page);
  std::vector<int32_t> out(kValues);
  for (auto _ : state) {
    pq::RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(page.data()),
                                    static_cast<int64_t>(page.size()), 9);
    if (!decoder.DecodeIndices(out.data(), kValues, 500).ok()) state.SkipWithError("decode");
    benchmark::DoNotOptimize(out.data());
  }
  SetBytes(state, kValues * 4);
}

// DELTA_BINARY_PACKED of increasing ids (order_id) and of random amounts.
void DeltaBinaryPacked(benchmark::State& state, const std::vector<int64_t>& values) {
  pq::DeltaBinaryPackedEncoder encoder;
  encoder.Put(values.data(), kValues);
  std::string page;
  encoder.Finish(&page);
  std::vector<int64_t> out(kValues);
  for (auto _ : state) {
    auto decoder = pq::DeltaBinaryPackedDecoder::Make(reinterpret_cast<const uint8_t*>(page.data()),
                                                      static_cast<int64_t>(page.size()));
    if (!decoder.ok() || !decoder->Decode(out.data(), kValues).ok()) state.SkipWithError("decode");
    benchmark::DoNotOptimize(out.data());
  }
  SetBytes(state, kValues * 8);
}
void ParquetDeltaIds(benchmark::State& state) {
  std::vector<int64_t> ids(kValues);
  for (int64_t i = 0; i < kValues; ++i) ids[static_cast<size_t>(i)] = 1000000 + i;
  DeltaBinaryPacked(state, ids);
}
void ParquetDeltaAmounts(benchmark::State& state) { DeltaBinaryPacked(state, Amounts()); }

// BYTE_STREAM_SPLIT of doubles.
void ParquetByteStreamSplit(benchmark::State& state) {
  std::vector<double> values(kValues);
  for (int64_t i = 0; i < kValues; ++i)
    values[static_cast<size_t>(i)] = std::sqrt(static_cast<double>(i));
  std::string page;
  pq::EncodeByteStreamSplit(reinterpret_cast<const uint8_t*>(values.data()), 8, kValues, &page);
  std::vector<uint8_t> out(static_cast<size_t>(kValues) * 8);
  for (auto _ : state) {
    if (!pq::DecodeByteStreamSplit(reinterpret_cast<const uint8_t*>(page.data()),
                                   static_cast<int64_t>(page.size()), 8, kValues, out.data())
             .ok()) {
      state.SkipWithError("decode");
    }
    benchmark::DoNotOptimize(out.data());
  }
  SetBytes(state, kValues * 8);
}

// DELTA_LENGTH_BYTE_ARRAY of short and long strings.
void ParquetDeltaLengthStrings(benchmark::State& state) {
  const int64_t length = state.range(0);
  std::vector<std::string> text(kValues);
  std::vector<columnar::StringView> views(kValues);
  int64_t bytes = 0;
  for (int64_t i = 0; i < kValues; ++i) {
    text[static_cast<size_t>(i)] =
        std::string(static_cast<size_t>(length), static_cast<char>('a' + i % 26));
    views[static_cast<size_t>(i)] =
        columnar::StringView(text[static_cast<size_t>(i)].data(), static_cast<uint32_t>(length));
    bytes += length;
  }
  std::string page;
  pq::EncodeDeltaLengthByteArray(views.data(), kValues, &page);
  std::vector<columnar::StringView> out(kValues);
  for (auto _ : state) {
    if (!pq::DecodeDeltaLengthByteArray(reinterpret_cast<const uint8_t*>(page.data()),
                                        static_cast<int64_t>(page.size()), kValues, out.data())
             .ok()) {
      state.SkipWithError("decode");
    }
    benchmark::DoNotOptimize(out.data());
  }
  SetBytes(state, bytes);
}

// Page decompression of a plain-encoded int64 column.
void Decompress(benchmark::State& state, formats::Codec codec) {
  const std::vector<int64_t> values = Amounts();
  const auto* raw = reinterpret_cast<const uint8_t*>(values.data());
  const int64_t size = kValues * 8;
  std::string compressed;
  if (!formats::Compress(codec, raw, size, &compressed).ok()) state.SkipWithError("compress");
  std::vector<uint8_t> out(static_cast<size_t>(size));
  for (auto _ : state) {
    if (!formats::Decompress(codec, reinterpret_cast<const uint8_t*>(compressed.data()),
                             static_cast<int64_t>(compressed.size()), out.data(), size)
             .ok()) {
      state.SkipWithError("decompress");
    }
    benchmark::DoNotOptimize(out.data());
  }
  SetBytes(state, size);
}
void DecompressZstd(benchmark::State& state) { Decompress(state, formats::Codec::kZstd); }
void DecompressSnappy(benchmark::State& state) { Decompress(state, formats::Codec::kSnappy); }
void DecompressLz4(benchmark::State& state) { Decompress(state, formats::Codec::kLz4Raw); }

// Avro manifest decoding (what scan planning spends its time on): a
// manifest of 1,000 data files with full column metrics, written by floe
// (deflate, as Java writes them), decoded with partition values and bounds.
void ManifestDecode(benchmark::State& state) {
  constexpr int kEntries = 1000;
  char dir_template[] = "/tmp/floe-manifest-bench-XXXXXX";
  const char* made = mkdtemp(dir_template);
  if (made == nullptr) {
    state.SkipWithError("mkdtemp");
    return;
  }
  const std::string dir = made;
  auto io = io::LocalFileIO();
  const iceberg::Schema schema = iceberg::BenchSchema();
  iceberg::PartitionSpec spec;
  spec.fields = {{2, 1000, "ts_day", iceberg::Transform::Day()}};
  auto metadata =
      iceberg::NewTableMetadata(schema, spec, iceberg::SortOrder{}, dir, {}, 1000).ValueOrDie();
  iceberg::ManifestWriter::Options options;
  options.snapshot_id = 1;
  options.schema = &schema;
  options.spec = &spec;
  auto writer = iceberg::ManifestWriter::Make(io.get(), dir + "/m.avro", options).ValueOrDie();
  const int64_t day = 86400LL * 1000000, start = 1704067200LL * 1000000;
  for (int i = 0; i < kEntries; ++i) {
    const int64_t lo = start + i * (day / kEntries);
    if (!writer
             ->WriteAdded(iceberg::FakeFile(dir, 0,
                                            iceberg::Literal::Int(iceberg::TypeId::kDate, 19723),
                                            i * 1000LL, 1000, lo, lo + day / kEntries - 1, i))
             .ok()) {
      state.SkipWithError("write");
    }
  }
  const iceberg::ManifestFile manifest = writer->Close().ValueOrDie();
  const auto partition_type = iceberg::PartitionTypeOf(metadata, 0).ValueOrDie();
  for (auto _ : state) {
    auto entries = iceberg::ReadManifest(io.get(), manifest, partition_type);
    if (!entries.ok() || entries->size() != kEntries) state.SkipWithError("decode");
    benchmark::DoNotOptimize(entries);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kEntries);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// Hashing a vector of rows (group-by and join keys), bigint and varchar:
// `set(v, i)` fills row i.
template <typename Set>
void Hash(benchmark::State& state, const columnar::LogicalType& type, const Set& set) {
  constexpr int64_t n = columnar::kDefaultVectorSize;
  auto v = columnar::Vector::Make(type, MemoryPool::Default(), n).ValueOrDie();
  for (int64_t i = 0; i < n; ++i) {
    if (!set(v.get(), i).ok()) state.SkipWithError("set");
  }
  v->set_size(n);
  std::vector<uint64_t> hashes(n);
  for (auto _ : state) {
    sql::HashRows(*v, nullptr, n, hashes.data(), false);
    benchmark::DoNotOptimize(hashes.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * n);
}
void HashBigint(benchmark::State& state) {
  Hash(state, columnar::LogicalType::BigInt(), [](columnar::Vector* v, int64_t i) {
    v->mutable_data<int64_t>()[i] = i * 7919;
    return Status::OK();
  });
}
void HashVarchar(benchmark::State& state) {
  Hash(state, columnar::LogicalType::Varchar(), [](columnar::Vector* v, int64_t i) {
    return v->SetString(i, "customer-" + std::to_string(i * 7919));
  });
}

}  // namespace
}  // namespace floe

BENCHMARK(floe::ParquetDictionaryIndices);
BENCHMARK(floe::ParquetDeltaIds);
BENCHMARK(floe::ParquetDeltaAmounts);
BENCHMARK(floe::ParquetByteStreamSplit);
BENCHMARK(floe::ParquetDeltaLengthStrings)->Arg(8)->Arg(40);
BENCHMARK(floe::DecompressZstd);
BENCHMARK(floe::DecompressSnappy);
BENCHMARK(floe::DecompressLz4);
BENCHMARK(floe::ManifestDecode);
BENCHMARK(floe::HashBigint);
BENCHMARK(floe::HashVarchar);
