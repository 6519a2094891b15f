#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "host/config/config_error.hpp"
#include "host/config/properties.hpp"
#include "support/temp_dir.hpp"

using kc::host::config::ConfigError;
using kc::host::config::ConfigMap;
using kc::host::config::load_properties_file;
using kc::host::config::parse_properties;

namespace {
std::string at(const ConfigMap& m, std::string_view k) {
    const std::string* v = m.find(k);
    REQUIRE_MESSAGE(v != nullptr, "missing key " << k);
    return *v;
}
}  // namespace

TEST_CASE("properties: the three separators and surrounding whitespace") {
    const ConfigMap m = parse_properties("a=1\nb:2\nc 3\n  d  =  4  \ne\t:\t5\nf = = 6\ng  :=7\n");
    CHECK(at(m, "a") == "1");
    CHECK(at(m, "b") == "2");
    CHECK(at(m, "c") == "3");
    CHECK(at(m, "d") == "4  ");  // Java keeps trailing whitespace of values
    CHECK(at(m, "e") == "5");
    CHECK(at(m, "f") == "= 6");  // only one separator is consumed
    CHECK(at(m, "g") == "=7");
}

TEST_CASE("properties: keys without value and empty values") {
    const ConfigMap m = parse_properties("lonely\nempty=\nspaced   \n");
    CHECK(at(m, "lonely") == "");
    CHECK(at(m, "empty") == "");
    CHECK(at(m, "spaced") == "");
    CHECK(m.size() == 3);
}

TEST_CASE("properties: comments and blank lines") {
    const ConfigMap m =
        parse_properties("# c1\n! c2\n   # indented comment\n\n\t\nk=v # not a comment\n");
    CHECK(m.size() == 1);
    CHECK(at(m, "k") == "v # not a comment");
}

TEST_CASE("properties: a comment line ending in a backslash does not continue") {
    const ConfigMap m = parse_properties("# comment \\\nk=v\n");
    CHECK(m.size() == 1);
    CHECK(at(m, "k") == "v");
}

TEST_CASE("properties: continuation lines drop leading whitespace") {
    const ConfigMap m = parse_properties("fruits = apple, \\\n    banana, \\\n\tpear\nnext=1\n");
    CHECK(at(m, "fruits") == "apple, banana, pear");
    CHECK(at(m, "next") == "1");
}

TEST_CASE("properties: even number of backslashes is not a continuation") {
    const ConfigMap m = parse_properties("a=x\\\\\nb=y\n");
    CHECK(at(m, "a") == "x\\");
    CHECK(at(m, "b") == "y");
}

TEST_CASE("properties: a '#' at the start of a continued line is content") {
    const ConfigMap m = parse_properties("a=x\\\n  #y\n");
    CHECK(at(m, "a") == "x#y");
}

TEST_CASE("properties: an empty continuation line ends the logical line") {
    const ConfigMap m = parse_properties("a=x\\\n\nb=y\n");
    CHECK(at(m, "a") == "x");
    CHECK(at(m, "b") == "y");
}

TEST_CASE("properties: trailing backslash at end of input is dropped") {
    const ConfigMap m = parse_properties("a=x\\");
    CHECK(at(m, "a") == "x");
}

TEST_CASE("properties: a line continued into the end of input is a line, as in Java") {
    // Java returns such a line from LineReader even when it is empty, so a file
    // ending in a lone backslash line holds the entry "" = "", with or without
    // a final newline.
    CHECK(parse_properties("a=1\n\\") == ConfigMap{{"a", "1"}, {"", ""}});
    CHECK(parse_properties("a=1\n\\\n") == ConfigMap{{"a", "1"}, {"", ""}});
    CHECK(parse_properties("a=1\\\n") == ConfigMap{{"a", "1"}});
}

TEST_CASE("properties: CR, LF and CRLF line ends") {
    const ConfigMap m = parse_properties("a=1\rb=2\r\nc=3\nd=4\\\r\n  5");
    CHECK(at(m, "a") == "1");
    CHECK(at(m, "b") == "2");
    CHECK(at(m, "c") == "3");
    CHECK(at(m, "d") == "45");
}

TEST_CASE("properties: escapes") {
    const ConfigMap m =
        parse_properties("t=a\\tb\\nc\\rd\\fe\nother=\\q\\\\\\=\nu=\\u0041\\u00e9\\u20AC\n");
    CHECK(at(m, "t") == "a\tb\nc\rd\fe");
    CHECK(at(m, "other") == "q\\=");
    CHECK(at(m, "u") == "A\xC3\xA9\xE2\x82\xAC");
}

TEST_CASE("properties: surrogate pair escapes join into one UTF-8 code point") {
    const ConfigMap m = parse_properties("e=\\uD83D\\uDE00\nlone=\\uD83Dx\n");
    CHECK(at(m, "e") == "\xF0\x9F\x98\x80");
    CHECK(at(m, "lone") == "\xEF\xBF\xBDx");
}

TEST_CASE("properties: escaped separators and spaces belong to the key") {
    const ConfigMap m = parse_properties("my\\ key\\:x\\=y = v\n\\#notcomment=1\n");
    CHECK(at(m, "my key:x=y") == "v");
    CHECK(at(m, "#notcomment") == "1");
}

TEST_CASE("properties: repeated key keeps first position and last value") {
    const ConfigMap m = parse_properties("a=1\nb=2\na=3\n");
    REQUIRE(m.size() == 2);
    CHECK(m.entries()[0] == ConfigMap::Entry{"a", "3"});
    CHECK(m.entries()[1] == ConfigMap::Entry{"b", "2"});
}

TEST_CASE("properties: insertion order is kept") {
    const ConfigMap m = parse_properties("z=1\ny=2\nx=3\n");
    REQUIRE(m.size() == 3);
    CHECK(m.entries()[0].first == "z");
    CHECK(m.entries()[2].first == "x");
}

TEST_CASE("properties: UTF-8 bytes pass through unchanged") {
    const ConfigMap m = parse_properties("name=caf\xC3\xA9\n");
    CHECK(at(m, "name") == "caf\xC3\xA9");
}

TEST_CASE("properties: malformed \\u escapes report source and line") {
    try {
        parse_properties("a=1\n\n# c\nb=\\u12G4\n", "w.properties");
        FAIL("expected an error");
    } catch (const ConfigError& e) {
        const std::string msg = e.what();
        CHECK(msg.find("w.properties:4") != std::string::npos);
        CHECK(msg.find("\\u12G4") != std::string::npos);
    }
    CHECK_THROWS_AS(parse_properties("a=\\u12"), ConfigError);
}

TEST_CASE("properties: line numbers count continued lines") {
    try {
        parse_properties("a=1\\\n 2\\\n 3\nb=\\uzzzz\n", "f");
        FAIL("expected an error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find("f:4") != std::string::npos);
    }
}

TEST_CASE("properties: load from file, missing file names the path") {
    const kc::test::TempDir dir("kc-props");
    const auto file =
        dir.write("worker.properties", "bootstrap.servers=localhost:9092\nkey.converter=x\n");
    const ConfigMap m = load_properties_file(file);
    CHECK(at(m, "bootstrap.servers") == "localhost:9092");
    CHECK_THROWS_WITH_AS(load_properties_file(dir / "missing.properties"),
                         doctest::Contains("missing.properties"), ConfigError);
}

TEST_CASE("config map: prefix extraction, erase, merge") {
    ConfigMap m{{"producer.linger.ms", "5"}, {"consumer.x", "1"}, {"producer.acks", "all"}};
    const ConfigMap p = m.with_prefix("producer.");
    REQUIRE(p.size() == 2);
    CHECK(p.entries()[0] == ConfigMap::Entry{"linger.ms", "5"});
    CHECK(m.with_prefix("producer.", false).contains("producer.acks"));
    CHECK(m.erase("consumer.x"));
    CHECK_FALSE(m.erase("consumer.x"));
    CHECK(m.find("producer.acks") != nullptr);
    CHECK(*m.find("producer.acks") == "all");
    m.merge(ConfigMap{{"producer.acks", "1"}, {"new", "v"}});
    CHECK(*m.find("producer.acks") == "1");
    CHECK(m.entries().back().first == "new");
}
