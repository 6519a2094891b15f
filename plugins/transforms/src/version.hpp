// The version every transform and predicate of this library reports.
#pragma once

#include <kc/version.hpp>

namespace kc_transforms {
inline constexpr const char* kVersion = KC_SDK_VERSION;
}
