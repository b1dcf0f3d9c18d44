#pragma once

// Forward declarations of the columnar module's types.
namespace floe::columnar {
class LogicalType;
struct StructField;
class Vector;
class SelectionVector;
struct Chunk;
struct StringView;
struct ListEntry;
}  // namespace floe::columnar
