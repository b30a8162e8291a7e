#!/usr/bin/env zsh
# What zsh's completion offers for a command line, one candidate a line:
#     zsh -f tests/zsh_complete.zsh FPATH_DIR 'briefpack --bra'
# An interactive zsh in a pseudo-terminal (zsh/zpty), with FPATH_DIR first
# in $fpath and compinit run, is sent the line and a Tab; compadd is wrapped
# to print what each call adds (calls that only collect, -A/-O/-D, are left
# alone), between markers the echo of the typed input cannot hold. The
# technique of zsh-capture-completion (github.com/Valodim). Used by
# tests/e2e_install.sh.
zmodload zsh/zpty || exit 2
fdir=$1
line=$2
zpty z zsh -f -i
zpty -w z "PROMPT= RPROMPT= ; fpath=(${(q)fdir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w z 'compprefuncs=( __capture_start )'
zpty -w z '__capture_start() { compprefuncs=(); comppostfuncs=( __capture_end ); }'
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; local -a __hits; builtin compadd -A __hits "$@"; local rc=$? i; for i in {1..$#__hits}; do print -r -- "<""<${__hits[$i]}>"">"; done; builtin compadd "$@"; return rc }'
zpty -w z '__capture_end() { print -r -- "<""<END>"">"; }'
zpty -w z "bindkey '^I' complete-word"
zpty -w z "$line"$'\t'
while zpty -r z ln; do
  [[ $ln == *'<<END>>'* ]] && break
  if [[ $ln == *'<<'*'>>'* ]]; then
    ln=${ln##*<<}; print -r -- "${ln%%>>*}"
  fi
done
zpty -d z
