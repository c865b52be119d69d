// SPDX-License-Identifier: MIT
// Directive lookups over the generated table (rules/data/directives.tsv) and the value
// checks of validate_value(), which follow systemd 252's parsers (parse_boolean, safe_ato*,
// parse_mode, parse_time, parse_size, path checks, seccomp and namespace parsers ...).
#include "rules/directives.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>

#include "rules/data/table_hash.hpp"
#include "rules/data/tables.hpp"
#include "rules/kernel_names.hpp"
#include "rules/specifier_table.hpp"
#include "rules/syscall_groups.hpp"

namespace unitguard::rules {
namespace {

using data::kFlagBool;
using data::kFlagDashPrefix;
using data::kFlagNoErrno;
using data::kFlagRelative;
using data::kFlagTilde;

constexpr int kDefaultTarget = 252;
constexpr std::uint64_t kInfinity = std::numeric_limits<std::uint64_t>::max();

// ---- small text helpers ----------------------------------------------------------------

/// systemd's WHITESPACE set.
bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
/// isspace() in the C locale, which strtol() and friends skip.
bool is_c_space(char c) { return is_ws(c) || c == '\v' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t skip_ws(std::string_view s, std::size_t pos) {
    while (pos < s.size() && is_ws(s[pos])) ++pos;
    return pos;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

std::string q(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string key_of(const Directive& d) { return std::string(d.name) + "="; }

/// Calls `f` for every '|'-separated part of `list`; stops early when `f` returns true.
template <typename F>
bool any_part(std::string_view list, F&& f) {
    while (!list.empty()) {
        const std::size_t bar = list.find('|');
        if (f(list.substr(0, bar))) return true;
        if (bar == std::string_view::npos) break;
        list.remove_prefix(bar + 1);
    }
    return false;
}

bool in_list(std::string_view list, std::string_view word) {
    return any_part(list, [word](std::string_view part) { return part == word; });
}

/// Whitespace-separated words the way systemd's extract_first_word() yields them. With
/// `unquote`, quotes group text and are removed; a backslash always escapes the next
/// character. Words without quotes or escapes are returned as views without copying.
class Words {
  public:
    Words(std::string_view text, bool unquote) : text_(text), unquote_(unquote) {}

    bool next(std::string_view& word) {
        pos_ = skip_ws(text_, pos_);
        if (pos_ >= text_.size()) return false;
        const std::size_t start = pos_;
        bool copied = false;
        char quote = 0;
        auto copy_so_far = [&] {
            if (!copied) buf_.assign(text_.substr(start, pos_ - start));
            copied = true;
        };
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (quote == 0 && is_ws(c)) break;
            if (c == '\\' && pos_ + 1 < text_.size()) {
                copy_so_far();
                buf_ += text_[pos_ + 1];
                pos_ += 2;
            } else if (quote != 0 && c == quote) {
                copy_so_far();
                quote = 0;
                ++pos_;
            } else if (quote == 0 && unquote_ && (c == '"' || c == '\'')) {
                copy_so_far();
                quote = c;
                ++pos_;
            } else {
                if (copied) buf_ += c;
                ++pos_;
            }
        }
        word = copied ? std::string_view(buf_) : text_.substr(start, pos_ - start);
        return true;
    }

  private:
    std::string_view text_;
    bool unquote_;
    std::size_t pos_ = 0;
    std::string buf_;
};

bool utf8_valid(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xe  ? 3
                          : (c >> 3) == 0x1e ? 4
                                             : 0;
        if (len == 0 || i + len > s.size()) return false;
        std::uint32_t cp = len == 1 ? c : (c & (0x7f >> len));
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

// ---- integers, the way safe_atoi()/safe_atou() and strtol() read them ------------------------

/// Result of scanning a C integer (strtol family): `end` is where scanning stopped, which is
/// the start position when there were no digits.
struct Scan {
    std::size_t end;
    bool digits;
    bool negative;
    std::uint64_t magnitude;
    bool overflow;  ///< magnitude does not fit in 64 bits
};

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

Scan scan_c_integer(std::string_view s, std::size_t pos, int base) {
    const std::size_t start = pos;
    while (pos < s.size() && is_c_space(s[pos])) ++pos;
    bool negative = false;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) negative = s[pos++] == '-';
    if ((base == 0 || base == 16) && pos + 2 < s.size() && s[pos] == '0' &&
        (s[pos + 1] == 'x' || s[pos + 1] == 'X') && digit_value(s[pos + 2]) < 16) {
        base = 16;
        pos += 2;
    } else if (base == 0) {
        base = (pos < s.size() && s[pos] == '0') ? 8 : 10;
    }
    const std::size_t first = pos;
    std::uint64_t magnitude = 0;
    bool overflow = false;
    for (; pos < s.size(); ++pos) {
        const int d = digit_value(s[pos]);
        if (d >= base) break;
        const auto b = static_cast<std::uint64_t>(base), dd = static_cast<std::uint64_t>(d);
        if (magnitude > (kInfinity - dd) / b)
            overflow = true;
        else
            magnitude = magnitude * b + dd;
    }
    if (pos == first) return {start, false, false, 0, false};
    return {pos, true, negative, magnitude, overflow};
}

enum class IntError { None, Invalid, Range };

struct IntValue {
    IntError error = IntError::None;
    bool negative = false;
    std::uint64_t magnitude = 0;
};

/// systemd's safe_atoi/safe_atolli/safe_atou/safe_atou64 with base 0 (mode: base 8 and no
/// sign allowed, as parse_mode() does).
IntValue parse_integer(std::string_view text, data::NumberType type, int forced_base = 0,
                       bool refuse_sign = false) {
    using data::NumberType;
    std::size_t pos = skip_ws(text, 0);
    if (refuse_sign && pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
        return {IntError::Invalid};
    int base = forced_base;
    if (base == 0 && pos + 1 < text.size() && text[pos] == '0') {
        const char p = text[pos + 1];
        if (p == 'b' || p == 'B') {
            base = 2;
            pos += 2;
        } else if (p == 'o' || p == 'O') {
            base = 8;
            pos += 2;
        }
    }
    const bool is_signed = type == NumberType::Int32 || type == NumberType::Int64;
    const Scan scan = scan_c_integer(text, pos, base);
    if (!scan.digits || scan.end != text.size()) {
        // strtol() reports overflow before the caller looks at trailing text.
        if (scan.digits && scan.overflow) return {IntError::Range};
        return {IntError::Invalid};
    }
    if (scan.overflow) return {IntError::Range};
    if (is_signed) {
        const std::uint64_t limit =
            type == NumberType::Int32
                ? (scan.negative ? 0x80000000ULL : 0x7fffffffULL)
                : (scan.negative ? 0x8000000000000000ULL : 0x7fffffffffffffffULL);
        if (scan.magnitude > limit) return {IntError::Range};
        return {IntError::None, scan.negative && scan.magnitude != 0, scan.magnitude};
    }
    // strtoul() negates negative input silently; systemd then refuses a leading '-'.
    std::uint64_t value = scan.negative ? (0 - scan.magnitude) : scan.magnitude;
    if (value != 0 && pos < text.size() && text[pos] == '-') return {IntError::Range};
    if (type == NumberType::Uint32 && value > 0xffffffffULL) return {IntError::Range};
    return {IntError::None, false, value};
}

bool below(const IntValue& v, std::int64_t min) {
    if (min >= 0) return v.negative || v.magnitude < static_cast<std::uint64_t>(min);
    if (!v.negative) return false;
    return v.magnitude > static_cast<std::uint64_t>(-(min + 1)) + 1;
}

bool above(const IntValue& v, std::uint64_t max) { return !v.negative && v.magnitude > max; }

std::string type_min(data::NumberType type) {
    switch (type) {
        case data::NumberType::Int32:
            return "-2147483648";
        case data::NumberType::Int64:
            return "-9223372036854775808";
        default:
            return "0";
    }
}

std::string type_max(data::NumberType type) {
    switch (type) {
        case data::NumberType::Int32:
            return "2147483647";
        case data::NumberType::Int64:
            return "9223372036854775807";
        case data::NumberType::Uint32:
            return "4294967295";
        default:
            return "18446744073709551615";
    }
}

/// Whether `value` is an integer of the limits' type inside their range.
bool integer_in_limits(const data::ValueLimits& limits, std::string_view value) {
    if (limits.number == data::NumberType::None) return false;
    const IntValue v = parse_integer(value, limits.number);
    if (v.error != IntError::None) return false;
    return !(limits.has_min && below(v, limits.min)) && !(limits.has_max && above(v, limits.max));
}

// ---- value parsers ---------------------------------------------------------------------

std::optional<bool> parse_bool(std::string_view value) {
    for (const auto& w : data::kBoolWords)
        if (iequals(w.word, value)) return w.value;
    return std::nullopt;
}

/// systemd's parse_time() (usec units, bare numbers are seconds) or parse_nsec() (all units,
/// bare numbers are nanoseconds), down to its pointer arithmetic.
bool time_span_valid(std::string_view t, bool nsec) {
    constexpr std::string_view kInfinityWord = "infinity";
    std::size_t p = skip_ws(t, 0);
    if (t.substr(p).starts_with(kInfinityWord))
        return skip_ws(t, p + kInfinityWord.size()) == t.size();

    const std::uint64_t default_unit = nsec ? 1 : 1000000;
    std::uint64_t total = 0;
    bool something = false;
    for (;;) {
        std::uint64_t multiplier = default_unit;
        p = skip_ws(t, p);
        if (p >= t.size()) return something;
        if (t[p] == '-') return false;  // "Don't allow -0"

        const Scan scan = scan_c_integer(t, p, 10);
        if (scan.digits && (scan.overflow || scan.magnitude > 0x7fffffffffffffffULL)) return false;
        if (scan.digits && scan.negative && scan.magnitude != 0) return false;
        const std::size_t e = scan.digits ? scan.end : p;
        const std::uint64_t l = scan.digits ? scan.magnitude : 0;
        const bool dot = e < t.size() && t[e] == '.';
        std::size_t next;
        if (dot) {
            next = e + 1;
            while (next < t.size() && is_digit(t[next])) ++next;
        } else if (e == p) {
            return false;
        } else {
            next = e;
        }

        const std::size_t unit_at = skip_ws(t, next);
        std::size_t s = unit_at;
        for (const auto& unit : data::kTimeUnits) {
            if (!nsec && !unit.usec_parser) continue;
            if (t.substr(unit_at).starts_with(unit.unit)) {
                multiplier = nsec ? unit.nanoseconds : unit.nanoseconds / 1000;
                s = unit_at + unit.unit.size();
                break;
            }
        }
        if (s == next && s < t.size()) return false;  // "Don't allow 12.34.56"
        p = s;

        if (l >= kInfinity / multiplier) return false;
        std::uint64_t k = l * multiplier;
        if (k >= kInfinity - total) return false;
        total += k;
        something = true;

        if (dot) {
            std::uint64_t m = multiplier / 10;
            std::size_t b = e + 1;
            for (; b < t.size() && is_digit(t[b]); ++b, m /= 10) {
                k = static_cast<std::uint64_t>(t[b] - '0') * m;
                if (k >= kInfinity - total) return false;
                total += k;
            }
            if (b == e + 1) return false;  // "Don't allow 3.sec"
        }
    }
}

/// systemd's parse_size() with base 1024.
bool size_valid(std::string_view t) {
    const auto suffixes = data::kSizeSuffixes;
    std::uint64_t total = 0;
    std::size_t start_pos = 0;
    std::size_t p = 0;
    do {
        p = skip_ws(t, p);
        const Scan scan = scan_c_integer(t, p, 10);
        if (scan.digits && scan.overflow) return false;
        std::size_t e = scan.digits ? scan.end : p;
        if (e == p) return false;
        if (t[p] == '-') return false;
        const std::uint64_t l = scan.negative ? 0 - scan.magnitude : scan.magnitude;

        double frac = 0;
        if (e < t.size() && t[e] == '.') {
            ++e;
            if (e < t.size() && is_digit(t[e])) {
                const Scan f = scan_c_integer(t, e, 10);
                if (f.overflow) return false;
                frac = static_cast<double>(f.magnitude);
                for (; e < f.end; ++e) frac /= 10;
            }
        }
        e = skip_ws(t, e);

        std::size_t i = start_pos;
        for (; i < suffixes.size(); ++i)
            if (t.substr(e).starts_with(suffixes[i].suffix)) break;
        if (i >= suffixes.size()) return false;

        const std::uint64_t factor = suffixes[i].bytes;
        if (l + (frac > 0 ? 1 : 0) > kInfinity / factor) return false;
        const std::uint64_t part =
            l * factor + static_cast<std::uint64_t>(frac * static_cast<double>(factor));
        if (part > kInfinity - total) return false;
        total += part;

        p = e + suffixes[i].suffix.size();
        start_pos = i + 1;
    } while (p < t.size());
    return true;
}

bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// Whether `c` after a '%' is a specifier that `target` expands.
bool known_specifier(char c, int target) {
    const SpecifierInfo* spec = c == '%' ? nullptr : find_specifier(c);
    return spec != nullptr && spec->added_in <= target;
}

/// Checks the %-specifiers of `text` against what `target` expands. Like systemd's
/// specifier_printf(), only an unknown letter or digit is an error; '%' followed by any
/// other character (or by nothing) stays as it is.
std::optional<std::string> check_specifiers(std::string_view text, int target) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != '%') continue;
        const char c = text[++i];
        if (is_alnum(c) && !known_specifier(c, target))
            return "unknown specifier '%" + std::string(1, c) + "' in " + q(text);
    }
    return std::nullopt;
}

/// The checks of systemd's path_simplify_and_warn() on a path before specifier expansion:
/// absolute (a leading specifier may expand to an absolute path), valid length, no "..".
std::optional<std::string> check_path(const Directive& d, std::string_view value,
                                      std::uint32_t flags, int target) {
    std::string_view path = value;
    if ((flags & kFlagDashPrefix) != 0 && path.starts_with('-')) path.remove_prefix(1);
    if ((flags & kFlagTilde) != 0 && path == "~") return std::nullopt;
    if (auto error = check_specifiers(path, target)) return error;
    if (!utf8_valid(path)) return "path " + q(value) + " for " + key_of(d) + " is not valid UTF-8";
    // A leading specifier may expand to an absolute path (%h, %t, ...) or to nothing;
    // without the unit's context that cannot be decided, so it passes.
    const bool absolute = path.starts_with('/') ||
                          (path.size() >= 2 && path[0] == '%' && known_specifier(path[1], target));
    if (!absolute && (flags & kFlagRelative) == 0)
        return "path " + q(value) + " for " + key_of(d) + " is not absolute";
    if (path.size() >= 4096) return "path " + q(value) + " for " + key_of(d) + " is too long";
    std::string_view rest = path;
    while (!rest.empty()) {
        const std::size_t slash = rest.find('/');
        const std::string_view part = rest.substr(0, slash);
        if (part == "..") return "path " + q(value) + " for " + key_of(d) + " is not normalized";
        if (part.size() > 255)
            return "path " + q(value) + " for " + key_of(d) +
                   " has a component longer than 255 bytes";
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
    return std::nullopt;
}

/// A name for $LISTEN_FDNAMES (fd:NAME): printable ASCII without ':', at most 255 bytes.
bool fdname_valid(std::string_view name) {
    if (name.size() > 255) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x7f && c != ':';
    });
}

// ---- per-kind checks -------------------------------------------------------------------

const data::ValueLimits* limits_of(const data::DirectiveDetail* detail) {
    if (detail == nullptr || detail->limits == data::kNoLimits) return nullptr;
    return &data::kValueLimits[detail->limits];
}

std::optional<std::string> check_enum(const Directive& d, const data::DirectiveDetail* detail,
                                      std::string_view value, int target) {
    const data::ValueLimits* limits = limits_of(detail);
    const bool bool_ok = d.enum_accepts_bool || (limits != nullptr && (limits->flags & kFlagBool));
    if (bool_ok && parse_bool(value)) return std::nullopt;
    const std::string_view not_in_252 = detail != nullptr ? detail->not_in_252 : std::string_view{};
    const bool old_target = target <= 252;

    std::optional<std::string> result;
    const bool matched = any_part(d.enum_words, [&](std::string_view word) {
        std::string_view arg, placeholder;
        bool with_arg = false;
        if (const std::size_t colon = word.find(':'); colon != std::string_view::npos) {
            const std::string_view prefix = word.substr(0, colon);
            if (value == prefix) {
                // the bare word ("fd", "file") is accepted too
            } else if (value.size() > colon &&
                       value.substr(0, colon + 1) == word.substr(0, colon + 1)) {
                with_arg = true;
                arg = value.substr(colon + 1);
                placeholder = word.substr(colon + 1);
            } else {
                return false;
            }
        } else if (value != word) {
            return false;
        }
        if (old_target && in_list(not_in_252, word)) {
            std::string accepted;
            if (bool_ok) accepted = "yes, no";
            any_part(d.enum_words, [&](std::string_view w) {
                if (!in_list(not_in_252, w) && !(bool_ok && (w == "yes" || w == "no")))
                    accepted += (accepted.empty() ? "" : ", ") + std::string(w);
                return false;
            });
            result = "value " + q(value) + " for " + key_of(d) +
                     " needs a newer systemd than 252; expected one of: " + accepted;
            return true;
        }
        if (with_arg) {
            if (placeholder == "PATH") {
                result = check_path(d, arg, 0, target);
            } else if (placeholder == "NAME") {
                if (auto error = check_specifiers(arg, target))
                    result = error;
                else if (!fdname_valid(arg))
                    result = "invalid file descriptor name " + q(arg) + " for " + key_of(d);
            }
        }
        return true;
    });
    if (matched) return result;
    if (limits != nullptr) {
        if (integer_in_limits(*limits, value)) return std::nullopt;
        if (in_list(limits->words, value)) return std::nullopt;
    }
    std::string expected;
    if (bool_ok) expected = "yes, no";
    any_part(d.enum_words, [&](std::string_view w) {
        if (old_target && in_list(not_in_252, w)) return false;
        if (bool_ok && (w == "yes" || w == "no")) return false;
        expected += (expected.empty() ? "" : ", ") + std::string(w);
        return false;
    });
    if (limits != nullptr && limits->number != data::NumberType::None)
        expected += ", or a number from " + std::to_string(limits->min) + " to " +
                    std::to_string(limits->max);
    return "unknown value " + q(value) + " for " + key_of(d) + "; expected one of: " + expected;
}

std::optional<std::string> check_int(const Directive& d, const data::ValueLimits* limits,
                                     std::string_view value) {
    if (limits == nullptr) return std::nullopt;  // every int row has limits (generator checks)
    if (in_list(limits->words, value)) return std::nullopt;
    const IntValue v = parse_integer(value, limits->number);
    const std::string low =
        limits->has_min ? std::to_string(limits->min) : type_min(limits->number);
    const std::string high =
        limits->has_max ? std::to_string(limits->max) : type_max(limits->number);
    if (v.error == IntError::Invalid) {
        if (limits->words.empty()) return "invalid integer " + q(value);
        std::string words;
        any_part(limits->words, [&](std::string_view w) {
            words += (words.empty() ? "" : ", ") + std::string(w);
            return false;
        });
        return "invalid value " + q(value) + " for " + key_of(d) + "; expected an integer or " +
               words;
    }
    if (v.error == IntError::Range || (limits->has_min && below(v, limits->min)) ||
        (limits->has_max && above(v, limits->max)))
        return "value " + q(value) + " for " + key_of(d) + " is out of range; expected " + low +
               " to " + high;
    return std::nullopt;
}

std::optional<std::string> check_mode(std::string_view value) {
    const IntValue v = parse_integer(value, data::NumberType::Uint32, 8, true);
    if (v.error != IntError::None || v.magnitude > 07777)
        return "invalid file mode " + q(value) + "; expected an octal number up to 07777";
    return std::nullopt;
}

/// The ":errno" part of a system call filter entry: kill, an errno name or 0..4095.
bool syscall_errno_valid(std::string_view text) {
    if (text == "kill") return true;
    if (errno_number(text)) return true;
    const IntValue v = parse_integer(text, data::NumberType::Int32);
    return v.error == IntError::None && !v.negative && v.magnitude <= 4095;
}

std::optional<std::string> check_syscall_filter(const data::ValueLimits* limits,
                                                std::string_view value, int target) {
    const bool errno_allowed = limits == nullptr || (limits->flags & kFlagNoErrno) == 0;
    const SyscallGroupTable& table = syscall_group_table(target);
    const SyscallGroupTable& newest = syscall_group_table(std::numeric_limits<int>::max());
    const std::string release = std::to_string(table_version(table));
    bool invert = false;
    if (value.starts_with('~')) {
        invert = true;
        value.remove_prefix(1);
    }
    Words words(value, false);
    std::string_view word;
    while (words.next(word)) {
        std::string_view name = word;
        if (errno_allowed) {
            if (const std::size_t colon = word.find(':'); colon != std::string_view::npos) {
                name = word.substr(0, colon);
                if (!syscall_errno_valid(word.substr(colon + 1)))
                    return "invalid error number " + q(word.substr(colon + 1)) + " in " + q(word);
                if (name.empty()) return "missing system call name in " + q(word);
                if (!invert)
                    return "allow-listed system call " + q(word) + " cannot take an error number";
            }
        }
        if (name.starts_with('@')) {
            if (!has_group(table, name)) {
                if (has_group(newest, name))
                    return "system call group " + q(name) + " needs a newer systemd than " +
                           release;
                return "unknown system call group " + q(name);
            }
        } else if (!is_accepted_syscall(table, name)) {
            if (is_unresolved_syscall(table, name))
                return "system call " + q(name) + " is unknown to the libseccomp of systemd " +
                       release + " and would be ignored";
            if (is_accepted_syscall(newest, name))
                return "system call " + q(name) + " needs a newer systemd than " + release;
            return "unknown system call " + q(name);
        }
    }
    return std::nullopt;
}

std::optional<std::string> check_capabilities(std::string_view value) {
    if (value.starts_with('~')) value.remove_prefix(1);
    Words words(value, true);
    std::string_view word;
    while (words.next(word)) {
        if (capability_number(word)) continue;
        // systemd also takes capability numbers; it silently drops unknown names, which is
        // reported here because the capability then has no effect.
        const IntValue v = parse_integer(word, data::NumberType::Int32);
        if (v.error == IntError::None && !v.negative &&
            v.magnitude < static_cast<std::uint64_t>(capability_count()))
            continue;
        return "unknown capability " + q(word);
    }
    return std::nullopt;
}

// SuccessExitStatus= and the Restart*ExitStatus= lists take exit statuses from 0 to 255 and
// the names of exit statuses and signals (NAMESPACE, SIGKILL, RTMIN+3). Names are checked
// by their form only: upper-case letters, digits, '_', '+' and '-', as systemd's tables
// spell them. systemd skips any other word, such as an inline comment, and keeps the rest.
std::optional<std::string> check_exit_status_list(std::string_view value) {
    Words words(value, true);
    std::string_view word;
    while (words.next(word)) {
        const bool digits = std::all_of(word.begin(), word.end(),
                                        [](char c) { return c >= '0' && c <= '9'; });
        if (digits) {
            const IntValue v = parse_integer(word, data::NumberType::Int32);
            if (v.error == IntError::None && v.magnitude <= 255) continue;
            return "exit status " + q(word) + " is outside 0 to 255";
        }
        const bool name_form = std::all_of(word.begin(), word.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
                   c == '-';
        });
        if (name_form && word.front() >= 'A' && word.front() <= 'Z') continue;
        return "invalid exit status or signal " + q(word);
    }
    return std::nullopt;
}

std::optional<std::string> check_address_families(const Directive& d, std::string_view value) {
    if (value == "none") return std::nullopt;
    if (value.starts_with('~')) value.remove_prefix(1);
    Words words(value, true);
    std::string_view word;
    while (words.next(word)) {
        if (address_family_accepted_by_systemd(word)) continue;
        if (word == "none") return "'none' must be the only word of " + key_of(d);
        return "unknown address family " + q(word);
    }
    return std::nullopt;
}

std::optional<std::string> check_namespaces(std::string_view value) {
    if (parse_bool(value)) return std::nullopt;
    if (value.starts_with('~')) value.remove_prefix(1);
    Words words(value, false);
    std::string_view word;
    while (words.next(word)) {
        const bool known = std::any_of(data::kNamespaces.begin(), data::kNamespaces.end(),
                                       [word](const auto& ns) { return ns.name == word; });
        if (known) continue;
        std::string names;
        for (const auto& ns : data::kNamespaces)
            names += (names.empty() ? "" : ", ") + std::string(ns.name);
        return "unknown namespace type " + q(word) + "; expected a boolean or: " + names;
    }
    return std::nullopt;
}

const data::ArchitectureName* find_architecture(std::string_view name) {
    for (const auto& a : data::kArchitectures)
        if (a.name == name) return &a;
    return nullptr;
}

std::optional<std::string> check_architecture_list(std::string_view value) {
    Words words(value, true);
    std::string_view word;
    while (words.next(word)) {
        const auto* arch = find_architecture(word);
        if (arch == nullptr || !arch->seccomp) return "unknown system call architecture " + q(word);
    }
    return std::nullopt;
}

std::optional<std::string> check_architecture(std::string_view value) {
    const auto* arch = find_architecture(value);
    if (arch == nullptr || !arch->architecture) return "unknown architecture " + q(value);
    return std::nullopt;
}

/// systemd's parse_ip_port_range(): "N" or "N-M" with 1 <= N <= M <= 65535.
bool port_range_valid(std::string_view text) {
    const std::size_t dash = text.find('-');
    const std::string_view low = text.substr(0, dash);
    const std::string_view high = dash == std::string_view::npos ? low : text.substr(dash + 1);
    if (dash != std::string_view::npos && high.empty()) return false;
    const IntValue l = parse_integer(low, data::NumberType::Uint32);
    const IntValue h = parse_integer(high, data::NumberType::Uint32);
    if (l.error != IntError::None || h.error != IntError::None) return false;
    return l.magnitude >= 1 && l.magnitude <= 65535 && h.magnitude >= 1 && h.magnitude <= 65535 &&
           h.magnitude >= l.magnitude;
}

/// systemd's parse_socket_bind_item(): [ipv4|ipv6:][tcp|udp:](PORT[-PORT]|any), each part
/// optional but in this order.
std::optional<std::string> check_socket_bind(std::string_view value) {
    int state = 0;  // next parser to try: 0 family, 1 protocol, 2 ports, 3 done
    std::string_view rest = value;
    bool last = false;
    while (!last) {
        const std::size_t colon = rest.find(':');
        const std::string_view token = rest.substr(0, colon);
        last = colon == std::string_view::npos;
        if (!last) rest.remove_prefix(colon + 1);
        bool parsed = false;
        if (!token.empty()) {
            while (state < 3 && !parsed) {
                if (state == 0)
                    parsed = token == "ipv4" || token == "ipv6";
                else if (state == 1)
                    parsed = iequals(token, "tcp") || iequals(token, "udp");
                else
                    parsed = token == "any" || port_range_valid(token);
                ++state;
            }
        }
        if (!parsed || (state == 3 && !last))
            return "invalid socket bind rule " + q(value) +
                   "; expected [ipv4|ipv6:][tcp|udp:]PORT[-PORT] or any";
    }
    return std::nullopt;
}

std::optional<std::string> check_errno(std::string_view value) {
    if (value == "kill" || errno_number(value)) return std::nullopt;
    const IntValue v = parse_integer(value, data::NumberType::Int32);
    if (v.error == IntError::None && !v.negative && v.magnitude >= 1 && v.magnitude <= 4095)
        return std::nullopt;
    return "invalid error number " + q(value) + "; expected an errno name, 1 to 4095, or kill";
}

const data::DirectiveDetail* detail_of(const Directive& d) {
    const auto rows = data::kDirectives;
    const std::less<const Directive*> before;
    if (!before(&d, rows.data()) && before(&d, rows.data() + rows.size()))
        return &data::kDirectiveDetails[static_cast<std::size_t>(&d - rows.data())];
    if (const Directive* row = find_directive(d.section, d.name))
        return &data::kDirectiveDetails[static_cast<std::size_t>(row - rows.data())];
    return nullptr;
}

}  // namespace

const Directive* find_directive(std::string_view section, std::string_view name) {
    const auto slots = data::kDirectiveHash;
    const std::size_t mask = slots.size() - 1;
    for (std::size_t at = data::directive_hash(section, name) & mask;; at = (at + 1) & mask) {
        const std::uint16_t slot = slots[at];
        if (slot == 0) return nullptr;
        const Directive& row = data::kDirectives[slot - 1u];
        if (row.name == name && row.section == section) return &row;
    }
}

std::span<const Directive> all_directives() { return data::kDirectives; }

std::span<const std::string_view> sections_of(std::string_view name) {
    const auto names = data::kDirectiveNames;
    auto it = std::lower_bound(
        names.begin(), names.end(), name,
        [](const data::NameSections& row, std::string_view key) { return row.name < key; });
    if (it == names.end() || it->name != name) return {};
    return data::kDirectiveNameSections.subspan(it->first, it->count);
}

bool is_known_section(std::string_view section) {
    const std::span<const Directive> directives = all_directives();
    return std::any_of(directives.begin(), directives.end(),
                       [&](const Directive& directive) { return directive.section == section; });
}

std::string_view value_kind_name(ValueKind kind) {
    const auto index = static_cast<std::size_t>(kind);
    if (index >= data::kValueKindNames.size()) return {};
    return data::kValueKindNames[index];
}

std::string_view directive_parser(const Directive& directive) {
    const auto* detail = detail_of(directive);
    return detail != nullptr ? detail->parser : std::string_view{};
}

std::optional<std::string> validate_value(const Directive& directive, std::string_view value) {
    return validate_value(directive, value, kDefaultTarget);
}

std::optional<std::string> validate_value(const Directive& d, std::string_view value, int target) {
    if (value.empty()) return std::nullopt;
    const data::DirectiveDetail* detail = detail_of(d);
    const data::ValueLimits* limits = limits_of(detail);
    switch (d.kind) {
        case ValueKind::Bool:
            if (parse_bool(value)) return std::nullopt;
            return "invalid boolean " + q(value);
        case ValueKind::Enum:
            return check_enum(d, detail, value, target);
        case ValueKind::Int:
            return check_int(d, limits, value);
        case ValueKind::Mode:
            return check_mode(value);
        case ValueKind::Timespan:
        case ValueKind::TimespanNs:
            if (time_span_valid(value, d.kind == ValueKind::TimespanNs)) return std::nullopt;
            return "invalid time span " + q(value);
        case ValueKind::Bytes:
            if (size_valid(value)) return std::nullopt;
            return "invalid size " + q(value);
        case ValueKind::Path:
            return check_path(d, value, limits != nullptr ? limits->flags : 0, target);
        case ValueKind::SyscallFilter:
            return check_syscall_filter(limits, value, target);
        case ValueKind::CapabilitySet:
            return check_capabilities(value);
        case ValueKind::AddressFamilies:
            return check_address_families(d, value);
        case ValueKind::Namespaces:
            return check_namespaces(value);
        case ValueKind::ArchitectureList:
            return check_architecture_list(value);
        case ValueKind::Architecture:
            return check_architecture(value);
        case ValueKind::SocketBind:
            return check_socket_bind(value);
        case ValueKind::Errno:
            return check_errno(value);
        case ValueKind::ExitStatusList:
            return check_exit_status_list(value);
        default:
            // TODO: the remaining kinds (lists, exec lines, units, sizes with percentages,
            // signals, rlimits, ...) need their own parsers; until then every value passes.
            return std::nullopt;
    }
}

}  // namespace unitguard::rules
