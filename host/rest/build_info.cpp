// This build's version and commit for GET /, set by CMake on this file only.
#include "host/rest/rest_server.hpp"

#ifndef KC_REST_VERSION
#define KC_REST_VERSION "unknown"
#endif
#ifndef KC_REST_COMMIT
#define KC_REST_COMMIT "unknown"
#endif

namespace kc::host::rest {

ServerInfo default_server_info() {
    return {KC_REST_VERSION, KC_REST_COMMIT};
}

}  // namespace kc::host::rest
