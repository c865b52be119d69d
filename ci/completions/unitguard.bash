# SPDX-License-Identifier: MIT
# Bash completion for unitguard: verbs, options, option values and unit files.

_unitguard() {
    local cur prev words cword
    _init_completion || return

    local verbs="check show rules explain score config baseline"
    local options="--policy --root --user --target-systemd --format --fail-on --baseline
        --diff-base --output --color --property --model --threshold --quiet --verbose --help
        --version -p -q -v -h"

    case $prev in
        --policy | --baseline | --output)
            _filedir
            return
            ;;
        --root)
            _filedir -d
            return
            ;;
        --format)
            local formats="text json sarif junit github gitlab"
            if [[ $cur == *:* ]]; then
                # FMT:PATH: complete the path after the colon.
                local prefix=${cur%%:*}:
                cur=${cur#*:}
                _filedir
                COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
            else
                COMPREPLY=($(compgen -W "$formats" -- "$cur"))
            fi
            return
            ;;
        --fail-on)
            COMPREPLY=($(compgen -W "error warning info" -- "$cur"))
            return
            ;;
        --color)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
            return
            ;;
        --model)
            COMPREPLY=($(compgen -W "systemd-252 systemd-260 unitguard" -- "$cur"))
            return
            ;;
        --diff-base)
            COMPREPLY=($(compgen -W "$(git for-each-ref --format='%(refname:short)' \
                2> /dev/null)" -- "$cur"))
            return
            ;;
        --target-systemd | --threshold | -p | --property)
            return
            ;;
        config)
            COMPREPLY=($(compgen -W "validate" -- "$cur"))
            return
            ;;
        baseline)
            COMPREPLY=($(compgen -W "create update" -- "$cur"))
            return
            ;;
        explain)
            COMPREPLY=($(compgen -W "$(unitguard rules 2> /dev/null | awk '/^UG[0-9]/ {print $1}')" \
                -- "$cur"))
            return
            ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi

    # The first word that is not an option may be a verb.
    local i has_verb=0
    for ((i = 1; i < cword; i++)); do
        [[ ${words[i]} != -* ]] && has_verb=1 && break
    done
    if [[ $has_verb == 0 ]]; then
        COMPREPLY=($(compgen -W "$verbs" -- "$cur"))
    fi
    _filedir '@(service|socket|timer|path|mount|automount|swap|target|slice|scope|conf)'
} &&
    complete -F _unitguard unitguard
