# Reads a display list (build/dump_layout) and exits 1 when a page's last
# line of text ends in a divided word (its hyphen an artifact at that line),
# naming the page: a word is never divided across two pages.
function endpage() { if (hy > 0 && hy >= low - 0.01) { bad = 1; print "page " pg " ends in a divided word" } low = 0; hy = 0 }
/^page / { endpage(); pg = $2 }
/^  text (paragraph|list-body|quote|table-cell) / { y = $0; sub(/.* y=/, "", y); y += 0; if (y > low) low = y }
/^  text artifact .*"-"$/ { y = $0; sub(/.* y=/, "", y); y += 0; if (y > hy) hy = y }
END { endpage(); exit bad }
