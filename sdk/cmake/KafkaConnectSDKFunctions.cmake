# kc_add_plugin(<name> SOURCES <src>... [LINK_PRIVATE <lib>...] [OUTPUT_DIR <dir>])
#
# Builds one plugin library (a MODULE: it is loaded, never linked against) that
# exports only `kc_plugin_entry`. Everything else stays hidden: compiled with
# hidden visibility, linked with a version script, and with
# --exclude-libs,ALL so symbols of statically linked private dependencies
# cannot interpose on (or be interposed by) the host or other plugins.
#
# The library lands in OUTPUT_DIR, by default <KC_PLUGIN_OUTPUT_DIR>/<name>/
# (in-tree) or <build>/plugin-path/<name>/ (out of tree): one plugin location
# directory per plugin, ready to be listed in plugin.path.
include_guard(GLOBAL)

set(_KC_SDK_CMAKE_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(kc_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 _kc "" "OUTPUT_DIR" "SOURCES;LINK_PRIVATE")
  if(_kc_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "kc_add_plugin(${name}): unknown arguments ${_kc_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT _kc_SOURCES)
    message(FATAL_ERROR "kc_add_plugin(${name}): SOURCES is required")
  endif()
  if(NOT _kc_OUTPUT_DIR)
    if(KC_PLUGIN_OUTPUT_DIR)
      set(_kc_OUTPUT_DIR "${KC_PLUGIN_OUTPUT_DIR}/${name}")
    else()
      set(_kc_OUTPUT_DIR "${CMAKE_BINARY_DIR}/plugin-path/${name}")
    endif()
  endif()

  set(_kc_version_script "${_KC_SDK_CMAKE_DIR}/kc_plugin.version")
  add_library(${name} MODULE ${_kc_SOURCES})
  target_link_libraries(${name} PRIVATE KafkaConnectSDK::sdk ${_kc_LINK_PRIVATE})
  target_compile_features(${name} PRIVATE cxx_std_20)
  target_link_options(${name} PRIVATE
    "LINKER:--version-script=${_kc_version_script}"
    "LINKER:--exclude-libs,ALL")
  set_target_properties(${name} PROPERTIES
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LINK_DEPENDS "${_kc_version_script}"
    LIBRARY_OUTPUT_DIRECTORY "${_kc_OUTPUT_DIR}")
endfunction()
