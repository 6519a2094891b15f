// connect-embedded-broker: runs librdkafka's mock cluster (see
// host/kafka/embedded_broker.hpp for its limits) until SIGINT or SIGTERM.
// Once the broker and the requested topics are ready it prints one line,
//   bootstrap.servers=<host:port,...>
// on stdout (logs go to stderr), so scripts can read the address. The ports
// are chosen by the OS: librdkafka 2.0.2 offers no way to fix them.
// With --schema-registry-port it also serves an in-memory schema registry
// (host/rest/registry) and prints schema.registry.url=<url> next; with
// --schema-registry-tls-certificate and --schema-registry-tls-key it serves
// it over https (and --schema-registry-tls-client-ca requires client
// certificates signed by that CA), for trying the converters' TLS settings.
// With --control it then reads commands on stdin, one per line, answering each
// with one line on stdout ("ok" or "error: ..."): "down <broker-id>" and
// "up <broker-id>" take a broker down and back through the mock cluster's
// control API, so tests can stage broker outages; "create-topic <name>
// <partitions> [<replication-factor>]" creates a topic (the mock has no
// CreateTopics API, and would create an unknown topic with 4 partitions on
// first use), so workers sharing the broker find their internal topics with the
// partition counts they need.
#include <signal.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "command_line.hpp"
#include "host/kafka/embedded_broker.hpp"
#include "host/rest/registry/embedded_schema_registry.hpp"

namespace po = boost::program_options;

namespace {

struct TopicSpec {
    std::string name;
    int partitions = 1;
};

// "name:partitions" or "name" (1 partition).
TopicSpec parse_topic(const std::string& spec) {
    TopicSpec t;
    const std::size_t colon = spec.rfind(':');
    t.name = spec.substr(0, colon);
    if (colon != std::string::npos) {
        const std::string count = spec.substr(colon + 1);
        std::size_t used = 0;
        try {
            t.partitions = std::stoi(count, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != count.size() || t.partitions < 1) {
            throw po::error("--topic " + spec + ": partitions must be a positive integer");
        }
    }
    if (t.name.empty()) throw po::error("--topic " + spec + ": empty topic name");
    return t;
}

// Held while a command runs, and by main() from shutdown on, so the broker is
// never destroyed under a command.
std::mutex control_mutex;

const char* const kControlHelp =
    "--control commands, one a line:\n"
    "  down <broker-id>    take a broker down (it refuses connections)\n"
    "  up <broker-id>      bring it back up\n"
    "  create-topic <name> <partitions> [<replication-factor>]\n"
    "                      create a topic, e.g. the internal topics of workers about to\n"
    "                      share this broker (the config topic needs 1 partition)\n"
    "  push-errors <api-key> <error-code> [<error-code> ...]\n"
    "                      answer the next requests of that Kafka API (e.g. 12 Heartbeat,\n"
    "                      11 JoinGroup, 10 FindCoordinator) with these error codes, one\n"
    "                      each, in order (e.g. 16 NOT_COORDINATOR, 27 REBALANCE_IN_PROGRESS)\n";

const char* const kUsage =
    "expected 'down <broker-id>', 'up <broker-id>', "
    "'create-topic <name> <partitions> [<replication-factor>]' or "
    "'push-errors <api-key> <error-code> ...'";

// A whole-word positive number, or nullopt.
std::optional<int> number(const std::string& word) {
    std::size_t used = 0;
    try {
        const int n = std::stoi(word, &used);
        if (used == word.size()) return n;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

// Runs one --control command; returns its answer line.
std::string run_command(kc::host::kafka::EmbeddedBroker& broker, const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;)
        words.push_back(w);
    const std::string usage = std::string("error: ") + kUsage + ", got '" + line + "'";
    if (words.size() == 2 && (words[0] == "down" || words[0] == "up")) {
        const std::optional<int> id = number(words[1]);
        if (!id) return usage;
        if (words[0] == "down")
            broker.set_broker_down(*id);
        else
            broker.set_broker_up(*id);
        return "ok";
    }
    if ((words.size() == 3 || words.size() == 4) && words[0] == "create-topic") {
        const std::string& name = words[1];
        const std::optional<int> partitions = number(words[2]);
        const std::optional<int> replication = words.size() == 4 ? number(words[3]) : -1;
        if (!partitions || *partitions < 1) {
            return "error: create-topic " + name + ": partitions must be a positive integer";
        }
        if (!replication || *replication == 0 || *replication < -1) {
            return "error: create-topic " + name +
                   ": replication factor must be a positive integer";
        }
        if (const kc::host::kafka::ErrorCode err =
                broker.create_topic(name, *partitions, *replication)) {
            return "error: cannot create topic '" + name + "': " + err.message();
        }
        return "ok";
    }
    if (words.size() >= 3 && words[0] == "push-errors") {
        // Numbers, not names: the codes are Kafka's protocol error codes.
        const std::optional<int> api = number(words[1]);
        if (!api || *api < 0) return "error: push-errors: the API key must be a number";
        std::vector<kc::host::kafka::ErrorCode> errors;
        for (std::size_t i = 2; i < words.size(); ++i) {
            const std::optional<int> code = number(words[i]);
            if (!code) return "error: push-errors: '" + words[i] + "' is not an error code";
            errors.emplace_back(*code);
        }
        broker.push_request_errors(static_cast<int16_t>(*api), errors);
        return "ok";
    }
    return usage;
}

// Serves --control commands until stdin closes.
// The registry's https settings from the --schema-registry-tls-* files;
// nullopt without a certificate. Throws po::error naming the option.
std::optional<kc::host::rest::TlsSettings> read_registry_tls(const std::string& certificate,
                                                             const std::string& key,
                                                             const std::string& client_ca) {
    if (certificate.empty() != key.empty())
        throw po::error(
            "--schema-registry-tls-certificate and --schema-registry-tls-key go together");
    if (certificate.empty()) {
        if (!client_ca.empty())
            throw po::error(
                "--schema-registry-tls-client-ca needs --schema-registry-tls-certificate");
        return std::nullopt;
    }
    auto read = [](const char* option, const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw po::error(std::string(option) + ": cannot read " + path);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    };
    kc::host::rest::TlsSettings tls;
    tls.certificate_chain_pem = read("--schema-registry-tls-certificate", certificate);
    tls.private_key_pem = read("--schema-registry-tls-key", key);
    if (!client_ca.empty()) {
        tls.client_auth = "required";
        tls.truststore_pem = read("--schema-registry-tls-client-ca", client_ca);
    }
    return tls;
}

void serve_control(kc::host::kafka::EmbeddedBroker& broker) {
    std::string line;
    while (std::getline(std::cin, line)) {
        std::string reply;
        {
            std::lock_guard lock(control_mutex);
            try {
                reply = run_command(broker, line);
            } catch (const std::exception& e) {
                reply = std::string("error: ") + e.what();
            }
        }
        std::printf("%s\n", reply.c_str());
        std::fflush(stdout);
    }
}

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("embedded-broker"));
    int brokers = 1;
    bool control = false;
    int registry_port = -1;
    std::string tls_certificate, tls_key, tls_client_ca;
    std::vector<std::string> topic_args;
    kc::host::cli::CommandLine command_line(
        "connect-embedded-broker", "[options]",
        "Runs an in-memory Kafka cluster (librdkafka mock) until SIGINT/SIGTERM and prints\n"
        "'bootstrap.servers=<address>' on stdout when ready. Data is lost on exit.");
    command_line.options()("brokers", po::value<int>(&brokers)->default_value(1),
                           "number of brokers (ids 1..N)")(
        "topic", po::value<std::vector<std::string>>(&topic_args)->composing(),
        "create topic NAME[:PARTITIONS] (repeatable); unknown topics are otherwise "
        "auto-created with 4 partitions on first use")(
        "control", po::bool_switch(&control),
        "then read commands on stdin (below), answering each with one line, 'ok' or "
        "'error: ...'")(
        "schema-registry-port", po::value<int>(&registry_port),
        "also serve an in-memory schema registry on 127.0.0.1:PORT (0: a free port) and print "
        "'schema.registry.url=<url>'")(
        "schema-registry-tls-certificate", po::value<std::string>(&tls_certificate),
        "serve the registry over https with this certificate chain (PEM file)")(
        "schema-registry-tls-key", po::value<std::string>(&tls_key),
        "the private key of that certificate (PEM file, unencrypted)")(
        "schema-registry-tls-client-ca", po::value<std::string>(&tls_client_ca),
        "require client certificates signed by these CAs (PEM file)");
    command_line.epilogue(std::string("\n") + kControlHelp);
    if (!command_line.parse(argc, argv)) return command_line.exit_code();
    std::vector<TopicSpec> topics;
    std::optional<kc::host::rest::TlsSettings> registry_tls;
    try {
        if (brokers < 1) throw po::error("--brokers must be at least 1");
        if (registry_port != -1 && (registry_port < 0 || registry_port > 65535))
            throw po::error("--schema-registry-port must be a port number (0: any free port)");
        for (const std::string& s : topic_args)
            topics.push_back(parse_topic(s));
        registry_tls = read_registry_tls(tls_certificate, tls_key, tls_client_ca);
    } catch (const po::error& e) {
        return command_line.usage_error(e.what());
    }

    // Block the signals before librdkafka starts its threads, so they all
    // inherit the mask and only sigwait() below receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    try {
        kc::host::kafka::EmbeddedBroker broker(brokers);
        for (const TopicSpec& t : topics) {
            if (const kc::host::kafka::ErrorCode err = broker.create_topic(t.name, t.partitions)) {
                spdlog::error("cannot create topic '{}': {}", t.name, err.message());
                return 2;
            }
        }
        std::printf("bootstrap.servers=%s\n", broker.bootstrap_servers().c_str());
        std::optional<kc::host::rest::registry::EmbeddedSchemaRegistry> registry;
        if (registry_port >= 0) {
            registry.emplace(static_cast<unsigned short>(registry_port),
                             registry_tls ? &*registry_tls : nullptr);
            std::printf("schema.registry.url=%s\n", registry->url().c_str());
        }
        std::fflush(stdout);
        // Detached: it may be blocked reading stdin when a signal ends the process.
        if (control) std::thread([&broker] { serve_control(broker); }).detach();
        int sig = 0;
        sigwait(&stop_signals, &sig);
        control_mutex.lock();  // never released: the process is ending
        spdlog::info("received signal {}; stopping the embedded broker (its data is discarded)",
                     sig);
    } catch (const std::exception& e) {
        spdlog::error("embedded broker failed: {}", e.what());
        return 2;
    }
    return 0;
}
