// The plugin library's one exported entry point: both JDBC connectors.
#include <kc/export.hpp>

#include "sink/jdbc_sink_connector.hpp"
#include "source/jdbc_source_connector.hpp"

KC_EXPORT_PLUGINS(kcjdbc::JdbcSourceConnector, kcjdbc::JdbcSinkConnector);
