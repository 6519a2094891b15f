// Version reported by the FileStream connectors (Java reports AppInfoParser's
// Kafka version; these report the project's).
#pragma once

#include <kc/version.hpp>

#define KC_FILE_PLUGIN_VERSION KC_SDK_VERSION
