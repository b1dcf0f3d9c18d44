#include "parquet_test_util.h"

#include "common/int128.h"

namespace floe::formats::parquet::testing_util {

using columnar::Chunk;
using columnar::LogicalType;
using columnar::Vector;

std::vector<WriteField> AllTypesSchema() {
  std::vector<std::pair<std::string, LogicalType>> cols = {
      {"b", LogicalType::Boolean()},        {"i8", LogicalType::TinyInt()},
      {"i16", LogicalType::SmallInt()},     {"i32", LogicalType::Integer()},
      {"i64", LogicalType::BigInt()},       {"f32", LogicalType::Real()},
      {"f64", LogicalType::Double()},       {"d9", LogicalType::Decimal(9, 2)},
      {"d18", LogicalType::Decimal(18, 4)}, {"d38", LogicalType::Decimal(38, 10)},
      {"dt", LogicalType::Date()},          {"tm", LogicalType::Time()},
      {"ts", LogicalType::Timestamp()},     {"tstz", LogicalType::TimestampTz()},
      {"s", LogicalType::Varchar()},        {"bin", LogicalType::Varbinary()},
      {"u", LogicalType::Uuid()},
  };
  std::vector<WriteField> fields;
  int32_t id = 1;
  for (auto& [name, type] : cols) fields.push_back(WriteField{name, id++, true, type, {}});
  return fields;
}

Chunk AllTypesChunk(int64_t rows, int64_t first) {
  Chunk chunk;
  chunk.size = rows;
  for (const auto& f : AllTypesSchema()) {
    auto v = Vector::Make(f.type, MemoryPool::Default(), rows > 0 ? rows : 1).ValueOrDie();
    (void)v->EnsureValidity();
    for (int64_t r = 0; r < rows; ++r) {
      int64_t i = first + r;
      if (i % 7 == 3) {
        v->SetNull(r);
        continue;
      }
      int64_t sign = (i % 2) ? -1 : 1;
      switch (f.type.id()) {
        case columnar::TypeId::kBoolean: v->mutable_data<uint8_t>()[r] = i % 3 == 0; break;
        case columnar::TypeId::kTinyInt: v->mutable_data<int8_t>()[r] = static_cast<int8_t>(i % 256 - 128); break;
        case columnar::TypeId::kSmallInt: v->mutable_data<int16_t>()[r] = static_cast<int16_t>(i * 37 % 65536 - 32768); break;
        case columnar::TypeId::kInteger: v->mutable_data<int32_t>()[r] = static_cast<int32_t>(sign * i * 1000003 % 2147483647); break;
        case columnar::TypeId::kBigInt: v->mutable_data<int64_t>()[r] = sign * i * 1000000000007LL; break;
        case columnar::TypeId::kReal: v->mutable_data<float>()[r] = static_cast<float>(sign * i) / 8.0f; break;
        case columnar::TypeId::kDouble: v->mutable_data<double>()[r] = static_cast<double>(sign * i) * 0.1; break;
        case columnar::TypeId::kDecimal:
          if (f.type.precision() <= 18) {
            v->mutable_data<int64_t>()[r] = sign * (i * 12345 % (f.type.precision() == 9 ? 999999999 : 999999999999999999LL));
          } else {
            int128_t big = static_cast<int128_t>(i) * 1000000000000000000LL * 1000 + i;
            v->mutable_data<int128_t>()[r] = sign * big;
          }
          break;
        case columnar::TypeId::kDate: v->mutable_data<int32_t>()[r] = static_cast<int32_t>(20000 + sign * i); break;
        case columnar::TypeId::kTime: v->mutable_data<int64_t>()[r] = i * 1234567 % 86400000000LL; break;
        case columnar::TypeId::kTimestamp:
        case columnar::TypeId::kTimestampTz: v->mutable_data<int64_t>()[r] = 1735689600000000LL + sign * i * 3600000123LL; break;
        case columnar::TypeId::kVarchar: {
          std::string s = i % 5 == 0 ? std::string("") : "value-" + std::to_string(i % 50) + (i % 4 == 0 ? " with a longer tail ü" : "");
          (void)v->SetString(r, s);
          break;
        }
        case columnar::TypeId::kVarbinary: {
          std::string s;
          for (int k = 0; k < i % 20; ++k) s.push_back(static_cast<char>((i * 31 + k) & 0xff));
          (void)v->SetString(r, s);
          break;
        }
        case columnar::TypeId::kUuid: v->mutable_data<int128_t>()[r] = static_cast<int128_t>(i) * 0x1000000000001LL + (static_cast<int128_t>(i) << 100); break;
        default: break;
      }
    }
    v->set_size(rows);
    chunk.columns.push_back(std::move(v));
  }
  return chunk;
}

// struct<a int, tags array<varchar>>, map<varchar, array<bigint>>, array<struct<x int, y varchar>>
std::vector<WriteField> NestedSchema() {
  LogicalType tags = LogicalType::List(LogicalType::Varchar());
  LogicalType st = LogicalType::Struct({{"a", LogicalType::Integer()}, {"tags", tags}});
  LogicalType mv = LogicalType::List(LogicalType::BigInt());
  LogicalType mp = LogicalType::Map(LogicalType::Varchar(), mv);
  LogicalType elem = LogicalType::Struct({{"x", LogicalType::Integer()}, {"y", LogicalType::Varchar()}});
  LogicalType ls = LogicalType::List(elem);
  return {
      {"id", 1, false, LogicalType::BigInt(), {}},
      {"st", 2, true, st, {{"a", 3, true, LogicalType::Integer(), {}},
                           {"tags", 4, true, tags, {{"element", 5, true, LogicalType::Varchar(), {}}}}}},
      {"mp", 6, true, mp, {{"key", 7, false, LogicalType::Varchar(), {}},
                           {"value", 8, true, mv, {{"element", 9, true, LogicalType::BigInt(), {}}}}}},
      {"ls", 10, true, ls, {{"element", 11, true, elem, {{"x", 12, true, LogicalType::Integer(), {}},
                                                             {"y", 13, true, LogicalType::Varchar(), {}}}}}},
  };
}

// Deterministic nested rows: nulls and empties at every level.
Chunk NestedChunk(int64_t rows) {
  MemoryPool* pool = MemoryPool::Default();
  auto schema = NestedSchema();
  Chunk c;
  c.size = rows;
  auto id = Vector::Make(schema[0].type, pool, rows).ValueOrDie();
  auto st = Vector::Make(schema[1].type, pool, rows).ValueOrDie();
  auto mp = Vector::Make(schema[2].type, pool, rows).ValueOrDie();
  auto ls = Vector::Make(schema[3].type, pool, rows).ValueOrDie();
  for (auto* v : {st.get(), mp.get(), ls.get()}) (void)v->EnsureValidity();
  Vector* a = st->children()[0].get();
  Vector* tags = st->children()[1].get();
  Vector* tag = tags->children()[0].get();
  Vector* keys = mp->children()[0].get();
  Vector* vals = mp->children()[1].get();
  Vector* val_elems = vals->children()[0].get();
  Vector* elems = ls->children()[0].get();
  Vector* ex = elems->children()[0].get();
  Vector* ey = elems->children()[1].get();
  for (auto* v : {a, tags, tag, vals, val_elems, elems, ex, ey}) (void)v->EnsureValidity();
  int64_t ntag = 0, nkv = 0, nval = 0, nel = 0;
  for (int64_t r = 0; r < rows; ++r) {
    id->mutable_data<int64_t>()[r] = r;
    // st
    if (r % 5 == 4) {
      st->SetNull(r);
    }
    if (r % 3 == 1) a->SetNull(r); else a->mutable_data<int32_t>()[r] = static_cast<int32_t>(r * 10);
    int64_t nt = r % 4;  // 0 = empty list, and null when r % 8 == 0
    (void)tags->Reserve(r + 1);
    if (r % 8 == 0) {
      tags->SetNull(r);
      tags->mutable_list_entries()[r] = {static_cast<uint32_t>(ntag), 0};
    } else {
      tags->mutable_list_entries()[r] = {static_cast<uint32_t>(ntag), static_cast<uint32_t>(nt)};
      (void)tag->Reserve(ntag + nt);
      for (int64_t k = 0; k < nt; ++k, ++ntag) {
        if ((r + k) % 6 == 5) tag->SetNull(ntag); else (void)tag->SetString(ntag, "t" + std::to_string(r) + "_" + std::to_string(k));
      }
    }
    // mp
    int64_t nk = r % 3;
    if (r % 9 == 2) {
      mp->SetNull(r);
      mp->mutable_list_entries()[r] = {static_cast<uint32_t>(nkv), 0};
    } else {
      mp->mutable_list_entries()[r] = {static_cast<uint32_t>(nkv), static_cast<uint32_t>(nk)};
      (void)keys->Reserve(nkv + nk);
      (void)vals->Reserve(nkv + nk);
      for (int64_t k = 0; k < nk; ++k, ++nkv) {
        (void)keys->SetString(nkv, "k" + std::to_string(k));
        if ((r + k) % 4 == 3) {
          vals->SetNull(nkv);
          vals->mutable_list_entries()[nkv] = {static_cast<uint32_t>(nval), 0};
        } else {
          int64_t nv = (r + k) % 3;
          vals->mutable_list_entries()[nkv] = {static_cast<uint32_t>(nval), static_cast<uint32_t>(nv)};
          (void)val_elems->Reserve(nval + nv);
          for (int64_t j = 0; j < nv; ++j, ++nval) {
            if (j == 1 && r % 2) val_elems->SetNull(nval); else val_elems->mutable_data<int64_t>()[nval] = r * 100 + j;
          }
        }
      }
    }
    // ls
    int64_t ne = r % 3;
    if (r % 7 == 6) {
      ls->SetNull(r);
      ls->mutable_list_entries()[r] = {static_cast<uint32_t>(nel), 0};
    } else {
      ls->mutable_list_entries()[r] = {static_cast<uint32_t>(nel), static_cast<uint32_t>(ne)};
      (void)elems->Reserve(nel + ne);
      for (int64_t k = 0; k < ne; ++k, ++nel) {
        if ((r + k) % 5 == 0) {
          elems->SetNull(nel);
          continue;
        }
        ex->mutable_data<int32_t>()[nel] = static_cast<int32_t>(r + k);
        if (k == 1) ey->SetNull(nel); else (void)ey->SetString(nel, "y" + std::to_string(r));
      }
    }
  }
  id->set_size(rows);
  for (auto* v : {st.get(), a, tags, mp.get(), ls.get()}) v->set_size(rows);
  tag->set_size(ntag);
  keys->set_size(nkv);
  vals->set_size(nkv);
  val_elems->set_size(nval);
  elems->set_size(nel);
  ex->set_size(nel);
  ey->set_size(nel);
  c.columns = {id, st, mp, ls};
  return c;
}

Result<std::string> WriteToBytes(const std::vector<WriteField>& schema, const std::vector<Chunk>& chunks,
                                 WriterOptions options) {
  auto fs = io::MemoryFileIO();
  FLOE_ASSIGN_OR_RETURN(auto sink, fs->OpenOutput("mem.parquet"));
  FLOE_ASSIGN_OR_RETURN(auto writer, FileWriter::Open(sink.get(), schema, options));
  for (const auto& c : chunks) FLOE_RETURN_NOT_OK(writer->Write(c));
  FLOE_RETURN_NOT_OK(writer->Close());
  FLOE_RETURN_NOT_OK(sink->Close());
  FLOE_ASSIGN_OR_RETURN(auto buf, fs->ReadFile("mem.parquet", MemoryPool::Default()));
  return std::string(reinterpret_cast<const char*>(buf->data()), static_cast<size_t>(buf->size()));
}

Chunk EmptyChunk(const std::vector<WriteField>& schema, int64_t rows) {
  Chunk c;
  c.size = rows;
  for (const auto& f : schema) {
    auto v = columnar::Vector::Make(f.type, MemoryPool::Default(), rows).ValueOrDie();
    (void)v->EnsureValidity();
    v->set_size(rows);
    c.columns.push_back(v);
  }
  return c;
}

std::vector<std::string> ChunkRowsAsText(const Chunk& chunk) {
  std::vector<std::string> out;
  for (int64_t r = 0; r < chunk.size; ++r) {
    std::string line;
    for (size_t c = 0; c < chunk.columns.size(); ++c) {
      if (c) line.push_back('|');
      columnar::AppendValueText(*chunk.columns[c], r, &line, "NULL");
    }
    out.push_back(std::move(line));
  }
  return out;
}

namespace {
Result<std::vector<std::string>> ReadAll(std::shared_ptr<io::RandomAccessFile> file, ReadOptions options) {
  FLOE_ASSIGN_OR_RETURN(auto reader, FileReader::Open(std::move(file), options));
  std::vector<std::string> rows;
  for (int g = 0; g < reader->num_row_groups(); ++g) {
    FLOE_ASSIGN_OR_RETURN(auto rg, reader->ReadRowGroup(g));
    Chunk chunk;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(bool more, rg->Next(&chunk));
      if (!more) break;
      for (auto& line : ChunkRowsAsText(chunk)) rows.push_back(std::move(line));
    }
  }
  return rows;
}
}  // namespace

Result<std::vector<std::string>> ReadAllRowsAsText(const std::string& bytes, ReadOptions options) {
  auto fs = io::MemoryFileIO();
  FLOE_RETURN_NOT_OK(fs->WriteFile("in.parquet", bytes));
  FLOE_ASSIGN_OR_RETURN(auto file, fs->OpenInput("in.parquet"));
  return ReadAll(std::shared_ptr<io::RandomAccessFile>(std::move(file)), options);
}

Result<std::vector<std::string>> ReadFileRowsAsText(const std::string& path, ReadOptions options) {
  FLOE_ASSIGN_OR_RETURN(auto file, io::LocalFileIO()->OpenInput(path));
  return ReadAll(std::shared_ptr<io::RandomAccessFile>(std::move(file)), options);
}

}  // namespace floe::formats::parquet::testing_util
