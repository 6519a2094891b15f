// kc::ConfigDef against Java's ConfigDef behaviour: parsing rules, defaults,
// validators and their messages, validate() results, typed access.
#include <doctest/doctest.h>
#include <kc/config.hpp>

#include <string>
#include <vector>

using kc::ConfigDef;
using kc::ConfigException;
using kc::ConfigType;
using kc::Importance;

namespace {

std::string parse_error(std::string_view raw, ConfigType type) {
    try {
        kc::parse_config_value("k", raw, type);
    } catch (const ConfigException& e) {
        return e.what();
    }
    return "no error";
}

template <class T>
T parsed(std::string_view raw, ConfigType type) {
    return std::get<T>(kc::parse_config_value("k", raw, type));
}

std::string validator_error(const kc::ValidatorPtr& v, const kc::ParsedValue& value) {
    try {
        v->ensureValid("k", value);
    } catch (const ConfigException& e) {
        return e.what();
    }
    return "valid";
}

}  // namespace

TEST_CASE("parsing follows Java's ConfigDef.parseType") {
    CHECK(parsed<bool>(" TRUE ", ConfigType::Boolean));
    CHECK_FALSE(parsed<bool>("False", ConfigType::Boolean));
    CHECK(parse_error("yes", ConfigType::Boolean) ==
          "Invalid value yes for configuration k: Expected value to be either true or false");
    CHECK(parsed<int32_t>(" +42 ", ConfigType::Int) == 42);
    CHECK(parsed<int32_t>("-2147483648", ConfigType::Int) == INT32_MIN);
    CHECK(parse_error("2147483648", ConfigType::Int) ==
          "Invalid value 2147483648 for configuration k: Not a number of type INT");
    CHECK(parse_error("1.5", ConfigType::Int) ==
          "Invalid value 1.5 for configuration k: Not a number of type INT");
    CHECK(parse_error("+-1", ConfigType::Int) != "no error");
    CHECK(parse_error("32768", ConfigType::Short) ==
          "Invalid value 32768 for configuration k: Not a number of type SHORT");
    CHECK(parsed<int64_t>("9223372036854775807", ConfigType::Long) == INT64_MAX);
    CHECK(parsed<double>("1e3", ConfigType::Double) == 1000.0);
    CHECK(parsed<double>("-2.5d", ConfigType::Double) == -2.5);
    CHECK(parse_error("abc", ConfigType::Double) ==
          "Invalid value abc for configuration k: Not a number of type DOUBLE");
    CHECK(parsed<std::string>("  padded  ", ConfigType::String) == "padded");
    CHECK(parsed<std::string>(" org.example.Foo ", ConfigType::Class) == "org.example.Foo");
    CHECK(parsed<kc::Password>(" pw ", ConfigType::Password).value() == "pw");
}

TEST_CASE("lists split on commas with surrounding whitespace, keeping empty items") {
    using List = std::vector<std::string>;
    CHECK(parsed<List>(" a , b,c ", ConfigType::List) == List{"a", "b", "c"});
    CHECK(parsed<List>("   ", ConfigType::List).empty());
    CHECK(parsed<List>("a,,b", ConfigType::List) == List{"a", "", "b"});
    CHECK(parsed<List>("a,", ConfigType::List) == List{"a", ""});
}

TEST_CASE("values print as Java prints them") {
    CHECK(kc::java_double(1.0) == "1.0");
    CHECK(kc::java_double(1e7) == "1.0E7");
    CHECK(kc::java_double(123.456) == "123.456");
    CHECK(kc::java_double(1e-4) == "1.0E-4");
    CHECK(kc::java_double(0.001) == "0.001");
    CHECK(kc::to_display_string(std::vector<std::string>{"a", "b"}) == "[a, b]");
    CHECK(kc::convert_to_string(std::vector<std::string>{"a", "b"}) == "a,b");
    CHECK(kc::convert_to_string(kc::Password("secret")) == "[hidden]");
    CHECK_FALSE(kc::convert_to_string(kc::ParsedValue{}).has_value());
}

TEST_CASE("parse applies defaults, requires keys without one, and validates") {
    ConfigDef def;
    def.define("topic", ConfigType::String, Importance::High, "Topic")
        .define("batch.size", ConfigType::Int, 100, kc::Range::atLeast(1), Importance::Low, "Batch")
        .define("ratio", ConfigType::Double, 0.5, Importance::Low, "Ratio")
        .define("fields", ConfigType::List, {"a", "b"}, Importance::Low, "Fields")
        .define("prefix", ConfigType::String, nullptr, Importance::Low, "Optional prefix")
        .define("secret", ConfigType::Password, "", Importance::Low, "Secret");

    kc::Config config(def, {{"topic", " events "}, {"batch.size", "7"}});
    CHECK(config.getString("topic") == "events");
    CHECK(config.getInt("batch.size") == 7);
    CHECK(config.getDouble("ratio") == 0.5);
    CHECK(config.getList("fields") == std::vector<std::string>{"a", "b"});
    CHECK(config.isNull("prefix"));
    CHECK(config.getPassword("secret").value().empty());
    CHECK_THROWS_WITH_AS(config.getLong("batch.size"),
                         "Configuration 'batch.size' is of type INT, not LONG", ConfigException);
    CHECK_THROWS_WITH_AS(config.getString("nope"), "Unknown configuration 'nope'", ConfigException);
    CHECK_THROWS_WITH_AS(config.getString("prefix"), "Configuration 'prefix' is null",
                         ConfigException);

    CHECK_THROWS_WITH_AS(kc::Config(def, {}),
                         "Missing required configuration \"topic\" which has no default value.",
                         ConfigException);
    CHECK_THROWS_WITH_AS(kc::Config(def, {{"topic", "t"}, {"batch.size", "0"}}),
                         "Invalid value 0 for configuration batch.size: Value must be at least 1",
                         ConfigException);
    CHECK_THROWS_WITH_AS(
        kc::Config(def, {{"topic", "t"}, {"batch.size", "many"}}),
        "Invalid value many for configuration batch.size: Not a number of type INT",
        ConfigException);
}

TEST_CASE("define refuses duplicates and invalid defaults") {
    ConfigDef def;
    def.define("a", ConfigType::Int, 1, Importance::Low, "");
    CHECK_THROWS_AS(def.define("a", ConfigType::Int, 1, Importance::Low, ""), ConfigException);
    CHECK_THROWS_WITH(
        def.define("b", ConfigType::Int, 0, kc::Range::atLeast(1), Importance::Low, ""),
        "Invalid default value for b: Invalid value 0 for configuration b: Value must be at least "
        "1");
    CHECK_THROWS_AS(def.define("c", ConfigType::Boolean, "maybe", Importance::Low, ""),
                    ConfigException);
}

TEST_CASE("validators word their errors and descriptions like Java") {
    CHECK(kc::Range::atLeast(1)->to_string() == "[1,...]");
    CHECK(kc::Range::between(1, 10)->to_string() == "[1,...,10]");
    CHECK(validator_error(kc::Range::between(1, 10), int32_t{11}) ==
          "Invalid value 11 for configuration k: Value must be no more than 10");
    CHECK(validator_error(kc::Range::atLeast(0), kc::ParsedValue{}) ==
          "Invalid value null for configuration k: Value must be non-null");
    CHECK(validator_error(kc::Range::atLeast(0), int64_t{0}) == "valid");

    auto modes = kc::ValidString::in({"bulk", "timestamp"});
    CHECK(modes->to_string() == "[bulk, timestamp]");
    CHECK(validator_error(modes, std::string("Bulk")) ==
          "Invalid value Bulk for configuration k: String must be one of: bulk, timestamp");
    auto ci = kc::CaseInsensitiveValidString::in({"none", "all"});
    CHECK(validator_error(ci, std::string("ALL")) == "valid");
    CHECK(validator_error(ci, std::string("some")) ==
          "Invalid value some for configuration k: String must be one of (case insensitive): none, "
          "all");
    CHECK(ci->to_string() == "(case insensitive) [none, all]");

    auto list = kc::ValidList::in({"x", "y"});
    CHECK(validator_error(list, std::vector<std::string>{"x", "y"}) == "valid");
    CHECK(validator_error(list, std::vector<std::string>{"x", "z"}) ==
          "Invalid value z for configuration k: String must be one of: x, y");

    CHECK(validator_error(kc::NonEmptyString::create(), std::string()) ==
          "Invalid value  for configuration k: String must be non-empty");
    // As in Java, null passes: only an empty string is refused.
    CHECK(validator_error(kc::NonEmptyString::create(), kc::ParsedValue{}) == "valid");
    CHECK(validator_error(kc::NonNullValidator::create(), kc::ParsedValue{}) ==
          "Invalid value null for configuration k: Value must be non-null");

    auto even = kc::LambdaValidator::with(
        [](const std::string& name, const kc::ParsedValue& v) {
            if (std::get<int32_t>(v) % 2)
                throw ConfigException(name, kc::to_display_string(v), "must be even");
        },
        "even numbers");
    CHECK(validator_error(even, int32_t{3}) == "Invalid value 3 for configuration k: must be even");
    auto both = kc::CompositeValidator::of({kc::Range::atLeast(0), even});
    CHECK(both->to_string() == "[0,...], even numbers");
    CHECK(validator_error(both, int32_t{-2}) ==
          "Invalid value -2 for configuration k: Value must be at least 0");
}

namespace {
// Recommends table names only when mode=table, and hides the key otherwise.
class TableRecommender : public kc::Recommender {
  public:
    std::vector<kc::ParsedValue> validValues(const std::string&,
                                             const kc::ParsedConfig& parsed) const override {
        if (std::get<std::string>(parsed.at("mode")) != "table") return {};
        return {std::string("orders"), std::string("users")};
    }
    bool visible(const std::string&, const kc::ParsedConfig& parsed) const override {
        return std::get<std::string>(parsed.at("mode")) == "table";
    }
};
}  // namespace

TEST_CASE("validate returns one result per key with errors, recommendations, visibility") {
    ConfigDef def;
    def.define("mode", ConfigType::String, "table", kc::ValidString::in({"table", "query"}),
               Importance::High, "Mode", "Source", 1, kc::Width::Short, "Mode",
               {"table.name", "undefined.key"})
        .define("table.name", ConfigType::String, "", nullptr, Importance::High, "Table", "Source",
                2, kc::Width::Long, "Table", {}, std::make_shared<TableRecommender>())
        .define("port", ConfigType::Int, kc::NO_DEFAULT, kc::Range::between(1, 65535),
                Importance::High, "Port");

    const auto results = def.validate({{"mode", "table"}, {"port", "http"}});
    REQUIRE(results.size() == 4);
    CHECK(results[0].name == "mode");
    CHECK(results[0].errorMessages.empty());
    CHECK(std::get<std::string>(results[0].value) == "table");
    CHECK(results[1].name == "table.name");
    CHECK(results[1].visible);
    CHECK(results[1].recommendedValues ==
          std::vector<kc::ParsedValue>{std::string("orders"), std::string("users")});
    CHECK(results[2].name == "port");
    CHECK(results[2].errorMessages ==
          std::vector<std::string>{
              "Invalid value http for configuration port: Not a number of type INT",
              "Invalid value null for configuration port: Value must be non-null"});
    CHECK(results[3].name == "undefined.key");
    CHECK_FALSE(results[3].visible);
    CHECK(
        results[3].errorMessages ==
        std::vector<std::string>{"undefined.key is referred in the dependents, but not defined."});

    const auto query = def.validate({{"mode", "query"}, {"port", "5432"}});
    CHECK_FALSE(query[1].visible);
    CHECK(query[1].recommendedValues.empty());
    CHECK(query[2].errorMessages.empty());

    const auto missing = def.validate({});
    CHECK(missing[2].errorMessages.front() ==
          "Missing required configuration \"port\" which has no default value.");
}

TEST_CASE("originalsWithPrefix strips the prefix") {
    ConfigDef def;
    kc::Config config(def, {{"producer.acks", "all"}, {"producer.", "x"}, {"other", "1"}});
    CHECK(config.originalsWithPrefix("producer.") == kc::ConfigMap{{"acks", "all"}});
}
