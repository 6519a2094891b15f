#include <doctest/doctest.h>

#include <stdexcept>

#include "host/storage/kafka_partitioner.hpp"

using namespace kc::host::storage;

TEST_CASE("murmur2: Java's Utils.murmur2 outputs (clients UtilsTest.testMurmur2)") {
    CHECK(murmur2("21") == -973932308);
    CHECK(murmur2("foobar") == -790332482);
    CHECK(murmur2("a-little-bit-long-string") == -985981536);
    CHECK(murmur2("a-little-bit-longer-string") == -1486304829);
    CHECK(murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8") == -58897971);
    CHECK(murmur2("abc") == 479470107);
}

TEST_CASE("murmur2: every tail length, and bytes >= 0x80 taken as Java's b & 0xff") {
    // Worked out with a line-by-line transcription of the Java method (32-bit
    // wrapping ints, >>> as a logical shift) that reproduces the vectors above.
    const std::string high("\x80\xff\xfe\x81\x90", 5);
    const int32_t expected[] = {275646681, 857690492, -80095470, 810766165, 85049, -1856869335};
    for (std::size_t n = 0; n <= high.size(); ++n) {
        CAPTURE(n);
        CHECK(murmur2(high.substr(0, n)) == expected[n]);
    }
}

TEST_CASE("partition for key: toPositive(murmur2(key)) % partitions") {
    CHECK(to_positive(-1) == 0x7fffffff);
    CHECK(to_positive(INT32_MIN) == 0);
    CHECK(to_positive(5) == 5);
    // -973932308 & 0x7fffffff = 1173551340.
    CHECK(partition_for_key("21", 25) == 1173551340 % 25);
    CHECK(partition_for_key("foobar", 1) == 0);
    // An offsets-topic key, as Java's producer places it among 25 partitions.
    const std::string key = R"(["local-file-source",{"filename":"/tmp/test.txt"}])";
    CHECK(murmur2(key) == -598596227);
    CHECK(partition_for_key(key, 25) == 21);
    CHECK_THROWS_AS(partition_for_key("x", 0), std::invalid_argument);
}
