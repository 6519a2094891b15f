#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "host/config/builtin_config_providers.hpp"
#include "host/config/config_error.hpp"
#include "host/config/config_providers.hpp"
#include "kc/export.hpp"
#include "kc/testing.hpp"
#include "support/temp_dir.hpp"

using namespace kc::host::config;
namespace fs = std::filesystem;

namespace {

using kc::test::TempDir;

WorkerConfig worker(ConfigMap extra) {
    ConfigMap m{{"key.converter", "k"},
                {"value.converter", "v"},
                {"offset.storage.file.filename", "/tmp/o"}};
    m.merge(extra);
    return WorkerConfig(m, WorkerMode::Standalone);
}

}  // namespace

TEST_CASE("config variables are located as Java's regex locates them") {
    auto vars = find_config_variables("x ${file:/a/b.properties:pw} y ${env:HOME}");
    REQUIRE(vars.size() == 2);
    CHECK(vars[0].provider == "file");
    CHECK(vars[0].path == "/a/b.properties");
    CHECK(vars[0].key == "pw");
    CHECK(vars[1].provider == "env");
    CHECK(vars[1].path == "");
    CHECK(vars[1].key == "HOME");
    // Further colons belong to the key; no colon is no reference.
    vars = find_config_variables("${p:path:k:with:colons}");
    REQUIRE(vars.size() == 1);
    CHECK(vars[0].key == "k:with:colons");
    CHECK(find_config_variables("${nocolon} $notref {x:y}").empty());
    vars = find_config_variables("${a${b:c}");
    REQUIRE(vars.size() == 1);
    CHECK(vars[0].provider == "a${b");
    CHECK(find_config_variables("${unterminated:x").empty());
}

TEST_CASE("transform_config resolves, groups lookups per path and reports TTLs") {
    int calls = 0;
    const ConfigMap raw{{"a", "${p:one:x}-${p:one:y}"}, {"b", "${p:two:z}"}, {"plain", "v"}};
    const auto result = transform_config(
        raw, {"p"},
        [&](const std::string&, const std::string& path, const std::set<std::string>& keys) {
            ++calls;
            ProviderData d;
            for (const auto& k : keys)
                d.values[k] = path + "." + k;
            if (path == "two") d.ttl_ms = 5000;
            return d;
        });
    CHECK(calls == 2);
    CHECK(*result.config.find("a") == "one.x-one.y");
    CHECK(*result.config.find("b") == "two.z");
    CHECK(*result.config.find("plain") == "v");
    CHECK(result.ttls.at("two") == 5000);
    CHECK(result.ttls.count("one") == 0);
    CHECK(*raw.find("a") == "${p:one:x}-${p:one:y}");  // raw untouched
}

TEST_CASE("transform_config leaves what it cannot resolve, as Java does; provider failures throw") {
    const auto lookup = [](const std::string&, const std::string&, const std::set<std::string>&) {
        return ProviderData{{{"present", "1"}}, std::nullopt};
    };
    const auto unknown_provider =
        transform_config(ConfigMap{{"k", "a-${nope:x}-${p:present}"}}, {"p"}, lookup);
    CHECK(*unknown_provider.config.find("k") == "a-${nope:x}-1");
    const auto missing_key =
        transform_config(ConfigMap{{"k", "${p:path:missing}/${p:path:present}"}}, {"p"}, lookup);
    CHECK(*missing_key.config.find("k") == "${p:path:missing}/1");
    const auto failing = [](const std::string&, const std::string&,
                            const std::set<std::string>&) -> ProviderData {
        throw std::runtime_error("backend down");
    };
    CHECK_THROWS_WITH_AS(transform_config(ConfigMap{{"k", "${p:x:y}"}}, {"p"}, failing),
                         doctest::Contains("backend down"), ConfigError);
}

TEST_CASE("built-in providers are config-provider descriptors under Java names") {
    const auto all = kc::host::builtin_config_providers();
    REQUIRE(all.size() == 3);
    std::set<std::string> names;
    for (const kc_descriptor* d : all) {
        CHECK(d->kind == KC_KIND_CONFIG_PROVIDER);
        CHECK(d->vtable != nullptr);
        names.insert(d->class_name);
    }
    CHECK(names.count("org.apache.kafka.common.config.provider.FileConfigProvider"));
    CHECK(names.count("org.apache.kafka.common.config.provider.DirectoryConfigProvider"));
    CHECK(names.count("org.apache.kafka.common.config.provider.EnvVarConfigProvider"));
}

TEST_CASE("file, directory and env providers resolve through worker config") {
    TempDir dir("kc-providers");
    dir.write("secrets.properties", "db.password = s3cr\\u00e9t\nuser:admin\n");
    dir.write("secrets/api_key", "abc123\n");
    ::setenv("KC_TEST_SECRET", "from-env", 1);
    ::setenv("KC_OTHER", "hidden", 1);
    const std::string base = dir.path().string();
    ConfigProviders providers(worker(ConfigMap{
        {"config.providers", "file, dir,env"},
        {"config.providers.file.class",
         "org.apache.kafka.common.config.provider.FileConfigProvider"},
        {"config.providers.file.param.allowed.paths", base},
        {"config.providers.dir.class", "DirectoryConfigProvider"},
        {"config.providers.env.class",
         "org.apache.kafka.common.config.provider.EnvVarConfigProvider"},
        {"config.providers.env.param.allowlist.pattern", "KC_TEST_.*"},
    }));
    const ConfigMap raw{
        {"connection.password", "${file:" + base + "/secrets.properties:db.password}"},
        {"connection.user", "${file:" + base + "/secrets.properties:user}"},
        {"api.key", "${dir:" + base + "/secrets:api_key}"},
        {"from.env", "pre-${env:KC_TEST_SECRET}"},
    };
    const auto result = providers.resolve(raw);
    CHECK(*result.config.find("connection.password") == "s3cr\xC3\xA9t");
    CHECK(*result.config.find("connection.user") == "admin");
    CHECK(*result.config.find("api.key") == "abc123\n");
    CHECK(*result.config.find("from.env") == "pre-from-env");
    CHECK(result.ttls.empty());
    // Raw config is never stored resolved.
    CHECK(raw.find("connection.password")->find("${file:") == 0);
    // A second resolve sees changed files (resolution happens at use time).
    dir.write("secrets.properties", "db.password=rotated\nuser=admin\n");
    CHECK(*providers.resolve(raw).config.find("connection.password") == "rotated");

    // env: a variable not allow-listed is not disclosed: the reference stays, as
    // in Java; a path is an error.
    CHECK(*providers.resolve(ConfigMap{{"x", "${env:KC_OTHER}"}}).config.find("x") ==
          "${env:KC_OTHER}");
    CHECK_THROWS_WITH_AS(providers.resolve(ConfigMap{{"x", "${env:somepath:KC_TEST_SECRET}"}}),
                         doctest::Contains("path is not supported"), ConfigError);
    // file: outside allowed.paths (also via ..) is refused.
    CHECK_THROWS_WITH_AS(providers.resolve(ConfigMap{{"x", "${file:/etc/passwd:root}"}}),
                         doctest::Contains("not allowed"), ConfigError);
    CHECK_THROWS_WITH_AS(
        providers.resolve(ConfigMap{{"x", "${file:" + base + "/../x.properties:k}"}}),
        doctest::Contains("not allowed"), ConfigError);
    // Missing file and directory give the reference and the reason.
    CHECK_THROWS_WITH_AS(
        providers.resolve(ConfigMap{{"x", "${file:" + base + "/missing.properties:k}"}}),
        doctest::Contains("missing.properties"), ConfigError);
    CHECK_THROWS_WITH_AS(providers.resolve(ConfigMap{{"x", "${dir:" + base + "/nodir:k}"}}),
                         doctest::Contains("not a directory"), ConfigError);
    ::unsetenv("KC_TEST_SECRET");
    ::unsetenv("KC_OTHER");
}

TEST_CASE("allowed.paths is checked on real paths: a symlink cannot lead out") {
    TempDir allowed("kc-providers-allowed"), outside("kc-providers-outside");
    outside.write("secret.properties", "k=outside\n");
    outside.write("secret-dir/k", "outside");
    allowed.write("mine.properties", "k=inside\n");
    allowed.write("dir/own", "inside");
    const std::filesystem::path base = allowed.path();
    std::filesystem::create_symlink(outside.path() / "secret.properties", base / "link.properties");
    std::filesystem::create_symlink(outside.path(), base / "linkdir");
    std::filesystem::create_symlink(outside.path() / "secret-dir/k", base / "dir/k");
    ConfigProviders providers(worker(ConfigMap{
        {"config.providers", "file,dir"},
        {"config.providers.file.class", "FileConfigProvider"},
        {"config.providers.file.param.allowed.paths", base.string()},
        {"config.providers.dir.class", "DirectoryConfigProvider"},
        {"config.providers.dir.param.allowed.paths", base.string()},
    }));
    const auto resolve = [&](const std::string& ref) {
        return *providers.resolve(ConfigMap{{"x", ref}}).config.find("x");
    };
    CHECK(resolve("${file:" + base.string() + "/mine.properties:k}") == "inside");
    CHECK_THROWS_WITH_AS(resolve("${file:" + base.string() + "/link.properties:k}"),
                         doctest::Contains("not allowed"), ConfigError);
    CHECK_THROWS_WITH_AS(resolve("${file:" + base.string() + "/linkdir/secret.properties:k}"),
                         doctest::Contains("not allowed"), ConfigError);
    CHECK_THROWS_WITH_AS(resolve("${dir:" + base.string() + "/linkdir/secret-dir:k}"),
                         doctest::Contains("not allowed"), ConfigError);
    // A file inside an allowed directory that links out is not read either.
    CHECK_THROWS_WITH_AS(resolve("${dir:" + base.string() + "/dir:k}"),
                         doctest::Contains("not allowed"), ConfigError);
    CHECK(resolve("${dir:" + base.string() + "/dir:own}") == "inside");
}

TEST_CASE("provider configuration errors are clear") {
    ConfigProviders no_class(worker(ConfigMap{{"config.providers", "vault"}}));
    CHECK_THROWS_WITH_AS(no_class.resolve(ConfigMap{{"x", "${vault:a:b}"}}),
                         doctest::Contains("config.providers.vault.class"), ConfigError);
    ConfigProviders unknown(worker(ConfigMap{
        {"config.providers", "vault"}, {"config.providers.vault.class", "com.example.Vault"}}));
    CHECK_THROWS_WITH_AS(unknown.resolve(ConfigMap{{"x", "${vault:a:b}"}}),
                         doctest::Contains("com.example.Vault"), ConfigError);
    ConfigProviders relative(
        worker(ConfigMap{{"config.providers", "file"},
                         {"config.providers.file.class", "FileConfigProvider"},
                         {"config.providers.file.param.allowed.paths", "relative/dir"}}));
    CHECK_THROWS_WITH_AS(relative.resolve(ConfigMap{{"x", "${file:/a:b}"}}),
                         doctest::Contains("not an absolute path"), ConfigError);
    ConfigProviders bad_regex(
        worker(ConfigMap{{"config.providers", "env"},
                         {"config.providers.env.class", "EnvVarConfigProvider"},
                         {"config.providers.env.param.allowlist.pattern", "("}}));
    CHECK_THROWS_WITH_AS(bad_regex.resolve(ConfigMap{{"x", "${env:HOME}"}}),
                         doctest::Contains("allowlist.pattern"), ConfigError);
    // No reference: no provider is ever created, so nothing can fail.
    CHECK(*no_class.resolve(ConfigMap{{"x", "plain"}}).config.find("x") == "plain");
}

TEST_CASE("built-in providers validate their parameters through their ConfigDef") {
    kc::testing::TestHost host;
    kc::set_linked_plugin_host(host.services());
    const auto validate = [&](std::string_view cls, std::string_view key, std::string_view value) {
        for (const kc_descriptor* d : kc::host::builtin_config_providers()) {
            if (std::string_view(d->class_name).ends_with(cls)) {
                const kc_config_entry entry{kc::str_ref(key), kc::str_ref(value)};
                const kc_config config{&entry, 1};
                const kc_config_value* out = nullptr;
                size_t count = 0;
                REQUIRE(d->validate(&config, host.raw_arena(), &out, &count, host.raw_error()) ==
                        KC_OK);
                REQUIRE(count == 1);
                CHECK(kc::sv(out[0].name) == key);
                return out[0].error_count == 0 ? std::string()
                                               : std::string(kc::sv(out[0].errors[0]));
            }
        }
        FAIL("no provider " << cls);
        return std::string();
    };
    CHECK(validate("FileConfigProvider", "allowed.paths", "/a, /b").empty());
    CHECK(validate("DirectoryConfigProvider", "allowed.paths", "/a,relative/dir")
              .find("'relative/dir' is not an absolute path") != std::string::npos);
    CHECK(validate("EnvVarConfigProvider", "allowlist.pattern", "KC_.*").empty());
    CHECK(validate("EnvVarConfigProvider", "allowlist.pattern", "(")
              .find("invalid allowlist.pattern '('") != std::string::npos);
    kc::set_linked_plugin_host(nullptr);
}
