# Reads a display list (build/dump_layout) and exits 1 when a page holds
# just one row of a table of several. The actions table's rows are
# numbered, so its number cells count them ("1" starts a table: a pack has
# one per chapter). A table is never left as its header and one row at a
# page's foot, nor its last row alone on the next page.
/^page / { pg = $2 }
/^  text table-cell .*"[0-9]+"$/ {
    v = $0; sub(/"$/, "", v); sub(/.*"/, "", v)
    if (v == 1) t++
    rows[t]++; on[t, pg]++
}
END {
    for (k in on) {
        split(k, kp, SUBSEP)
        if (on[k] == 1 && rows[kp[1]] >= 2) { print "table " kp[1] ": one row alone on page " kp[2]; bad = 1 }
    }
    exit bad
}
