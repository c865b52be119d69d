// SPDX-License-Identifier: MIT
// TempTree: a scratch directory tree for loader tests, removed when the test ends.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace unitguard::testing {

/// Creates files and symlinks below a fresh directory in /tmp.
class TempTree {
public:
    TempTree() {
        std::string pattern = (std::filesystem::temp_directory_path() / "ug-test-XXXXXX").string();
        root_ = ::mkdtemp(pattern.data());
    }
    ~TempTree() {
        std::error_code ignored;
        std::filesystem::remove_all(root_, ignored);
    }
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;

    /// Host path of the tree's root.
    const std::string& root() const { return root_; }

    /// Writes `content` to `inner` (a path inside the tree), creating parent directories.
    void write(const std::string& inner, const std::string& content) const {
        std::filesystem::path path = root_ + inner;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << content;
    }

    /// Creates a symlink at `inner` pointing to `target` (written as given).
    void link(const std::string& inner, const std::string& target) const {
        std::filesystem::path path = root_ + inner;
        std::filesystem::create_directories(path.parent_path());
        std::filesystem::create_symlink(target, path);
    }

    /// Creates a directory at `inner`.
    void mkdir(const std::string& inner) const {
        std::filesystem::create_directories(root_ + inner);
    }

private:
    std::string root_;
};

}  // namespace unitguard::testing
