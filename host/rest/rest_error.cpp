#include "host/rest/rest_error.hpp"

#include "host/rest/json_io.hpp"

namespace kc::host::rest {

RestResponse error_response(int status, const std::string& message) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    write_key(w, "error_code");
    w.Int(status);
    write_key(w, "message");
    write_string(w, message);
    w.EndObject();
    return RestResponse::json(status, std::string(buf.GetString(), buf.GetSize()));
}

}  // namespace kc::host::rest
