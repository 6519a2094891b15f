// The one main of every doctest program: link kc_test_main (tests/support).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
