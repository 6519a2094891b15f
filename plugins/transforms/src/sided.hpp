// Declares the $Key and $Value plugin classes of a transform whose logic lives
// in one implementation class taking the Side (as Java's abstract base with
// its Key and Value subclasses).
#pragma once

#include <kc/plugin.hpp>

#include "common.hpp"
#include "version.hpp"

#define KC_TRANSFORMS_SIDED(Name, Impl, Doc)                                           \
    template <::kc_transforms::Side S>                                                 \
    class Name final : public Impl {                                                   \
      public:                                                                          \
        static constexpr ::kc::PluginInfo info{                                        \
            .class_name = S == ::kc_transforms::Side::Key                              \
                              ? "org.apache.kafka.connect.transforms." #Name "$Key"    \
                              : "org.apache.kafka.connect.transforms." #Name "$Value", \
            .version = ::kc_transforms::kVersion,                                      \
            .doc = Doc};                                                               \
        Name() : Impl(S) {}                                                            \
    }
