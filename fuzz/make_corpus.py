#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the seed corpus of each fuzz target into fuzz/corpus/<target>/ from the fixtures.

Usage: fuzz/make_corpus.py [OUTDIR]   (default: fuzz/corpus next to this script)

Seeds are named by the SHA-1 of their content, as libFuzzer names its own, so running the
script again adds nothing twice. Inputs larger than MAX_SEED_BYTES are left out to keep the
committed corpus small; libFuzzer grows its own corpus from these seeds.
"""

import hashlib
import os
import struct
import sys
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parent.parent
MAX_SEED_BYTES = 24 * 1024
UNIT_SUFFIXES = (".service", ".socket", ".timer", ".mount", ".path", ".target", ".swap",
                 ".slice", ".automount", ".conf")


def write_seed(directory: Path, data: bytes) -> bool:
    if len(data) > MAX_SEED_BYTES:
        return False
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)
    return True


def unit_files():
    """Unit files and drop-ins of the fixtures, symbolic links left out."""
    roots = [SOURCE_DIR / "fixtures", SOURCE_DIR / "tests" / "linter" / "unit_file",
             SOURCE_DIR / "tests" / "rules"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            if path.suffix in UNIT_SUFFIXES or root.name == "unit_file":
                yield path


def archive(root: Path) -> bytes:
    """Encode a root tree in the format that fuzz/loader_fuzzer.cpp decodes."""
    out = bytearray()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_symlink():
            out += b"@link %s %s\n" % (relative.encode(), os.readlink(path).encode())
        elif path.is_dir():
            if not any(path.iterdir()):
                out += b"@dir %s\n" % relative.encode()
        elif path.is_file():
            # The newline after the content separates it from the next entry line.
            out += b"@file %s\n" % relative.encode() + path.read_bytes() + b"\n"
    return bytes(out)


def loader_roots():
    yield from sorted((SOURCE_DIR / "fixtures" / "cases").glob("*/root"))
    yield SOURCE_DIR / "fixtures" / "reference"
    yield SOURCE_DIR / "fixtures" / "reference-clean"
    yield from sorted((SOURCE_DIR / "tests" / "rules").glob("UG*/root"))


def exec_values():
    values = set()
    for path in unit_files():
        for line in path.read_bytes().splitlines():
            key, separator, value = line.strip().partition(b"=")
            if separator and key.startswith(b"Exec") and value.strip():
                values.add(value.strip())
    return sorted(values)


def bus_string(text: str) -> bytes:
    data = text.encode()
    return bytes([len(data)]) + data


def bus_seeds():
    """Handwritten inputs in the format of fuzz/bus_value_fuzzer.cpp."""
    nul = b"\0"
    # Mode 0: a signature, then its values.
    yield b"\x00(bas)" + nul + b"\x01\x02" + bus_string("read") + bus_string("write")
    yield b"\x00a{sv}" + nul + b"\x01" + bus_string("User") + b"s" + nul + bus_string("game")
    yield b"\x00tix" + nul + b"\xff" * 8 + struct.pack("<i", -5) + struct.pack("<q", -2**63)
    yield b"\x00a(sasbttttuii)" + nul + b"\x01" + bus_string("/usr/bin/game") + b"\x02" + \
        bus_string("/usr/bin/game") + bus_string("--port") + b"\x01" + b"\x00" * 32 + \
        b"\x00" * 12
    # Mode 1: a GetAll reply of a service with the properties that have their own shape.
    names = ["SystemCallFilter", "SystemCallLog", "RestrictAddressFamilies",
             "CapabilityBoundingSet", "AmbientCapabilities", "RestrictNamespaces",
             "SocketBindAllow", "SocketBindDeny", "ExecStart", "ExecStartPre",
             "ExecStartPost", "ExecStop", "ExecStopPost", "ExecReload", "LoadState",
             "ActiveState", "SubState", "FragmentPath", "DropInPaths", "NeedDaemonReload",
             "User", "DynamicUser", "ProtectSystem"]
    entries = [
        (names.index("SystemCallFilter"), b"(bas)" + nul + b"\x00\x02" +
         bus_string("@mount") + bus_string("ptrace")),
        (names.index("RestrictAddressFamilies"), b"(bas)" + nul + b"\x01\x00"),
        (names.index("CapabilityBoundingSet"), b"t" + nul + struct.pack("<Q", 0x3000)),
        (names.index("AmbientCapabilities"), b"t" + nul + struct.pack("<Q", 1 << 10)),
        (names.index("RestrictNamespaces"), b"t" + nul + struct.pack("<Q", 0x40000000)),
        (names.index("SocketBindAllow"), b"a(iiqq)" + nul + b"\x01" + struct.pack("<ii", 2, 6) +
         struct.pack("<HH", 1000, 27000)),
        (names.index("ExecStart"), b"a(sasbttttuii)" + nul + b"\x01" +
         bus_string("/usr/bin/game") + b"\x02" + bus_string("game") + bus_string("a b") +
         b"\x01" + b"\x00" * 44),
        (names.index("LoadState"), b"s" + nul + bus_string("loaded")),
        (names.index("DropInPaths"), b"as" + nul + b"\x01" + bus_string("/etc/x.service.d/a.conf")),
        (names.index("NeedDaemonReload"), b"b" + nul + b"\x01"),
        (names.index("User"), b"s" + nul + bus_string("game")),
        (names.index("DynamicUser"), b"b" + nul + b"\x00"),
        (names.index("ProtectSystem"), b"s" + nul + bus_string("strict")),
    ]
    reply = bytes([len(entries)]) + b"".join(bytes([pick]) + value for pick, value in entries)
    yield b"\x01" + reply
    yield b"\x13" + reply  # a socket unit, target release 260


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE_DIR / "fuzz" / "corpus"
    counts = {}

    def add(target, data):
        counts[target] = counts.get(target, 0) + write_seed(out / target, data)

    for path in unit_files():
        add("unit_file", path.read_bytes())
    for root in loader_roots():
        add("loader", archive(root))
    for value in exec_values():
        add("exec_command", b"\x00" + value)
        add("exec_command", b"\xa3" + value)  # unquote, C escapes, relax; release 258
    for path in sorted(SOURCE_DIR.glob("fixtures/**/*.toml")) + \
            sorted(SOURCE_DIR.glob("tests/**/*.toml")):
        add("policy", path.read_bytes())
    for seed in bus_seeds():
        add("bus_value", seed)

    for target, count in sorted(counts.items()):
        print(f"make_corpus: {target}: {count} seeds in {out / target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
