// HeaderFrom$Key / $Value: copies or moves fields of the key or value into
// headers.
#pragma once

#include <kc/transformation.hpp>

#include <string>
#include <vector>

#include "schema_cache.hpp"
#include "sided.hpp"

namespace kc_transforms {

class HeaderFromImpl : public kc::Transformation {
  public:
    explicit HeaderFromImpl(Side side) : side_(side) {}
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    struct Layout {
        std::vector<int> source;  // per configured field: its input index
        std::vector<int> kept;    // move: input index of each output field
    };
    Layout layout(const kc_schema* schema) const;

    Side side_;
    std::vector<std::string> fields_;
    std::vector<std::string> headers_;
    bool move_ = false;
    bool replace_null_with_default_ = true;
    SchemaCache<Layout> cache_;
};

KC_TRANSFORMS_SIDED(HeaderFrom, HeaderFromImpl,
                    "Moves or copies fields in the key/value of a record into that record's "
                    "headers. Corresponding elements of <code>fields</code> and "
                    "<code>headers</code> together identify a field and the header it should be "
                    "moved or copied to.");

}  // namespace kc_transforms
