// Schemaless JSON -> Connect values built straight from the SAX events, with
// no intermediate tree: objects become maps with string keys, arrays arrays,
// integral numbers int64, other numbers float64, strings point into the
// parsed buffer. The work stacks keep their capacity, so a warm reader only
// allocates the values themselves (in the arena).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "kc/data.hpp"

namespace kc::host::converters {

class JsonValueReader {
  public:
    // Copies text into buffer (text.size() + JsonSax::kPadding bytes), parses
    // it there and returns the value, built in `arena` (strings point into
    // buffer). Throws DataException saying what is wrong and where.
    kc_value read(std::string_view text, char* buffer, Arena& arena);

  private:
    friend struct JsonValueBuilder;
    struct Frame {
        uint32_t start;  // index in values_ of the container's first child
        bool object;
    };
    std::vector<kc_value> values_;  // children of the open containers (objects: key, value, ...)
    std::vector<Frame> frames_;     // the open containers, outermost first
};

}  // namespace kc::host::converters
