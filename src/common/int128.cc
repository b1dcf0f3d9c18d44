#include "common/int128.h"

#include <array>

namespace floe {

namespace {
std::string Digits(uint128_t v) {
  char buf[48];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  std::string s;
  s.reserve(n);
  while (n > 0) s.push_back(buf[--n]);
  return s;
}
uint128_t Magnitude(int128_t v) {
  return v < 0 ? -static_cast<uint128_t>(v) : static_cast<uint128_t>(v);
}
}  // namespace

void AppendInt128(int128_t v, std::string* out) {
  if (v < 0) out->push_back('-');
  out->append(Digits(Magnitude(v)));
}

void AppendDecimal(int128_t unscaled, int scale, std::string* out) {
  if (unscaled < 0) out->push_back('-');
  std::string d = Digits(Magnitude(unscaled));
  if (scale <= 0) {
    out->append(d);
    return;
  }
  if (static_cast<int>(d.size()) <= scale)
    d.insert(0, static_cast<size_t>(scale) + 1 - d.size(), '0');
  out->append(d, 0, d.size() - static_cast<size_t>(scale));
  out->push_back('.');
  out->append(d, d.size() - static_cast<size_t>(scale), std::string::npos);
}

std::string MinimalBigEndian(int128_t v) {
  unsigned char full[16];
  uint128_t u = static_cast<uint128_t>(v);
  for (int i = 15; i >= 0; --i) {
    full[i] = static_cast<unsigned char>(u & 0xff);
    u >>= 8;
  }
  // A leading byte may go when it only repeats the sign of the next one.
  int skip = 0;
  while (skip < 15 && ((full[skip] == 0x00 && !(full[skip + 1] & 0x80)) ||
                       (full[skip] == 0xff && (full[skip + 1] & 0x80)))) {
    ++skip;
  }
  return std::string(reinterpret_cast<const char*>(full + skip), static_cast<size_t>(16 - skip));
}

int128_t PowerOfTen(int k) {
  static const auto table = [] {
    std::array<int128_t, 39> t{};
    t[0] = 1;
    for (size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  return table[static_cast<size_t>(k)];
}

int128_t DivideRoundHalfUp(int128_t x, int128_t y) {
  int128_t q = x / y, r = x % y;
  if (Magnitude(r) * 2 >= Magnitude(y)) q += (x < 0) != (y < 0) ? -1 : 1;
  return q;
}

}  // namespace floe
