// SPDX-License-Identifier: MIT
// Expected<T>: a value or a tool error, since C++20 has no std::expected.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "linter/diagnostic.hpp"

namespace unitguard {

/// A failure of the tool itself (unreadable file, bad policy, no bus), as opposed to a finding.
struct Error {
    std::string message;  ///< what failed, on which value, in plain words
    Location location;    ///< where the bad input is, if it has a place
};

/// Holds either a T or an Error. Accessing the wrong alternative is a programming error.
template <typename T>
class Expected {
public:
    Expected(T value) : storage_(std::move(value)) {}  // NOLINT: implicit by design
    Expected(Error error) : storage_(std::move(error)) {}  // NOLINT: implicit by design

    bool has_value() const { return storage_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { return std::get<0>(storage_); }
    const T& value() const& { return std::get<0>(storage_); }
    T&& value() && { return std::get<0>(std::move(storage_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<1>(storage_); }

private:
    std::variant<T, Error> storage_;
};

}  // namespace unitguard
