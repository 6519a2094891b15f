// The JDBC plugin's version, reported in its descriptors and manifest.
#pragma once

#define KC_JDBC_VERSION "0.1.0"
