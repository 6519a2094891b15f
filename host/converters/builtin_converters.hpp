// The converters and header converters built into the host, under Java's
// class names, as descriptors for PluginRegistry::add_builtin():
//   org.apache.kafka.connect.json.JsonConverter            converter + header converter
//   org.apache.kafka.connect.storage.StringConverter       converter + header converter
//   org.apache.kafka.connect.converters.ByteArrayConverter converter + header converter
//   org.apache.kafka.connect.converters.{Integer,Long,Short,Float,Double,Boolean}Converter
//                                                          converter + header converter
//   org.apache.kafka.connect.storage.SimpleHeaderConverter header converter
#pragma once

#include <span>

#include "kc/abi.h"

namespace kc::host {

std::span<const kc_descriptor* const> builtin_converters();

// The descriptors' validate() allocates its results through a services table;
// the worker passes its own (host_services()) once at start-up. Until then
// validate() returns KC_FATAL.
void set_builtin_converter_host(const kc_host* host);

}  // namespace kc::host
