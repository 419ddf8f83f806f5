// The libraries ShortestDecimal was measured against (Debian's libdouble-conversion-dev and
// libfmt-dev; scripts/bench-numbers.sh installs them).
#include "number_peers.h"
#include <double-conversion/double-to-string.h>
#include <fmt/compile.h>
#include <fmt/format.h>

void peers_double_conversion_shortest(double value, char *digits, int size, int *length, int *point) {
    bool sign;
    double_conversion::DoubleToStringConverter::DoubleToAscii(
        value, double_conversion::DoubleToStringConverter::SHORTEST, 0, digits, size, &sign, length, point);
}

int peers_fmt_shortest(double value, char *out, int size) {
    auto result = fmt::format_to_n(out, size, FMT_COMPILE("{}"), value);
    return static_cast<int>(result.size);
}
