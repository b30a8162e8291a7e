/* starter: `briefpack new FILE.yaml` writes a starter file to edit — a
 * roundtable, or with --pack a pack, with --brand a brand — in which every
 * key is present or commented out, each explained in one line, with the
 * schema's modeline at the top for editors. A starter passes --check as
 * written and builds a complete PDF. A file is never replaced: each is
 * written to a temporary file and linked into place, which fails when the
 * name is taken. */
#ifndef BRIEFPACK_STARTER_H
#define BRIEFPACK_STARTER_H

/* argv[0] is "new". `root` holds data/ (the schema named in the modeline).
 * Returns the exit status: 0 written, 1 a file in the way or a write that
 * failed, 2 a usage error. */
int starter_main(int argc, char **argv, const char *root);

#endif
