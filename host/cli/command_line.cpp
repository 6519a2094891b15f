#include "command_line.hpp"

#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace kc::host::cli {

CommandLine::CommandLine(std::string tool, std::string usage, std::string summary)
    : tool_(std::move(tool)),
      usage_(std::move(usage)),
      summary_(std::move(summary)),
      visible_("Options") {
    visible_.add_options()("help,h", "show this help");
}

po::options_description_easy_init CommandLine::options() {
    return visible_.add_options();
}

void CommandLine::positional(const char* name, int max_count, const po::value_semantic* value) {
    hidden_.add_options()(name, value);
    positional_.add(name, max_count);
}

std::string CommandLine::help() const {
    std::ostringstream out;
    out << "Usage: " << tool_ << " " << usage_ << "\n" << summary_ << "\n\n" << visible_;
    if (!epilogue_.empty()) out << epilogue_;
    return out.str();
}

int CommandLine::usage_error(const std::string& why) const {
    std::cerr << tool_ << ": " << why << "\n\n" << help();
    return kExitBadCommandLine;
}

std::optional<po::variables_map> CommandLine::parse(int argc, char** argv) {
    po::options_description all;
    all.add(visible_).add(hidden_);
    po::variables_map values;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional_).run(),
                  values);
        if (values.count("help")) {
            std::cout << help();
            exit_code_ = kExitHelp;
            return std::nullopt;
        }
        po::notify(values);
    } catch (const po::error& e) {
        exit_code_ = usage_error(e.what());
        return std::nullopt;
    }
    return values;
}

std::vector<std::string> strings(const po::variables_map& values, const char* name) {
    return values.count(name) ? values[name].as<std::vector<std::string>>()
                              : std::vector<std::string>{};
}

}  // namespace kc::host::cli
