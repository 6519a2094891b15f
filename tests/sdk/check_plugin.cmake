# cmake -DPLUGIN=<lib.so> [-DEXPECT_CLASS=<class>] -P check_plugin.cmake
# Fails unless the library exports exactly kc_plugin_entry and carries a
# .kc_manifest section naming the expected class.
if(NOT EXISTS "${PLUGIN}")
  message(FATAL_ERROR "plugin library not found: ${PLUGIN}")
endif()

execute_process(COMMAND nm -D --defined-only "${PLUGIN}"
                OUTPUT_VARIABLE _symbols RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${PLUGIN}")
endif()
string(REGEX MATCHALL "[^\n]+" _lines "${_symbols}")
set(_exported "")
foreach(_line IN LISTS _lines)
  string(REGEX REPLACE "^.* " "" _name "${_line}")
  list(APPEND _exported "${_name}")
endforeach()
if(NOT _exported STREQUAL "kc_plugin_entry")
  message(FATAL_ERROR "${PLUGIN} must export only kc_plugin_entry, exports: ${_exported}")
endif()

get_filename_component(_name "${PLUGIN}" NAME)
set(_manifest "${CMAKE_CURRENT_BINARY_DIR}/${_name}.manifest.bin")
execute_process(COMMAND objcopy -O binary --only-section=.kc_manifest "${PLUGIN}" "${_manifest}"
                RESULT_VARIABLE _rc)
file(READ "${_manifest}" _json)
file(REMOVE "${_manifest}")
if(NOT _rc EQUAL 0 OR NOT _json MATCHES "^{\"kc_abi\":{\"major\":1,")
  message(FATAL_ERROR "${PLUGIN} has no .kc_manifest section with a manifest: '${_json}'")
endif()
if(EXPECT_CLASS AND NOT _json MATCHES "\"class\":\"${EXPECT_CLASS}\"")
  message(FATAL_ERROR "manifest of ${PLUGIN} does not list ${EXPECT_CLASS}: ${_json}")
endif()
message(STATUS "${_name}: exports only kc_plugin_entry; manifest ${_json}")
