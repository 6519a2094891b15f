// Java's sasl.jaas.config value: one login module entry,
//   <LoginModuleClass> <flag> key="value" key2=value2;
// as Kafka clients accept it (org.apache.kafka.common.security.JaasConfig).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace kc::host::kafka::protocol {

struct JaasEntry {
    std::string login_module;
    std::string control_flag;  // required | requisite | sufficient | optional
    std::map<std::string, std::string> options;
};

// Throws SecurityError naming the position and what was expected.
JaasEntry parse_jaas_config(std::string_view text);

}  // namespace kc::host::kafka::protocol
