// SPDX-License-Identifier: MIT
// Reading sudoers(5) files inside a root: which rules a user or group may use.
#include "rules/breakage/sudoers.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace unitguard::rules::breakage {
namespace {

// Include chains deeper than this are not followed, which also stops include loops.
constexpr int kMaxIncludeDepth = 16;

// Keywords of lines that define defaults or aliases other than user aliases, which grant
// nothing by themselves.
constexpr std::string_view kNonRuleKeywords[] = {"Defaults", "Cmnd_Alias", "Cmd_Alias",
                                                 "Host_Alias", "Runas_Alias"};

struct LogicalLine {
    std::string text;
    int line = 0;
};

std::string_view trim(std::string_view text) {
    std::size_t start = text.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) return {};
    std::size_t end = text.find_last_not_of(" \t\r");
    return text.substr(start, end - start + 1);
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// Removes a comment: '#' at the start of a word, unless a digit follows (a "#uid" entry).
std::string strip_comment(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '#') continue;
        bool word_start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == ',';
        bool uid = i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9';
        if (word_start && !uid) return std::string(text.substr(0, i));
    }
    return std::string(text);
}

// Joins lines that end in a backslash with the next one, keeping the first line's number.
std::vector<LogicalLine> logical_lines(std::string_view content) {
    std::vector<LogicalLine> lines;
    std::string pending;
    int start_line = 0;
    int number = 0;
    std::size_t position = 0;
    while (position <= content.size()) {
        std::size_t end = content.find('\n', position);
        if (end == std::string_view::npos) end = content.size();
        std::string_view text = content.substr(position, end - position);
        ++number;
        if (pending.empty()) start_line = number;
        if (!text.empty() && text.back() == '\\') {
            pending.append(text.substr(0, text.size() - 1));
            pending += ' ';
        } else {
            pending.append(text);
            lines.push_back({std::move(pending), start_line});
            pending.clear();
        }
        if (end == content.size()) break;
        position = end + 1;
    }
    if (!pending.empty()) lines.push_back({std::move(pending), start_line});
    return lines;
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> items;
    std::size_t position = 0;
    while (position <= text.size()) {
        std::size_t comma = text.find(',', position);
        if (comma == std::string_view::npos) comma = text.size();
        std::string_view item = trim(text.substr(position, comma - position));
        if (item.size() >= 2 && item.front() == '"' && item.back() == '"') {
            item = item.substr(1, item.size() - 2);
        }
        if (!item.empty()) items.emplace_back(item);
        position = comma + 1;
    }
    return items;
}

// The user list of a rule ends at the first blank that neither follows nor precedes a comma.
std::string_view user_list_of(std::string_view rule) {
    for (std::size_t i = 0; i < rule.size(); ++i) {
        if (rule[i] != ' ' && rule[i] != '\t') continue;
        std::size_t next = rule.find_first_not_of(" \t", i);
        bool after_comma = i > 0 && rule[i - 1] == ',';
        bool before_comma = next != std::string_view::npos && rule[next] == ',';
        if (!after_comma && !before_comma) return rule.substr(0, i);
    }
    return {};
}

class SudoersReader {
  public:
    SudoersReader(const linter::RootFs& root, std::string_view user,
                  const std::vector<std::string>& groups)
        : root_(root), user_(user), groups_(groups.begin(), groups.end()) {}

    std::vector<SudoersGrant> run() {
        Expected<linter::ResolvedPath> main = root_.resolve("/etc/sudoers");
        if (main && main->type == linter::FileType::Regular) {
            read_file("/etc/sudoers", 0);
        } else {
            read_directory("/etc/sudoers.d", 0);
        }
        return std::move(grants_);
    }

  private:
    void read_file(const std::string& path, int depth);
    void read_directory(const std::string& path, int depth);
    void read_line(const std::string& path, const LogicalLine& line, int depth);
    bool matches(const std::string& entry, int depth) const;

    const linter::RootFs& root_;
    std::string user_;
    std::set<std::string> groups_;
    std::map<std::string, std::vector<std::string>> user_aliases_;
    std::set<std::string> visited_;
    std::vector<SudoersGrant> grants_;
};

void SudoersReader::read_file(const std::string& path, int depth) {
    if (depth > kMaxIncludeDepth || !visited_.insert(path).second) return;
    Expected<std::string> content = root_.read_file(path);
    if (!content) return;
    for (const LogicalLine& line : logical_lines(*content)) read_line(path, line, depth);
}

void SudoersReader::read_directory(const std::string& path, int depth) {
    // sudo skips names that end in '~' or contain a '.', so editor backups and package
    // manager leftovers are never read.
    for (const linter::DirEntry& entry : root_.list_directory(path)) {
        if (entry.name.back() == '~' || entry.name.find('.') != std::string::npos) continue;
        read_file(linter::join_path(path, entry.name), depth + 1);
    }
}

void SudoersReader::read_line(const std::string& path, const LogicalLine& line, int depth) {
    std::string_view raw = trim(line.text);
    for (std::string_view directive : {"#includedir", "@includedir", "#include", "@include"}) {
        if (!starts_with(raw, directive) || raw.size() == directive.size() ||
            (raw[directive.size()] != ' ' && raw[directive.size()] != '\t')) {
            continue;
        }
        std::string target(trim(raw.substr(directive.size())));
        if (!target.empty() && target.front() != '/') {
            target = linter::join_path(path.substr(0, path.rfind('/')), target);
        }
        if (directive.find("dir") != std::string_view::npos) {
            read_directory(target, depth);
        } else {
            read_file(target, depth + 1);
        }
        return;
    }

    std::string text = strip_comment(raw);
    std::string_view rule = trim(text);
    if (rule.empty()) return;
    for (std::string_view keyword : kNonRuleKeywords) {
        if (starts_with(rule, keyword)) return;
    }
    if (starts_with(rule, "User_Alias")) {
        // User_Alias NAME = item, item : NAME = item
        std::string_view definitions = rule.substr(std::string_view("User_Alias").size());
        std::size_t position = 0;
        while (position < definitions.size()) {
            std::size_t colon = definitions.find(':', position);
            if (colon == std::string_view::npos) colon = definitions.size();
            std::string_view definition = definitions.substr(position, colon - position);
            std::size_t equals = definition.find('=');
            if (equals != std::string_view::npos) {
                user_aliases_[std::string(trim(definition.substr(0, equals)))] =
                    split_list(definition.substr(equals + 1));
            }
            position = colon + 1;
        }
        return;
    }

    std::string_view users = user_list_of(rule);
    if (users.empty() || rule.find('=') == std::string_view::npos) return;
    for (const std::string& entry : split_list(users)) {
        if (matches(entry, 0)) {
            grants_.push_back({path, line.line, entry});
            return;
        }
    }
}

bool SudoersReader::matches(const std::string& entry, int depth) const {
    if (entry.empty() || entry.front() == '!' || entry == "ALL") return false;
    if (entry == user_) return true;
    if (entry.front() == '%') {
        std::string group = entry.substr(entry[1] == ':' ? 2 : 1);
        return groups_.count(group) != 0;
    }
    auto alias = user_aliases_.find(entry);
    if (alias == user_aliases_.end() || depth > kMaxIncludeDepth) return false;
    return std::any_of(alias->second.begin(), alias->second.end(),
                       [&](const std::string& item) { return matches(item, depth + 1); });
}

// Splits a colon-separated database line such as an /etc/passwd entry.
std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t position = 0;
    while (true) {
        std::size_t colon = line.find(':', position);
        if (colon == std::string_view::npos) {
            fields.push_back(line.substr(position));
            return fields;
        }
        fields.push_back(line.substr(position, colon - position));
        position = colon + 1;
    }
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t position = 0;
    while (position < text.size()) {
        std::size_t end = text.find('\n', position);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back(text.substr(position, end - position));
        position = end + 1;
    }
    return lines;
}

}  // namespace

std::vector<SudoersGrant> find_sudoers_grants(const linter::RootFs& root, std::string_view user,
                                              const std::vector<std::string>& groups) {
    if (user.empty()) return {};
    return SudoersReader(root, user, groups).run();
}

std::vector<std::string> groups_of_user(const linter::RootFs& root, std::string_view user) {
    std::vector<std::string> groups;
    Expected<std::string> passwd = root.read_file("/etc/passwd");
    Expected<std::string> group = root.read_file("/etc/group");
    std::string primary_gid;
    if (passwd) {
        for (std::string_view line : split_lines(*passwd)) {
            std::vector<std::string_view> fields = split_fields(line);
            if (fields.size() >= 4 && fields[0] == user) primary_gid = std::string(fields[3]);
        }
    }
    if (!group) return groups;
    for (std::string_view line : split_lines(*group)) {
        std::vector<std::string_view> fields = split_fields(line);
        if (fields.size() < 4) continue;
        bool member = !primary_gid.empty() && fields[2] == primary_gid;
        for (const std::string& name : split_list(fields[3])) member = member || name == user;
        if (member) groups.emplace_back(fields[0]);
    }
    return groups;
}

}  // namespace unitguard::rules::breakage
