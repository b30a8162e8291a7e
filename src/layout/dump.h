/* dump: a display list as text, one line a box, so that what layout
 * decided can be read and diffed (tests/layout/ holds the examples'):
 *
 *     page 2
 *       text h1 el=14 x=85 y=130.47 w=77.68 size=17 face=LiberationSans-Bold #003057 "Summary"
 *       rect artifact x=85 y=101 w=28 h=3 #00a3e0
 *       link paragraph el=20 x=101.2 y=300 w=50 h=14 -> page 4 y=120
 *
 * Numbers with at most two decimals; images by file name (not the path
 * they were found at), so a dump is the same on every machine. */
#ifndef BRIEFPACK_DUMP_H
#define BRIEFPACK_DUMP_H

#include <stdio.h>

#include "dl.h"

void dl_dump(const dl_doc *doc, FILE *out);

#endif
