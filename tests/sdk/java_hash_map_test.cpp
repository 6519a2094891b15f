// kc/java_hash_map.hpp against what OpenJDK 17 prints for a HashMap filled by
// put(key, i) in the keys' order (the expected strings are its output for the
// same programs; where a copied map's puts are not numbered 0, 1, ... the key
// order is Java's and the values are the places among the puts).
#include <doctest/doctest.h>

#include <kc/java_hash_map.hpp>

#include <string>
#include <vector>

namespace {

// Map entries key -> its place among the keys (the keys must outlive them).
std::vector<kc_map_entry> numbered(const std::vector<std::string>& keys) {
    std::vector<kc_map_entry> e(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
        e[i].key.tag = KC_VAL_STRING;
        e[i].key.u.str = {keys[i].data(), keys[i].size()};
        e[i].value.tag = KC_VAL_INT64;
        e[i].value.u.i = static_cast<int64_t>(i);
    }
    return e;
}

std::string java_order(const std::vector<std::string>& keys,
                       size_t table = kc::kJavaHashMapDefaultTable) {
    std::vector<kc_map_entry> e = numbered(keys);
    const size_t n = kc::order_as_java_hash_map(e.data(), e.size(), table);
    std::string out = "{";
    for (size_t i = 0; i < n; ++i) {
        if (i) out += ", ";
        out.append(e[i].key.u.str.ptr, e[i].key.u.str.len);
        out += "=" + std::to_string(e[i].value.u.i);
    }
    return out + "}";
}

}  // namespace

TEST_CASE("String.hashCode over UTF-16 units") {
    CHECK(kc::java_string_hash("hello") == 99162322);
    CHECK(kc::java_string_hash("Aa") == kc::java_string_hash("BB"));
    CHECK(kc::java_string_hash("\xc3\xa9") == 233);              // é, one unit
    CHECK(kc::java_string_hash("\xf0\x9f\x98\x80") == 1772899);  // U+1F600, a surrogate pair
    CHECK(kc::java_string_hash("\xff") == 0xfffd);               // malformed: U+FFFD
    CHECK(kc::java_string_hash("") == 0);
}

TEST_CASE("buckets first, then the order of the puts") {
    CHECK(java_order({"c", "b", "a"}) == "{a=2, b=1, c=0}");
    CHECK(java_order({"BB", "Aa"}) == "{BB=0, Aa=1}");  // same hash: order of the puts
    CHECK(java_order({"Aa", "BB"}) == "{Aa=0, BB=1}");
    CHECK(java_order({"name", "age", "city", "email", "id", "x", "y", "z", "country", "zip"}) ==
          "{zip=9, country=8, city=2, name=0, x=5, y=6, z=7, id=4, age=1, email=3}");
    CHECK(java_order({"\xf0\x9f\x98\x80", "\xc3\xa9", "hello", "line", "data_source"}) ==
          "{line=3, \xf0\x9f\x98\x80=0, \xc3\xa9=1, hello=2, data_source=4}");
}

TEST_CASE("a key put again keeps its place and takes the later value") {
    CHECK(java_order({"x", "y", "x"}) == "{x=2, y=1}");
    CHECK(java_order({"Aa", "BB", "Aa", "BB"}) == "{Aa=2, BB=3}");
}

TEST_CASE("the table grows past 3/4 full, and for a bucket of 9 below 64 buckets") {
    // q and a share a bucket of 16 and not of 32: 12 keys keep 16 buckets, 13 do not.
    CHECK(java_order({"q", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}) ==
          "{q=0, a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, i=9, j=10, k=11}");
    CHECK(java_order({"q", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"}) ==
          "{a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, i=9, j=10, k=11, l=12, q=0}");
    // Nine keys in one bucket of 16 make the table 32 although it is not full.
    CHECK(java_order({"1", "!", "Q", "A", "q", "a", "\xc2\xb1", "\xc2\xa1", "\xc3\x81"}) ==
          "{!=1, A=3, a=5, \xc2\xa1=7, \xc3\x81=8, 1=0, Q=2, q=4, \xc2\xb1=6}");
    CHECK(java_order({"1", "!", "Q", "A", "q", "a", "\xc2\xb1", "\xc2\xa1"}) ==
          "{1=0, !=1, Q=2, A=3, q=4, a=5, \xc2\xb1=6, \xc2\xa1=7}");
    // 60 keys: 128 buckets.
    std::vector<std::string> many;
    for (int i = 0; i < 60; ++i)
        many.push_back("key" + std::to_string(i * 7919 % 1000));
    CHECK(java_order(many) ==
          "{key517=43, key0=0, key838=2, key514=6, key679=41, key436=44, key3=37, key757=3, "
          "key433=7, key84=36, key598=42, key950=50, key355=45, key676=4, key352=8, key274=46, "
          "key112=48, key595=5, key271=9, key193=47, key190=10, key408=32, key327=33, key922=38, "
          "key246=34, key489=31, key841=39, key165=35, key760=40, key919=1, key975=25, "
          "key813=27, key218=22, key894=26, key732=28, key137=23, key299=21, key651=29, "
          "key570=30, key56=24, key947=13, key704=16, key869=51, key707=53, key866=14, "
          "key623=17, key788=52, key109=11, key626=54, key785=15, key542=18, key545=55, "
          "key302=58, key461=19, key31=49, key464=56, key221=59, key380=20, key383=57, key28=12}");
}

TEST_CASE("maps with keys other than strings are left as they are") {
    kc_map_entry e[2]{};
    e[0].key.tag = KC_VAL_INT32;
    e[0].key.u.i = 17;
    e[1].key.tag = KC_VAL_STRING;
    e[1].key.u.str = {"a", 1};
    CHECK(kc::order_as_java_hash_map(e, 2) == 2);
    CHECK(e[0].key.tag == KC_VAL_INT32);
    CHECK(kc::order_as_java_hash_map(e, 0) == 0);
}

TEST_CASE("a key sequence seen before is ordered from memory, exactly") {
    // Same keys again (the memory answers), with the values following their keys.
    CHECK(java_order({"c", "b", "a"}) == "{a=2, b=1, c=0}");
    CHECK(java_order({"c", "b", "a"}) == "{a=2, b=1, c=0}");
    // Same count and bytes, split differently: a different sequence.
    CHECK(java_order({"a", "aa"}) == "{aa=1, a=0}");
    CHECK(java_order({"aa", "a"}) == "{aa=0, a=1}");
    // Repeats merge values, so they are worked out every time.
    CHECK(java_order({"x", "y", "x"}) == "{x=2, y=1}");
    CHECK(java_order({"x", "y", "x"}) == "{x=2, y=1}");
    // More sequences than the memory holds, then the first again.
    for (int i = 0; i < 20; ++i)
        CHECK(java_order({"k" + std::to_string(i), "a"}).size() > 0);
    CHECK(java_order({"c", "b", "a"}) == "{a=2, b=1, c=0}");
}

TEST_CASE("table sizes of new HashMap<>(n) and new HashMap<>(map of n), as JDK 17") {
    CHECK(kc::java_hash_map_sized_table(0) == 1);
    CHECK(kc::java_hash_map_sized_table(3) == 4);
    CHECK(kc::java_hash_map_sized_table(16) == 16);
    CHECK(kc::java_hash_map_sized_table(17) == 32);
    CHECK(kc::java_hash_map_copy_table(0) == 16);  // nothing copied: a default map
    CHECK(kc::java_hash_map_copy_table(1) == 2);
    CHECK(kc::java_hash_map_copy_table(3) == 8);
    CHECK(kc::java_hash_map_copy_table(6) == 16);
    CHECK(kc::java_hash_map_copy_table(12) == 32);
}

TEST_CASE("a map's first table size decides its order") {
    // new HashMap<>(2): a and d share a bucket of 4 and not of 16.
    CHECK(java_order({"a", "d"}, kc::java_hash_map_sized_table(2)) == "{d=1, a=0}");
    CHECK(java_order({"a", "d"}) == "{a=0, d=1}");
    // new HashMap<>(0): one bucket, grown at every put that passes 3/4.
    CHECK(java_order({"x", "y", "z", "w", "p"}, kc::java_hash_map_sized_table(0)) ==
          "{x=0, p=4, y=1, z=2, w=3}");
    // new HashMap<>(src) with src = {a, e, i} (its order), then put m: 8 buckets.
    CHECK(java_order({"a", "e", "i", "m"}, kc::java_hash_map_copy_table(3)) ==
          "{a=0, i=2, e=1, m=3}");
    // Copy of {zip, city, name, id, email, age}, then put topic and city again.
    CHECK(java_order({"zip", "city", "name", "id", "email", "age", "topic", "city"},
                     kc::java_hash_map_copy_table(6)) ==
          "{zip=0, city=7, name=2, topic=6, id=3, email=4, age=5}");
    // Copy of 12 keys: 32 buckets at once, where put() one by one keeps 16.
    const std::vector<std::string> twelve{"q", "a", "b", "c", "d", "e",
                                          "f", "g", "h", "i", "j", "k"};
    CHECK(java_order(twelve, kc::java_hash_map_copy_table(12)) ==
          "{a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, i=9, j=10, k=11, q=0}");
    CHECK(java_order(twelve) == "{q=0, a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, i=9, j=10, k=11}");
}

TEST_CASE("the memory tells apart the same keys in maps of different first tables") {
    CHECK(java_order({"a", "d"}) == "{a=0, d=1}");
    CHECK(java_order({"a", "d"}, 4) == "{d=1, a=0}");
    CHECK(java_order({"a", "d"}) == "{a=0, d=1}");
}

TEST_CASE("reordering in place matches the permutation, up to and past 64 entries") {
    for (int count : {5, 64, 65, 200}) {
        std::vector<std::string> keys;
        for (int i = 0; i < count; ++i)
            keys.push_back("f" + std::to_string(i * 37 % 1009));
        std::vector<kc_map_entry> in_place = numbered(keys);
        std::vector<kc_map_entry> original = in_place;
        size_t n = 0;
        const uint32_t* perm =
            kc::detail::java_hash_map_permutation(original.data(), original.size(), 16, &n);
        REQUIRE(perm);  // these keys are not in bucket order
        std::vector<int64_t> expected;
        for (size_t i = 0; i < n; ++i)
            expected.push_back(original[perm[i]].value.u.i);
        REQUIRE(kc::order_as_java_hash_map(in_place.data(), in_place.size(), 16) == n);
        std::vector<int64_t> got;
        for (size_t i = 0; i < n; ++i)
            got.push_back(in_place[i].value.u.i);
        CHECK(got == expected);
    }
}
