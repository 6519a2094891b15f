// FileStream connectors against the SDK's in-memory test host: line splitting
// as Java splits, offsets, resume from a stored position, Java-style output.
#include <doctest/doctest.h>
#include <kc/testing.hpp>

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "file_stream_sink.hpp"
#include "file_stream_source.hpp"
#include "kc/java_string.hpp"
#include "line_splitter.hpp"
#include "support/temp_dir.hpp"

namespace {

// Binds a FileStream source task to the test host and starts it.
void start_source(kc::testing::TestHost& host, kc_file::FileStreamSourceTask& task,
                  const kc::ConfigMap& props) {
    host.bind(task);
    task.start(props);
}

std::vector<std::string> poll_all(kc::testing::TestHost& host, kc_file::FileStreamSourceTask& task,
                                  std::vector<int64_t>* positions = nullptr) {
    std::vector<std::string> lines;
    std::vector<const kc_record*> batch;
    kc::SourceRecords out(host.arena(), batch);
    task.poll(out);
    for (const kc_record* r : batch) {
        lines.emplace_back(kc::sv(r->value.u.str));
        if (positions) {
            kc::ValueView off(r->source_offset);
            positions->push_back(off.map_get("position").as_int());
        }
    }
    return lines;
}

}  // namespace

// What the file sink prints for a value without a schema of its own.
static void print_java(std::string& out, const kc_value& v) {
    kc::values::append_java_to_string(out, kc::SchemaView(), kc::ValueView(&v),
                                      kc::values::BytesText::Raw);
}

TEST_CASE("lines end at \\n, \\r\\n or \\r; a trailing \\r waits for the next byte") {
    using kc_file::next_line;
    CHECK(next_line("abc\ndef").text == "abc");
    CHECK(next_line("abc\ndef").consumed == 4);
    CHECK(next_line("abc\r\ndef").consumed == 5);
    CHECK(next_line("abc\rdef").consumed == 4);
    CHECK(next_line("abc\r").consumed == 0);
    CHECK(next_line("abc").consumed == 0);
    CHECK(next_line("\n").text.empty());
}

TEST_CASE("values print as Java's toString") {
    std::string out;
    kc_value m{};
    kc_map_entry e[2]{};
    e[0].key = kc::make_string_ref("a");
    e[0].value = kc::make_int64(1);
    e[1].key = kc::make_string_ref("b");
    e[1].value = kc::make_float64(1.5);
    m.tag = KC_VAL_MAP;
    m.u.map.entries = e;
    m.u.map.count = 2;
    print_java(out, m);
    CHECK(out == "{a=1, b=1.5}");

    out.clear();
    print_java(out, kc::make_float64(1e7));
    CHECK(out == "1.0E7");
    out.clear();
    print_java(out, kc::make_float32(0.1f));
    CHECK(out == "0.1");

    kc::Schema s = kc::SchemaBuilder::struct_()
                       .field("line", kc::schemas::string())
                       .field("n", kc::schemas::optional_int32())
                       .field("src", kc::schemas::string())
                       .build();
    kc_value fields[3] = {kc::make_string_ref("x"), kc::make_null(), kc::make_string_ref("y")};
    kc_value st{};
    st.tag = KC_VAL_STRUCT;
    st.u.strct.schema = s.raw();
    st.u.strct.fields = fields;
    out.clear();
    print_java(out, st);
    CHECK(out == "Struct{line=x,src=y}");
}

TEST_CASE("file source: one record per line, positions in bytes, resume from the stored offset") {
    const kc::test::TempDir dir("kc-file");
    auto file = dir.write("src.txt", "one\r\ntwo\rthree\nfour");
    kc::testing::TestHost host;
    {
        kc_file::FileStreamSourceTask task;
        start_source(host, task, {{"file", file.string()}, {"topic", "t"}});
        std::vector<int64_t> pos;
        auto lines = poll_all(host, task, &pos);
        CHECK(lines == std::vector<std::string>{"one", "two", "three"});
        CHECK(pos == std::vector<int64_t>{5, 9, 15});
        std::ofstream(file, std::ios::app) << "\n";
        CHECK(poll_all(host, task) == std::vector<std::string>{"four"});
        task.stop();
    }
    // A restarted task resumes after the stored position.
    kc::Pool pool;
    const std::string fname = file.string();
    kc_value name = kc::make_string_ref(fname);
    const kc_value* partition = kc::make_offset_map(pool, {{"filename", name}});
    const kc_value* offset = kc::make_offset_map(pool, {{"position", kc::make_int64(9)}});
    host.set_offset(partition, offset);
    kc_file::FileStreamSourceTask task;
    start_source(host, task, {{"file", file.string()}, {"topic", "t"}, {"batch.size", "1"}});
    CHECK(poll_all(host, task) == std::vector<std::string>{"three"});
    CHECK(poll_all(host, task) == std::vector<std::string>{"four"});
    task.stop();
}

TEST_CASE("file source: malformed UTF-8 becomes U+FFFD as Java's reader decodes it") {
    const std::string fffd = "\xef\xbf\xbd";
    const std::string content =
        "a\xff|b\n"                            // a byte that starts nothing
        "x\xe2\x82\n"                          // a 3-byte sequence cut short by the line end
        "\xed\xa0\x80z\n"                      // an encoded surrogate: one unit
        "\xc0\xaf\n"                           // an overlong 2-byte form: two stray bytes
        "\xf0\x9f\x98!\n"                      // a 4-byte sequence missing its last byte
        "\xf4\x90\x80\x80\n"                   // past U+10FFFF: four stray bytes
        "ok \xe2\x82\xac \xf0\x9f\x98\x80\n";  // well-formed, unchanged
    const kc::test::TempDir dir("kc-file");
    auto file = dir.write("utf8.txt", content);
    kc::testing::TestHost host;
    kc_file::FileStreamSourceTask task;
    start_source(host, task, {{"file", file.string()}, {"topic", "t"}});
    std::vector<int64_t> pos;
    auto lines = poll_all(host, task, &pos);
    CHECK(lines == std::vector<std::string>{"a" + fffd + "|b", "x" + fffd, fffd + "z", fffd + fffd,
                                            fffd + "!", fffd + fffd + fffd + fffd,
                                            "ok \xe2\x82\xac \xf0\x9f\x98\x80"});
    // Positions stay in bytes of the file, so a restart resumes where it should.
    REQUIRE(!pos.empty());
    CHECK(pos.back() == static_cast<int64_t>(content.size()));
    task.stop();
}

TEST_CASE("file source: lines past the first read are checked, whatever the bytes before them") {
    // The first 64 KiB read ends inside a well-formed "é"; a malformed byte
    // sits far past it, after many ASCII lines. Only that line is repaired.
    std::string content = "\xff start\n";
    while (content.size() < 65535 - 10)
        content += "ascii line\n";
    content += std::string(65535 - content.size(), 'p') + "\xc3\xa9 split\n";
    for (int i = 0; i < 10000; ++i)
        content += "more ascii\n";
    content += "late \xe2\x82 bad\nlast\n";
    const kc::test::TempDir dir("kc-file");
    auto file = dir.write("utf8-chunks.txt", content);
    kc::testing::TestHost host;
    kc_file::FileStreamSourceTask task;
    start_source(host, task, {{"file", file.string()}, {"topic", "t"}, {"batch.size", "100000"}});
    std::vector<std::string> lines;
    for (int i = 0; i < 10 && (lines.empty() || lines.back() != "last"); ++i)
        for (auto& l : poll_all(host, task))
            lines.push_back(l);
    REQUIRE(lines.size() > 3);
    CHECK(lines.front() == "\xef\xbf\xbd start");
    int repaired = 0, split = 0;
    for (const auto& l : lines) {
        repaired += l.find("\xef\xbf\xbd") != std::string::npos;
        split += l.find("\xc3\xa9 split") != std::string::npos;
    }
    CHECK(repaired == 2);
    CHECK(split == 1);
    CHECK(lines[lines.size() - 2] == "late \xef\xbf\xbd bad");
    CHECK(lines.back() == "last");
    task.stop();
}

TEST_CASE("file source config: topic is required") {
    kc_file::FileStreamSourceConnector c;
    CHECK_THROWS(c.start({{"file", "x"}}));
    c.start({{"file", "x"}, {"topic", "t"}});
    CHECK(c.taskConfigs(5).size() == 1);
}

TEST_CASE("file sink appends value.toString() lines and flushes") {
    const kc::test::TempDir dir("kc-file");
    auto file = dir.write("sink.txt", "");
    kc::testing::TestHost host;
    kc_file::FileStreamSinkTask task;
    host.bind(task);
    task.start({{"file", file.string()}});
    kc_record r1{}, r2{};
    r1.struct_size = r2.struct_size = sizeof(kc_record);
    r1.value = kc::make_string_ref("hello");
    r2.value = kc::make_int32(42);
    const kc_record* recs[] = {&r1, &r2};
    task.put(recs);
    task.flush({});
    std::stringstream ss;
    ss << std::ifstream(file).rdbuf();
    CHECK(ss.str() == "hello\n42\n");
    task.stop();
}

// A full disk, as RLIMIT_FSIZE makes one for this process alone (no privileges, no tmpfs):
// writes past the limit fail with EFBIG once SIGXFSZ is ignored.
class FileSizeLimit {
  public:
    explicit FileSizeLimit(rlim_t bytes) {
        old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
        ::getrlimit(RLIMIT_FSIZE, &old_);
        rlimit limited = old_;
        limited.rlim_cur = bytes;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
    }
    ~FileSizeLimit() { lift(); }
    void lift() {
        ::setrlimit(RLIMIT_FSIZE, &old_);
        std::signal(SIGXFSZ, old_handler_);
    }

  private:
    rlimit old_{};
    void (*old_handler_)(int) = nullptr;
};

TEST_CASE("file sink on a full disk: the retried batch never follows a torn line") {
    const kc::test::TempDir dir("kc-file");
    auto file = dir.write("full.txt", "");
    kc::testing::TestHost host;
    kc_file::FileStreamSinkTask task;
    host.bind(task);
    task.start({{"file", file.string()}});
    std::vector<std::string> values;
    std::vector<kc_record> records(50);
    std::vector<const kc_record*> batch;
    for (int i = 0; i < 50; ++i) {
        values.push_back("record-" + std::to_string(i) + "-" + std::string(40, 'x'));
        records[i].struct_size = sizeof(kc_record);
        records[i].value = kc::make_string_ref(values.back().c_str());
    }
    for (auto& r : records)
        batch.push_back(&r);
    std::string expected;
    for (const auto& v : values)
        expected += v + "\n";
    {
        FileSizeLimit full(1000);  // room for some lines and part of the next
        CHECK_THROWS_AS(task.put(batch), kc::RetriableException);
        CHECK_THROWS_AS(task.put(batch), kc::RetriableException);  // still full
        full.lift();
    }
    task.put(batch);  // the framework retries the same batch once there is room
    task.flush({});
    std::stringstream ss;
    ss << std::ifstream(file).rdbuf();
    CHECK(ss.str() == expected);
    task.stop();
}
