// libFuzzer target: the bounds-checked ELF reader that looks into plugin
// libraries before anything loads them, on arbitrary bytes. It returns what
// it found or a reason; it never reads outside the bytes (ASan watches) and
// finds nothing it did not read from them.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "host/plugins/elf_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto result = kc::host::parse_elf(std::span<const unsigned char>(data, size));
    if (!result.info) {
        if (result.error.empty()) std::abort();  // a refusal always says why
        return 0;
    }
    if (result.info->manifest && result.info->manifest->size() > size) std::abort();
    return 0;
}
