/* Shared includes for the cmocka unit tests. */
#ifndef BRIEFPACK_TESTUTIL_H
#define BRIEFPACK_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* The repository root, so tests find fonts/ and data/ wherever they run. */
#ifndef BRIEFPACK_ROOT
#define BRIEFPACK_ROOT "."
#endif
#endif
