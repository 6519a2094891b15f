#include "connect_standalone_args.hpp"

#include <rapidjson/document.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "command_line.hpp"
#include "host/config/properties.hpp"
#include "host/core/bounded_json.hpp"

namespace kc::host::cli {

std::optional<StandaloneArgs> parse_standalone_args(int argc, char** argv, int& exit_code) {
    namespace po = boost::program_options;
    CommandLine command_line(
        "connect-standalone",
        "[options] worker.properties [connector1.properties connector2.json ...]",
        "Runs a standalone Kafka Connect worker with the given worker config and\n"
        "connector configs (.properties, or .json holding either a flat config map\n"
        "or {\"name\",\"config\",\"initial_state\"}). Without bootstrap.servers in\n"
        "the worker config an embedded, in-memory Kafka broker is started.");
    command_line.positional("worker-config", 1, po::value<std::string>());
    command_line.positional("connector-config", -1, po::value<std::vector<std::string>>());
    auto values = command_line.parse(argc, argv);
    exit_code = command_line.exit_code();
    if (!values) return std::nullopt;
    if (!values->count("worker-config")) {
        exit_code = command_line.usage_error("missing the worker config file");
        return std::nullopt;
    }
    StandaloneArgs a;
    a.worker_config = (*values)["worker-config"].as<std::string>();
    for (const auto& c : strings(*values, "connector-config"))
        a.connector_configs.emplace_back(c);
    return a;
}

namespace {

std::string json_scalar(const rapidjson::Value& v) {
    if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
    if (v.IsBool()) return v.GetBool() ? "true" : "false";
    if (v.IsInt64()) return std::to_string(v.GetInt64());
    if (v.IsNumber()) return std::to_string(v.GetDouble());
    if (v.IsNull()) return "";
    throw std::invalid_argument("config values must be strings, numbers or booleans");
}

config::ConfigMap json_map(const rapidjson::Value& obj) {
    config::ConfigMap out;
    for (auto m = obj.MemberBegin(); m != obj.MemberEnd(); ++m)
        out.set(std::string(m->name.GetString(), m->name.GetStringLength()), json_scalar(m->value));
    return out;
}

}  // namespace

ConnectorFile load_connector_file(const std::filesystem::path& file) {
    ConnectorFile out;
    if (file.extension() == ".json") {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw std::runtime_error("Could not read connector config file " + file.string());
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        rapidjson::Document d;
        if (auto error = parse_bounded_json(d, text))
            throw std::runtime_error("Connector config file " + file.string() +
                                     " is not valid JSON: " + *error);
        if (!d.IsObject())
            throw std::runtime_error("Connector config file " + file.string() +
                                     " is not a JSON object");
        try {
            if (d.HasMember("config") && d["config"].IsObject()) {
                out.config = json_map(d["config"]);
                if (d.HasMember("name") && d["name"].IsString()) out.name = d["name"].GetString();
                if (d.HasMember("initial_state") && d["initial_state"].IsString()) {
                    std::string s = d["initial_state"].GetString();
                    if (s == "RUNNING")
                        out.initial_state = TargetState::Started;
                    else if (s == "PAUSED")
                        out.initial_state = TargetState::Paused;
                    else if (s == "STOPPED")
                        out.initial_state = TargetState::Stopped;
                    else
                        throw std::invalid_argument(
                            "initial_state must be RUNNING, PAUSED or "
                            "STOPPED, not " +
                            s);
                }
            } else {
                out.config = json_map(d);
            }
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error("Connector config file " + file.string() + ": " + e.what());
        }
    } else {
        out.config = config::load_properties_file(file);
    }
    if (out.name.empty()) out.name = out.config.get_or("name", "");
    if (out.name.empty())
        throw std::runtime_error("Connector config file " + file.string() + " has no 'name'");
    out.config.set("name", out.name);
    return out;
}

}  // namespace kc::host::cli
