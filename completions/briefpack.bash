# bash completion for briefpack                            -*- shell-script -*-
# Options, brand names (from `briefpack --list-brands`) and YAML files.
# Installed by `make install` where bash-completion loads it on first use
# (PREFIX/share/bash-completion/completions/briefpack); or source it.

# Files ending in one of the endings given ("yaml yml"), and folders.
_briefpack_files()
{
    local IFS=$'\n' f ending
    compopt -o filenames 2> /dev/null
    for f in $(compgen -f -- "$cur"); do
        if [[ -d $f ]]; then
            COMPREPLY+=("$f")
            continue
        fi
        for ending in "$@"; do
            [[ ${f,,} == *."$ending" ]] && COMPREPLY+=("$f") && break
        done
    done
}

_briefpack()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()
    if [[ ${COMP_WORDS[1]} == new && $COMP_CWORD -gt 1 ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--pack --brand' -- "$cur"))
        else
            _briefpack_files yaml yml
        fi
        return
    fi
    case $prev in
        -o | --output)
            _briefpack_files pdf
            return
            ;;
        --extract)
            _briefpack_files pdf
            return
            ;;
        --brand)
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --list-brands 2> /dev/null |
                cut -f1)" -- "$cur"))
            _briefpack_files yaml yml
            return
            ;;
        --allow-path)
            compopt -o filenames 2> /dev/null
            COMPREPLY=($(compgen -d -- "$cur"))
            return
            ;;
        -j | --jobs)
            COMPREPLY=($(compgen -W "$(seq 1 "$(nproc 2> /dev/null || echo 4)")" -- "$cur"))
            return
            ;;
        --max-input)
            COMPREPLY=($(compgen -W '16M 64M 256M' -- "$cur"))
            return
            ;;
        --page)
            COMPREPLY=($(compgen -W 'A4 A5 Letter' -- "$cur"))
            return
            ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '-o --output -j --jobs -q --quiet --handout
            --archive --public --extract --brand --duplex --simplex --page
            --check --watch --allow-path
            --max-input --list-brands --version --help' -- "$cur"))
        return
    fi
    [[ $COMP_CWORD -eq 1 ]] && COMPREPLY=($(compgen -W new -- "$cur"))
    _briefpack_files yaml yml
}
complete -F _briefpack briefpack
