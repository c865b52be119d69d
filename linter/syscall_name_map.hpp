// SPDX-License-Identifier: MIT
// SyscallNameMap: a compact map from syscall names to small values, for syscall filters.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace unitguard::linter {

/// Returns the number of `name` in a process-wide table of syscall and errno names,
/// adding it on first use. Number 0 is always the empty name. Not thread-safe.
std::uint32_t intern_syscall_name(std::string_view name);

/// Returns the name numbered `id` by intern_syscall_name(); the view stays valid until
/// the process exits.
std::string_view interned_syscall_name(std::uint32_t id);

/// Returns the number of `name` if intern_syscall_name() gave it one, without adding it.
std::optional<std::uint32_t> find_syscall_name_id(std::string_view name);

/// Entries of a SyscallNameMap: (name number, value), sorted.
using SyscallEntries = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

/// Returns a shared copy of `entries`: equal contents share one copy for the whole process,
/// since most units of a tree use the same few filters.
std::shared_ptr<const SyscallEntries> share_syscall_entries(SyscallEntries entries);

/// A map from syscall names to values. The filter of every unit with an allow list
/// contains several hundred names, so each entry is two 32-bit numbers (the name's number
/// from intern_syscall_name() and the value) instead of a std::map node with two strings,
/// and maps with equal contents share their entries. Entries are sorted by name number, so
/// iteration follows the order in which the process first saw the names, not the alphabet.
/// `Value` is std::string_view (an errno name, "" for none) or std::size_t (below 2^32).
template <typename Value>
class SyscallNameMap {
public:
    /// Name and value of one entry, in the shape of a std::map element.
    using value_type = std::pair<std::string_view, Value>;

    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = SyscallNameMap::value_type;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = value_type;

        /// A copy of the element, so that `it->second` works as on a std::map.
        struct ArrowProxy {
            value_type element;
            const value_type* operator->() const { return &element; }
        };

        const_iterator() = default;
        explicit const_iterator(const std::pair<std::uint32_t, std::uint32_t>* entry)
            : entry_(entry) {}
        value_type operator*() const {
            return {interned_syscall_name(entry_->first), decode(entry_->second)};
        }
        ArrowProxy operator->() const { return ArrowProxy{**this}; }
        const_iterator& operator++() {
            ++entry_;
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator old = *this;
            ++entry_;
            return old;
        }
        bool operator==(const const_iterator& other) const { return entry_ == other.entry_; }

    private:
        const std::pair<std::uint32_t, std::uint32_t>* entry_ = nullptr;
    };

    std::size_t size() const { return entries().size(); }
    bool empty() const { return entries().empty(); }
    const_iterator begin() const { return const_iterator(entries().data()); }
    const_iterator end() const { return const_iterator(entries().data() + entries().size()); }

    const_iterator find(std::string_view name) const {
        std::optional<std::uint32_t> id = find_syscall_name_id(name);
        if (!id) return end();
        const SyscallEntries& all = entries();
        auto it = std::lower_bound(all.begin(), all.end(), *id,
                                   [](const auto& entry, std::uint32_t key) {
                                       return entry.first < key;
                                   });
        if (it == all.end() || it->first != *id) return end();
        return const_iterator(all.data() + (it - all.begin()));
    }
    std::size_t count(std::string_view name) const { return find(name) == end() ? 0 : 1; }

    /// Returns the value of `name`; throws std::out_of_range when it is absent.
    Value at(std::string_view name) const {
        const_iterator it = find(name);
        if (it == end()) throw std::out_of_range("syscall name not in the map");
        return it->second;
    }

    /// Replaces the contents with `entries`, each name once: (name number, value), where an
    /// errno value is given as its number from intern_syscall_name().
    void assign(SyscallEntries entries) {
        std::sort(entries.begin(), entries.end());
        entries_ = share_syscall_entries(std::move(entries));
    }

private:
    static Value decode(std::uint32_t raw) {
        if constexpr (std::is_same_v<Value, std::string_view>) {
            return interned_syscall_name(raw);
        } else {
            return static_cast<Value>(raw);
        }
    }

    const SyscallEntries& entries() const {
        static const SyscallEntries kNone;
        return entries_ ? *entries_ : kNone;
    }

    std::shared_ptr<const SyscallEntries> entries_;
};

}  // namespace unitguard::linter
