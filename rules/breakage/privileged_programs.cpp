// SPDX-License-Identifier: MIT
// Programs a service starts that must gain privileges when they run: setuid, setgid and
// file-capability programs, found in Exec*= lines, their shell scripts and sudoers rules.
#include "rules/breakage/privileged_programs.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <set>

#include "linter/workspace.hpp"
#include "rules/breakage/sudoers.hpp"
#include "rules/breakage/unit_inspection.hpp"

namespace unitguard::rules::breakage {
namespace {

const PrivilegedProgram* find_known_program(std::string_view name) {
    for (const PrivilegedProgram& program : kPrivilegedPrograms) {
        if (program.name == name) return &program;
    }
    return nullptr;
}

// Describes how the file gains privileges, or returns "" when it does not.
std::string file_privilege(const ProgramFile& file) {
    struct stat st {};
    if (::stat(file.host_path.c_str(), &st) != 0) return {};
    if ((st.st_mode & S_ISUID) != 0) return "has the setuid bit";
    // Without group execute permission the setgid bit means mandatory locking instead.
    if ((st.st_mode & S_ISGID) != 0 && (st.st_mode & S_IXGRP) != 0) return "has the setgid bit";
    if (::getxattr(file.host_path.c_str(), "security.capability", nullptr, 0) > 0) {
        return "has file capabilities (security.capability)";
    }
    return {};
}

class UseCollector {
  public:
    UseCollector(const RuleContext& context, bool include_scripts)
        : context_(context), root_(unit_root(context)), include_scripts_(include_scripts) {}

    void add_exec_line(const ExecLine& line);
    void add_sudoers_grants();
    std::vector<PrivilegeUse> take() { return std::move(uses_); }

  private:
    void add_program(const ExecLine& line, const std::string& program, bool in_script,
                     std::size_t offset);

    const RuleContext& context_;
    const linter::RootFs& root_;
    bool include_scripts_;
    std::set<std::pair<const linter::AppliedAssignment*, std::string>> seen_;
    std::vector<PrivilegeUse> uses_;
};

void UseCollector::add_exec_line(const ExecLine& line) {
    // `+` lifts no_new_privs and the user switch. `!` skips the user switch, so the
    // command runs as root and needs no setuid program. `!!` is a no-op wherever the
    // kernel supports ambient capabilities (Linux 4.3 and later).
    const linter::ExecPrefixes& prefixes = line.command.prefixes;
    if (!runs_sandboxed(line.command) || (prefixes.no_setuid && !prefixes.ambient)) return;

    std::vector<std::string> words = command_words(line.command);
    std::size_t program = skip_launchers(words);
    if (program < words.size()) {
        std::size_t offset =
            program == 0 ? line.command.path_offset : line.command.argv_offsets[program];
        add_program(line, words[program], /*in_script=*/false, offset);
    }
    std::optional<std::size_t> script =
        include_scripts_ ? shell_script_index(words) : std::nullopt;
    if (script) {
        std::size_t script_offset = line.command.argv_offsets[*script];
        for (const std::string& name : script_programs(words[*script])) {
            std::size_t found = line.assignment->value.find(name, script_offset);
            add_program(line, name, /*in_script=*/true,
                        found == std::string::npos ? script_offset : found);
        }
    }
}

void UseCollector::add_program(const ExecLine& line, const std::string& program, bool in_script,
                               std::size_t offset) {
    std::optional<std::string> mechanism = privilege_mechanism(context_, root_, program);
    if (!mechanism) return;
    const PrivilegedProgram* known = find_known_program(base_name(program));
    bool calls_setgroups = known != nullptr && known->calls_setgroups;
    if (!seen_.emplace(line.assignment, program).second) return;

    PrivilegeUse use;
    use.subject = fmt::format("'{}' in {}{}= at {}", program, in_script ? "the script of " : "",
                              line.directive, place_of(context_, *line.assignment));
    use.mechanism = std::move(*mechanism);
    use.location = value_location(context_, *line.assignment, offset);
    use.calls_setgroups = calls_setgroups;
    uses_.push_back(std::move(use));
}

void UseCollector::add_sudoers_grants() {
    const linter::Settings& settings = context_.unit.effective.settings;
    std::string user = settings.value("User");
    if (user.empty() || user == "root" || user == "0" || settings.is_true("DynamicUser")) return;

    std::vector<std::string> groups = groups_of_user(root_, user);
    if (std::string group = settings.value("Group"); !group.empty()) groups.push_back(group);
    if (const linter::Setting* extra = settings.find("SupplementaryGroups")) {
        for (std::string_view value : extra->live_values()) {
            for (std::string_view word : split_words(value)) groups.emplace_back(word);
        }
    }

    for (const SudoersGrant& grant : find_sudoers_grants(root_, user, groups)) {
        std::string place =
            fmt::format("{}:{}", context_.workspace.display_path(grant.path), grant.line);
        PrivilegeUse use;
        use.subject = fmt::format("sudo (granted to '{}' by {})", grant.who, place);
        use.mechanism = "'sudo' is setuid root";
        use.location = {context_.workspace.display_path(grant.path), grant.line, 1, 0};
        use.calls_setgroups = true;
        uses_.push_back(std::move(use));
    }
}

}  // namespace

std::optional<std::string> privilege_mechanism(const RuleContext& context,
                                               const linter::RootFs& root,
                                               std::string_view program) {
    if (const PrivilegedProgram* known = find_known_program(base_name(program))) {
        return fmt::format("'{}' is {}", known->name, known->mechanism);
    }
    std::optional<ProgramFile> file = find_program(root, program);
    if (!file) return std::nullopt;
    std::string privilege = file_privilege(*file);
    if (privilege.empty()) return std::nullopt;
    return fmt::format("'{}' {}", context.workspace.display_path(file->inner_path), privilege);
}

std::vector<PrivilegeUse> find_privilege_uses(const RuleContext& context, bool include_scripts) {
    UseCollector collector(context, include_scripts);
    for (const ExecLine& line : live_exec_commands(context)) collector.add_exec_line(line);
    collector.add_sudoers_grants();
    return collector.take();
}

std::optional<FlagSource> no_new_privileges_source(const RuleContext& context) {
    const linter::Settings& settings = context.unit.effective.settings;
    if (settings.is_true("NoNewPrivileges")) {
        const linter::AppliedAssignment* explicit_flag =
            settings.find("NoNewPrivileges")->last_live();
        return FlagSource{explicit_flag,
                          fmt::format("NoNewPrivileges={} is set at {}", explicit_flag->value,
                                      place_of(context, *explicit_flag)),
                          {}};
    }
    const linter::ImpliedSetting* implied = settings.implied_setting("NoNewPrivileges");
    if (implied == nullptr || implied->source == nullptr) return std::nullopt;

    FlagSource source{implied->source,
                      fmt::format("NoNewPrivileges= is implied by {}= at {}", implied->cause,
                                  place_of(context, *implied->source)),
                      {fmt::format("systemd sets no_new_privs because {}", implied->reason)}};
    for (const auto& [cause, assignment] : implied->other_causes) {
        if (assignment == nullptr) continue;
        source.notes.push_back(fmt::format("{}= at {} implies it too", cause,
                                           place_of(context, *assignment)));
    }
    return source;
}

}  // namespace unitguard::rules::breakage
