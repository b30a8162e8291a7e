# fish completion for briefpack: options, brand names (from
# `briefpack --list-brands`) and YAML files. Installed by `make install` in
# PREFIX/share/fish/vendor_completions.d.

function __briefpack_new
    set -l words (commandline -opc)
    test (count $words) -ge 2; and test "$words[2]" = new
end

function __briefpack_first
    test (count (commandline -opc)) -eq 1
end

function __briefpack_brands
    set -l words (commandline -opc)
    $words[1] --list-brands 2>/dev/null
end

# Folders, and files ending in one of the endings given (any case).
function __briefpack_files
    set -l cur (commandline -ct)
    for f in $cur*
        if test -d $f
            echo $f/
        else
            for ending in $argv
                if string match -qi -- "*.$ending" $f
                    echo $f
                    break
                end
            end
        end
    end
end

set -l build 'not __briefpack_new'
complete -c briefpack -f
complete -c briefpack -n __briefpack_first -a new -d 'write a starter file to edit'
complete -c briefpack -n $build -a '(__briefpack_files yaml yml)'
complete -c briefpack -n $build -s o -l output -x -a '(__briefpack_files pdf)' -d 'a .pdf file (one input) or a folder'
complete -c briefpack -n $build -s j -l jobs -x -d 'build N files at once'
complete -c briefpack -n $build -s q -l quiet -d 'no progress line and no summary'
complete -c briefpack -n $build -l handout -d 'a printable handout'
complete -c briefpack -n $build -l archive -d 'PDF/A-3a, with the source files attached'
complete -c briefpack -n $build -l public -d 'the public version: nothing internal, no attendees, no marking'
complete -c briefpack -n $build -l duplex -d 'for two-sided printing'
complete -c briefpack -n $build -l simplex -d 'for one-sided printing'
complete -c briefpack -n $build -l page -x -a 'A4 A5 Letter' -d 'the paper size'
complete -c briefpack -n $build -l extract -x -a '(__briefpack_files pdf)' -d 'write the sources attached to an archival PDF'
complete -c briefpack -n $build -l brand -x -a '(__briefpack_brands; __briefpack_files yaml yml)' -d "override the files' brand"
complete -c briefpack -n $build -l check -d 'validate only: print every problem, build nothing'
complete -c briefpack -n $build -l watch -d 'rebuild each input whenever it or a file it uses changes'
complete -c briefpack -n $build -l allow-path -x -a '(__fish_complete_directories)' -d 'let photos and logos come from this folder too'
complete -c briefpack -n $build -l max-input -x -d 'largest input file accepted'
complete -c briefpack -n $build -l list-brands -d 'the brands that ship'
complete -c briefpack -n $build -l version -d 'print the version'
complete -c briefpack -n $build -l help -d 'print the options'
complete -c briefpack -n __briefpack_new -l pack -d 'a pack, listing the roundtable files given'
complete -c briefpack -n __briefpack_new -l brand -d 'a brand file'
complete -c briefpack -n __briefpack_new -a '(__briefpack_files yaml yml)'
