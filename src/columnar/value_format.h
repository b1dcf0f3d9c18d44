#pragma once

#include <cstdint>
#include <string>

namespace floe::columnar {

class Vector;

/// Appends row `i` of `v` in Trino's text form, as the Trino CLI prints it:
/// "2025-01-01 10:00:00.000000", decimals with their scale, doubles as Java
/// prints them ("1.0", "1.0E10"), arrays "[1, 2]", maps "{a=1}", rows
/// "{x=1, y=a}". A null prints as `null_text` (top level) or "NULL" (nested).
void AppendValueText(const Vector& v, int64_t i, std::string* out, const char* null_text = "");

/// Appends row `i` as a JSON value: numbers as numbers (64-bit integers
/// too), decimals, temporal values and strings as strings, arrays,
/// rows as objects, maps as objects (keys as their text), null as null.
void AppendValueJson(const Vector& v, int64_t i, std::string* out);

/// Java's Double.toString / Float.toString, as Trino prints doubles and reals.
void AppendJavaDouble(double d, std::string* out);
void AppendJavaFloat(float f, std::string* out);

}  // namespace floe::columnar
