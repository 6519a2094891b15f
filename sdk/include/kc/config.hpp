// kc/config.hpp - ConfigDef as plugin authors know it from Java: define keys
// with a type, a default (or none: required), a validator, importance,
// documentation, group, width, display name, dependents and a recommender;
// parse string properties into typed values with Java's rules; validate()
// with Java's per-key results. The export layer (kc/export.hpp) turns a
// ConfigDef into the descriptor's kc_config_key array and validate() function.
//
// Method names follow Java (define, getString, validate...) so that porting a
// Java connector is mostly mechanical.
#pragma once

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "kc/abi.h"
#include "kc/error.hpp"
#include "kc/java_float.hpp"
#include "kc/java_text.hpp"

namespace kc {

// Configs as the host lends them (start(), configure()): plain string pairs.
using ConfigMap = std::map<std::string, std::string>;

// Copies a borrowed kc_config into a ConfigMap (a later duplicate key wins).
inline ConfigMap to_config_map(const kc_config* config) {
    ConfigMap out;
    if (config == nullptr) return out;
    for (size_t i = 0; i < config->count; ++i) {
        const kc_config_entry& e = config->entries[i];
        out.insert_or_assign(std::string(e.key.ptr, e.key.len),
                             std::string(e.value.ptr, e.value.len));
    }
    return out;
}

enum class ConfigType {
    Boolean = KC_CFG_BOOLEAN,
    String = KC_CFG_STRING,
    Int = KC_CFG_INT,
    Short = KC_CFG_SHORT,
    Long = KC_CFG_LONG,
    Double = KC_CFG_DOUBLE,
    List = KC_CFG_LIST,
    Class = KC_CFG_CLASS,
    Password = KC_CFG_PASSWORD,
};

enum class Importance {
    High = KC_IMPORTANCE_HIGH,
    Medium = KC_IMPORTANCE_MEDIUM,
    Low = KC_IMPORTANCE_LOW
};
enum class Width {
    None = KC_WIDTH_NONE,
    Short = KC_WIDTH_SHORT,
    Medium = KC_WIDTH_MEDIUM,
    Long = KC_WIDTH_LONG
};

inline std::string_view config_type_name(ConfigType t) {
    switch (t) {
        case ConfigType::Boolean:
            return "BOOLEAN";
        case ConfigType::String:
            return "STRING";
        case ConfigType::Int:
            return "INT";
        case ConfigType::Short:
            return "SHORT";
        case ConfigType::Long:
            return "LONG";
        case ConfigType::Double:
            return "DOUBLE";
        case ConfigType::List:
            return "LIST";
        case ConfigType::Class:
            return "CLASS";
        case ConfigType::Password:
            return "PASSWORD";
    }
    return "UNKNOWN";
}

// A secret: printed as "[hidden]" everywhere, readable only through value().
class Password {
  public:
    explicit Password(std::string value) : value_(std::move(value)) {}
    const std::string& value() const noexcept { return value_; }
    bool operator==(const Password&) const = default;
    static constexpr std::string_view hidden = "[hidden]";

  private:
    std::string value_;
};

// A parsed config value. monostate = null (Java null). CLASS values are
// kept as their class name.
using ParsedValue = std::variant<std::monostate, bool, int16_t, int32_t, int64_t, double,
                                 std::string, std::vector<std::string>, Password>;
using ParsedConfig = std::map<std::string, ParsedValue>;

// Java's toString of a parsed value (lists as "[a, b]", null as "null"), as
// used in "Invalid value X for configuration Y" messages.
inline std::string to_display_string(const ParsedValue& v) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>)
                return "null";
            else if constexpr (std::is_same_v<T, bool>)
                return x ? "true" : "false";
            else if constexpr (std::is_same_v<T, double>)
                return java_double(x);
            else if constexpr (std::is_integral_v<T>)
                return std::to_string(x);
            else if constexpr (std::is_same_v<T, std::string>)
                return x;
            else if constexpr (std::is_same_v<T, Password>)
                return std::string(Password::hidden);
            else
                return "[" + join(x, ", ") + "]";
        },
        v);
}

// Java ConfigDef.convertToString: the string form a value round-trips through
// (lists comma-joined, passwords hidden); nullopt for null.
inline std::optional<std::string> convert_to_string(const ParsedValue& v) {
    if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
    if (const auto* list = std::get_if<std::vector<std::string>>(&v)) return join(*list, ",");
    return to_display_string(v);
}

// Java ConfigDef.parseType for a string input: trims, then converts.
inline ParsedValue parse_config_value(std::string_view name, std::string_view raw,
                                      ConfigType type) {
    std::string_view trimmed = trim(raw);
    auto not_a_number = [&]() {
        return ConfigException(name, raw,
                               "Not a number of type " + std::string(config_type_name(type)));
    };
    switch (type) {
        case ConfigType::Boolean:
            if (iequals(trimmed, "true")) return true;
            if (iequals(trimmed, "false")) return false;
            throw ConfigException(name, raw, "Expected value to be either true or false");
        case ConfigType::Password:
            return Password(std::string(trimmed));
        case ConfigType::String:
        case ConfigType::Class:
            return std::string(trimmed);
        case ConfigType::Short:
            if (auto v = parse_java_integer<int16_t>(trimmed)) return *v;
            throw not_a_number();
        case ConfigType::Int:
            if (auto v = parse_java_integer<int32_t>(trimmed)) return *v;
            throw not_a_number();
        case ConfigType::Long:
            if (auto v = parse_java_integer<int64_t>(trimmed)) return *v;
            throw not_a_number();
        case ConfigType::Double:
            if (auto v = parse_java_double(trimmed)) return *v;
            throw not_a_number();
        case ConfigType::List: {
            // Java splits on "\\s*,\\s*" keeping empty elements, after trimming the whole.
            std::vector<std::string> items;
            if (trimmed.empty()) return items;
            size_t start = 0;
            while (true) {
                size_t comma = trimmed.find(',', start);
                std::string_view item =
                    trimmed.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                          : comma - start);
                while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front())))
                    item.remove_prefix(1);
                while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back())))
                    item.remove_suffix(1);
                items.emplace_back(item);
                if (comma == std::string_view::npos) break;
                start = comma + 1;
            }
            return items;
        }
    }
    throw ConfigException(name, raw, "Unknown type");
}

// ---------------------------------------------------------------------------
// Validators and recommenders
// ---------------------------------------------------------------------------

// Checks a parsed value (which may be null); throws ConfigException. Its
// to_string() is the human description shown in docs ("[1,...]").
class Validator {
  public:
    virtual ~Validator() = default;
    virtual void ensureValid(const std::string& name, const ParsedValue& value) const = 0;
    virtual std::string to_string() const { return ""; }
};
using ValidatorPtr = std::shared_ptr<const Validator>;

// Java ConfigDef.Range over any numeric type (compared as double, like Java).
class Range final : public Validator {
  public:
    static ValidatorPtr atLeast(double min) { return ValidatorPtr(new Range(min, std::nullopt)); }
    static ValidatorPtr atMost(double max) { return ValidatorPtr(new Range(std::nullopt, max)); }
    static ValidatorPtr between(double min, double max) {
        return ValidatorPtr(new Range(min, max));
    }

    void ensureValid(const std::string& name, const ParsedValue& value) const override {
        std::optional<double> n = std::visit(
            [](const auto& x) -> std::optional<double> {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
                    return static_cast<double>(x);
                else
                    return std::nullopt;
            },
            value);
        if (!n) throw ConfigException(name, to_display_string(value), "Value must be non-null");
        if (min_ && *n < *min_)
            throw ConfigException(name, to_display_string(value),
                                  "Value must be at least " + bound(*min_));
        if (max_ && *n > *max_)
            throw ConfigException(name, to_display_string(value),
                                  "Value must be no more than " + bound(*max_));
    }
    std::string to_string() const override {
        if (!min_) return "[...," + bound(*max_) + "]";
        if (!max_) return "[" + bound(*min_) + ",...]";
        return "[" + bound(*min_) + ",...," + bound(*max_) + "]";
    }

  private:
    Range(std::optional<double> min, std::optional<double> max) : min_(min), max_(max) {}
    // Bounds print as integers when integral, as Java's Range(Number) does for int bounds.
    static std::string bound(double b) {
        if (std::trunc(b) == b && std::fabs(b) < 9.2e18)
            return std::to_string(static_cast<int64_t>(b));
        return java_double(b);
    }
    std::optional<double> min_, max_;
};

// Java ConfigDef.ValidString.in(...): exact match against a list.
class ValidString final : public Validator {
  public:
    static ValidatorPtr in(std::vector<std::string> valid) {
        return ValidatorPtr(new ValidString(std::move(valid)));
    }
    void ensureValid(const std::string& name, const ParsedValue& value) const override {
        const auto* s = std::get_if<std::string>(&value);
        if (s == nullptr || std::find(valid_.begin(), valid_.end(), *s) == valid_.end())
            throw ConfigException(name, to_display_string(value),
                                  "String must be one of: " + join(valid_, ", "));
    }
    std::string to_string() const override { return "[" + join(valid_, ", ") + "]"; }

  private:
    explicit ValidString(std::vector<std::string> valid) : valid_(std::move(valid)) {}
    std::vector<std::string> valid_;
};

// Java ConfigDef.CaseInsensitiveValidString.in(...).
class CaseInsensitiveValidString final : public Validator {
  public:
    static ValidatorPtr in(std::vector<std::string> valid) {
        return ValidatorPtr(new CaseInsensitiveValidString(std::move(valid)));
    }
    void ensureValid(const std::string& name, const ParsedValue& value) const override {
        const auto* s = std::get_if<std::string>(&value);
        bool ok = s != nullptr && std::any_of(valid_.begin(), valid_.end(),
                                              [&](const std::string& v) { return iequals(v, *s); });
        if (!ok)
            throw ConfigException(
                name, to_display_string(value),
                "String must be one of (case insensitive): " + join(valid_, ", "));
    }
    std::string to_string() const override {
        return "(case insensitive) [" + join(valid_, ", ") + "]";
    }

  private:
    explicit CaseInsensitiveValidString(std::vector<std::string> valid)
        : valid_(std::move(valid)) {}
    std::vector<std::string> valid_;
};

// Java ConfigDef.ValidList.in(...): every list element must be one of `valid`.
class ValidList final : public Validator {
  public:
    static ValidatorPtr in(std::vector<std::string> valid) {
        return ValidatorPtr(new ValidList(std::move(valid)));
    }
    void ensureValid(const std::string& name, const ParsedValue& value) const override {
        const auto* list = std::get_if<std::vector<std::string>>(&value);
        if (list == nullptr)
            throw ConfigException(name, to_display_string(value), "Value must be a list");
        for (const std::string& item : *list)
            element_->ensureValid(name, item);
    }
    std::string to_string() const override { return element_->to_string(); }

  private:
    explicit ValidList(std::vector<std::string> valid)
        : element_(ValidString::in(std::move(valid))) {}
    ValidatorPtr element_;
};

// Java ConfigDef.NonEmptyString.
class NonEmptyString final : public Validator {
  public:
    static ValidatorPtr create() { return std::make_shared<NonEmptyString>(); }
    void ensureValid(const std::string& name, const ParsedValue& value) const override {
        // Java lets null through: only an empty string is refused.
        const auto* s = std::get_if<std::string>(&value);
        if (s != nullptr && s->empty()) throw ConfigException(name, *s, "String must be non-empty");
    }
    std::string to_string() const override { return "non-empty string"; }
};

// Java ConfigDef.NonNullValidator.
class NonNullValidator final : public Validator {
  public:
    static ValidatorPtr create() { return std::make_shared<NonNullValidator>(); }
    void ensureValid(const std::string& name, const ParsedValue& value) const override {
        if (std::holds_alternative<std::monostate>(value))
            throw ConfigException(name, "null", "Value must be non-null");
    }
    std::string to_string() const override { return "non-null string"; }
};

// Java ConfigDef.LambdaValidator.with(check, description).
class LambdaValidator final : public Validator {
  public:
    using Check = std::function<void(const std::string& name, const ParsedValue& value)>;
    static ValidatorPtr with(Check check, std::string description = "") {
        return ValidatorPtr(new LambdaValidator(std::move(check), std::move(description)));
    }
    void ensureValid(const std::string& name, const ParsedValue& value) const override {
        check_(name, value);
    }
    std::string to_string() const override { return description_; }

  private:
    LambdaValidator(Check check, std::string description)
        : check_(std::move(check)), description_(std::move(description)) {}
    Check check_;
    std::string description_;
};

// Java ConfigDef.CompositeValidator.of(...): all must pass, in order.
class CompositeValidator final : public Validator {
  public:
    static ValidatorPtr of(std::vector<ValidatorPtr> parts) {
        return ValidatorPtr(new CompositeValidator(std::move(parts)));
    }
    void ensureValid(const std::string& name, const ParsedValue& value) const override {
        for (const auto& v : parts_)
            v->ensureValid(name, value);
    }
    std::string to_string() const override {
        std::vector<std::string> descs;
        for (const auto& v : parts_)
            descs.push_back(v->to_string());
        return join(descs, ", ");
    }

  private:
    explicit CompositeValidator(std::vector<ValidatorPtr> parts) : parts_(std::move(parts)) {}
    std::vector<ValidatorPtr> parts_;
};

// Java ConfigDef.Recommender: valid values and visibility of a key given the
// values parsed so far (for UIs through the REST validate endpoint).
class Recommender {
  public:
    virtual ~Recommender() = default;
    virtual std::vector<ParsedValue> validValues(const std::string& name,
                                                 const ParsedConfig& parsed) const = 0;
    virtual bool visible(const std::string& name, const ParsedConfig& parsed) const = 0;
};
using RecommenderPtr = std::shared_ptr<const Recommender>;

// ---------------------------------------------------------------------------
// Keys and the definition
// ---------------------------------------------------------------------------

// A default value as written in define(): a string (parsed like user input),
// a number, a boolean, a list, null (`nullptr`), or kc::NO_DEFAULT (required).
class Default {
  public:
    struct None {};
    Default(None) {}                                         // NOLINT: implicit by design
    Default(std::nullptr_t) : kind_(Kind::Null) {}           // NOLINT
    Default(const char* s) : kind_(Kind::Text), text_(s) {}  // NOLINT
    Default(std::string s) : kind_(Kind::Text), text_(std::move(s)) {}   // NOLINT
    Default(std::string_view s) : kind_(Kind::Text), text_(s) {}         // NOLINT
    Default(bool b) : kind_(Kind::Text), text_(b ? "true" : "false") {}  // NOLINT
    template <class N, std::enable_if_t<std::is_integral_v<N> && !std::is_same_v<N, bool>, int> = 0>
    Default(N n) : kind_(Kind::Text), text_(std::to_string(n)) {}           // NOLINT
    Default(double d) : kind_(Kind::Text), text_(java_double(d)) {}         // NOLINT
    Default(std::initializer_list<const char*> list) : kind_(Kind::Text) {  // NOLINT
        std::vector<std::string> items(list.begin(), list.end());
        text_ = join(items, ",");
    }

    bool required() const noexcept { return kind_ == Kind::Required; }
    bool is_null() const noexcept { return kind_ == Kind::Null; }
    const std::string& text() const noexcept { return text_; }

  private:
    enum class Kind { Required, Null, Text };
    Kind kind_ = Kind::Required;
    std::string text_;
};
inline constexpr Default::None NO_DEFAULT{};

// One key (Java ConfigDef.ConfigKey); define(ConfigKey) takes one filled in
// member by member, the define(...) overloads build it positionally.
struct ConfigKey {
    std::string name;
    ConfigType type = ConfigType::String;
    Default defaultValue = NO_DEFAULT;
    ValidatorPtr validator;
    Importance importance = Importance::Medium;
    std::string documentation;
    std::string group;  // empty = none
    int orderInGroup = -1;
    Width width = Width::None;
    std::string displayName;  // empty = the name
    std::vector<std::string> dependents;
    RecommenderPtr recommender;
    bool internalConfig = false;

    // Filled by ConfigDef::define: the default parsed (monostate when null/required).
    ParsedValue parsedDefault;
    bool hasDefault() const noexcept { return !defaultValue.required(); }
};

// Java ConfigValue: the result of validating one key.
struct ConfigValue {
    std::string name;
    ParsedValue value;
    std::vector<ParsedValue> recommendedValues;
    std::vector<std::string> errorMessages;
    bool visible = true;
};

class ConfigDef {
  public:
    // The full form; every other overload fills in Java's defaults.
    ConfigDef& define(ConfigKey key) {
        if (index_.count(key.name))
            throw ConfigException("Configuration " + key.name + " is defined twice.");
        if (key.displayName.empty()) key.displayName = key.name;
        if (!key.defaultValue.required() && !key.defaultValue.is_null()) {
            key.parsedDefault = parse_config_value(key.name, key.defaultValue.text(), key.type);
        }
        if (key.validator && key.hasDefault()) {
            try {
                key.validator->ensureValid(key.name, key.parsedDefault);
            } catch (const ConfigException& e) {
                throw ConfigException("Invalid default value for " + key.name + ": " + e.what());
            }
        }
        index_.emplace(key.name, keys_.size());
        keys_.push_back(std::move(key));
        return *this;
    }
    ConfigDef& define(std::string name, ConfigType type, Default defaultValue,
                      ValidatorPtr validator, Importance importance, std::string documentation,
                      std::string group, int orderInGroup, Width width, std::string displayName,
                      std::vector<std::string> dependents = {},
                      RecommenderPtr recommender = nullptr) {
        ConfigKey key;
        key.name = std::move(name);
        key.type = type;
        key.defaultValue = std::move(defaultValue);
        key.validator = std::move(validator);
        key.importance = importance;
        key.documentation = std::move(documentation);
        key.group = std::move(group);
        key.orderInGroup = orderInGroup;
        key.width = width;
        key.displayName = std::move(displayName);
        key.dependents = std::move(dependents);
        key.recommender = std::move(recommender);
        return define(std::move(key));
    }
    ConfigDef& define(std::string name, ConfigType type, Default defaultValue,
                      Importance importance, std::string documentation, std::string group,
                      int orderInGroup, Width width, std::string displayName,
                      std::vector<std::string> dependents = {},
                      RecommenderPtr recommender = nullptr) {
        return define(std::move(name), type, std::move(defaultValue), nullptr, importance,
                      std::move(documentation), std::move(group), orderInGroup, width,
                      std::move(displayName), std::move(dependents), std::move(recommender));
    }
    ConfigDef& define(std::string name, ConfigType type, Importance importance,
                      std::string documentation, std::string group, int orderInGroup, Width width,
                      std::string displayName, std::vector<std::string> dependents = {},
                      RecommenderPtr recommender = nullptr) {
        return define(std::move(name), type, NO_DEFAULT, nullptr, importance,
                      std::move(documentation), std::move(group), orderInGroup, width,
                      std::move(displayName), std::move(dependents), std::move(recommender));
    }
    ConfigDef& define(std::string name, ConfigType type, Default defaultValue,
                      ValidatorPtr validator, Importance importance, std::string documentation) {
        ConfigKey key;
        key.name = std::move(name);
        key.type = type;
        key.defaultValue = std::move(defaultValue);
        key.validator = std::move(validator);
        key.importance = importance;
        key.documentation = std::move(documentation);
        return define(std::move(key));
    }
    ConfigDef& define(std::string name, ConfigType type, Default defaultValue,
                      Importance importance, std::string documentation) {
        return define(std::move(name), type, std::move(defaultValue), nullptr, importance,
                      std::move(documentation));
    }
    ConfigDef& define(std::string name, ConfigType type, Importance importance,
                      std::string documentation) {
        return define(std::move(name), type, NO_DEFAULT, nullptr, importance,
                      std::move(documentation));
    }
    // A key hidden from documentation (Java defineInternal).
    ConfigDef& defineInternal(std::string name, ConfigType type, Default defaultValue,
                              Importance importance) {
        ConfigKey key;
        key.name = std::move(name);
        key.type = type;
        key.defaultValue = std::move(defaultValue);
        key.importance = importance;
        key.internalConfig = true;
        return define(std::move(key));
    }

    const std::vector<ConfigKey>& configKeys() const noexcept { return keys_; }
    const ConfigKey* find(std::string_view name) const {
        auto it = index_.find(std::string(name));
        return it == index_.end() ? nullptr : &keys_[it->second];
    }
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& k : keys_)
            out.push_back(k.name);
        return out;
    }

    // Java ConfigDef.parse: every defined key parsed (or defaulted) and validated.
    // Throws ConfigException on the first problem.
    ParsedConfig parse(const ConfigMap& props) const {
        ParsedConfig out;
        for (const ConfigKey& key : keys_) {
            ParsedValue value;
            if (auto it = props.find(key.name); it != props.end())
                value = parse_config_value(key.name, it->second, key.type);
            else if (!key.hasDefault())
                throw ConfigException("Missing required configuration \"" + key.name +
                                      "\" which has no default value.");
            else
                value = key.parsedDefault;
            if (key.validator) key.validator->ensureValid(key.name, value);
            out.emplace(key.name, std::move(value));
        }
        return out;
    }

    // Java ConfigDef.validate: one result per defined key (definition order),
    // then one per dependent that names an undefined key. Never throws
    // ConfigException: problems become error messages.
    std::vector<ConfigValue> validate(const ConfigMap& props) const {
        std::map<std::string, ConfigValue> results;
        ParsedConfig parsed;
        for (const ConfigKey& key : keys_) {
            ConfigValue& result = results[key.name];
            result.name = key.name;
            ParsedValue value;
            if (auto it = props.find(key.name); it != props.end()) {
                try {
                    value = parse_config_value(key.name, it->second, key.type);
                } catch (const ConfigException& e) {
                    result.errorMessages.emplace_back(e.what());
                }
            } else if (!key.hasDefault()) {
                result.errorMessages.push_back("Missing required configuration \"" + key.name +
                                               "\" which has no default value.");
            } else {
                value = key.parsedDefault;
            }
            if (key.validator) {
                try {
                    key.validator->ensureValid(key.name, value);
                } catch (const ConfigException& e) {
                    result.errorMessages.emplace_back(e.what());
                }
            }
            result.value = value;
            parsed.emplace(key.name, std::move(value));
        }
        std::set<std::string> in_progress;
        for (const ConfigKey& key : keys_)
            recommend(key.name, parsed, results, in_progress);

        std::vector<ConfigValue> out;
        for (const ConfigKey& key : keys_)
            out.push_back(std::move(results[key.name]));
        for (const std::string& undefined : undefinedDependents()) {
            ConfigValue missing;
            missing.name = undefined;
            missing.visible = false;
            missing.errorMessages.push_back(undefined +
                                            " is referred in the dependents, but not defined.");
            out.push_back(std::move(missing));
        }
        return out;
    }

  private:
    void recommend(const std::string& name, const ParsedConfig& parsed,
                   std::map<std::string, ConfigValue>& results,
                   std::set<std::string>& in_progress) const {
        const ConfigKey* key = find(name);
        if (key == nullptr || !in_progress.insert(name).second) return;  // undefined, or a cycle
        ConfigValue& result = results[name];
        if (key->recommender) {
            try {
                std::vector<ParsedValue> recommended = key->recommender->validValues(name, parsed);
                if (!result.recommendedValues.empty()) {
                    const auto& before = result.recommendedValues;
                    std::erase_if(recommended, [&](const ParsedValue& v) {
                        return std::find(before.begin(), before.end(), v) == before.end();
                    });
                }
                result.recommendedValues = std::move(recommended);
                result.visible = key->recommender->visible(name, parsed);
            } catch (const ConfigException& e) {
                result.errorMessages.emplace_back(e.what());
            }
        }
        for (const std::string& dependent : key->dependents)
            recommend(dependent, parsed, results, in_progress);
        in_progress.erase(name);
    }
    std::vector<std::string> undefinedDependents() const {
        std::vector<std::string> out;
        for (const ConfigKey& key : keys_)
            for (const std::string& d : key.dependents)
                if (!find(d) && std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
        return out;
    }

    std::vector<ConfigKey> keys_;
    std::map<std::string, size_t> index_;
};

// A parsed, typed configuration (Java AbstractConfig): construction parses and
// validates, getters return the typed value of a defined key.
class Config {
  public:
    Config(const ConfigDef& def, ConfigMap originals)
        : originals_(std::move(originals)), values_(def.parse(originals_)), def_(def) {}

    const std::string& getString(const std::string& name) const {
        return get<std::string>(name, ConfigType::String);
    }
    int32_t getInt(const std::string& name) const { return get<int32_t>(name, ConfigType::Int); }
    int64_t getLong(const std::string& name) const { return get<int64_t>(name, ConfigType::Long); }
    int16_t getShort(const std::string& name) const {
        return get<int16_t>(name, ConfigType::Short);
    }
    double getDouble(const std::string& name) const {
        return get<double>(name, ConfigType::Double);
    }
    bool getBoolean(const std::string& name) const { return get<bool>(name, ConfigType::Boolean); }
    const std::vector<std::string>& getList(const std::string& name) const {
        return get<std::vector<std::string>>(name, ConfigType::List);
    }
    const Password& getPassword(const std::string& name) const {
        return get<Password>(name, ConfigType::Password);
    }
    const std::string& getClass(const std::string& name) const {
        return get<std::string>(name, ConfigType::Class);
    }
    // True when the key's value is null (a null default left unset).
    bool isNull(const std::string& name) const {
        return std::holds_alternative<std::monostate>(value(name));
    }
    const ParsedValue& value(const std::string& name) const {
        auto it = values_.find(name);
        if (it == values_.end()) throw ConfigException("Unknown configuration '" + name + "'");
        return it->second;
    }
    const ConfigMap& originals() const noexcept { return originals_; }
    // Originals whose key starts with prefix, with the prefix removed (Java originalsWithPrefix).
    ConfigMap originalsWithPrefix(std::string_view prefix) const {
        ConfigMap out;
        for (const auto& [k, v] : originals_)
            if (k.size() > prefix.size() && k.compare(0, prefix.size(), prefix) == 0)
                out.emplace(k.substr(prefix.size()), v);
        return out;
    }
    const ParsedConfig& values() const noexcept { return values_; }

  private:
    template <class T>
    const T& get(const std::string& name, ConfigType expected) const {
        const ParsedValue& v = value(name);
        const ConfigKey* key = def_.find(name);
        if (key->type != expected)
            throw ConfigException("Configuration '" + name + "' is of type " +
                                  std::string(config_type_name(key->type)) + ", not " +
                                  std::string(config_type_name(expected)));
        if (const T* typed = std::get_if<T>(&v)) return *typed;
        throw ConfigException("Configuration '" + name + "' is null");
    }

    ConfigMap originals_;
    ParsedConfig values_;
    ConfigDef def_;  // a copy: callers often pass a temporary from config_def()
};

}  // namespace kc
