// A replacement for libc's strtod in the WebAssembly build only: the engine is
// compiled there with -Dstrtod=stepwise_wasm_strtod (engine/CMakeLists.txt).
//
// Why: nlohmann/json's lexer calls strtod for numbers with a fraction or an
// exponent, and musl's implementation brings a long-double float scanner with
// it (about 8 KB of WebAssembly, 3 KB gzipped: the difference between meeting
// the 64 KB budget or not). The engine accepts no floating-point numbers (money
// is decimal strings, counts are integers), so a float's value never reaches a
// result; what is observable is only whether it is finite, because nlohmann
// reports an infinite one as "number overflow". This function decides that
// exactly as a correctly rounded strtod does (glibc natively), so native and
// WebAssembly print the same bytes, and returns a close finite value otherwise.
#include <cfloat>
#include <cmath>
#include <cstring>

namespace {

// 2^1024 - 2^970: the smallest decimal value that rounds to infinity.
constexpr const char* kOverflow =
    "1797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963"
    "3028641669288791094655554785194040263065748867150582068190890200070838367627385484581771153176447573027"
    "0069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

extern "C" double stepwise_wasm_strtod(const char* text, char** end) {
    const char* p = text;
    bool negative = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    // Significant digits (leading zeros dropped) and the power of ten they scale by.
    char digits[400];
    int count = 0;
    long exponent = 0;
    bool any = false, point = false;
    for (;; ++p) {
        if (*p == '.' && !point) {
            point = true;
            continue;
        }
        if (!is_digit(*p)) break;
        any = true;
        if (count == 0 && *p == '0') {
            if (point) --exponent;
            continue;
        }
        if (count < static_cast<int>(sizeof digits)) {
            digits[count++] = *p;
            if (point) --exponent;
        } else if (!point) {
            ++exponent;  // digits beyond what we keep still scale the value
        }
    }
    if (!any) {
        if (end) *end = const_cast<char*>(text);
        return 0.0;
    }
    if ((*p == 'e' || *p == 'E') && (is_digit(p[1]) || ((p[1] == '+' || p[1] == '-') && is_digit(p[2])))) {
        ++p;
        bool down = *p == '-';
        if (*p == '-' || *p == '+') ++p;
        long e = 0;
        for (; is_digit(*p); ++p)
            if (e < 100000) e = e * 10 + (*p - '0');
        exponent += down ? -e : e;
    }
    if (end) *end = const_cast<char*>(p);
    if (count == 0) return negative ? -0.0 : 0.0;

    // The value is 0.DIGITS x 10^(count + exponent); it has `integer_digits` digits before the point.
    long integer_digits = count + exponent;
    const long threshold_digits = static_cast<long>(std::strlen(kOverflow));
    bool overflow = integer_digits > threshold_digits;
    if (integer_digits == threshold_digits) {
        // Compare digit by digit with the threshold (missing digits are zeros).
        int cmp = 0;
        for (long i = 0; i < threshold_digits && cmp == 0; ++i) {
            char d = i < count ? digits[i] : '0';
            cmp = (d > kOverflow[i]) - (d < kOverflow[i]);
        }
        overflow = cmp >= 0;
    }
    if (overflow) return negative ? -HUGE_VAL : HUGE_VAL;

    // A close finite value: 17 significant digits scaled by powers of ten.
    double value = 0;
    int used = count < 17 ? count : 17;
    for (int i = 0; i < used; ++i) value = value * 10 + (digits[i] - '0');
    long scale = exponent + (count - used);
    if (scale > 0)
        for (long i = 0; i < scale && value < DBL_MAX; ++i) value *= 10;
    else
        for (long i = 0; i > scale && value > 0; --i) value /= 10;
    if (!(value <= DBL_MAX)) value = DBL_MAX;
    return negative ? -value : value;
}
