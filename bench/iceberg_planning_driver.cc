// Iceberg scan planning at scale (issue 3's benchmark).
//
//   iceberg_planning_driver wide DIR MANIFESTS FILES_PER_MANIFEST ROUNDS
//     A table of MANIFESTS x FILES_PER_MANIFEST data files partitioned by
//     day(ts), one day per manifest; plans a scan with no filter and with a
//     one-day filter, cold (decoding) and warm (manifest cache), on 1 and 2
//     threads.
//   iceberg_planning_driver hourly DIR HOURS ROUNDS
//     HOURS merge-append commits of one file each, partitioned by hour(ts);
//     plans the last hour before and after rewrite manifests.
//
// Prints one JSON object per measured case (medians over ROUNDS, with the
// spread); progress goes to stderr. The data files are described in the
// manifests only (planning never opens them).

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "common/str_cat.h"
#include "iceberg/maintenance.h"
#include "iceberg/manifest.h"
#include "iceberg/single_value.h"
#include "iceberg/snapshot_update.h"
#include "iceberg/table_scan.h"
#include "iceberg/table_update.h"
#include "io/file_io.h"
#include "manifest_fixture.h"

using namespace floe;
using namespace floe::iceberg;

namespace {

constexpr int64_t kHourMicros = 3600LL * 1000000;
constexpr int64_t kDayMicros = 24 * kHourMicros;
constexpr int64_t kStartMicros = 1704067200LL * 1000000;  // 2024-01-01T00:00:00

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

// Peak resident set of the process since the last reset (Linux: VmHWM,
// reset to the current RSS through clear_refs).
int64_t StatusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::atoll(line.c_str() + std::strlen(key));
  }
  return 0;
}
int64_t PeakRssKb() { return StatusKb("VmHWM:"); }
int64_t RssKb() { return StatusKb("VmRSS:"); }
void ResetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
}

struct Stats {
  double median = 0, min = 0, max = 0;
};
Stats Summarize(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v.front(), v.back()};
}

void Report(const std::string& name, const std::vector<double>& ms, const ScanPlan& plan,
            int threads, int64_t peak_kb, const std::string& extra = "") {
  Stats s = Summarize(ms);
  double per_core = plan.metrics.entries_decoded > 0 && plan.metrics.manifests_from_cache == 0
                        ? plan.metrics.entries_decoded / (s.median / 1000.0) / threads
                        : 0;
  std::printf(
      "{\"case\":\"%s\",\"threads\":%d,\"planning_ms\":%.2f,\"min_ms\":%.2f,\"max_ms\":%.2f,"
      "\"manifests_total\":%lld,"
      "\"manifests_read\":%lld,\"manifests_skipped\":%lld,\"manifests_from_cache\":%lld,\"entries_"
      "decoded\":%lld,"
      "\"files_kept\":%lld,\"entries_per_second_per_core\":%.0f,\"peak_rss_growth_mb\":%.1f%s}\n",
      name.c_str(), threads, s.median, s.min, s.max,
      static_cast<long long>(plan.metrics.manifests_total),
      static_cast<long long>(plan.metrics.manifests_read),
      static_cast<long long>(plan.metrics.manifests_skipped),
      static_cast<long long>(plan.metrics.manifests_from_cache),
      static_cast<long long>(plan.metrics.entries_decoded),
      static_cast<long long>(plan.tasks.size()), per_core, peak_kb / 1024.0, extra.c_str());
  std::fflush(stdout);
}

int Wide(const std::string& dir, int manifests, int per_manifest, int rounds) {
  auto io = io::LocalFileIO();
  Schema schema = BenchSchema();
  PartitionSpec spec;
  spec.fields = {{2, 1000, "ts_day", Transform::Day()}};
  TableMetadata md = NewTableMetadata(schema, spec, SortOrder{}, dir, {}, 1000).ValueOrDie();
  std::string list_path = dir + "/metadata/snap-1.avro";
  bool exists = io->Exists(list_path).ValueOrDie();
  auto t0 = std::chrono::steady_clock::now();
  if (!exists) {
    auto list = ManifestListWriter::Make(io.get(), list_path, 2, 1, std::nullopt, 1).ValueOrDie();
    for (int m = 0; m < manifests; ++m) {
      ManifestWriter::Options options;
      options.snapshot_id = 1;
      options.schema = &schema;
      options.spec = &spec;
      auto w = ManifestWriter::Make(io.get(), StrCat(dir, "/metadata/m", m, ".avro"), options)
                   .ValueOrDie();
      for (int i = 0; i < per_manifest; ++i) {
        int64_t n = static_cast<int64_t>(m) * per_manifest + i;
        int64_t day_start = kStartMicros + m * kDayMicros;
        int64_t lo = day_start + i * (kDayMicros / per_manifest);
        if (!w->WriteAdded(FakeFile(dir, 0, Literal::Int(TypeId::kDate, 19723 + m), n * 1000, 1000,
                                    lo, lo + kDayMicros / per_manifest - 1, n))
                 .ok()) {
          std::fprintf(stderr, "write failed\n");
          return 1;
        }
      }
      if (!list->Add(w->Close().ValueOrDie()).ok()) return 1;
      if (m % 200 == 199) std::fprintf(stderr, "\rwriting manifests: %d / %d", m + 1, manifests);
    }
    if (!list->Close().ok()) return 1;
    std::fprintf(stderr, "\rwrote %d manifests, %lld files in %.1f s\n", manifests,
                 static_cast<long long>(manifests) * per_manifest, Seconds(t0));
  }
  Snapshot snap;
  snap.snapshot_id = 1;
  snap.sequence_number = 1;
  snap.timestamp_ms = 2000;
  snap.manifest_list = list_path;
  snap.summary = {{"operation", "append"}};
  snap.schema_id = 0;
  SnapshotRef ref;
  ref.snapshot_id = 1;
  md = ApplyUpdates(md, {TableUpdate::AddSnapshot(snap), TableUpdate::SetSnapshotRef("main", ref)},
                    3000)
           .ValueOrDie();

  // One day in the middle: ts in [day 1000, day 1001).
  int64_t day = std::min(1000, manifests / 2);
  ExprPtr one_day = Expression::And(
      Expression::Predicate(Expression::Op::kGtEq, "ts",
                            {Literal::Int(TypeId::kTimestamp, kStartMicros + day * kDayMicros)}),
      Expression::Predicate(
          Expression::Op::kLt, "ts",
          {Literal::Int(TypeId::kTimestamp, kStartMicros + (day + 1) * kDayMicros)}));
  for (int threads : {1, 2}) {
    for (bool filtered : {false, true}) {
      ScanOptions options;
      options.threads = threads;
      if (filtered) options.filter = one_day;
      std::vector<double> ms;
      ScanPlan plan;
      int64_t peak = 0;
      for (int r = 0; r < rounds; ++r) {
        // Peak memory of planning: the resident set's high-water mark above
        // where it stood, with freed memory returned to the OS first.
        plan = ScanPlan();
        malloc_trim(0);
        ResetPeakRss();
        int64_t base = RssKb();
        auto t = std::chrono::steady_clock::now();
        plan = PlanScan(io.get(), md, options).ValueOrDie();
        ms.push_back(Seconds(t) * 1000);
        peak = std::max(peak, PeakRssKb() - base);
      }
      Report(filtered ? "one day of 2000 (cold)" : "whole table (cold)", ms, plan, threads, peak);
    }
  }
  // Warm: the decoded manifests stay in the cache between scans.
  ManifestCache cache(int64_t{4} << 30);
  for (bool filtered : {false, true}) {
    ScanOptions options;
    options.cache = &cache;
    if (filtered) options.filter = one_day;
    (void)PlanScan(io.get(), md, options).ValueOrDie();
    std::vector<double> ms;
    ScanPlan plan;
    for (int r = 0; r < rounds; ++r) {
      auto t = std::chrono::steady_clock::now();
      plan = PlanScan(io.get(), md, options).ValueOrDie();
      ms.push_back(Seconds(t) * 1000);
    }
    Report(filtered ? "one day of 2000 (cached manifests)" : "whole table (cached manifests)", ms,
           plan, 2, 0, StrCat(",\"cache_mb\":", cache.bytes() / (1 << 20)));
  }
  return 0;
}

int Hourly(const std::string& dir, int hours, int rounds) {
  auto io = io::LocalFileIO();
  Schema schema = BenchSchema();
  PartitionSpec spec;
  spec.fields = {{2, 1000, "ts_hour", Transform::Hour()}};
  TableMetadata md = NewTableMetadata(schema, spec, SortOrder{}, dir, {}, 1000).ValueOrDie();
  InMemoryTable table(io, md);
  auto t0 = std::chrono::steady_clock::now();
  for (int h = 0; h < hours; ++h) {
    auto ops = table.NewOperations();
    AppendFiles append(ops.get(), /*merge=*/true);  // Java's default newAppend()
    int64_t lo = kStartMicros + h * kHourMicros;
    append.AppendFile(FakeFile(dir, 0, Literal::Int(TypeId::kInt, 473352 + h), h * 1000, 1000, lo,
                               lo + kHourMicros - 1, h));
    auto s = append.Commit();
    if (!s.ok()) {
      std::fprintf(stderr, "commit %d: %s\n", h, s.status().ToString().c_str());
      return 1;
    }
    if (h % 100 == 99) {
      double el = Seconds(t0);
      std::fprintf(stderr, "\rcommits: %d / %d, %.1f s, ETA %.0f s   ", h + 1, hours, el,
                   el / (h + 1) * (hours - h - 1));
    }
  }
  std::fprintf(stderr, "\r%d hourly commits in %.1f s                     \n", hours, Seconds(t0));
  int64_t last = kStartMicros + static_cast<int64_t>(hours - 1) * kHourMicros;
  ExprPtr last_hour =
      Expression::Predicate(Expression::Op::kGtEq, "ts", {Literal::Int(TypeId::kTimestamp, last)});
  auto measure = [&](const char* name) {
    ScanOptions options;
    options.filter = last_hour;
    TableMetadata current = table.metadata();
    std::vector<double> ms;
    ScanPlan plan;
    for (int r = 0; r < rounds; ++r) {
      auto t = std::chrono::steady_clock::now();
      plan = PlanScan(io.get(), current, options).ValueOrDie();
      ms.push_back(Seconds(t) * 1000);
    }
    Report(name, ms, plan, 2, 0);
  };
  measure("last hour of 2160 hourly commits");
  auto ops = table.NewOperations();
  RewriteManifests rewrite(ops.get());
  auto s = rewrite.Commit();
  if (!s.ok()) {
    std::fprintf(stderr, "rewrite manifests: %s\n", s.status().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "rewrite manifests: %s created, %s replaced\n",
               s->SummaryValue("manifests-created").c_str(),
               s->SummaryValue("manifests-replaced").c_str());
  measure("last hour after rewrite manifests");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 6 && std::strcmp(argv[1], "wide") == 0) {
    return Wide(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), std::atoi(argv[5]));
  }
  if (argc >= 5 && std::strcmp(argv[1], "hourly") == 0)
    return Hourly(argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
  std::fprintf(stderr,
               "usage: iceberg_planning_driver wide DIR MANIFESTS FILES_PER_MANIFEST ROUNDS\n"
               "       iceberg_planning_driver hourly DIR HOURS ROUNDS\n");
  return 2;
}
