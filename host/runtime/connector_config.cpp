#include "host/runtime/connector_config.hpp"

#include <charconv>
#include <set>

#include "host/kafka/topic_name.hpp"
#include "kc/java_text.hpp"

namespace kc::host::runtime {
namespace {

using config::ConfigMap;

const std::string* find(const ConfigMap& s, const std::string& key) {
    return s.find(key);
}

template <class Int>
Int parse_int(const ConfigMap& s, const std::string& key, Int fallback,
              std::vector<ConfigProblem>& problems, std::optional<Int> min = std::nullopt) {
    const std::string* v = find(s, key);
    if (!v) return fallback;
    std::string t(trim(*v));
    Int out{};
    auto r = std::from_chars(t.data(), t.data() + t.size(), out);
    if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size()) {
        problems.push_back({key, "Invalid value " + *v + " for configuration " + key +
                                     ": Not a number of type " +
                                     (sizeof(Int) == 8   ? "LONG"
                                      : sizeof(Int) == 2 ? "SHORT"
                                                         : "INT")});
        return fallback;
    }
    if (min && out < *min) {
        problems.push_back({key, "Invalid value " + *v + " for configuration " + key +
                                     ": Value must be at least " + std::to_string(*min)});
        return fallback;
    }
    return out;
}

bool parse_bool(const ConfigMap& s, const std::string& key, bool fallback,
                std::vector<ConfigProblem>& problems) {
    const std::string* v = find(s, key);
    if (!v) return fallback;
    std::string t(trim(*v));
    for (auto& c : t)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t == "true") return true;
    if (t == "false") return false;
    problems.push_back({key, "Invalid value " + *v + " for configuration " + key +
                                 ": Expected value to be either true or false"});
    return fallback;
}

std::vector<std::string> aliases(const ConfigMap& s, const std::string& key,
                                 std::vector<ConfigProblem>& problems) {
    const std::string* v = find(s, key);
    if (!v) return {};
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (auto& a : split_list(*v)) {
        if (a.empty()) continue;
        if (!seen.insert(a).second) {
            problems.push_back({key, "Duplicate alias provided: " + a});
            continue;
        }
        out.push_back(a);
    }
    return out;
}

}  // namespace

std::vector<std::string> split_list(const std::string& value) {
    std::vector<std::string> out;
    if (trim(value).empty()) return out;
    size_t start = 0;
    while (true) {
        size_t comma = value.find(',', start);
        out.emplace_back(trim(std::string_view(value).substr(start, comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

ConnectorConfig parse_connector_config(const ConfigMap& s, bool sink,
                                       std::vector<ConfigProblem>& problems) {
    ConnectorConfig c;
    if (const auto* v = find(s, "name"); v && !trim(*v).empty())
        c.name = trim(*v);
    else
        problems.push_back({"name",
                            "Missing required configuration \"name\" which has no "
                            "default value."});
    if (const auto* v = find(s, "connector.class"); v && !trim(*v).empty())
        c.connector_class = trim(*v);
    else
        problems.push_back({"connector.class",
                            "Missing required configuration "
                            "\"connector.class\" which has no default value."});
    c.tasks_max = parse_int<int>(s, "tasks.max", 1, problems, 1);
    c.tasks_max_enforce = parse_bool(s, "tasks.max.enforce", true, problems);
    if (const auto* v = find(s, "config.action.reload")) {
        const std::string action(trim(*v));
        if (action == "none" || action == "restart")
            c.reload_on_expiry = action == "restart";
        else
            problems.push_back({"config.action.reload",
                                "Invalid value " + *v +
                                    " for configuration config.action.reload: String must be one "
                                    "of: none, restart"});
    }

    for (const auto& alias : aliases(s, "predicates", problems)) {
        PredicateSpec p;
        p.alias = alias;
        p.config = s.with_prefix("predicates." + alias + ".");
        const std::string* t = p.config.find("type");
        if (!t || trim(*t).empty()) {
            problems.push_back({"predicates." + alias + ".type",
                                "Missing required configuration \"predicates." + alias +
                                    ".type\" which has no default value."});
        } else {
            p.type = trim(*t);
            p.config.erase("type");
        }
        c.predicates.push_back(std::move(p));
    }
    for (const auto& alias : aliases(s, "transforms", problems)) {
        TransformSpec t;
        t.alias = alias;
        const std::string prefix = "transforms." + alias + ".";
        t.config = s.with_prefix(prefix);
        const std::string* type = t.config.find("type");
        if (!type || trim(*type).empty()) {
            problems.push_back({prefix + "type", "Missing required configuration \"" + prefix +
                                                     "type\" which has no default value."});
        } else {
            t.type = trim(*type);
            t.config.erase("type");
        }
        if (const std::string* p = t.config.find("predicate")) {
            t.predicate = trim(*p);
            t.config.erase("predicate");
            bool known = false;
            for (const auto& pr : c.predicates)
                known = known || pr.alias == t.predicate;
            if (!t.predicate.empty() && !known)
                problems.push_back(
                    {prefix + "predicate", "Invalid value " + t.predicate + " for configuration " +
                                               prefix + "predicate: The predicate alias '" +
                                               t.predicate + "' is not listed in 'predicates'"});
        }
        if (const std::string* negate = t.config.find("negate")) {
            ConfigMap only{{prefix + "negate", *negate}};
            t.negate = parse_bool(only, prefix + "negate", false, problems);
            t.config.erase("negate");
        }
        c.transforms.push_back(std::move(t));
    }

    ErrorSettings& e = c.errors;
    e.retry_timeout_ms = parse_int<int64_t>(s, "errors.retry.timeout", 0, problems);
    e.retry_delay_max_ms =
        parse_int<int64_t>(s, "errors.retry.delay.max.ms", 60000, problems, int64_t{1});
    if (const auto* v = find(s, "errors.tolerance")) {
        std::string t(trim(*v));
        for (auto& ch : t)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (t == "all")
            e.tolerance = Tolerance::All;
        else if (t == "none")
            e.tolerance = Tolerance::None;
        else
            problems.push_back({"errors.tolerance", "Invalid value " + *v +
                                                        " for configuration errors.tolerance: "
                                                        "String must be one of: none, all"});
    }
    e.log_enable = parse_bool(s, "errors.log.enable", false, problems);
    e.log_include_messages = parse_bool(s, "errors.log.include.messages", false, problems);

    if (sink) {
        if (const auto* v = find(s, "topics"))
            for (auto& t : split_list(*v))
                if (!t.empty()) c.topics.push_back(t);
        if (const auto* v = find(s, "topics.regex")) c.topics_regex = trim(*v);
        if (c.topics.empty() == c.topics_regex.empty()) {
            std::string msg = c.topics.empty()
                                  ? "Must configure one of topics or topics.regex"
                                  : "topics and topics.regex are mutually exclusive options, but "
                                    "both are set.";
            problems.push_back({"topics", msg});
            problems.push_back({"topics.regex", msg});
        }
        // Stricter than Java, whose clients only fail later: a name Kafka cannot hold
        // is refused here, before it reaches librdkafka or the embedded broker
        // (which drops the connection of a client asking for a long one).
        for (const auto& t : c.topics)
            if (auto problem = kafka::topic_name_problem(t))
                problems.push_back(
                    {"topics", "Invalid value for configuration topics: " + *problem});
        if (const auto* v = find(s, "errors.deadletterqueue.topic.name")) e.dlq_topic = trim(*v);
        if (!e.dlq_topic.empty())
            if (auto problem = kafka::topic_name_problem(e.dlq_topic))
                problems.push_back({"errors.deadletterqueue.topic.name",
                                    "Invalid value for configuration "
                                    "errors.deadletterqueue.topic.name: " +
                                        *problem});
        e.dlq_replication_factor =
            parse_int<int16_t>(s, "errors.deadletterqueue.topic.replication.factor", 3, problems);
        e.dlq_context_headers =
            parse_bool(s, "errors.deadletterqueue.context.headers.enable", false, problems);
        for (const auto& t : c.topics)
            if (!e.dlq_topic.empty() && t == e.dlq_topic)
                problems.push_back({"errors.deadletterqueue.topic.name",
                                    "The DLQ topic '" + t +
                                        "' may not be included in the list of topics ('topics=" +
                                        t + "') consumed by the connector"});
    }
    return c;
}

}  // namespace kc::host::runtime
