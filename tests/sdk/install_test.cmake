# The SDK as a third party sees it: install it into an empty prefix, build
# sdk/examples against that prefix alone in a fresh CMake project, and check
# the plugin library that comes out.
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... [-DPLUGIN_PATH_TOOL=...] -P install_test.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
set(_prefix "${WORK_DIR}/prefix")

execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --component sdk --prefix "${_prefix}"
                RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "installing the SDK failed")
endif()

execute_process(
  COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}/sdk/examples" -B "${WORK_DIR}/build" -G Ninja
          -DCMAKE_BUILD_TYPE=Debug -DCMAKE_PREFIX_PATH=${_prefix}
          -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "configuring sdk/examples against ${_prefix} failed")
endif()
file(READ "${WORK_DIR}/build/CMakeCache.txt" _cache)
if(NOT _cache MATCHES "KafkaConnectSDK_DIR:PATH=${_prefix}/")
  message(FATAL_ERROR "find_package(KafkaConnectSDK) did not resolve into ${_prefix}")
endif()

execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/build" -j2 RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "building sdk/examples against the installed SDK failed")
endif()

set(_location "${WORK_DIR}/build/plugin-path/counter-plugin")
set(PLUGIN "${_location}/libcounter-plugin.so")
set(EXPECT_CLASS "org.example.CounterSourceConnector")
include("${CMAKE_CURRENT_LIST_DIR}/check_plugin.cmake")

# The host must find the plugin and load it (isLoadable true) from that
# location alone.
if(NOT EXISTS "${PLUGIN_PATH_TOOL}")
  message(FATAL_ERROR "connect-plugin-path is not built: ${PLUGIN_PATH_TOOL}")
endif()
execute_process(COMMAND "${PLUGIN_PATH_TOOL}" list --plugin-location "${_location}"
                OUTPUT_VARIABLE _listing RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0 OR NOT _listing MATCHES "org\\.example\\.CounterSourceConnector\t[^\n]*\ttrue\ttrue\t")
  message(FATAL_ERROR "connect-plugin-path does not list the example plugin as loadable with a manifest (rc ${_rc}):\n${_listing}")
endif()
message(STATUS "connect-plugin-path lists the example:\n${_listing}")
