// kc/version.hpp - the SDK version, written into every plugin's manifest and
// entry (kc_plugin_entry.sdk_version). sdk/CMakeLists.txt reads it from here.
#pragma once

#define KC_SDK_VERSION "0.1.0"
