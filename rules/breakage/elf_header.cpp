// SPDX-License-Identifier: MIT
// ELF headers: the system call architecture a program file is built for.
#include "rules/breakage/elf_header.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>

namespace unitguard::rules::breakage {
namespace {

// Header fields, from the ELF specification and linux/elf-em.h.
constexpr unsigned char kElfClass32 = 1;
constexpr unsigned char kElfClass64 = 2;
constexpr unsigned char kElfDataLittleEndian = 1;
constexpr std::size_t kClassOffset = 4;
constexpr std::size_t kDataOffset = 5;
constexpr std::size_t kMachineOffset = 18;
constexpr std::size_t kFlagsOffset32 = 36;
constexpr std::size_t kFlagsOffset64 = 48;

constexpr std::uint16_t kMachine386 = 3;
constexpr std::uint16_t kMachineMips = 8;
constexpr std::uint16_t kMachineParisc = 15;
constexpr std::uint16_t kMachinePpc = 20;
constexpr std::uint16_t kMachinePpc64 = 21;
constexpr std::uint16_t kMachineS390 = 22;
constexpr std::uint16_t kMachineArm = 40;
constexpr std::uint16_t kMachineX8664 = 62;
constexpr std::uint16_t kMachineAarch64 = 183;
constexpr std::uint16_t kMachineRiscv = 243;
constexpr std::uint16_t kMachineLoongarch = 258;

// e_flags bit of MIPS objects built for the n32 ABI (EF_MIPS_ABI2).
constexpr std::uint32_t kMipsAbi2 = 0x20;

std::uint32_t read_number(std::string_view bytes, std::size_t offset, std::size_t size,
                          bool little_endian) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < size; ++i) {
        std::size_t index = little_endian ? offset + size - 1 - i : offset + i;
        value = (value << 8) | static_cast<unsigned char>(bytes[index]);
    }
    return value;
}

std::string mips_name(bool is_64, bool little_endian, std::uint32_t flags) {
    if (!is_64 && (flags & kMipsAbi2) != 0) return little_endian ? "mips64-le-n32" : "mips64-n32";
    if (is_64) return little_endian ? "mips64-le" : "mips64";
    return little_endian ? "mips-le" : "mips";
}

}  // namespace

std::optional<std::string> elf_syscall_architecture(std::string_view header) {
    if (header.size() < kElfHeaderPrefix || header.substr(0, 4) !=
                                                "\x7f"
                                                "ELF") {
        return std::nullopt;
    }
    auto elf_class = static_cast<unsigned char>(header[kClassOffset]);
    if (elf_class != kElfClass32 && elf_class != kElfClass64) return std::nullopt;
    bool is_64 = elf_class == kElfClass64;
    bool little_endian = static_cast<unsigned char>(header[kDataOffset]) == kElfDataLittleEndian;
    auto machine =
        static_cast<std::uint16_t>(read_number(header, kMachineOffset, 2, little_endian));

    switch (machine) {
        case kMachine386:
            return "x86";
        case kMachineX8664:
            return is_64 ? "x86-64" : "x32";
        case kMachineArm:
            return "arm";
        case kMachineAarch64:
            return "arm64";
        case kMachinePpc:
            return "ppc";
        case kMachinePpc64:
            return little_endian ? "ppc64-le" : "ppc64";
        case kMachineS390:
            return is_64 ? "s390x" : "s390";
        case kMachineParisc:
            return is_64 ? "parisc64" : "parisc";
        case kMachineMips: {
            std::uint32_t flags =
                read_number(header, is_64 ? kFlagsOffset64 : kFlagsOffset32, 4, little_endian);
            return mips_name(is_64, little_endian, flags);
        }
        case kMachineRiscv:
            if (is_64) return "riscv64";
            return std::nullopt;
        case kMachineLoongarch:
            if (is_64) return "loongarch64";
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

std::string_view host_syscall_architecture() {
#if defined(__x86_64__) && defined(__ILP32__)
    return "x32";
#elif defined(__x86_64__)
    return "x86-64";
#elif defined(__i386__)
    return "x86";
#elif defined(__aarch64__)
    return "arm64";
#elif defined(__arm__)
    return "arm";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return "ppc64-le";
#elif defined(__powerpc64__)
    return "ppc64";
#elif defined(__s390x__)
    return "s390x";
#elif defined(__riscv) && __riscv_xlen == 64
    return "riscv64";
#elif defined(__loongarch64)
    return "loongarch64";
#else
    return "unknown";
#endif
}

std::optional<std::string> read_file_head(const std::string& host_path, std::size_t size) {
    int fd = ::open(host_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) return std::nullopt;
    std::string bytes(size, '\0');
    std::size_t filled = 0;
    while (filled < size) {
        ssize_t count = ::read(fd, bytes.data() + filled, size - filled);
        if (count <= 0) break;
        filled += static_cast<std::size_t>(count);
    }
    ::close(fd);
    bytes.resize(filled);
    return bytes;
}

std::vector<std::string> shebang_words(std::string_view head) {
    std::vector<std::string> words;
    if (head.substr(0, 2) != "#!") return words;
    std::size_t newline = head.find('\n');
    std::string_view line =
        head.substr(2, newline == std::string_view::npos ? newline : newline - 2);
    std::size_t position = 0;
    while (position < line.size()) {
        std::size_t start = line.find_first_not_of(" \t\r", position);
        if (start == std::string_view::npos) break;
        std::size_t end = line.find_first_of(" \t\r", start);
        if (end == std::string_view::npos) end = line.size();
        words.emplace_back(line.substr(start, end - start));
        position = end;
    }
    return words;
}

}  // namespace unitguard::rules::breakage
