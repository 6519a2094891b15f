// A fresh directory for one test, removed with everything in it at scope exit.
#pragma once

#include <doctest/doctest.h>

#include <stdlib.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace kc::test {

namespace fs = std::filesystem;

// Made with mkdtemp, so test programs running in parallel never share one.
class TempDir {
  public:
    explicit TempDir(std::string_view prefix = "kc-test") {
        std::string tmpl = (fs::temp_directory_path() / prefix).string() + "-XXXXXX";
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        path_ = tmpl;
    }
    ~TempDir() {
        // Tests take permissions away to provoke errors: give them back first.
        std::error_code ec;
        for (auto& p : fs::recursive_directory_iterator(path_, ec))
            fs::permissions(p.path(), fs::perms::owner_all, fs::perm_options::add, ec);
        fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return path_; }
    fs::path operator/(const fs::path& relative) const { return path_ / relative; }

    // Writes content to path()/relative, creating the folders on the way.
    fs::path write(const fs::path& relative, std::string_view content) const {
        const fs::path file = path_ / relative;
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
        return file;
    }

  private:
    fs::path path_;
};

}  // namespace kc::test
