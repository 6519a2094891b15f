// The FileStream plugin library: both connectors, exported with the SDK macro
// (which also embeds the manifest).
#include <kc/export.hpp>

#include "file_stream_sink.hpp"
#include "file_stream_source.hpp"

KC_EXPORT_PLUGINS(kc_file::FileStreamSourceConnector, kc_file::FileStreamSinkConnector);
