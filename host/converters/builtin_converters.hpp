// The converters and header converters built into the host, under Java's
// class names, as descriptors for PluginRegistry::add_builtin() (their
// validate() needs kc::set_linked_plugin_host(), kc/export.hpp):
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

}  // namespace kc::host
