// The sprintf family for the WebAssembly module: integers, characters and
// strings, no floating point. Linked into stepwise.wasm only (the
// stepwise_wasm_printf object library, engine/CMakeLists.txt), where it takes
// the place of musl's.
//
// Why: two callers in the module format text, nlohmann/json's lexer ("<U+%.4X>"
// for a control character, which reaches parse error messages) and Embind's
// type names ("%p"). For them musl links its whole printf core, whose
// floating-point formatter (long double, fmt_fp) is about 4 KB of the gzipped
// module. Nothing in the module formats a float: money is integers and the
// engine rejects floating-point input. The integer conversions follow C99 to
// the letter, checked against glibc natively by tests/spec/printf_test.cpp,
// so native and WebAssembly error messages keep the same bytes. A
// floating-point conversion consumes its argument and prints nothing, which
// the parity tests would catch at once if one ever appeared.
#include <cstdarg>
#include <cstddef>
#include <cstdint>

namespace {

struct Output {
    char* buffer;
    std::size_t capacity;
    std::size_t length = 0;  // what would be written without a limit (C99's return value)

    void put(char c) {
        if (length + 1 < capacity) buffer[length] = c;
        ++length;
    }
    void repeat(char c, int n) {
        for (; n > 0; --n) put(c);
    }
};

struct Spec {
    bool left = false, zero = false, plus = false, space = false, alt = false;
    int width = 0;
    int precision = -1;  // none
};

int read_number(const char*& p) {
    int n = 0;
    while (*p >= '0' && *p <= '9') n = n * 10 + (*p++ - '0');
    return n;
}

// One integer conversion: sign or prefix, zeros up to the precision, padding.
void put_integer(Output& out, const Spec& s, std::uintmax_t magnitude, bool negative, char conversion) {
    char digits[32];
    int n = 0;
    const unsigned base = conversion == 'o' ? 8 : (conversion == 'x' || conversion == 'X' || conversion == 'p') ? 16 : 10;
    const char* alphabet = conversion == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    for (std::uintmax_t v = magnitude; v != 0; v /= base) digits[n++] = alphabet[v % base];
    int zeros = s.precision > n ? s.precision - n : 0;
    if (s.precision < 0 && magnitude == 0) zeros = 1;  // "0"; with precision 0 a zero prints no digit
    if (conversion == 'o' && s.alt && zeros == 0 && (n == 0 || digits[n - 1] != '0')) zeros = 1;
    const char* prefix = "";
    if (negative)
        prefix = "-";
    else if ((conversion == 'd' || conversion == 'i') && s.plus)
        prefix = "+";
    else if ((conversion == 'd' || conversion == 'i') && s.space)
        prefix = " ";
    else if (s.alt && magnitude != 0 && conversion == 'x')
        prefix = "0x";
    else if (s.alt && magnitude != 0 && conversion == 'X')
        prefix = "0X";
    int prefix_length = 0;
    while (prefix[prefix_length]) ++prefix_length;
    int pad = s.width - (prefix_length + zeros + n);
    if (s.zero && !s.left && s.precision < 0) {
        zeros += pad > 0 ? pad : 0;
        pad = 0;
    }
    if (!s.left) out.repeat(' ', pad);
    for (const char* c = prefix; *c; ++c) out.put(*c);
    out.repeat('0', zeros);
    while (n > 0) out.put(digits[--n]);
    if (s.left) out.repeat(' ', pad);
}

void put_text(Output& out, const Spec& s, const char* text, std::size_t length) {
    int pad = s.width - static_cast<int>(length);
    if (!s.left) out.repeat(' ', pad);
    for (std::size_t i = 0; i < length; ++i) out.put(text[i]);
    if (s.left) out.repeat(' ', pad);
}

}  // namespace

extern "C" int stepwise_vformat(char* buffer, std::size_t capacity, const char* format, va_list args) {
    Output out{buffer, capacity};
    for (const char* p = format; *p; ++p) {
        if (*p != '%') {
            out.put(*p);
            continue;
        }
        ++p;
        Spec s;
        for (;; ++p) {
            if (*p == '-') s.left = true;
            else if (*p == '0') s.zero = true;
            else if (*p == '+') s.plus = true;
            else if (*p == ' ') s.space = true;
            else if (*p == '#') s.alt = true;
            else break;
        }
        if (*p == '*') {
            s.width = va_arg(args, int);
            if (s.width < 0) s.left = true, s.width = -s.width;
            ++p;
        } else {
            s.width = read_number(p);
        }
        if (*p == '.') {
            ++p;
            if (*p == '*') {
                s.precision = va_arg(args, int);
                if (s.precision < 0) s.precision = -1;
                ++p;
            } else {
                s.precision = read_number(p);
            }
        }
        // Length: -2 char, -1 short, 0 int, 1 long, 2 long long, 3 size_t, 4 intmax_t, 5 ptrdiff_t, 6 long double.
        int length = 0;
        if (*p == 'h') length = *++p == 'h' ? (++p, -2) : -1;
        else if (*p == 'l') length = *++p == 'l' ? (++p, 2) : 1;
        else if (*p == 'z') ++p, length = 3;
        else if (*p == 'j') ++p, length = 4;
        else if (*p == 't') ++p, length = 5;
        else if (*p == 'L') ++p, length = 6;
        const char conversion = *p;
        if (!conversion) break;
        switch (conversion) {
        case '%':
            out.put('%');
            break;
        case 'c': {
            char c = static_cast<char>(va_arg(args, int));
            put_text(out, s, &c, 1);
            break;
        }
        case 's': {
            const char* text = va_arg(args, const char*);
            if (!text) text = "(null)";
            std::size_t n = 0;
            while (text[n] && (s.precision < 0 || n < static_cast<std::size_t>(s.precision))) ++n;
            put_text(out, s, text, n);
            break;
        }
        case 'd':
        case 'i': {
            std::intmax_t v = length == -2  ? static_cast<signed char>(va_arg(args, int))
                              : length == -1 ? static_cast<short>(va_arg(args, int))
                              : length == 1  ? va_arg(args, long)
                              : length == 2  ? va_arg(args, long long)
                              : length == 3  ? static_cast<std::intmax_t>(va_arg(args, std::size_t))
                              : length == 4  ? va_arg(args, std::intmax_t)
                              : length == 5  ? va_arg(args, std::ptrdiff_t)
                                             : va_arg(args, int);
            std::uintmax_t magnitude = v < 0 ? 0 - static_cast<std::uintmax_t>(v) : static_cast<std::uintmax_t>(v);
            put_integer(out, s, magnitude, v < 0, conversion);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            std::uintmax_t v = length == -2  ? static_cast<unsigned char>(va_arg(args, unsigned))
                               : length == -1 ? static_cast<unsigned short>(va_arg(args, unsigned))
                               : length == 1  ? va_arg(args, unsigned long)
                               : length == 2  ? va_arg(args, unsigned long long)
                               : length == 3  ? va_arg(args, std::size_t)
                               : length == 4  ? va_arg(args, std::uintmax_t)
                               : length == 5  ? static_cast<std::uintmax_t>(va_arg(args, std::ptrdiff_t))
                                              : va_arg(args, unsigned);
            put_integer(out, s, v, false, conversion);
            break;
        }
        case 'p': {
            // As musl prints it: "%#.8x" on 32 bits (no 0x for a null pointer).
            Spec hex = s;
            hex.alt = true;
            if (hex.precision < static_cast<int>(2 * sizeof(void*))) hex.precision = 2 * sizeof(void*);
            put_integer(out, hex, reinterpret_cast<std::uintptr_t>(va_arg(args, void*)), false, 'x');
            break;
        }
        case 'n':
            (void)va_arg(args, void*);  // never written through: nothing here needs it
            break;
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
            if (length == 6)
                (void)va_arg(args, long double);
            else
                (void)va_arg(args, double);
            break;
        default:  // not a conversion: printed as it stands
            out.put('%');
            out.put(conversion);
        }
    }
    if (capacity) buffer[out.length < capacity ? out.length : capacity - 1] = '\0';
    return static_cast<int>(out.length);
}

#ifdef __EMSCRIPTEN__
// musl's entry points, each archive member's whole set, so that none of its
// printf objects is linked.
extern "C" {
int vsnprintf(char* s, std::size_t n, const char* f, va_list a) { return stepwise_vformat(s, n, f, a); }
int vsniprintf(char* s, std::size_t n, const char* f, va_list a) { return stepwise_vformat(s, n, f, a); }
int __small_vsnprintf(char* s, std::size_t n, const char* f, va_list a) { return stepwise_vformat(s, n, f, a); }
int vsprintf(char* s, const char* f, va_list a) { return stepwise_vformat(s, SIZE_MAX, f, a); }
int vsiprintf(char* s, const char* f, va_list a) { return stepwise_vformat(s, SIZE_MAX, f, a); }
int __small_vsprintf(char* s, const char* f, va_list a) { return stepwise_vformat(s, SIZE_MAX, f, a); }
int snprintf(char* s, std::size_t n, const char* f, ...) {
    va_list a;
    va_start(a, f);
    int r = stepwise_vformat(s, n, f, a);
    va_end(a);
    return r;
}
#define STEPWISE_SPRINTF(name)                     \
    int name(char* s, const char* f, ...) {        \
        va_list a;                                 \
        va_start(a, f);                            \
        int r = stepwise_vformat(s, SIZE_MAX, f, a); \
        va_end(a);                                 \
        return r;                                  \
    }
STEPWISE_SPRINTF(sprintf)
STEPWISE_SPRINTF(siprintf)
STEPWISE_SPRINTF(__small_sprintf)
#undef STEPWISE_SPRINTF
}
#endif
