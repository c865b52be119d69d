// SPDX-License-Identifier: MIT
// Comparing a check run with the same check of an earlier git revision.
#include "linter/diff_base.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "rules/baseline.hpp"

namespace unitguard::linter {
namespace {

namespace fs = std::filesystem;

// Output of a finished child process.
struct ProcessResult {
    int exit_code = -1;  ///< -1 when it could not start or was killed by a signal
    std::string output;  ///< standard output, when captured
};

// Runs `args` (argv[0] looked up in PATH) in `directory` without a shell. Standard input
// is /dev/null, standard error is inherited, and standard output is captured or dropped.
ProcessResult run_process(const std::vector<std::string>& args, const std::string& directory,
                          bool capture) {
    ProcessResult result;
    int pipe_fds[2] = {-1, -1};
    if (capture && ::pipe2(pipe_fds, O_CLOEXEC) != 0) return result;

    std::vector<char*> argv;
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);

    pid_t pid = ::fork();
    if (pid == 0) {
        int null_fd = ::open("/dev/null", O_RDWR);
        ::dup2(null_fd, STDIN_FILENO);
        ::dup2(capture ? pipe_fds[1] : null_fd, STDOUT_FILENO);
        if (::chdir(directory.c_str()) != 0) ::_exit(127);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    if (capture) ::close(pipe_fds[1]);
    if (pid < 0) {
        if (capture) ::close(pipe_fds[0]);
        return result;
    }
    if (capture) {
        char buffer[4096];
        ssize_t count = 0;
        while ((count = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0 ||
               (count < 0 && errno == EINTR)) {
            if (count > 0) result.output.append(buffer, static_cast<std::size_t>(count));
        }
        ::close(pipe_fds[0]);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    return result;
}

std::string trim_newline(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

// A temporary directory removed with everything in it when the owner goes away.
class TemporaryDirectory {
public:
    TemporaryDirectory() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = fmt::format("{}/unitguard-diff-base-XXXXXX",
                                          tmp != nullptr && *tmp != '\0' ? tmp : "/tmp");
        if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    ~TemporaryDirectory() {
        std::error_code ignored;
        if (!path_.empty()) fs::remove_all(path_, ignored);
    }

    /// Empty when the directory could not be created.
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Location of the revision's check: the extracted tree, and the working directory's place
// inside the repository, so that relative paths name the same file in both runs.
struct Checkout {
    std::string repository_root;  ///< of the working tree, absolute
    std::string prefix;           ///< working directory relative to it, "" or "a/b/"
    std::string extracted_root;   ///< the revision's tree
};

// Maps a path of the working tree to the same path in the extracted tree. Relative paths
// stay relative (the child runs in the corresponding directory); absolute paths outside
// the repository stay as they are.
std::string map_path(const std::string& path, const Checkout& checkout) {
    fs::path absolute = fs::path(path);
    if (absolute.is_relative()) return path;
    fs::path relative = absolute.lexically_normal().lexically_relative(checkout.repository_root);
    if (relative.empty() || *relative.begin() == "..") return path;
    return (fs::path(checkout.extracted_root) / relative).string();
}

Expected<Checkout> extract_revision(const std::string& revision, const std::string& directory) {
    std::error_code error;
    const std::string cwd = fs::current_path(error).string();
    if (revision.empty() || revision.front() == '-') {
        return Error{fmt::format("invalid --diff-base '{}'; expected a git revision", revision),
                     {}};
    }
    ProcessResult top = run_process({"git", "rev-parse", "--show-toplevel"}, cwd, true);
    if (top.exit_code != 0) {
        return Error{"--diff-base needs a git working tree; the working directory is not in "
                     "one (or git is not installed)",
                     {}};
    }
    ProcessResult prefix = run_process({"git", "rev-parse", "--show-prefix"}, cwd, true);
    ProcessResult commit = run_process(
        {"git", "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"},
        cwd, true);
    if (commit.exit_code != 0) {
        return Error{fmt::format("--diff-base '{}' names no commit of this repository",
                                 revision),
                     {}};
    }

    Checkout checkout{trim_newline(top.output), trim_newline(prefix.output),
                      directory + "/tree"};
    const std::string archive = directory + "/tree.tar";
    ProcessResult archived = run_process({"git", "archive", "--format=tar", "-o", archive,
                                          trim_newline(commit.output)},
                                         checkout.repository_root, false);
    fs::create_directories(checkout.extracted_root, error);
    ProcessResult extracted =
        run_process({"tar", "-x", "-f", archive, "-C", checkout.extracted_root}, cwd, false);
    if (archived.exit_code != 0 || extracted.exit_code != 0 || error) {
        return Error{fmt::format("cannot extract the tree of --diff-base '{}' into '{}'",
                                 revision, checkout.extracted_root),
                     {}};
    }
    // Policy discovery stops at a directory with '.git'; without one the child would walk
    // out of the extracted tree into the temporary directory's parents.
    fs::create_directory(fs::path(checkout.extracted_root) / ".git", error);
    return checkout;
}

// The child's command line: `baseline create` writes exactly the open findings, with
// fingerprints, of the same check.
std::vector<std::string> child_arguments(const Options& options, const Checkout& checkout,
                                         const std::string& child_cwd,
                                         const std::string& output) {
    std::error_code error;
    fs::path self = fs::read_symlink("/proc/self/exe", error);
    std::vector<std::string> args = {error ? "unitguard" : self.string(), "baseline", "create",
                                     "--quiet", "--color", "never", "--output", output};
    if (options.policy_path) {
        args.insert(args.end(), {"--policy", map_path(*options.policy_path, checkout)});
    }
    if (options.root) args.insert(args.end(), {"--root", map_path(*options.root, checkout)});
    if (options.user_scope) args.emplace_back("--user");
    if (options.target_systemd) {
        args.insert(args.end(), {"--target-systemd", std::to_string(*options.target_systemd)});
    }
    args.emplace_back("--");
    for (const std::string& argument : options.arguments) {
        // A file that the revision does not have yet has no findings there.
        bool is_path = argument.find('/') != std::string::npos ||
                       fs::exists(fs::path(argument), error);
        std::string mapped = map_path(argument, checkout);
        fs::path in_child = fs::path(mapped).is_relative() ? fs::path(child_cwd) / mapped
                                                           : fs::path(mapped);
        if (is_path && !fs::exists(fs::symlink_status(in_child, error))) continue;
        args.push_back(std::move(mapped));
    }
    return args;
}

}  // namespace

Expected<std::size_t> drop_findings_of_revision(const Options& options,
                                                std::vector<Diagnostic>& findings) {
    TemporaryDirectory temporary;
    if (temporary.path().empty()) {
        return Error{fmt::format("cannot create a temporary directory: {}",
                                 std::strerror(errno)),
                     {}};
    }
    Expected<Checkout> checkout = extract_revision(*options.diff_base, temporary.path());
    if (!checkout) return checkout.error();

    const std::string child_cwd = checkout->extracted_root + "/" + checkout->prefix;
    const std::string output = temporary.path() + "/base-findings.json";
    std::vector<std::string> args = child_arguments(options, *checkout, child_cwd, output);
    bool only_named_files = !options.arguments.empty() && args.back() == "--";
    if (only_named_files) return std::size_t{0};  // none of the files exists at REF

    ProcessResult child = run_process(args, child_cwd, false);
    rules::BaselineResult base = rules::read_baseline_file(output);
    if (!base.errors.empty()) {
        return Error{fmt::format("the check of --diff-base '{}' failed (exit code {})",
                                 *options.diff_base, child.exit_code),
                     {}};
    }

    std::map<std::string, std::size_t> remaining;
    for (const rules::BaselineEntry& entry : base.baseline.entries) ++remaining[entry.fingerprint];
    std::size_t removed = 0;
    std::erase_if(findings, [&](const Diagnostic& finding) {
        if (finding.state != FindingState::Open) return false;
        auto known = remaining.find(finding.fingerprint);
        if (known == remaining.end() || known->second == 0) return false;
        --known->second;
        ++removed;
        return true;
    });
    return removed;
}

}  // namespace unitguard::linter
