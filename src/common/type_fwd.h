#pragma once

// Forward declarations of the common module's types.
namespace floe {
class Status;
template <typename T>
class Result;
class MemoryPool;
class Buffer;
}  // namespace floe
