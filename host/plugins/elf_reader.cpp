#include "host/plugins/elf_reader.hpp"

#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "kc/abi.h"

namespace kc::host {
namespace {

// The mapped file, unmapped on scope exit.
class MappedFile {
  public:
    explicit MappedFile(const std::filesystem::path& file) {
        int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            error_ = std::string("cannot open: ") + std::strerror(errno);
            return;
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            error_ = "not a regular file";
        } else if (st.st_size == 0) {
            error_ = "not an ELF file (empty)";
        } else {
            size_ = static_cast<size_t>(st.st_size);
            void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
            if (p == MAP_FAILED) {
                error_ = std::string("cannot map: ") + std::strerror(errno);
                size_ = 0;
            } else {
                data_ = static_cast<const unsigned char*>(p);
            }
        }
        ::close(fd);
    }
    ~MappedFile() {
        if (data_) ::munmap(const_cast<unsigned char*>(data_), size_);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const unsigned char* data() const { return data_; }
    size_t size() const { return size_; }
    const std::string& error() const { return error_; }

  private:
    const unsigned char* data_ = nullptr;
    size_t size_ = 0;
    std::string error_;
};

// Bounds on what one file may make the reader copy: without them a dynamic
// section of N entries naming one string of L bytes costs N * L bytes (a
// 1 MB file asks for gigabytes). Real libraries name a few dozen libraries,
// each far shorter than PATH_MAX.
constexpr size_t kMaxDynamicNames = 4096;
constexpr size_t kMaxNameBytes = 4096;

// Thrown inside the parser only; turned into ElfReadResult::error.
struct Corrupt {
    std::string reason;
};

class Parser {
  public:
    Parser(const unsigned char* data, size_t size) : data_(data), size_(size) {}

    ElfInfo parse() {
        if (size_ < EI_NIDENT || std::memcmp(data_, ELFMAG, SELFMAG) != 0)
            throw Corrupt{"not an ELF file (bad magic)"};
        if (data_[EI_CLASS] != ELFCLASS64)
            throw Corrupt{"unsupported ELF class (only 64-bit libraries are supported)"};
        if (data_[EI_DATA] != ELFDATA2LSB)
            throw Corrupt{"unsupported ELF byte order (only little-endian is supported)"};
        Elf64_Ehdr eh = read<Elf64_Ehdr>(0, "ELF header");
        if (eh.e_type != ET_DYN)
            throw Corrupt{"not a shared library (ELF type " + std::to_string(eh.e_type) + ")"};
        if (eh.e_shnum == 0) throw Corrupt{"no section headers"};
        if (eh.e_shentsize != sizeof(Elf64_Shdr))
            throw Corrupt{"corrupt: unexpected section header size " +
                          std::to_string(eh.e_shentsize)};
        check_range(eh.e_shoff, uint64_t(eh.e_shnum) * sizeof(Elf64_Shdr), "section header table");
        sections_.reserve(eh.e_shnum);
        for (uint16_t i = 0; i < eh.e_shnum; ++i)
            sections_.push_back(
                read<Elf64_Shdr>(eh.e_shoff + i * sizeof(Elf64_Shdr), "section header"));
        if (eh.e_shstrndx >= sections_.size())
            throw Corrupt{"corrupt: section name table index out of range"};
        const Elf64_Shdr& names = sections_[eh.e_shstrndx];

        ElfInfo info;
        for (const Elf64_Shdr& sh : sections_) {
            if (sh.sh_type == SHT_DYNAMIC) read_dynamic(sh, info);
            if (sh.sh_type == SHT_DYNSYM) info.exports_entry = defines_entry(sh);
            if (sh.sh_type == SHT_NOBITS) continue;
            if (string_at(names, sh.sh_name, "section name") == KC_MANIFEST_SECTION) {
                check_range(sh.sh_offset, sh.sh_size, KC_MANIFEST_SECTION " section");
                const char* p = reinterpret_cast<const char*>(data_ + sh.sh_offset);
                info.manifest = std::string(p, strnlen(p, sh.sh_size));
            }
        }
        return info;
    }

  private:
    void check_range(uint64_t offset, uint64_t length, const char* what) const {
        if (offset > size_ || length > size_ - offset)
            throw Corrupt{std::string("truncated or corrupt: ") + what + " at offset " +
                          std::to_string(offset) + "+" + std::to_string(length) +
                          " lies beyond the end of the file (" + std::to_string(size_) + " bytes)"};
    }

    template <class T>
    T read(uint64_t offset, const char* what) const {
        check_range(offset, sizeof(T), what);
        T value;
        std::memcpy(&value, data_ + offset, sizeof(T));
        return value;
    }

    const Elf64_Shdr& linked(const Elf64_Shdr& sh) const {
        if (sh.sh_link >= sections_.size()) throw Corrupt{"corrupt: section link out of range"};
        return sections_[sh.sh_link];
    }

    // The NUL-terminated string at `index` of `table`, at most `max_len` bytes long.
    std::string_view string_at(const Elf64_Shdr& table, uint64_t index, const char* what,
                               size_t max_len = kMaxNameBytes) const {
        check_range(table.sh_offset, table.sh_size, "string table");
        if (index >= table.sh_size)
            throw Corrupt{std::string("corrupt: ") + what + " outside its string table"};
        const char* p = reinterpret_cast<const char*>(data_ + table.sh_offset + index);
        size_t max = table.sh_size - index;
        size_t len = strnlen(p, std::min<uint64_t>(max, uint64_t(max_len) + 1));
        if (len == max) throw Corrupt{std::string("corrupt: unterminated ") + what};
        if (len > max_len)
            throw Corrupt{std::string("corrupt: ") + what + " longer than " +
                          std::to_string(max_len) + " bytes"};
        return {p, len};
    }

    // Whether the string at `index` of `table` is exactly `name`; reads no
    // further than name's length, so long symbol names cost nothing.
    bool string_is(const Elf64_Shdr& table, uint64_t index, std::string_view name) const {
        if (index >= table.sh_size || table.sh_size - index <= name.size()) return false;
        const char* p = reinterpret_cast<const char*>(data_ + table.sh_offset + index);
        return std::memcmp(p, name.data(), name.size()) == 0 && p[name.size()] == '\0';
    }

    void read_dynamic(const Elf64_Shdr& sh, ElfInfo& info) const {
        check_range(sh.sh_offset, sh.sh_size, "dynamic section");
        const Elf64_Shdr& strtab = linked(sh);
        std::string runpath, rpath;
        size_t names = 0;
        for (uint64_t off = 0; off + sizeof(Elf64_Dyn) <= sh.sh_size; off += sizeof(Elf64_Dyn)) {
            auto dyn = read<Elf64_Dyn>(sh.sh_offset + off, "dynamic entry");
            if (dyn.d_tag == DT_NULL) break;
            bool named = dyn.d_tag == DT_NEEDED || dyn.d_tag == DT_SONAME ||
                         dyn.d_tag == DT_RUNPATH || dyn.d_tag == DT_RPATH;
            if (named && ++names > kMaxDynamicNames)
                throw Corrupt{"corrupt: more than " + std::to_string(kMaxDynamicNames) +
                              " DT_NEEDED, DT_SONAME and DT_R(UN)PATH entries"};
            switch (dyn.d_tag) {
                case DT_NEEDED:
                    info.needed.emplace_back(string_at(strtab, dyn.d_un.d_val, "DT_NEEDED"));
                    break;
                case DT_SONAME:
                    info.soname = string_at(strtab, dyn.d_un.d_val, "DT_SONAME");
                    break;
                case DT_RUNPATH:
                    runpath = string_at(strtab, dyn.d_un.d_val, "DT_RUNPATH");
                    break;
                case DT_RPATH:
                    rpath = string_at(strtab, dyn.d_un.d_val, "DT_RPATH");
                    break;
                default:
                    break;
            }
        }
        // The loader ignores DT_RPATH when DT_RUNPATH is present.
        std::string_view path = runpath.empty() ? rpath : runpath;
        while (!path.empty()) {
            size_t colon = path.find(':');
            std::string_view item = path.substr(0, colon);
            if (!item.empty()) info.runpath.emplace_back(item);
            if (colon == std::string_view::npos) break;
            path.remove_prefix(colon + 1);
        }
    }

    bool defines_entry(const Elf64_Shdr& sh) const {
        check_range(sh.sh_offset, sh.sh_size, "dynamic symbol table");
        const Elf64_Shdr& strtab = linked(sh);
        check_range(strtab.sh_offset, strtab.sh_size, "symbol string table");
        for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= sh.sh_size; off += sizeof(Elf64_Sym)) {
            auto sym = read<Elf64_Sym>(sh.sh_offset + off, "dynamic symbol");
            if (sym.st_shndx == SHN_UNDEF || sym.st_name == 0) continue;
            if (string_is(strtab, sym.st_name, KC_PLUGIN_ENTRY_SYMBOL)) return true;
        }
        return false;
    }

    const unsigned char* data_;
    size_t size_;
    std::vector<Elf64_Shdr> sections_;
};

}  // namespace

ElfReadResult parse_elf(std::span<const unsigned char> bytes) {
    try {
        return {Parser(bytes.data(), bytes.size()).parse(), {}};
    } catch (const Corrupt& c) {
        return {std::nullopt, c.reason};
    }
}

ElfReadResult read_elf(const std::filesystem::path& file) {
    MappedFile mapped(file);
    if (!mapped.data()) return {std::nullopt, mapped.error()};
    return parse_elf({mapped.data(), mapped.size()});
}

}  // namespace kc::host
