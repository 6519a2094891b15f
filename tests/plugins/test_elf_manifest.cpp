// ELF reading, manifests, plugin.path parsing, aliases and versions: the
// pieces that work without loading any plugin code.
#include <doctest/doctest.h>
#include <elf.h>

#include <chrono>
#include <cstring>

#include "host/plugins/aliases.hpp"
#include "host/plugins/discovery.hpp"
#include "host/plugins/elf_reader.hpp"
#include "host/plugins/manifest.hpp"
#include "host/plugins/plugin_path.hpp"
#include "test_support.hpp"

using namespace kc::host;
using namespace kc::host::test;

TEST_CASE("the ELF reader finds the embedded manifest and the entry point without loading") {
    auto r = read_elf(fixture("good") / "good.so");
    REQUIRE(r.info);
    REQUIRE(r.info->manifest);
    CHECK(r.info->manifest->find("org.example.fixture.GoodSourceConnector") != std::string::npos);
    CHECK(r.info->exports_entry);
    auto legacy = read_elf(fixture("good") / "legacy.so");
    REQUIRE(legacy.info);
    CHECK_FALSE(legacy.info->manifest);
    CHECK(legacy.info->exports_entry);
    auto none = read_elf(fixture("bad") / "no-entry.so");
    REQUIRE(none.info);
    CHECK_FALSE(none.info->exports_entry);
}

TEST_CASE("the ELF reader reads DT_NEEDED, DT_SONAME and DT_RUNPATH") {
    auto plugin = read_elf(fixture("isolation") / "plugin-a" / "plugin.so");
    REQUIRE(plugin.info);
    CHECK(std::count(plugin.info->needed.begin(), plugin.info->needed.end(), "libkcfoo.so.1") == 1);
    REQUIRE(plugin.info->runpath.size() >= 1);
    CHECK(plugin.info->runpath.front() == "$ORIGIN");
    auto dep = read_elf(fixture("isolation") / "plugin-a" / "libkcfoo.so.1");
    REQUIRE(dep.info);
    CHECK(dep.info->soname == "libkcfoo.so.1");
}

TEST_CASE("the ELF reader rejects bad files with a precise reason") {
    auto truncated = read_elf(fixture("bad") / "truncated.so");
    CHECK_FALSE(truncated.info);
    CHECK(truncated.error.find("truncated") != std::string::npos);
    CHECK(truncated.error.find("beyond the end of the file (1500 bytes)") != std::string::npos);
    auto text = read_elf(fixture("bad") / "not-elf.so");
    CHECK_FALSE(text.info);
    CHECK(text.error == "not an ELF file (bad magic)");
    auto missing = read_elf(fixture("bad") / "no-such.so");
    CHECK(missing.error.rfind("cannot open", 0) == 0);

    TempDir dir;
    auto write = [&](const std::string& name, std::string bytes) {
        std::ofstream(dir.path() / name, std::ios::binary) << bytes;
        return read_elf(dir.path() / name);
    };
    std::string header(64, '\0');
    header.replace(0, 4,
                   "\x7f"
                   "ELF");
    header[4] = 1;  // ELFCLASS32
    header[5] = 1;
    CHECK(write("a.so", header).error.find("only 64-bit") != std::string::npos);
    header[4] = 2;
    header[5] = 2;  // big-endian
    CHECK(write("b.so", header).error.find("little-endian") != std::string::npos);
    CHECK(write("c.so",
                "\x7f"
                "E")
              .error.find("not an ELF") != std::string::npos);
}

namespace {

// A 64-bit shared object with three sections: null, a string table of one
// `name_bytes`-long name, and a table of `entries` items of `type` that all
// point at that name (dynamic entries of tag `tag`, or defined symbols).
std::string elf_naming_one_string(uint32_t type, size_t entries, int64_t tag, size_t name_bytes) {
    std::string strtab = std::string(1, '\0') + std::string(name_bytes, 'n') + '\0';
    std::string table;
    for (size_t i = 0; i < entries; ++i) {
        if (type == SHT_DYNAMIC) {
            Elf64_Dyn d{};
            d.d_tag = tag;
            d.d_un.d_val = 1;
            table.append(reinterpret_cast<const char*>(&d), sizeof d);
        } else {
            Elf64_Sym sym{};
            sym.st_name = 1;
            sym.st_shndx = 1;
            table.append(reinterpret_cast<const char*>(&sym), sizeof sym);
        }
    }
    Elf64_Ehdr eh{};
    std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_type = ET_DYN;
    eh.e_shentsize = sizeof(Elf64_Shdr);
    eh.e_shnum = 3;
    eh.e_shstrndx = 1;
    eh.e_shoff = sizeof eh + strtab.size() + table.size();
    Elf64_Shdr sh[3]{};
    sh[1].sh_type = SHT_STRTAB;
    sh[1].sh_offset = sizeof eh;
    sh[1].sh_size = strtab.size();
    sh[2].sh_type = type;
    sh[2].sh_offset = sizeof eh + strtab.size();
    sh[2].sh_size = table.size();
    sh[2].sh_link = 1;
    std::string file(reinterpret_cast<const char*>(&eh), sizeof eh);
    file += strtab + table;
    file.append(reinterpret_cast<const char*>(sh), sizeof sh);
    return file;
}

ElfReadResult parse(const std::string& bytes) {
    return parse_elf({reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()});
}

}  // namespace

TEST_CASE("the ELF reader's work is bounded by the file, not by what the file claims") {
    // 100,000 DT_NEEDED entries naming one 4 KB string: 400 MB copied without a bound.
    auto many = parse(elf_naming_one_string(SHT_DYNAMIC, 100000, DT_NEEDED, 4000));
    CHECK_FALSE(many.info);
    CHECK(many.error == "corrupt: more than 4096 DT_NEEDED, DT_SONAME and DT_R(UN)PATH entries");
    auto few = parse(elf_naming_one_string(SHT_DYNAMIC, 3, DT_NEEDED, 4000));
    REQUIRE(few.info);
    CHECK(few.info->needed == std::vector<std::string>(3, std::string(4000, 'n')));
    auto long_name = parse(elf_naming_one_string(SHT_DYNAMIC, 1, DT_SONAME, 100000));
    CHECK(long_name.error == "corrupt: DT_SONAME longer than 4096 bytes");
    // 200,000 symbols named by one 4 MB string: scanning each name to its end
    // would read 800 GB; only the entry point's length is compared.
    auto start = std::chrono::steady_clock::now();
    auto symbols = parse(elf_naming_one_string(SHT_DYNSYM, 200000, 0, 4 << 20));
    REQUIRE(symbols.info);
    CHECK_FALSE(symbols.info->exports_entry);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("manifests parse, reject malformed input and round-trip") {
    auto ok = parse_manifest(
        R"({"kc_abi":{"major":1,"minor":0},"sdk_version":"0.1.0","plugins":[
            {"kind":"source","class":"org.example.FooSourceConnector","aliases":["extra-alias"],
             "version":"1.2.3"},{"kind":"header_converter","class":"a.B"}]})");
    REQUIRE(ok.manifest);
    CHECK(ok.manifest->plugins.size() == 2);
    CHECK(ok.manifest->plugins[0].aliases == std::vector<std::string>{"extra-alias"});
    CHECK(ok.manifest->plugins[1].kind == KC_KIND_HEADER_CONVERTER);
    CHECK(ok.manifest->plugins[1].version == "undefined");
    auto again = parse_manifest(manifest_to_json(*ok.manifest));
    REQUIRE(again.manifest);
    CHECK(same_plugins(*ok.manifest, *again.manifest));

    CHECK(parse_manifest("{").error.find("invalid JSON") != std::string::npos);
    CHECK(parse_manifest(R"({"plugins":[]})").error.find("kc_abi") != std::string::npos);
    CHECK(parse_manifest(R"({"kc_abi":{"major":1},"plugins":[{"kind":"gadget","class":"x"}]})")
              .error.find("unknown kind \"gadget\"") != std::string::npos);
}

TEST_CASE("a manifest name with a NUL inside is refused, not cut short") {
    // Read as C strings, "a.B\u0000x" would register the class a.B.
    auto plugin = [](const std::string& json) {
        return parse_manifest(R"({"kc_abi":{"major":1},"plugins":[)" + json + "]}");
    };
    CHECK(plugin(R"({"kind":"sink","class":"a.B","version":"1","aliases":["x"]})").manifest);
    CHECK(plugin(R"({"kind":"sink","class":"a.B\u0000x"})").error ==
          "plugins[0]: \"class\" contains a NUL character");
    CHECK(plugin(R"({"kind":"sink","class":"a.B","version":"1\u0000"})").error ==
          "plugins[0]: \"version\" contains a NUL character");
    CHECK(plugin(R"({"kind":"sink","class":"a.B","aliases":["x\u0000"]})").error ==
          "plugins[0]: an alias contains a NUL character");
    CHECK(plugin(R"({"kind":"sink\u0000","class":"a.B"})").error.find("unknown kind") !=
          std::string::npos);
}

TEST_CASE("a manifest nested a million levels deep is refused, not a stack overflow") {
    const std::size_t depth = 1000000;
    std::string deep(depth, '[');
    deep.append(depth, ']');
    auto r = parse_manifest(deep);
    CHECK_FALSE(r.manifest);
    CHECK(r.error.find("nested deeper than 1000 levels") != std::string::npos);
    // Deep but within the bound: an ordinary error about the shape, not the depth.
    std::string ok_depth = "{\"x\":" + std::string(900, '[') + std::string(900, ']') + "}";
    CHECK(parse_manifest(ok_depth).error.find("kc_abi") != std::string::npos);
}

TEST_CASE("a sidecar manifest wins over the embedded one, and a disagreement is warned") {
    TempDir dir;
    fs::copy(fixture("good") / "good.so", dir.path() / "good.so");
    auto elf = read_elf(dir.path() / "good.so");
    REQUIRE(elf.info);
    auto embedded = effective_manifest(dir.path() / "good.so", elf.info->manifest);
    CHECK(embedded.source == EffectiveManifest::Source::Embedded);
    std::ofstream(sidecar_path(dir.path() / "good.so"))
        << R"({"kc_abi":{"major":1,"minor":0},"plugins":[{"kind":"converter","class":"x.Y"}]})";
    LogCapture log;
    auto effective = effective_manifest(dir.path() / "good.so", elf.info->manifest);
    CHECK(effective.source == EffectiveManifest::Source::Sidecar);
    REQUIRE(effective.manifest);
    CHECK(effective.manifest->plugins.at(0).class_name == "x.Y");
    CHECK(log.contains("disagrees with the manifest embedded"));
}

TEST_CASE("plugin.path is a trimmed comma list; locations are its direct entries") {
    auto path = parse_plugin_path(" /a/b , /c,, /d ");
    CHECK(path == std::vector<fs::path>{"/a/b", "/c", "/d"});
    auto locations = plugin_locations({fixture("isolation"), fixture("versions")});
    REQUIRE(locations.size() == 5);
    CHECK(locations[0].is_directory);
    CHECK(locations[0].libraries.size() == 2);  // plugin.so + libkcfoo.so.1
    CHECK_FALSE(locations[2].is_directory);
    CHECK(is_shared_object_name("libfoo.so.1.2"));
    CHECK_FALSE(is_shared_object_name("libfoo.so.kc-manifest.json"));
}

TEST_CASE("aliases are built as Java builds them") {
    CHECK(simple_name("org.apache.kafka.connect.transforms.InsertField$Value") == "Value");
    CHECK(pruned_name("org.apache.kafka.connect.file.FileStreamSourceConnector",
                      KC_KIND_SOURCE_CONNECTOR) == "FileStreamSource");
    CHECK(pruned_name("org.apache.kafka.connect.json.JsonConverter", KC_KIND_CONVERTER) == "Json");
    // The suffix is cut at its last occurrence, and never at position 0.
    CHECK(pruned_name("a.ConverterConverter", KC_KIND_CONVERTER) == "Converter");
    CHECK(pruned_name("a.Converter", KC_KIND_CONVERTER) == "Converter");
    CHECK(pruned_name("a.HasHeaderFilter", KC_KIND_PREDICATE) == "HasHeaderFilter");
}

TEST_CASE("versions compare numerically by dot components") {
    CHECK(compare_versions("1.10.0", "1.9.0") > 0);
    CHECK(compare_versions("2.0.0", "2.0.0") == 0);
    CHECK(compare_versions("1.0.0", "undefined") > 0);
    CHECK(compare_versions("010", "9") > 0);
}

TEST_CASE("plugin.discovery values are case-insensitive") {
    CHECK(parse_discovery_mode("SERVICE_LOAD") == DiscoveryMode::ServiceLoad);
    CHECK(parse_discovery_mode("hybrid_Warn") == DiscoveryMode::HybridWarn);
    CHECK_FALSE(parse_discovery_mode("scan_everything"));
}
