// SPDX-License-Identifier: MIT
// Replay driver: runs a fuzz target's LLVMFuzzerTestOneInput on saved inputs, without
// libFuzzer, so any compiler can build it and CTest replays the corpus and past crashes.
//
// Usage: <name>_replay DIR_OR_FILE...
// Each regular file of each directory (not recursive, names starting with '.' skipped) is
// one input. A missing directory counts as empty, since git keeps no empty directories.
// A crash or sanitizer report aborts the run, so the test fails on that input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const fs::path& argument) {
    std::vector<fs::path> inputs;
    std::error_code error;
    if (fs::is_regular_file(argument, error)) {
        inputs.push_back(argument);
        return inputs;
    }
    if (!fs::is_directory(argument, error)) return inputs;
    for (const fs::directory_entry& entry : fs::directory_iterator(argument)) {
        if (!entry.is_regular_file()) continue;
        if (entry.path().filename().string().starts_with(".")) continue;
        inputs.push_back(entry.path());
    }
    std::sort(inputs.begin(), inputs.end());
    return inputs;
}

bool replay(const fs::path& input) {
    std::ifstream stream(input, std::ios::binary);
    if (!stream) {
        std::fprintf(stderr, "replay: error: failed to read '%s'\n", input.c_str());
        return false;
    }
    std::vector<char> bytes((std::istreambuf_iterator<char>(stream)),
                            std::istreambuf_iterator<char>());
    // Print the name first so that the output of a crash names the input that caused it.
    std::fprintf(stderr, "replay: %s (%zu bytes)\n", input.c_str(), bytes.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    bool ok = true;
    for (int i = 1; i < argc; ++i) {
        std::vector<fs::path> inputs = inputs_of(argv[i]);
        for (const fs::path& input : inputs) ok = replay(input) && ok;
        std::printf("replay: %zu inputs from %s\n", inputs.size(), argv[i]);
    }
    return ok ? 0 : 1;
}
