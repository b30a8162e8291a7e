/* contrast: WCAG 2.2 contrast between two colours (relative luminance,
 * success criterion 1.4.3) and the darkening that makes a colour pass, for
 * the brand's checks and its derived link colour, and a draft's text
 * colours over its watermark. Private to src/load/ and src/cli/build.c. */
#ifndef BRIEFPACK_CONTRAST_H
#define BRIEFPACK_CONTRAST_H

#include "model.h"

#define CONTRAST_AA 4.5         /* text under 18 pt (14 pt bold) */
#define CONTRAST_AA_LARGE 3.0

extern const model_colour contrast_white;

/* (L1 + 0.05) / (L2 + 0.05), the lighter over the darker: 1 to 21. */
double contrast_ratio(model_colour a, model_colour b);

/* `c` darkened toward black, keeping its hue, just until it reaches `min`
 * against `bg` (c itself when it does already). */
model_colour contrast_darken(model_colour c, model_colour bg, double min);

#endif
