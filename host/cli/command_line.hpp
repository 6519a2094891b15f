// The command-line style every tool shares, on Boost.Program_options:
//
//   Usage: <tool> <usage>
//   <summary>
//
//   Options:
//     -h [ --help ]  show this help
//     ...
//   <epilogue>
//
// --help prints that on stdout (exit code 0); a bad command line prints
// "<tool>: <why>", a blank line and the same text on stderr (exit code 1).
// Positional arguments are declared in order and hidden from the options list:
// the usage line describes them, as Java's scripts do.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kc::host::cli {

// Exit codes every tool shares.
constexpr int kExitHelp = 0;
constexpr int kExitBadCommandLine = 1;

class CommandLine {
  public:
    CommandLine(std::string tool, std::string usage, std::string summary);

    // Adds named options, listed by --help.
    boost::program_options::options_description_easy_init options();

    // The next positional argument: up to max_count words (-1: all the rest).
    void positional(const char* name, int max_count,
                    const boost::program_options::value_semantic* value);

    // Text --help prints after the options.
    void epilogue(std::string text) { epilogue_ = std::move(text); }

    // The values, or nullopt after printing help or the error; then the tool
    // exits with exit_code().
    std::optional<boost::program_options::variables_map> parse(int argc, char** argv);
    int exit_code() const { return exit_code_; }

    // For checks made after parsing: prints like a parse error, returns 1.
    int usage_error(const std::string& why) const;

    std::string help() const;

  private:
    std::string tool_, usage_, summary_, epilogue_;
    boost::program_options::options_description visible_;
    boost::program_options::options_description hidden_;
    boost::program_options::positional_options_description positional_;
    int exit_code_ = kExitHelp;
};

// The strings of a repeatable option, empty when it was not given.
std::vector<std::string> strings(const boost::program_options::variables_map& values,
                                 const char* name);

}  // namespace kc::host::cli
